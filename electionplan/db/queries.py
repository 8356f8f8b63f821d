"""Reads of the one-per-plan rows that every layer needs."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from electionplan.db import models as m
from electionplan.domain.errors import NotFound, ValidationError


def get_election(session: Session) -> m.Election:
    # Once found, the session's own copy is used: an import checks every row against the election's dates.
    known = session.info.get("election_id")
    election = session.get(m.Election, known) if known is not None else None
    if election is None:
        election = session.scalars(select(m.Election)).first()
    if election is None:
        raise NotFound("This plan has no election yet.")
    session.info["election_id"] = election.id
    return election


def plan_pack_key(session: Session) -> str:
    """The plan's own key for sealing packs and sign-off forms; never exported."""
    return session.scalar(select(m.Plan.pack_key)) or ""


def get_plan_row(session: Session) -> m.Plan:
    plan_row = session.scalars(select(m.Plan)).first()
    if plan_row is None:
        raise ValidationError("This plan has no document details.")
    return plan_row


def station_count(session: Session) -> int:
    """How many polling stations the plan has: a national plan is opened in the background."""
    # Plain SQL: asked while the window waits, before the plan's mapped classes and statement
    # compiler are first set up (a tenth of a second, paid by the background read instead).
    table = m.PollingStation.__tablename__
    return int(session.connection().exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() or 0)
