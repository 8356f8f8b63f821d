"""Importing the events a SPOC is sent: hustings lists from returning officers and community groups,
visits from party agents.

Columns (matched loosely): name, kind, start, end (or a date with start and
end times); the venue as a name with a postcode, easting and northing, or a
grid reference; constituency (code or name); expected attendance, ticketed,
outdoor, organiser, topics; candidates (names or ids, separated by ';').
An event is known by its name, start and venue, so the same file imported
twice changes nothing, and a corrected file changes only what it corrects.
The whole file goes in as a few set-based statements, or not at all.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from electionplan.db import models as m
from electionplan.db.queries import get_election
from electionplan.db.records import election_period
from electionplan.db.store import PlanStore
from electionplan.domain.vocab import EVENT_KINDS
from electionplan.importers.event_store import store_events
from electionplan.importers.event_venues import match_venues
from electionplan.importers.sent_names import constituency_ids, resolve_candidates
from electionplan.importers.sent_table import RowProblems, SentImportReport, SentTable, read_sent_table, repeated_rows
from electionplan.importers.sent_values import date_times, dates, flags, head_counts, refuse_outside

log = logging.getLogger(__name__)

EVENT_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "event name", "event", "title"),
    "kind": ("kind", "type", "event type", "event kind", "category"),
    "date": ("date", "event date", "day"),
    "start": ("start", "starts", "start time", "start date", "from", "begins", "time"),
    "end": ("end", "ends", "end time", "end date", "finish", "finishes", "until", "to"),
    "venue": ("venue", "venue name", "location", "place"),
    "address": ("address", "venue address"),
    "postcode": ("postcode", "post code", "venue postcode", "postal code"),
    "easting": ("easting", "eastings", "x", "os x", "bng e"),
    "northing": ("northing", "northings", "y", "os y", "bng n"),
    "grid_ref": ("grid_ref", "grid reference", "grid ref", "os grid reference", "ngr"),
    "constituency": ("constituency", "constituency code", "constituency name", "seat", "pcon", "gss", "ons id"),
    "expected_attendance": ("expected_attendance", "expected attendance", "attendance", "expected", "audience"),
    "ticketed": ("ticketed", "tickets", "ticket only", "ticket"),
    "outdoor": ("outdoor", "outdoors", "open air"),
    "organiser": ("organiser", "organizer", "organised by", "organized by", "host"),
    "topics": ("topics", "topic", "issues", "subjects"),
    "candidates": ("candidates", "candidate", "attending", "speakers", "panel"),
    "notice_received": ("notice_received", "notice received", "notified", "date notified", "notice"),
}
REQUIRED = ("name", "kind", "start", "end")
# The words lists use for each kind, beyond the plan's own keys and labels.
KIND_WORDS = {"visit": "campaign_visit", "campaign visit": "campaign_visit", "demonstration": "protest",
              "demo": "protest", "rally": "protest", "verification": "count", "count": "count",
              "canvass": "canvassing", "door knocking": "canvassing", "surgery": "surgery", "hustings": "hustings",
              "husting": "hustings", "march": "protest", "street stall": "canvassing", "leader visit": "campaign_visit",
              "leader's visit": "campaign_visit", "ministerial visit": "campaign_visit", "verification and count": "count",
              "verification & count": "count", "result declaration": "declaration", "declaration of result": "declaration"}
TEXT_LIMITS = {"name": 200, "organiser": 200}
OVERNIGHT = pd.Timedelta(hours=12)  # the longest a count or vigil runs past midnight


def _kinds(written: pd.Series) -> pd.Series:
    words = {key: key for key in EVENT_KINDS} | {label.lower(): key for key, label in EVENT_KINDS.items()}
    words |= {key.replace("_", " "): key for key in EVENT_KINDS} | KIND_WORDS
    return written.str.lower().str.strip().map(words)


def _times(table: SentTable, problems: RowProblems) -> tuple[pd.Series, pd.Series]:
    lines, day, bad_day = table.frame["_line"], None, np.zeros(len(table.frame), dtype=bool)
    if table.has("date"):
        # A spreadsheet's date cell (2027-01-06 00:00) or a written date, for the times beside it.
        on, bad_day = dates(table.column("date"))
        problems.add_rows(lines, bad_day, table.label("date"), "'" + table.column("date") + "' is not a date; "
                          "write DD/MM/YYYY or YYYY-MM-DD")
        day = on.dt.strftime("%Y-%m-%d").fillna("")
    parsed = []
    for name in ("start", "end"):
        when, bad = date_times(table.column(name), day)
        empty = (table.column(name) == "").to_numpy()
        problems.add_rows(lines, (bad | empty) & ~bad_day, table.label(name), "'" + table.column(name) + "' is not a "
                          "date and time; write DD/MM/YYYY HH:MM or YYYY-MM-DD HH:MM (or give a date column and times)")
        parsed.append(when)
    start, end = parsed
    if day is not None:
        # A count from 22:15 to 04:30 ends the next morning: an end written as a time alone, before the start,
        # is the next day's when that makes a night's event (not a day-long one from a slip of the hour).
        bare = table.column("end").str.fullmatch(r"\s*\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?\s*", case=False)
        overnight = bare & (end <= start) & (end + pd.Timedelta(days=1) - start <= OVERNIGHT)
        end = end.where(~overnight, end + pd.Timedelta(days=1))
    problems.add_rows(lines, (start.notna() & end.notna() & (end <= start)).to_numpy(), table.label("end"),
                      "the end must be after the start")
    return start, end


def _notice(table: SentTable, start: pd.Series, problems: RowProblems) -> pd.Series:
    """When the police heard of the event (a date, or a date and time): short notice is itself a risk."""
    written, lines = table.column("notice_received"), table.frame["_line"]
    when, bad = date_times(written)
    day, bad_day = dates(written)
    when, bad = when.fillna(day), bad & bad_day
    problems.add_rows(lines, bad, table.label("notice_received"), "'" + written + "' is not a date")
    problems.add_rows(lines, (when > start).to_numpy(), table.label("notice_received"),
                      "notice cannot be received after the event starts")
    return when


def _values(table: SentTable, problems: RowProblems) -> pd.DataFrame:
    """The columns an event stores, checked; problems added for every bad cell."""
    frame, lines = table.frame, table.frame["_line"]
    kind = _kinds(frame["kind"])
    problems.add_rows(lines, kind.isna().to_numpy(), table.label("kind"),
                      "'" + frame["kind"] + f"' is not a kind of event ({', '.join(EVENT_KINDS)})")
    problems.add_rows(lines, (frame["name"] == "").to_numpy(), table.label("name"), "the event has no name")
    start, end = _times(table, problems)
    values = pd.DataFrame({"name": frame["name"], "kind": kind, "start": start, "end": end,
                           "notice_received": _notice(table, start, problems)}, index=frame.index)
    for name in ("ticketed", "outdoor"):
        values[name], bad = flags(table.column(name))
        problems.add_rows(lines, bad, table.label(name), "'" + table.column(name) + "' is not yes or no")
    values["expected_attendance"], bad = head_counts(table.column("expected_attendance"))
    problems.add_rows(lines, bad, table.label("expected_attendance"),
                      "'" + table.column("expected_attendance") + "' is not a number of people (0 or more)")
    values["organiser"] = table.column("organiser")
    values["topics"] = table.column("topics").str.split(r"\s*[;,]\s*").map(lambda parts: [p for p in parts if p])
    for name, limit in TEXT_LIMITS.items():
        problems.add_rows(lines, (values[name].str.len() > limit).to_numpy(), table.label(name),
                          f"longer than the {limit} characters it can hold")
    return values


def _stated_seats(session: Session, table: SentTable, problems: RowProblems) -> pd.Series:
    """The row's constituency as written (code or name): None where it names none, -1 where the plan has no such seat."""
    written = constituency_ids(session, table.column("constituency"))
    problems.add_rows(table.frame["_line"], (written == -1).to_numpy(), table.label("constituency"),
                      "'" + table.column("constituency") + "' is not a constituency in the plan (give its code or name)")
    return written


def _links(session: Session, table: SentTable, seats: pd.Series, stated: pd.Series, problems: RowProblems
           ) -> pd.DataFrame:
    """(row, candidate_id) for every candidate a row names; `stated` the constituency the row itself names."""
    cells = table.column("candidates").str.split(";")
    tokens = pd.DataFrame({"row": np.arange(len(cells)), "text": cells.to_numpy(),
                           "line": table.frame["_line"].to_numpy(), "seat": seats.to_numpy(),
                           "stated": stated.to_numpy()}).explode("text")
    tokens["text"] = tokens["text"].fillna("").str.strip()
    tokens = tokens[tokens["text"] != ""].reset_index(drop=True)
    if tokens.empty:
        return pd.DataFrame({"row": [], "candidate_id": []})
    found = resolve_candidates(session, tokens, table.label("candidates"), problems)
    _elsewhere(session, tokens, found, table.label("candidates"), problems)
    return pd.DataFrame({"row": tokens["row"], "candidate_id": found}).dropna().drop_duplicates()


def _elsewhere(session: Session, tokens: pd.DataFrame, found: pd.Series, column: str, problems: RowProblems) -> None:
    """Refuse a name that is a candidate only in another seat than the one the row names.

    Among thousands of candidates a mistyped or half-remembered name is often
    someone's elsewhere: linking them would put a stranger's threats on this
    event. A candidate really coming from another seat is linked by their id.
    A seat known only from the venue is not enough to refuse by: a seat's
    hustings is often held in a hall just over its boundary.
    """
    by_name = found.notna().to_numpy() & ~tokens["text"].str.fullmatch(r"\d{1,12}").to_numpy()
    row_seat = pd.to_numeric(tokens["stated"], errors="coerce").to_numpy(dtype=float)
    asked = by_name & ~np.isnan(row_seat) & (row_seat != -1)
    if not asked.any():
        return
    ids = sorted({int(i) for i in found[asked]})
    seats = dict(session.execute(select(m.Candidate.id, m.Candidate.constituency_id).where(m.Candidate.id.in_(ids))).all())
    names = dict(session.execute(select(m.Constituency.id, m.Constituency.name)).all())
    their = found.map(lambda i: np.nan if pd.isna(i) or seats.get(int(i)) is None else seats[int(i)]).to_numpy(float)
    away = asked & ~np.isnan(their) & (their != row_seat)
    for index in np.flatnonzero(away)[:1_000]:
        problems.add(int(tokens["line"].iat[index]), column,
                     f"'{tokens['text'].iat[index]}' is a candidate in {names.get(int(their[index]), 'another seat')}, "
                     f"not in {names.get(int(row_seat[index]), 'the seat')} where the event is; give their id to "
                     "link a candidate from another seat")
        found.iat[index] = np.nan


def import_events(plan: PlanStore, path: Path | str) -> SentImportReport:
    """Import an events file (CSV or XLSX): every row, or nothing."""
    table = read_sent_table(path, "an events", EVENT_COLUMNS, REQUIRED)
    problems = RowProblems()
    values = _values(table, problems)
    with plan.session(write=True) as session:
        refuse_outside(table, problems, "start", values["start"], election_period(get_election(session)), "the start")
        stated = _stated_seats(session, table, problems)
        venues = match_venues(session, table, stated, problems)
        values["venue_id"] = venues.ids
        # Where the row names no constituency, the event is in the one its venue lies in.
        values["constituency_id"] = stated.where(stated.notna() & (stated != -1), venues.seats).astype(object)
        links = _links(session, table, values["constituency_id"], stated, problems)
        repeated, first = repeated_rows(table, [values["name"].str.lower(), values["start"], values["venue_id"]])
        problems.add_rows(table.frame["_line"], repeated, table.label("name"),
                          pd.Series(first).map(lambda n: f"the same event (name, start and venue) as row {n}").to_numpy())
        problems.refuse_if_any(table.name)
        report = SentImportReport(table.name, table.format, len(values), notes=list(venues.notes))
        store_events(session, values, links, table, report)
        if venues.created:
            report.notes.append(f"{venues.created} venue(s) added to the plan")
    log.debug("events import: %d rows, %d new, %d changed", report.rows, report.added, report.changed)
    return report
