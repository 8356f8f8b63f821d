"""A plan's headline facts, as `info` prints them: the election, the plan's revision and review, and its counts.

Read in a few set-based statements against the tables by name, without the mapped models: `info` answers at
once on a national plan, and loading the models would cost it more than reading the plan does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, DateTime, Integer, Select, String, func, select
from sqlalchemy import column as col
from sqlalchemy import table as tbl

from electionplan.db.store import PlanStore
from electionplan.domain.errors import NotFound, ValidationError
from electionplan.domain.timefmt import today_london

ELECTION = tbl("election", col("id", Integer), col("name", String), col("kind", String), col("force", String),
               col("notice_date", Date), col("polling_day", Date), col("count_date", Date))
PLAN = tbl("plan", col("id", Integer), col("reference", String), col("prepared_by", String),
           col("approved_by", String), col("review_interval_days", Integer), col("next_review_date", Date))
REVISION = tbl("revision", col("number", String), col("major", Integer), col("minor", Integer))
EVENT = tbl("event", col("id", Integer), col("kind", String), col("start", DateTime), col("venue_id", Integer))
VENUE = tbl("venue", col("id", Integer))

# What `info` counts: key -> the table counted.
COUNTED = {
    "constituencies": tbl("constituency"),
    "polling_stations": tbl("polling_station"),
    "venues": VENUE,
    "events": EVENT,
    "candidates": tbl("candidate"),
    "threat_reports": tbl("threat_report"),
    "incidents": tbl("incident"),
    "revisions": REVISION,
}

# The edition that is the whole plan. Its counts need no policy, and the policy's module brings the PDF document
# model and the risk register with it, which `info` would otherwise load only to count every table
# (`tests/core/test_cli_startup.py` holds it to the police policy).
WHOLE_EDITION = "police"


def plan_info(plan: PlanStore, edition: str = "police") -> dict[str, Any]:
    """The election, the document facts and the counts of what the edition may hold."""
    with plan.session() as session:
        election = session.execute(select(ELECTION).order_by(ELECTION.c.id).limit(1)).first()
        if election is None:
            raise NotFound("This plan has no election yet.")
        plan_row = session.execute(select(PLAN).order_by(PLAN.c.id).limit(1)).first()
        if plan_row is None:
            raise ValidationError("This plan has no document details.")
        counts = _counts(session, edition)
        latest = session.execute(select(REVISION).order_by(REVISION.c.major.desc(), REVISION.c.minor.desc())
                                 .limit(1)).first()
        # The count is dated by its own event's start where one is recorded, as the app and the documents date it
        # (domain.plandata.count_day); read here as one value, so info loads no event.
        count_start = session.scalar(select(func.min(EVENT.c.start)).where(EVENT.c.kind == "count"))
    count_day = count_start.date() if count_start else election.count_date
    return {
        "election": {
            "name": election.name,
            "kind": election.kind,
            "force": election.force,
            "notice_date": election.notice_date.isoformat() if election.notice_date else None,
            "polling_day": election.polling_day.isoformat(),
            "count_date": election.count_date.isoformat() if election.count_date else None,
            "count_starts": count_day.isoformat() if count_day else None,
        },
        "plan": {
            "reference": plan_row.reference,
            "prepared_by": plan_row.prepared_by,
            "approved_by": plan_row.approved_by,
            "revision": latest.number if latest else None,
            "status": "approved" if latest and latest.major >= 1 else "draft",
        },
        "review": review_status(plan_row.review_interval_days, plan_row.next_review_date),
        "counts": counts,
    }


def _counts(session, edition: str) -> dict[str, int]:
    queries = {key: select(func.count()).select_from(counted) for key, counted in COUNTED.items()}
    if edition != WHOLE_EDITION:
        queries = _edition_counts(queries, edition)
    # One statement: each count compiled and run on its own costs `info` more than the counting.
    row = session.execute(select(*(query.scalar_subquery().label(key) for key, query in queries.items()))).one()
    return dict(zip(queries, row, strict=True))


def _edition_counts(queries: dict[str, Select], edition: str) -> dict[str, Select]:
    """The counts an edition may hold, of what it may hold."""
    from electionplan.domain import plandata as pd
    from electionplan.report.editions import policy_for

    # The plan record each count is of, so an edition counts only what it may hold.
    records: dict[str, type | None] = {
        "constituencies": pd.ConstituencyRecord, "polling_stations": pd.StationRecord, "venues": pd.VenueRecord,
        "events": pd.EventRecord, "candidates": pd.CandidateRecord, "threat_reports": pd.ThreatReportRecord,
        "incidents": pd.IncidentRecord, "revisions": None,
    }
    policy = policy_for(edition)
    withheld = sorted(policy.withheld_event_kinds)
    kept = {}
    for key, query in queries.items():
        record_type = records[key]
        if not policy.whole and record_type is not None and record_type not in policy.records:
            continue
        if COUNTED[key] is EVENT and withheld:
            query = query.where(EVENT.c.kind.not_in(withheld))
        if COUNTED[key] is VENUE and withheld:
            # A venue only a withheld event uses is withheld with it, as in every other output.
            private = select(EVENT.c.venue_id).where(EVENT.c.kind.in_(withheld), EVENT.c.venue_id.is_not(None))
            public = select(EVENT.c.venue_id).where(EVENT.c.kind.not_in(withheld), EVENT.c.venue_id.is_not(None))
            query = query.where(VENUE.c.id.not_in(private) | VENUE.c.id.in_(public))
        kept[key] = query
    return kept


def review_status(interval_days: int | None, due: dt.date | None, today: dt.date | None = None) -> dict[str, Any]:
    """Whether the plan's review is overdue, and by how long."""
    today = today or today_london()
    overdue = bool(due and due < today)
    return {
        "interval_days": interval_days,
        "next_review_date": due.isoformat() if due else None,
        "overdue": overdue,
        "days_overdue": (today - due).days if due and overdue else 0,
    }
