"""Capacity in bulk: a weekly pattern and copy-forward, over the sample plan's campaign."""

from __future__ import annotations

import datetime as dt

import pytest

from electionplan.services.capacity_grid import (
    CapacityCell,
    apply_weekly_pattern,
    campaign_days,
    changes,
    copy_forward,
    grid_of,
    pattern_from_week,
)


def sample_grid(snapshot) -> dict:
    return grid_of(CapacityCell(dt.date.fromisoformat(r["day"]), r["shift"], r["officers"]) for r in snapshot["capacity"])


def test_a_weekly_pattern_fills_every_day_and_reports_only_changes(sample_snapshot):
    grid = sample_grid(sample_snapshot)
    election = sample_snapshot["election"]
    days = campaign_days(dt.date.fromisoformat(election["notice_date"]), dt.date.fromisoformat(election["count_date"]))
    assert days[0].isoformat() == election["notice_date"] and days[-1].isoformat() == election["count_date"]
    weekday, weekend = {"early": 6, "late": 8, "night": 2}, {"early": 4, "late": 10, "night": 4}
    pattern = {(n, s): (weekday if n < 5 else weekend)[s] for n in range(7) for s in weekday}
    changed = apply_weekly_pattern(grid, days, pattern)
    after = {**grid, **grid_of(changed)}
    for day in days:
        expected = weekday if day.weekday() < 5 else weekend
        assert all(after[(day, s)] == officers for s, officers in expected.items())
    assert all(grid.get((c.day, c.shift)) != c.officers for c in changed)
    assert changes(after, after) == []
    assert len(changed) == sum(1 for day in days for s in weekday if grid.get((day, s)) != pattern[(day.weekday(), s)])


def test_copy_forward_repeats_one_day_up_to_a_date(sample_snapshot):
    grid = sample_grid(sample_snapshot)
    source = min(day for day, _ in grid)
    through = source + dt.timedelta(days=6)
    changed = copy_forward(grid, source, through)
    after = {**grid, **grid_of(changed)}
    for n in range(1, 7):
        day = source + dt.timedelta(days=n)
        assert [after[(day, s)] for s in ("early", "late", "night")] == [grid[(source, s)] for s in ("early", "late", "night")]
    beyond = through + dt.timedelta(days=1)
    assert all(after.get((beyond, s)) == grid.get((beyond, s)) for s in ("early", "late", "night"))
    assert [c.day for c in changed] == sorted(c.day for c in changed)


def test_a_pattern_can_be_read_off_a_week(sample_snapshot):
    grid = sample_grid(sample_snapshot)
    monday = next(day for day, _ in sorted(grid) if day.weekday() == 0)
    pattern = pattern_from_week(grid, monday)
    assert pattern[(2, "late")] == grid[(monday + dt.timedelta(days=2), "late")]


def test_stored_capacity_is_put_back_exactly_a_figure_the_plan_lacked_removed_again(sample_plan):
    from electionplan.db.snapshot import load_snapshot
    from electionplan.services.capacity_grid import restore_capacity, store_capacity

    def capacity():
        with sample_plan.session() as session:
            return sorted((c.day, c.shift, c.officers) for c in load_snapshot(session).capacity)

    original = capacity()
    known_day, shift, officers = original[0]
    new_day = min(day for day, _, _ in original) - dt.timedelta(days=3)  # a day the plan has no figure for
    before = store_capacity(sample_plan, [CapacityCell(known_day, shift, officers + 5), CapacityCell(new_day, "early", 9)])
    assert before == [(known_day, shift, "officers", officers), (new_day, "early", "officers", None)]
    changed = capacity()
    assert (known_day, shift, officers + 5) in changed and (new_day, "early", 9) in changed
    restore_capacity(sample_plan, before)
    assert capacity() == original


def test_sergeants_are_stored_checked_against_the_officers_and_put_back(sample_plan):
    from electionplan.db.snapshot import load_snapshot
    from electionplan.domain.errors import ValidationError
    from electionplan.services.capacity_grid import SergeantsCell, restore_capacity, store_capacity

    def ranks():
        with sample_plan.session() as session:
            return {(c.day, c.shift): (c.officers, c.sergeants) for c in load_snapshot(session).capacity}

    original = ranks()
    (day, shift), (officers, _) = max(original.items(), key=lambda kv: (kv[1][0], kv[0]))
    before = store_capacity(sample_plan, [SergeantsCell(day, shift, 3)])
    assert before == [(day, shift, "sergeants", None)] and ranks()[(day, shift)] == (officers, 3)
    with pytest.raises(ValidationError, match=rf"Sergeants \({officers + 1}\) cannot be more than the shift's "
                                              rf"officers \({officers}\)"):
        store_capacity(sample_plan, [SergeantsCell(day, shift, 1), SergeantsCell(day, shift, officers + 1)])
    assert ranks()[(day, shift)] == (officers, 3)  # all or nothing: the first cell of the refused edit is not kept
    with pytest.raises(ValidationError, match="cannot be more than the shift's officers"):
        store_capacity(sample_plan, [CapacityCell(day, shift, 2)])  # officers below the sergeants recorded
    missing = min(original)[0] - dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="has no officers recorded: record its officers before its sergeants"):
        store_capacity(sample_plan, [SergeantsCell(missing, "early", 1)])
    restore_capacity(sample_plan, before)
    assert ranks() == original
