"""The plan's history as typed models: issued revisions, the audit, returning officers' sign-offs and what
candidates and parties contributed. Each is written once and never edited in place."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from electionplan.db.model_base import RESTRICTED, Base


class Revision(Base):
    """An issued version of the plan. Never updated once written."""

    __tablename__ = "revision"
    __table_args__ = (UniqueConstraint("major", "minor"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(10))
    major: Mapped[int] = mapped_column(Integer)
    minor: Mapped[int] = mapped_column(Integer)
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime)
    author: Mapped[str] = mapped_column(String(120))
    note: Mapped[str] = mapped_column(Text, default="", info=RESTRICTED)
    # What recipients outside the police may read about this revision; the
    # note is the police's own and never leaves the police edition.
    summary: Mapped[str] = mapped_column(Text, default="")
    approved: Mapped[bool] = mapped_column(Boolean, default=False)
    content_hash: Mapped[str] = mapped_column(String(64))
    snapshot: Mapped[str] = mapped_column(Text, info=RESTRICTED)  # the plan as canonical JSON, restricted fields too


class AuditEntry(Base):
    __tablename__ = "audit_entry"
    __table_args__ = {"info": RESTRICTED}

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    who: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(30))
    entity: Mapped[str] = mapped_column(String(60), default="")
    entity_id: Mapped[int | None] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(60), default="")
    old: Mapped[str] = mapped_column(Text, default="")
    new: Mapped[str] = mapped_column(Text, default="")


class ReviewComment(Base):
    """A returning officer's sign-off comments, read back from a filled PDF."""

    __tablename__ = "review_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int | None] = mapped_column(ForeignKey("revision.id", ondelete="SET NULL"))
    revision_number: Mapped[str] = mapped_column(String(10), default="")
    reviewer: Mapped[str] = mapped_column(String(160), default="")
    role: Mapped[str] = mapped_column(String(120), default="")
    reviewed_on: Mapped[dt.date | None] = mapped_column(Date)
    comments: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    source: Mapped[str] = mapped_column(String(300), default="")


class Contribution(Base):
    """Input a candidate, agent or party chose to give to the plan (police only, like the candidate's own data)."""

    __tablename__ = "contribution"
    __table_args__ = {"info": RESTRICTED}

    id: Mapped[int] = mapped_column(primary_key=True)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    from_name: Mapped[str] = mapped_column(String(160))
    organisation: Mapped[str] = mapped_column(String(160), default="")
    kind: Mapped[str] = mapped_column(String(60), default="comment")
    text: Mapped[str] = mapped_column(Text)
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("candidate.id", ondelete="SET NULL"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="SET NULL"))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)
