"""The ruleset's shifts: when each runs on a day, and which of them a span of time falls in."""

from __future__ import annotations

import datetime as dt
import functools

from electionplan.risk.ruleset import Ruleset

SHIFT_ORDER = ("early", "late", "night")


def shift_windows(day: dt.date, rules: Ruleset) -> list[tuple[str, dt.datetime, dt.datetime]]:
    """The shifts that start on a day; one that ends past midnight runs into the next."""
    return list(_windows(day, tuple(rules.shifts.times(shift) for shift in SHIFT_ORDER)))


@functools.lru_cache(maxsize=4096)
def _windows(day: dt.date, times: tuple[tuple[str, str], ...]) -> tuple[tuple[str, dt.datetime, dt.datetime], ...]:
    # Asked once for every event and shift: a national plan's thousands of events fall on a few dozen days.
    windows = []
    for shift, (start_text, end_text) in zip(SHIFT_ORDER, times, strict=True):
        start = dt.datetime.combine(day, dt.time.fromisoformat(start_text))
        end = dt.datetime.combine(day, dt.time.fromisoformat(end_text))
        if end <= start:
            end += dt.timedelta(days=1)
        windows.append((shift, start, end))
    return tuple(windows)


def overlapping_shifts(start: dt.datetime, end: dt.datetime, rules: Ruleset) -> list[tuple[dt.date, str]]:
    found = []
    day = start.date() - dt.timedelta(days=1)
    while day <= end.date():
        for shift, w_start, w_end in shift_windows(day, rules):
            if start < w_end and end > w_start:
                found.append((day, shift))
        day += dt.timedelta(days=1)
    return found
