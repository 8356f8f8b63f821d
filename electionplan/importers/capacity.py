"""Importing duty capacity (officers on each day's shifts) as a force's resourcing team sends it.

Columns: date, shift (early, late or night) and officers. A day and shift
already in the plan takes the file's figure; the same file twice changes
nothing. Any bad row refuses the whole file.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import bindparam, insert, select, update

from electionplan.db import audit
from electionplan.db import models as m
from electionplan.db.models import table_of
from electionplan.db.queries import get_election
from electionplan.db.records import election_period
from electionplan.db.store import PlanStore
from electionplan.domain.vocab import SHIFTS
from electionplan.importers.sent_table import RowProblems, SentImportReport, read_sent_table, repeated_rows
from electionplan.importers.sent_values import dates, refuse_outside, whole_numbers

log = logging.getLogger(__name__)

CAPACITY_COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("date", "day", "duty date", "shift date"),
    "shift": ("shift", "tour", "tour of duty", "duty"),
    "officers": ("officers", "officers available", "available officers", "capacity", "available", "number",
                 "strength", "staff", "resources"),
}

# What a duty sheet calls its shifts beyond the plan's own words: "Earlies", "Lates", "Nights", "E", "L", "N".
SHIFT_WORDS = {"earlies": "early", "lates": "late", "nights": "night", "e": "early", "l": "late", "n": "night"}
# More than the whole strength of the largest force (the Metropolitan Police, about 34,000): a slip, not a shift.
MAX_OFFICERS = 35_000


def import_capacity(plan: PlanStore, path: Path | str) -> SentImportReport:
    """Officers on duty per day and shift, from a CSV or XLSX file, in one transaction."""
    table = read_sent_table(path, "a duty capacity", CAPACITY_COLUMNS, tuple(CAPACITY_COLUMNS))
    frame, lines, problems = table.frame, table.frame["_line"], RowProblems()
    day, bad_day = dates(frame["date"])
    problems.add_rows(lines, bad_day | (frame["date"] == "").to_numpy(), table.label("date"),
                      "'" + frame["date"] + "' is not a date; write DD/MM/YYYY or YYYY-MM-DD")
    shift = frame["shift"].str.lower().str.strip().str.replace(r"\s*(?:shift|turn|tour)s?$", "", regex=True)
    shift = shift.replace(SHIFT_WORDS)
    problems.add_rows(lines, ~shift.isin(list(SHIFTS)).to_numpy(), table.label("shift"),
                      "'" + frame["shift"] + f"' is not a shift; write one of {', '.join(SHIFTS)}")
    officers, bad_officers = whole_numbers(frame["officers"])
    bad_officers |= officers > MAX_OFFICERS
    problems.add_rows(lines, bad_officers, table.label("officers"),
                      "'" + frame["officers"] + "' is not a number of officers (a whole number, 0 to "
                      f"{MAX_OFFICERS:,})")
    repeated, first = repeated_rows(table, [day, shift])
    problems.add_rows(lines, repeated & day.notna().to_numpy(), table.label("shift"),
                      pd.Series(first).map(lambda n: f"repeats the day and shift of row {n}").to_numpy())
    with plan.session(write=True) as session:
        refuse_outside(table, problems, "date", day, election_period(get_election(session)), "the date")
        problems.refuse_if_any(table.name)
        report = SentImportReport(table.name, table.format, len(frame))
        rows = pd.DataFrame({"day": day.dt.date, "shift": shift, "officers": officers})
        _store(session, rows, report)
    log.debug("capacity import: %d rows, %d new, %d changed", report.rows, report.added, report.changed)
    return report


def _store(session, rows: pd.DataFrame, report: SentImportReport) -> None:
    capacity = table_of(m.OfficerCapacity)
    held = pd.DataFrame(session.execute(select(capacity.c.id, capacity.c.day, capacity.c.shift,
                                                capacity.c.officers)).all(),
                        columns=["id", "day", "shift", "held"])
    joined = rows.merge(held, on=["day", "shift"], how="left")
    new = joined["id"].isna().to_numpy()
    changed = ~new & (joined["held"].to_numpy(dtype=float) != joined["officers"].to_numpy(dtype=float))
    if new.any():
        session.execute(insert(capacity), [{"day": d, "shift": s, "officers": int(n), "version_id": 1}
                                           for d, s, n in joined.loc[new, ["day", "shift", "officers"]].itertuples(index=False)])
    if changed.any():
        moved = joined[changed]
        session.execute(update(capacity).where(capacity.c.id == bindparam("_id"))
                        .values(officers=bindparam("officers"), version_id=capacity.c.version_id + 1),
                        [{"_id": int(i), "officers": int(n)} for i, n in zip(moved["id"], moved["officers"], strict=True)])
        for capacity_id, old, now in zip(moved["id"], moved["held"], moved["officers"], strict=True):
            audit.record(session, "import", "OfficerCapacity", int(capacity_id), "officers", int(old), int(now))
    report.added, report.changed = int(new.sum()), int(np.count_nonzero(changed))
    if report.added or report.changed:
        audit.record(session, "import", "OfficerCapacity", None, "file", "",
                     f"{report.rows} shifts from {report.file}: {report.added} new, {report.changed} changed")
