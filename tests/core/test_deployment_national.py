"""The national synthetic plan (650 constituencies, 40,000 stations, 5,000 events, seed 1) deployed as a commander would."""

from __future__ import annotations

import pytest

from electionplan.risk.deployment import deploy_plan, deployment_items
from electionplan.risk.engine import assess_plan
from electionplan.services.synthetic import synthetic_snapshot


@pytest.fixture(scope="module")
def national(rules):
    snapshot = synthetic_snapshot(constituencies=650, stations=40_000, candidates=4_500, events=5_000, seed=1)
    assessment = assess_plan(snapshot, rules)
    return snapshot, deploy_plan(snapshot, assessment, rules), deployment_items(snapshot, assessment, rules)


@pytest.mark.slow
def test_no_very_high_flashpoint_lacks_a_unit_that_an_amber_patrol_or_green_visit_could_have_given(national):
    _, deployment, asked = national
    short_shifts = 0
    for s in deployment.shifts:
        items = {i.key: i for i in asked.get((s.date, s.shift), [])}  # a quiet shift, with officers, asks nothing
        given = {a.key: a.officers for a in s.assignments}
        assert all(officers % items[key].unit == 0 for key, officers in given.items())  # no part of a unit
        lacking = [i for i in items.values() if i.tier == "very_high_flashpoints" and given.get(i.key, 0) < i.need]
        lower = sum(o for key, o in given.items()
                    if items[key].kind == "patrol" and (items[key].level == "green" or items[key].tier == "amber_patrols"))
        spare = s.capacity + s.mutual_aid - s.allocated
        # Officers on amber patrols and green visits, with those spare, never add up to a missing unit.
        assert not lacking or lower + spare < min(i.unit for i in lacking), (s.date, s.shift)
        short_shifts += bool(s.unmet)
    polling = [s for s in deployment.shifts if s.needed > s.capacity]
    fielded = 0
    assert polling and short_shifts  # not vacuous: polling day is short by thousands
    for s in polling:
        items = {i.key: i for i in asked[(s.date, s.shift)]}
        very_high = [i for i in items.values() if i.tier == "very_high_flashpoints"]
        first = sum(i.need for i in items.values() if i.tier in ("count_and_declaration", "very_high_flashpoints"))
        given = {a.key: a.officers for a in s.assignments}
        # Where the officers on duty can field the count and every very high flashpoint, each gets its full units.
        fits = first <= s.capacity + s.mutual_aid
        assert not fits or all(given.get(i.key) == i.need for i in very_high), (s.date, s.shift)
        fielded += bool(very_high) and fits
    assert fielded  # not vacuous: some short shift could field them all, and did
    # Polling day is among the short shifts, so amber patrols competed for the same officers: the very high
    # flashpoints were put first, not alone.
    assert any(i.tier == "amber_patrols" for s in polling for i in asked[(s.date, s.shift)])


@pytest.mark.slow
def test_no_national_patrol_runs_past_its_shift_or_60_km(national, rules):
    from electionplan.risk.routes import route_rules

    snapshot, deployment, _ = national
    rr = route_rules(rules)
    polling = [s for s in deployment.shifts if any(a.route for a in s.assignments)]
    assert polling
    for s in polling:
        for a in s.assignments:
            if a.route is None:
                continue
            stops = a.route.stops
            # Each pass: its driving and its visits, within its share of the shift's polling hours.
            each_pass = stops[-1].drive_s / 60 + len(stops) * rr.visit_minutes
            assert a.route.km <= 60 and each_pass * a.route.passes <= rr.window_minutes + 1e-6, a.item
            assert [len(t) for t in a.arrive] == [stop.visits for stop in stops]
            last = max(t for times in a.arrive for t in times)
            assert last <= ("15:00" if s.shift == "early" else "22:00"), (a.item, last)


@pytest.mark.slow
def test_a_national_polling_days_account_marks_its_thousands(national):
    from electionplan.risk.shift_account import shift_account

    _, deployment, _ = national
    busiest = max(deployment.shifts, key=lambda s: len(s.unmet))
    assert len(busiest.unmet) >= 1000  # not vacuous: polling day leaves thousands
    summary = shift_account(busiest).summary
    assert f"{len(busiest.unmet):,} recommended presences short" in summary and "," in f"{len(busiest.unmet):,}"
    assert f"{busiest.needed:,} needed" in summary
