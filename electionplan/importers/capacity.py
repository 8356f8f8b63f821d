"""Importing duty capacity (officers on each day's shifts) as a force's resourcing team sends it.

Columns: date, shift (early, late or night) and officers, and optionally
sergeants (of those officers; a blank cell is not recorded). A day and shift
already in the plan takes the file's figures (a file without a sergeants column
leaves the recorded sergeants as they are); the same file twice changes
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
from electionplan.db.record_kinds import kind_of
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
    "sergeants": ("sergeants", "sergeant", "sgts", "sgt", "sergeants available", "available sergeants", "ps"),
}
REQUIRED = ("date", "shift", "officers")  # sergeants are optional: a sheet of officers alone records no ranks

# What a duty sheet calls its shifts beyond the plan's own words: "Earlies", "Lates", "Nights", "E", "L", "N".
SHIFT_WORDS = {"earlies": "early", "lates": "late", "nights": "night", "e": "early", "l": "late", "n": "night"}
# More than the whole strength of the largest force (the Metropolitan Police, about 34,000): a slip, not a shift.
MAX_OFFICERS = 35_000


def import_capacity(plan: PlanStore, path: Path | str) -> SentImportReport:
    """Officers on duty per day and shift, from a CSV or XLSX file, in one transaction."""
    table = read_sent_table(path, "a duty capacity", CAPACITY_COLUMNS, REQUIRED)
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
    sergeants = _sergeants(table, officers, bad_officers, problems) if "sergeants" in frame else None
    repeated, first = repeated_rows(table, [day, shift])
    problems.add_rows(lines, repeated & day.notna().to_numpy(), table.label("shift"),
                      pd.Series(first).map(lambda n: f"repeats the day and shift of row {n}").to_numpy())
    with plan.session(write=True) as session:
        refuse_outside(table, problems, "date", day, election_period(get_election(session)), "the date")
        if sergeants is None:
            _below_recorded(session, table, day, shift, officers, problems)
        problems.refuse_if_any(table.name)
        report = SentImportReport(table.name, table.format, len(frame))
        rows = pd.DataFrame({"day": day.dt.date, "shift": shift, "officers": officers})
        if sergeants is not None:
            rows["sergeants"] = sergeants
        _store(session, rows, report)
    log.debug("capacity import: %d rows, %d new, %d changed", report.rows, report.added, report.changed)
    return report


def _sergeants(table, officers: np.ndarray, bad_officers: np.ndarray, problems: RowProblems) -> pd.Series:
    """The sergeants of each row (None where the cell is blank: not recorded), no more than its officers."""
    written = table.frame["sergeants"]
    blank = (written.str.strip() == "").to_numpy()
    number, bad = whole_numbers(written)
    problems.add_rows(table.frame["_line"], bad, table.label("sergeants"),
                      "'" + written + "' is not a number of sergeants (a whole number, or blank if not recorded)")
    over = ~bad & ~blank & ~bad_officers & (number > officers)
    problems.add_rows(table.frame["_line"], over, table.label("sergeants"),
                      "'" + written + "' sergeants are more than the row's " + pd.Series(officers).astype(str).values
                      + " officers; the sergeants are counted among the officers")
    return pd.Series([None if b else int(n) for n, b in zip(number, blank, strict=True)], dtype=object)


def _below_recorded(session, table, day: pd.Series, shift: pd.Series, officers: np.ndarray,
                    problems: RowProblems) -> None:
    """A file without sergeants keeps those recorded, so its officers may not fall below them."""
    capacity = table_of(m.OfficerCapacity)
    held = pd.DataFrame(session.execute(select(capacity.c.day, capacity.c.shift, capacity.c.sergeants)
                                        .where(capacity.c.sergeants.is_not(None))).all(),
                        columns=["day", "shift", "sergeants"])
    recorded = pd.DataFrame({"day": day.dt.date, "shift": shift}).merge(held, on=["day", "shift"], how="left")[
        "sergeants"].to_numpy(dtype=float)
    below = np.nan_to_num(recorded, nan=-1.0) > officers
    problems.add_rows(table.frame["_line"], below, table.label("officers"),
                      "'" + table.frame["officers"] + "' officers are fewer than the "
                      + pd.Series(np.nan_to_num(recorded, nan=0).astype(int)).astype(str).values
                      + " sergeants the plan records for that shift; add a sergeants column")


def _store(session, rows: pd.DataFrame, report: SentImportReport) -> None:
    capacity = table_of(m.OfficerCapacity)
    fields = [f for f in ("officers", "sergeants") if f in rows]
    kind_of(m.OfficerCapacity).check_settable(("day", "shift", *fields))
    held = pd.DataFrame(session.execute(select(capacity.c.id, capacity.c.day, capacity.c.shift,
                                                *(capacity.c[f] for f in fields))).all(),
                        columns=["id", "day", "shift", *(f"held_{f}" for f in fields)])
    joined = rows.merge(held, on=["day", "shift"], how="left")
    new = joined["id"].isna().to_numpy()
    differs = {f: ~new & np.array([_value(a) != _value(b) for a, b in zip(joined[f"held_{f}"], joined[f], strict=True)],
                                  dtype=bool) for f in fields}
    changed = np.logical_or.reduce(list(differs.values()))
    if new.any():
        session.execute(insert(capacity), [{"day": r["day"], "shift": r["shift"], "version_id": 1,
                                            **{f: _value(r[f]) for f in fields}}
                                           for r in joined[new].to_dict("records")])
    if changed.any():
        moved = joined[changed]
        session.execute(update(capacity).where(capacity.c.id == bindparam("_id"))
                        .values(**{f: bindparam(f) for f in fields}, version_id=capacity.c.version_id + 1),
                        [{"_id": int(r["id"]), **{f: _value(r[f]) for f in fields}} for r in moved.to_dict("records")])
        for f in fields:
            for r in joined[differs[f]].to_dict("records"):
                audit.record(session, "import", "OfficerCapacity", int(r["id"]), f, _value(r[f"held_{f}"]),
                             _value(r[f]))
    report.added, report.changed = int(new.sum()), int(np.count_nonzero(changed))
    if report.added or report.changed:
        audit.record(session, "import", "OfficerCapacity", None, "file", "",
                     f"{report.rows} shifts from {report.file}: {report.added} new, {report.changed} changed")


def _value(cell) -> int | None:
    """A figure as stored: a whole number, or None where it is not recorded."""
    return None if cell is None or pd.isna(cell) else int(cell)
