"""Officer capacity for a whole campaign at once: a day × shift grid.

A weekly pattern fills every day from what a typical week looks like; copy
forward repeats one day onto the days after it. Each returns only the cells
whose officers change, so an edit writes those and nothing else. A shift's
sergeants (of its officers) are typed one shift at a time, a blank being not
recorded; they are checked as every edit of a shift is, so no more sergeants
than officers are kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from electionplan.db import models as m
from electionplan.db import records
from electionplan.db.store import PlanStore
from electionplan.domain.errors import ValidationError
from electionplan.domain.plandata import PlanSnapshot
from electionplan.domain.timefmt import fmt_date
from electionplan.domain.vocab import SHIFTS

SHIFT_KEYS = tuple(SHIFTS)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

Grid = Mapping[tuple[dt.date, str], int]
# With no notice of election recorded, the grid starts this long before polling day (a UK campaign's length).
PERIOD_WITHOUT_NOTICE_DAYS = 25


@dataclass(frozen=True)
class CapacityCell:
    day: dt.date
    shift: str
    officers: int


@dataclass(frozen=True)
class SergeantsCell:
    """A shift's sergeants, counted among its officers; None: not recorded."""

    day: dt.date
    shift: str
    sergeants: int | None


def campaign_days(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every day from the notice of election to the count, inclusive."""
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def grid_of(cells: Iterable[CapacityCell]) -> dict[tuple[dt.date, str], int]:
    return {(cell.day, cell.shift): cell.officers for cell in cells}


def changes(before: Grid, after: Grid) -> list[CapacityCell]:
    """Cells whose officers differ, in day then shift order."""
    order = {shift: n for n, shift in enumerate(SHIFT_KEYS)}
    keys = sorted((key for key, officers in after.items() if before.get(key) != officers),
                  key=lambda key: (key[0], order.get(key[1], len(order))))
    return [CapacityCell(day, shift, after[(day, shift)]) for day, shift in keys]


def apply_weekly_pattern(grid: Grid, days: Iterable[dt.date], pattern: Mapping[tuple[int, str], int]) -> list[CapacityCell]:
    """Fill the given days from a week's pattern, keyed by (weekday 0 = Monday, shift)."""
    after = dict(grid)
    for day in days:
        for shift in SHIFT_KEYS:
            if (day.weekday(), shift) in pattern:
                after[(day, shift)] = max(0, int(pattern[(day.weekday(), shift)]))
    return changes(grid, after)


def copy_forward(grid: Grid, source: dt.date, through: dt.date) -> list[CapacityCell]:
    """Repeat one day's shifts on every day after it up to `through`."""
    after = dict(grid)
    day = source + dt.timedelta(days=1)
    while day <= through:
        for shift in SHIFT_KEYS:
            if (source, shift) in grid:
                after[(day, shift)] = grid[(source, shift)]
        day += dt.timedelta(days=1)
    return changes(grid, after)


def pattern_from_week(grid: Grid, monday: dt.date) -> dict[tuple[int, str], int]:
    """A weekly pattern read off one week of the grid, as a starting point."""
    return {(n, shift): grid[(monday + dt.timedelta(days=n), shift)]
            for n in range(7) for shift in SHIFT_KEYS if (monday + dt.timedelta(days=n), shift) in grid}


# What a cell held before a bulk change: (day, shift, "officers" or "sergeants", its value), None where the plan had
# no figure for it.
Before = list[tuple[dt.date, str, str, int | None]]


def _set_shifts(session: Session, wanted: Iterable[tuple[dt.date, str, str, int | None]]) -> Before:
    """Each shift's officers or sergeants set (None: the plan has no figure for it); what each held before."""
    existing = {(row.day, row.shift): row for row in session.scalars(select(m.OfficerCapacity))}
    before: Before = []
    for day, shift, what, value in wanted:
        row = existing.get((day, shift))
        if what == "sergeants":
            before.append((day, shift, what, None if row is None else row.sergeants))
            if row is None and value is not None:
                raise ValidationError(f"{fmt_date(day)} {shift} has no officers recorded: record its officers "
                                      "before its sergeants, who are counted among them.", "sergeants")
            if row is not None and row.sergeants != value:
                records.update_in(session, m.OfficerCapacity, row.id, {"sergeants": value})
            continue
        before.append((day, shift, what, None if row is None else int(row.officers)))
        if row is None and value is not None:
            existing[(day, shift)] = records.create_in(
                session, m.OfficerCapacity, {"day": day, "shift": shift, "officers": value})
        elif row is not None and value is None:
            records.delete_in(session, m.OfficerCapacity, row.id)
            del existing[(day, shift)]
        elif row is not None and row.officers != value:
            records.update_in(session, m.OfficerCapacity, row.id, {"officers": value})
    return before


def store_capacity(plan: PlanStore, cells: Iterable[CapacityCell | SergeantsCell]) -> Before:
    """Write many shifts' officers or sergeants in one transaction (all or none); what each held before, for undo.

    Sergeants are checked as any edit of a shift is: no more than its officers, and only for a shift with officers.
    """
    wanted = [(c.day, c.shift, "officers", c.officers) if isinstance(c, CapacityCell)
              else (c.day, c.shift, "sergeants", c.sergeants) for c in cells]
    return records.guarded_write(plan, lambda session: _set_shifts(session, wanted))


def restore_capacity(plan: PlanStore, before: Before) -> None:
    """Put shifts back as they were before store_capacity: a figure the plan did not have is removed."""
    records.guarded_write(plan, lambda session: _set_shifts(session, reversed(before)))


def plan_sergeants(snapshot: PlanSnapshot) -> dict[tuple[dt.date, str], int]:
    """The sergeants each shift records (a shift not recording them is left out)."""
    return {(c.day, c.shift): int(c.sergeants) for c in snapshot.capacity if c.sergeants is not None}


def plan_capacity(snapshot: PlanSnapshot) -> tuple[list[dt.date], list[CapacityCell], dt.date]:
    """The campaign's days (notice of election to the count, and any day the plan has a figure for),
    its capacity, and polling day."""
    election = snapshot.election
    cells = [CapacityCell(c.day, c.shift, int(c.officers)) for c in snapshot.capacity]
    first = election.notice_date or election.polling_day - dt.timedelta(days=PERIOD_WITHOUT_NOTICE_DAYS)
    last = election.count_date or election.polling_day + dt.timedelta(days=1)
    days = [c.day for c in cells]
    return campaign_days(min([first, *days]), max([last, *days])), cells, election.polling_day
