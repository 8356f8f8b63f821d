"""Shifts that ask nothing of the plan, summed up: a commander reads the shifts that need officers, not a hundred that do not.

A quiet shift has officers recorded and nothing needed or deployed, so all of
them are spare. The command line and the PDF list the shifts that ask something
one by one and give the quiet ones as a count, their dates (runs of consecutive
days, or first to last when there are many runs) and their officers, all spare;
the JSON still lists every shift, and the app hides them unless asked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from electionplan.domain.display import plural
from electionplan.domain.timefmt import fmt_date
from electionplan.risk.shift_account import ShiftAccount

MOST_RUNS = 4  # beyond this many runs of days, the dates are given first to last


@dataclass(frozen=True)
class QuietRun:
    first: dt.date
    last: dt.date
    shifts: int

    @property
    def days(self) -> str:
        if self.first == self.last:
            return fmt_date(self.first)
        return f"{fmt_date(self.first)} to {fmt_date(self.last)}"


@dataclass(frozen=True)
class QuietShifts:
    """The quiet shifts of a deployment, summed: every one of their officers is spare."""

    shifts: int
    on_duty: int
    mutual_aid: int
    residual_risk: float
    runs: tuple[QuietRun, ...]  # runs of consecutive days with a quiet shift, in date order

    @property
    def spare(self) -> int:
        return self.on_duty  # nothing is deployed on a quiet shift

    @property
    def days(self) -> str:
        """'on 14/12/2026', 'between 14/12/2026 and 22/01/2027', or its runs: ', from 14/12/2026 to 20/12/2026
        (21 shifts) and on 23/12/2026 (3 shifts),'."""
        runs = self.runs
        if len(runs) == 1 and runs[0].first == runs[0].last:
            return f"on {fmt_date(runs[0].first)}"
        if len(runs) == 1 or len(runs) > MOST_RUNS:
            return f"between {fmt_date(runs[0].first)} and {fmt_date(runs[-1].last)}"
        parts = [f"{'from ' if r.first != r.last else 'on '}{r.days} ({plural(r.shifts, 'shift')})" for r in runs]
        return ", " + ", ".join(parts[:-1]) + f" and {parts[-1]},"

    @property
    def _days(self) -> str:
        days = self.days
        return days if days.startswith(",") else f" {days}"

    @property
    def span(self) -> str:
        """The first and last day, as the shift table's date column gives it."""
        return QuietRun(self.runs[0].first, self.runs[-1].last, self.shifts).days

    @property
    def summary(self) -> str:
        """'105 shifts between 14/12/2026 and 22/01/2027 ask nothing of the plan: ... all 614 officers ... spare.'"""
        aid = f" (with {self.mutual_aid:,} mutual aid)" if self.mutual_aid else ""
        if self.shifts == 1:
            return (f"1 shift{self._days} asks nothing of the plan: nothing needed, 0 deployed, and its "
                    f"{plural(self.on_duty, 'officer')} on duty{aid} spare.")
        return (f"{self.shifts:,} shifts{self._days} ask nothing of the plan: nothing needed, 0 deployed, and all "
                f"{self.on_duty:,} officers on duty over them{aid} spare.")


def split_quiet(accounts: Iterable[ShiftAccount]) -> tuple[list[ShiftAccount], QuietShifts | None]:
    """The shifts that ask something, in order, and the quiet ones summed (None when there are none)."""
    asking: list[ShiftAccount] = []
    quiet: list[ShiftAccount] = []
    for account in accounts:
        (quiet if account.quiet else asking).append(account)
    if not quiet:
        return asking, None
    return asking, QuietShifts(len(quiet), sum(a.on_duty for a in quiet), sum(a.mutual_aid for a in quiet),
                               sum(a.residual_risk for a in quiet),
                               _runs([a.shift_deployment.date for a in quiet]))


def _runs(days: list[dt.date]) -> tuple[QuietRun, ...]:
    """Runs of consecutive days, each with how many quiet shifts fall in it."""
    runs: list[QuietRun] = []
    for day in sorted(days):
        last = runs[-1] if runs else None
        if last is not None and (day - last.last).days <= 1:
            runs[-1] = QuietRun(last.first, day, last.shifts + 1)
        else:
            runs.append(QuietRun(day, day, 1))
    return tuple(runs)
