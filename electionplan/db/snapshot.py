"""The plan as plain JSON-ready data: what assessments, revisions and PDFs read.

A snapshot is taken with one set-based query per table. Dates are ISO strings
(YYYY-MM-DD), times ISO minutes (YYYY-MM-DDTHH:MM, Europe/London) and
geometry hex WKB, so a snapshot stored in a revision reproduces exactly.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, select
from sqlalchemy.orm import Session

from electionplan.db import models as m

SNAPSHOT_FORMAT = 1

# snapshot key -> model, in the order they appear.
TABLES: dict[str, type] = {
    "constituencies": m.Constituency,
    "contacts": m.Contact,
    "stations": m.PollingStation,
    "venues": m.Venue,
    "events": m.Event,
    "candidates": m.Candidate,
    "threat_reports": m.ThreatReport,
    "incidents": m.Incident,
    "capacity": m.OfficerCapacity,
    "contributions": m.Contribution,
    "review_comments": m.ReviewComment,
}

# Fields that hold machinery, not plan content.
_SKIP = {"version_id"}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value


def _converter(column):
    # Only dates, times and geometry need converting; a national plan has a
    # million cells, so the rest pass straight through.
    python_type = getattr(column.type, "python_type", None) if not isinstance(column.type, JSON) else None
    if python_type in (dt.date, dt.datetime, bytes):
        return _jsonable
    return None


def _rows(session: Session, model: type) -> list[dict[str, Any]]:
    columns = [c for c in model.__table__.columns if c.key not in _SKIP]
    keys = [("boundary" if c.key == "boundary_wkb" else c.key) for c in columns]
    converters = [(n, conv) for n, conv in enumerate(_converter(c) for c in columns) if conv is not None]
    result = session.execute(select(*columns).order_by(model.__table__.c.id)).all()
    out = []
    for row in result:
        values = list(row)
        for n, conv in converters:
            if values[n] is not None:
                values[n] = conv(values[n])
        out.append(dict(zip(keys, values)))
    return out


def load_snapshot(session: Session) -> dict[str, Any]:
    election = session.scalars(select(m.Election)).one()
    plan_row = session.scalars(select(m.Plan)).one()
    snapshot: dict[str, Any] = {
        "format": SNAPSHOT_FORMAT,
        "election": {
            k: _jsonable(getattr(election, k))
            for k in ("name", "kind", "force", "notice_date", "polling_day", "count_date")
        },
        "plan": {
            k: _jsonable(getattr(plan_row, k))
            for k in (
                "reference", "prepared_by", "approved_by", "intention", "communications",
                "distribution", "review_interval_days", "next_review_date",
            )
        },
    }
    for key, model in TABLES.items():
        snapshot[key] = _rows(session, model)
    links: dict[int, list[int]] = {}
    for event_id, candidate_id in session.execute(
        select(m.event_candidate.c.event_id, m.event_candidate.c.candidate_id).order_by(
            m.event_candidate.c.event_id, m.event_candidate.c.candidate_id
        )
    ):
        links.setdefault(event_id, []).append(candidate_id)
    for event in snapshot["events"]:
        event["candidate_ids"] = links.get(event["id"], [])
    return snapshot
