"""Importing threat reports as an intelligence desk or Operation Bridger sends them.

Columns (matched loosely): candidate (name, 'name (seat)' or id; optional),
severity (low, medium, high or critical), reported (the date), summary, and
optionally kind, reported to, reference, event (name or id), venue (name or
id), from and to (the dates the threat covers, within the campaign). Each
report must name what it threatens. A report already in the plan (the same
target, date, severity and words) is not added twice. Summaries are
restricted: the audit records "(restricted)" and the log holds counts only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from electionplan.db import audit
from electionplan.db import models as m
from electionplan.db.models import event_candidate, table_of
from electionplan.db.queries import get_election
from electionplan.db.records import checked_values, election_period
from electionplan.db.store import PlanStore
from electionplan.domain.errors import ValidationError
from electionplan.domain.vocab import SEVERITIES
from electionplan.importers.sent_names import constituency_ids, name_key, resolve_candidates
from electionplan.importers.sent_table import (
    RowProblems,
    SentImportReport,
    SentTable,
    read_sent_table,
    repeated_rows,
)
from electionplan.importers.sent_values import dates, refuse_outside

log = logging.getLogger(__name__)

THREAT_COLUMNS: dict[str, tuple[str, ...]] = {
    "candidate": ("candidate", "candidate name", "candidate id", "target candidate", "subject"),
    "severity": ("severity", "threat level", "level", "grade", "risk"),
    "reported": ("reported", "reported on", "date reported", "reported date", "date"),
    "summary": ("summary", "details", "detail", "description", "threat", "what happened"),
    "kind": ("kind", "type", "threat type", "kind of threat", "category"),
    "reported_to": ("reported to", "reported_to", "recorded by", "agency"),
    "reference": ("reference", "ref", "crime reference", "crime number", "urn", "log number"),
    "constituency": ("constituency", "seat", "constituency code", "pcon", "gss"),
    "event": ("event", "event name", "hustings", "event id"),
    "venue": ("venue", "venue name", "venue id", "place"),
    "valid_from": ("from", "valid from", "starts", "from date", "covers from"),
    "valid_to": ("to", "valid to", "until", "ends", "to date", "covers to"),
}
REQUIRED = ("severity", "reported", "summary")
UNSTATED_KIND = "Not stated"  # a sent list often has no kind column; the report still counts by its severity
FIELD_COLUMNS = {"candidate_id": "candidate", "event_id": "event", "venue_id": "venue", "reported_on": "reported",
                 "valid_from": "valid_from", "valid_to": "valid_to", "kind": "kind", "severity": "severity",
                 "reported_to": "reported_to", "reference": "reference", "summary": "summary"}
Check = Callable[[dict[str, Any]], dict[str, Any]]


def _named(session: Session, table: SentTable, column: str, model: Any, problems: RowProblems) -> pd.Series:
    """The record each cell names by id or by a name only one record has; problems for the rest."""
    written = table.column(column)
    rows = session.execute(select(model.id, model.name)).all()
    held = pd.DataFrame(rows, columns=["id", "name"])
    by_key = held.assign(key=name_key(held["name"].astype(str))).groupby("key")["id"].agg(["first", "size"])
    keys = name_key(written)
    size = keys.map(by_key["size"]).fillna(0).to_numpy()
    found = keys.map(by_key["first"]).where(size == 1)
    numeric = written.str.fullmatch(r"\d{1,12}").to_numpy()
    ids = pd.to_numeric(written.where(numeric, None), errors="coerce")
    found[numeric] = ids[numeric].where(ids[numeric].isin(set(held["id"])))
    noun, lines = column, table.frame["_line"]
    problems.add_rows(lines, (written != "").to_numpy() & found.isna().to_numpy() & (size <= 1), table.label(column),
                      f"no {noun} '" + written + "' in the plan")
    problems.add_rows(lines, size > 1, table.label(column), "'" + written + f"' names several {noun}s in the plan; "
                      f"give the {noun}'s id")
    return found.astype(object).where(found.notna(), None)


def _values(session: Session, table: SentTable, problems: RowProblems) -> pd.DataFrame:
    frame, lines = table.frame, table.frame["_line"]
    severity = frame["severity"].str.lower()
    problems.add_rows(lines, ~severity.isin(SEVERITIES).to_numpy(), table.label("severity"),
                      "'" + frame["severity"] + f"' is not a severity ({', '.join(SEVERITIES)})")
    reported, bad = dates(frame["reported"])
    problems.add_rows(lines, bad | (frame["reported"] == "").to_numpy(), table.label("reported"),
                      "'" + frame["reported"] + "' is not a date; write DD/MM/YYYY or YYYY-MM-DD")
    values = pd.DataFrame({"severity": severity, "reported_on": reported.dt.date,
                           "kind": table.column("kind").where(table.column("kind") != "", UNSTATED_KIND),
                           "reported_to": table.column("reported_to"), "reference": table.column("reference"),
                           "summary": frame["summary"]}, index=frame.index)
    period = election_period(get_election(session))
    for name in ("valid_from", "valid_to"):
        when, bad = dates(table.column(name))
        problems.add_rows(lines, bad, table.label(name), "'" + table.column(name) + "' is not a date; write "
                          "DD/MM/YYYY or YYYY-MM-DD")
        refuse_outside(table, problems, name, when, period, "the date")
        values[name] = when.dt.date.astype(object).where(when.notna(), None)
    values["event_id"] = _named(session, table, "event", m.Event, problems)
    values["venue_id"] = _named(session, table, "venue", m.Venue, problems)
    values["candidate_id"] = _candidate_ids(session, table, problems)
    return values


def _candidate_ids(session: Session, table: SentTable, problems: RowProblems) -> pd.Series:
    written = table.column("candidate")
    seats = constituency_ids(session, table.column("constituency"))
    problems.add_rows(table.frame["_line"], (seats == -1).to_numpy(), table.label("constituency"),
                      "'" + table.column("constituency") + "' is not a constituency in the plan")
    tokens = pd.DataFrame({"text": written, "line": table.frame["_line"], "seat": seats.where(seats != -1, None)})
    asked = (written != "").to_numpy()
    found = pd.Series([None] * len(written), index=written.index, dtype=object)
    if asked.any():
        resolved = resolve_candidates(session, tokens[asked].reset_index(drop=True), table.label("candidate"), problems)
        found[asked] = resolved.astype(object).where(resolved.notna(), None).to_numpy()
    return found


def _repeats(table: SentTable, values: pd.DataFrame, problems: RowProblems) -> None:
    """A row that repeats an earlier row's report word for word: one report sent twice, or a row pasted twice."""
    keys = [values[c].astype(str).str.lower() if c in ("summary", "reference") else values[c].astype(str)
            for c in _IDENTITY]
    repeated, first = repeated_rows(table, keys)
    problems.add_rows(table.frame["_line"], repeated, table.label("summary"),
                      pd.Series(first).map(lambda n: f"the same report (target, date, severity and words) as row {n}")
                      .to_numpy())


def _not_attending(session: Session, table: SentTable, values: pd.DataFrame) -> list[str]:
    """Rows naming a candidate and an event the plan does not list them at: the report stands as sent (the
    threat is real whoever attends), but the event's list of candidates may be out of date."""
    both = values[values["candidate_id"].notna() & values["event_id"].notna()]
    if both.empty:
        return []
    listed = {(int(e), int(c)) for e, c in session.execute(select(event_candidate.c.event_id, event_candidate.c.candidate_id)
                                                           .where(event_candidate.c.event_id.in_(
                                                               sorted({int(v) for v in both["event_id"]}))))}
    names = dict(session.execute(select(m.Candidate.id, m.Candidate.name)
                                 .where(m.Candidate.id.in_(sorted({int(v) for v in both["candidate_id"]})))).all())
    lines = table.frame["_line"]
    return [f"row {int(lines[index])}: {names.get(int(who), 'the candidate')} is not listed at the event "
            f"'{table.column('event')[index]}'; add them to it if they will be there"
            for index, who, event in zip(both.index, both["candidate_id"], both["event_id"], strict=True)
            if (int(event), int(who)) not in listed][:50]


def _held(session: Session) -> set[tuple]:
    report = table_of(m.ThreatReport)
    columns = [report.c[c] for c in _IDENTITY]
    return {tuple(row) for row in session.execute(select(*columns))}


_IDENTITY = ("candidate_id", "event_id", "venue_id", "reported_on", "severity", "kind", "summary", "reference")


def _clean(value: Any) -> Any:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, (np.integer, float)):
        return int(value)
    return value


def import_threats(plan: PlanStore, path: Path | str, check: Check | None = None) -> SentImportReport:
    """Threat reports from a CSV or XLSX file, every row or none; `check` is the application's own rule for one."""
    table = read_sent_table(path, "a threat reports", THREAT_COLUMNS, REQUIRED)
    problems = RowProblems()
    with plan.session(write=True) as session:
        values = _values(session, table, problems)
        _repeats(table, values, problems)
        problems.refuse_if_any(table.name)
        report = SentImportReport(table.name, table.format, len(values), notes=_not_attending(session, table, values))
        held = _held(session)
        targets = [get_election(session), *_load_targets(session, values)]
        new: list[dict[str, Any]] = []
        for line, row in zip(table.frame["_line"], values.to_dict("records"), strict=True):
            record = {k: _clean(v) for k, v in row.items()}
            if tuple(record[c] for c in _IDENTITY) not in held:
                held.add(tuple(record[c] for c in _IDENTITY))
                new.append(_checked(session, table, int(line), record, check, problems))
        del targets
        problems.refuse_if_any(table.name)
        report.added = len(new)
        if new:
            _store(session, new, report)
    log.debug("threat import: %d rows, %d new", report.rows, report.added)
    return report


def _checked(session: Session, table: SentTable, line: int, record: dict[str, Any], check: Check | None,
             problems: RowProblems) -> dict[str, Any]:
    """One report through the application's and the plan's own rules for a threat report; a problem by row and column."""
    try:
        return checked_values(session, m.ThreatReport, check(record) if check is not None else record)
    except ValidationError as exc:
        column = FIELD_COLUMNS.get(exc.field or "", exc.field or "candidate")
        problems.add(line, table.label(column), str(exc).rstrip("."))
        return record


def _load_targets(session: Session, values: pd.DataFrame) -> list[Any]:
    """The candidates, events and venues the rows name, loaded at once so each row's check finds them in the session.

    The caller keeps the list while it checks: the session holds loaded records only while something else does.
    """
    loaded: list[Any] = []
    for column, model in (("candidate_id", m.Candidate), ("event_id", m.Event), ("venue_id", m.Venue)):
        ids = sorted({int(v) for v in values[column] if v is not None and not pd.isna(v)})
        for start in range(0, len(ids), 5_000):
            loaded += session.scalars(select(model).where(model.id.in_(ids[start:start + 5_000]))).all()
    return loaded


def _store(session: Session, new: list[dict[str, Any]], report: SentImportReport) -> None:
    """The reports in one statement; each audited, its summary as "(restricted)"."""
    table = table_of(m.ThreatReport)
    ids = session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True),
                          [{**record, "version_id": 1} for record in new]).scalars().all()
    entries: list[tuple[int | None, str, Any, Any]] = []
    for report_id, record in zip(ids, new, strict=True):
        entries += [(report_id, "", "", record["reference"] or f"ThreatReport {report_id}"),
                    (report_id, "summary", "", record["summary"])]
    audit.record_many(session, "import", "ThreatReport", entries)
    audit.record(session, "import", "ThreatReport", None, "file", "", f"{report.added} threat reports from {report.file}")

