"""The Deployment page, driven as a commander would: choose a shift, try mutual aid and capacity, reset."""

from __future__ import annotations

import pytest

from tests.conftest import plan_fingerprint  # noqa: E402


@pytest.fixture
def window_page():
    return "deployment"


def shift_index(page, date: str, shift: str) -> int:
    return next(n for n, row in enumerate(page.shifts.rows) if (row.date, row.shift) == (date, shift))


@pytest.mark.presentation
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


@pytest.mark.presentation
def test_polling_day_lists_the_patrols_left_unvisited(window):
    page = window.deployment
    page.shift_table.selectRow(shift_index(page, "21/01/2027", "Early"))
    left = [r for r in page.items.rows if r.status == "Not patrolled"]
    assert left and all(r.why for r in left)


@pytest.mark.presentation
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


@pytest.mark.presentation
def test_choosing_a_patrol_shows_its_stops_in_visiting_order_as_deploy_json_gives_them(window, sample_plan_path, qtbot,
                                                                                      qtmodeltester):
    import json

    from tests.conftest import ok

    (shift,) = json.loads(ok("deploy", sample_plan_path, "--json", "--shift", "2027-01-21:early"))["shifts"]
    page = window.deployment
    page.shift_table.selectRow(shift_index(page, "21/01/2027", "Early"))
    assert page.route.isHidden()  # nothing chosen yet
    stations = {s.id: s for s in window.controller.snapshot.stations}
    rows = [r.item for r in page.items.rows]
    assert shift["patrols"]
    for patrol in shift["patrols"]:
        page.item_table.selectRow(rows.index(patrol["item"]))
        assert not page.route.isHidden()
        heading = page.route.heading.text()
        assert heading.startswith(patrol["item"])
        assert f"{patrol['km']:.1f} km and {patrol['drive_min']} min driving a pass" in heading
        stops = page.route.stops
        assert stops.rowCount() == len(patrol["route"])
        for n, stop in enumerate(patrol["route"]):
            station = stations[stop["station_id"]]
            shown = [stops.data(stops.index(n, c)) for c in range(stops.columnCount())]
            assert shown[:3] == [str(n + 1), station.station_number, station.name]
            assert shown[4] == (station.postcode or "Not recorded") and shown[6] == str(stop["visits"])
            assert shown[7] == ", ".join(stop["arrive"])
    qtmodeltester.check(page.route.stops)
    # An item that is not a patrol hides the route again; a patrol left this shift says it is not patrolled.
    plain = next(n for n, r in enumerate(page.items.rows) if r.route is None)
    page.item_table.selectRow(plain)
    assert page.route.isHidden()
    left = next(n for n, r in enumerate(page.items.rows) if r.route is not None and r.status == "Not patrolled")
    page.item_table.selectRow(left)
    assert "Not patrolled this shift" in page.route.heading.text()
    assert {page.route.stops.data(page.route.stops.index(k, 7)) for k in range(page.route.stops.rowCount())} == {
        "Not patrolled this shift"}


@pytest.mark.presentation
def test_choosing_an_item_reads_its_reason_in_full_beneath_the_table_at_a_laptops_size(window, sample_plan_path, qtbot):
    import json

    from tests.conftest import ok

    (shift,) = json.loads(ok("deploy", sample_plan_path, "--json", "--shift", "2027-01-15:late"))["shifts"]
    (accepted,) = shift["unmet"]
    page = window.deployment
    page.shift_table.selectRow(shift_index(page, "15/01/2027", "Late"))
    assert page.detail.isHidden()  # nothing chosen yet
    row = next(n for n, r in enumerate(page.items.rows) if r.item == accepted["item"])
    page.item_table.selectRow(row)
    qtbot.waitUntil(page.detail.isVisible)
    text = page.detail.text()
    assert text.startswith(f"{accepted['item']} (Protest or demonstration, High): Accepted risk, {accepted['cover']}.")
    assert text.endswith(accepted["reason"])
    # Wrapped and given the height its lines need, in the window at 1366×768: nothing of the reason is cut off.
    assert window.width() == 1366 and page.detail.height() >= page.detail.heightForWidth(page.detail.width())
    why = page.item_table.columnViewportPosition(5) + page.item_table.fontMetrics().horizontalAdvance(accepted["reason"])
    assert why > page.item_table.viewport().width()  # the reason does not fit its one-line cell, so this is needed
    covered = next(n for n, r in enumerate(page.items.rows) if r.status == "Covered")
    page.item_table.selectRow(covered)
    assert page.detail.text().startswith(page.items.rows[covered].item)


@pytest.mark.presentation
def test_first_opened_the_page_chooses_the_first_shift_that_asks_for_officers_past_the_quiet_days(window):
    page = window.deployment
    page.show_all.setChecked(True)  # the campaign opens with quiet shifts, listed when asked for
    page.shift_table.clearSelection()
    page.shift_table.setCurrentIndex(page.shifts.index(-1, -1))
    page.recalculate()
    first = page.shifts.rows[0]
    assert first.needed == first.deployed == 0 and first.spare > 0
    chosen = page.shifts.rows[page.shift_table.currentIndex().row()]
    assert chosen.needed > 0 and all(r.needed == 0 for r in page.shifts.rows[:page.shift_table.currentIndex().row()])
    assert page.summary.text().startswith(f"{chosen.date} {chosen.shift}: ")


@pytest.mark.presentation
def test_the_shift_tables_figures_line_up_on_the_right_on_duty_with_them(window):
    from PySide6.QtCore import Qt

    page = window.deployment
    model = page.shift_table.model()
    titles = {model.headerData(c, Qt.Orientation.Horizontal): c for c in range(model.columnCount())}
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    for title in ("On duty", "Needed", "Deployed", "Spare"):
        assert model.index(0, titles[title]).data(Qt.ItemDataRole.TextAlignmentRole) == right, title
