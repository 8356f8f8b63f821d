"""Officer capacity for a whole campaign at once: a day × shift grid.

A weekly pattern fills every day from what a typical week looks like; copy
forward repeats one day onto the days after it. Each returns only the cells
whose officers change, so an edit writes those and nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from electionplan.domain.vocab import SHIFTS

SHIFT_KEYS = tuple(SHIFTS)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

Grid = Mapping[tuple[dt.date, str], int]


@dataclass(frozen=True)
class CapacityCell:
    day: dt.date
    shift: str
    officers: int


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
