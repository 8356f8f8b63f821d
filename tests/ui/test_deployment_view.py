"""The Deployment page, driven as a commander would: choose a shift, try mutual aid and capacity, reset."""

from __future__ import annotations

import pytest

from tests.conftest import plan_fingerprint  # noqa: E402


@pytest.fixture
def window_page():
    return "deployment"


def shift_index(page, date: str, shift: str) -> int:
    return next(n for n, row in enumerate(page.shifts.rows) if (row.date, row.shift) == (date, shift))


def test_the_short_shift_shows_its_accepted_risk_and_mutual_aid_covers_it(window):
    page = window.deployment
    row = shift_index(page, "15/01/2027", "Late")
    page.shift_table.selectRow(row)
    accepted = [r for r in page.items.rows if r.status == "Accepted risk"]
    assert [r.item for r in accepted] == ["Demonstration against asylum accommodation plans"]
    assert accepted[0].officers == "0 of 1 PSU (0 of 25 officers)" and accepted[0].why
    before = page.total.text()
    page.aid.setValue(5)
    assert page.shifts.rows[row].accepted == 0 and page.shifts.rows[row].officers == "24 + 5 mutual aid"
    assert not [r for r in page.items.rows if r.status == "Accepted risk"]
    assert "the plan as it stands" in page.total.text() and page.total.text() != before
    page.reset.click()
    assert page.shifts.rows[row].accepted == 1 and page.total.text() == before


def test_less_capacity_leaves_more_shifts_short_and_changes_nothing_in_the_plan(window, sample_plan_path):
    page = window.deployment
    short_before = sum(1 for r in page.shifts.rows if r.accepted)
    before = plan_fingerprint(sample_plan_path)
    page.scale.setValue(0.5)
    assert sum(1 for r in page.shifts.rows if r.accepted) > short_before
    assert plan_fingerprint(sample_plan_path) == before


def test_polling_day_lists_the_patrols_left_unvisited(window):
    page = window.deployment
    page.shift_table.selectRow(shift_index(page, "21/01/2027", "Early"))
    left = [r for r in page.items.rows if r.status == "Not patrolled"]
    assert left and all(r.why for r in left)


def test_a_patrol_shows_the_same_route_and_times_as_deploy_json(window, sample_plan_path):
    import json

    from tests.conftest import ok

    (shift,) = json.loads(ok("deploy", sample_plan_path, "--json", "--shift", "2027-01-21:early"))["shifts"]
    page = window.deployment
    page.shift_table.selectRow(shift_index(page, "21/01/2027", "Early"))
    rows = {r.item: r for r in page.items.rows}
    numbers = {s.id: s.station_number for s in window.controller.snapshot.stations}
    for patrol in shift["patrols"]:
        why = rows[patrol["item"]].why
        assert patrol["item"].startswith(patrol["call_sign"]) and why.startswith(f"{patrol['call_sign']}: ")
        assert f"{patrol['km']:.1f} km, {patrol['drive_min']} min driving a pass" in why
        at = [why.index(f"{n}. {numbers[stop['station_id']]} ") for n, stop in enumerate(patrol["route"], start=1)]
        assert at == sorted(at)  # in visiting order
        for stop in patrol["route"]:
            assert f"({', '.join(stop['arrive'])})" in why
