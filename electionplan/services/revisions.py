"""Issued revisions: numbered, dated, immutable snapshots of the plan.

A revision stores the plan snapshot, the ruleset text and the date the plan
was assessed as at. The assessment is a pure function of those three, so any
past revision re-exports exactly as it was issued, whatever the live plan
holds now. Numbering follows document control: drafts 0.1, 0.2, …; approval
makes the next whole number; later issues are 1.1, 1.2, ….
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from electionplan.db import audit
from electionplan.db import models as m
from electionplan.db.pghistory import ServerStamp, server_stamps
from electionplan.db.queries import get_plan_row
from electionplan.db.snapshot import load_snapshot
from electionplan.db.store import PlanStore
from electionplan.domain.canonical import canonical_json, content_hash
from electionplan.domain.errors import NotFound, ValidationError
from electionplan.domain.plancodec import decode_snapshot, encode_snapshot
from electionplan.domain.plandata import PlanSnapshot
from electionplan.domain.timefmt import fmt_datetime, now_london, today_london
from electionplan.domain.validation import MAX_TEXT_CHARS, check_length
from electionplan.risk.engine import assess_plan
from electionplan.risk.results import Assessment
from electionplan.risk.ruleset import Ruleset, parse_ruleset
from electionplan.services.assessment import ruleset_for
from electionplan.system.faults import fault_point
from electionplan.system.preferences import UserPreferences, acting_person

log = logging.getLogger(__name__)


@dataclass
class IssuedRevision:
    number: str
    issued_at: dt.datetime
    author: str
    note: str
    approved: bool
    content_hash: str
    summary: str = ""
    server_stamp: str = ""  # in a shared store, the login and time the server recorded, beside the claimed author

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "issued_at": self.issued_at.strftime("%Y-%m-%dT%H:%M:%S"),
            "author": self.author,
            "note": self.note,
            "summary": self.summary,
            "approved": self.approved,
            "status": self.status,
            "content_hash": self.content_hash,
        }

    @property
    def number_major(self) -> int:
        return int(self.number.split(".")[0])

    @property
    def key(self) -> tuple[int, int]:
        """The number as (major, minor), for ordering."""
        return parse_number(self.number)

    @property
    def status(self) -> str:
        """approved (a whole-number issue), issued (1.1 and later) or draft (0.x)."""
        return "approved" if self.approved else ("issued" if self.number_major >= 1 else "draft")


@dataclass
class RevisionContent:
    meta: IssuedRevision
    snapshot: PlanSnapshot
    ruleset: Ruleset
    as_at: dt.date

    def assessment(self) -> Assessment:
        return assess_plan(self.snapshot, self.ruleset, self.as_at)


def next_number(existing: list[tuple[int, int]], approve: bool) -> tuple[int, int]:
    if not existing:
        return (1, 0) if approve else (0, 1)
    major, minor = max(existing)
    if approve and (major == 0 or minor > 0):
        return major + 1, 0
    return major, minor + 1


def parse_number(text: str) -> tuple[int, int]:
    try:
        major, minor = (int(part) for part in str(text).strip().split("."))
    except ValueError:
        raise ValidationError(f"'{text}' is not a revision number such as 0.1 or 1.0.", "revision") from None
    return major, minor


def _meta(row: m.Revision) -> IssuedRevision:
    return IssuedRevision(row.number, row.issued_at, row.author, row.note, row.approved, row.content_hash, row.summary)


def _approver() -> UserPreferences:
    """Approval is a named person's decision, never a computer login's."""
    person = acting_person()
    if person is None:
        raise ValidationError(
            "Approval must name who approves: set your name with 'electionplan whoami --name NAME --role ROLE' "
            "(or in the app, Edit ▸ Who is working…), or give --as NAME.",
            "approve",
        )
    return person


def issue_revision(
    plan: PlanStore, note: str, approve: bool = False, as_at: dt.date | None = None, summary: str = ""
) -> IssuedRevision:
    """Snapshot the plan and its assessment as the next revision."""
    if not (note or "").strip():
        raise ValidationError("A revision needs a note saying what changed.", "note")
    check_length(note, MAX_TEXT_CHARS, "note")
    check_length(summary, MAX_TEXT_CHARS, "summary")
    as_at = as_at or today_london()
    with plan.session(write=True) as session:
        existing = [(r.major, r.minor) for r in session.scalars(select(m.Revision))]
        major, minor = next_number(existing, approve)
        author = audit.current_user()
        plan_row = get_plan_row(session)
        # The document facts an issue changes go into the snapshot it records.
        if approve:
            plan_row.approved_by = _approver().label
        if plan_row.review_interval_days:
            plan_row.next_review_date = as_at + dt.timedelta(days=plan_row.review_interval_days)
        session.flush()
        snapshot = load_snapshot(session)
        rules = ruleset_for(session)
        assessment = assess_plan(snapshot, rules, as_at).to_dict()
        # The hash covers the stored form, so it is the same for the same content
        # whichever version of the program issued the revision.
        stored_snapshot = encode_snapshot(snapshot)
        stored = {"snapshot": stored_snapshot, "ruleset": rules.source, "as_at": as_at.isoformat()}
        digest = content_hash({"snapshot": stored_snapshot, "assessment": assessment})
        row = m.Revision(
            number=f"{major}.{minor}", major=major, minor=minor, issued_at=now_london(), author=author,
            note=note.strip(), summary=(summary or "").strip(), approved=approve, content_hash=digest,
            snapshot=canonical_json(stored),
        )
        session.add(row)
        session.flush()
        audit.record(session, "revise", "Revision", row.id, "", "", f"{row.number}: {row.note}")
        meta = _meta(row)
    fault_point("revision-issued")
    plan.backup(f"revision-{meta.number}")  # a file keeps a copy; a database relies on its server
    log.debug("revision %s issued", meta.number)
    return meta


def list_revisions(plan: PlanStore) -> list[IssuedRevision]:
    with plan.session() as session:
        return revisions_in(session)


def revisions_in(session: Session) -> list[IssuedRevision]:
    rows = session.scalars(select(m.Revision).order_by(m.Revision.major, m.Revision.minor)).all()
    stamps = server_stamps(session, "revision")
    return [_stamped(_meta(r), stamps.get(r.id)) for r in rows]


def _stamped(meta: IssuedRevision, stamp: ServerStamp | None) -> IssuedRevision:
    if stamp is None:
        return meta
    return dataclasses.replace(meta, server_stamp=stamp.describe())


def load_revision(plan: PlanStore, number: str) -> RevisionContent:
    with plan.session() as session:
        return revision_in(session, number)


def revision_in(session: Session, number: str) -> RevisionContent:
    """One issued revision, decoded, read within the caller's transaction."""
    major, minor = parse_number(number)
    row = session.scalars(select(m.Revision).where(m.Revision.major == major, m.Revision.minor == minor)).first()
    if row is None:
        known = ", ".join(r.number for r in revisions_in(session))
        raise NotFound(f"The plan has no revision {number}" + (f"; it has {known}." if known else "; none has been issued."))
    stored = json.loads(row.snapshot)
    return RevisionContent(_meta(row), decode_snapshot(stored["snapshot"]),
                           parse_ruleset(stored["ruleset"], f"revision {number} ruleset"),
                           dt.date.fromisoformat(stored["as_at"]))


def previous_number(plan: PlanStore, number: str) -> str | None:
    return number_before(list_revisions(plan), number)


def number_before(revisions: list[IssuedRevision], number: str) -> str | None:
    target = parse_number(number)
    earlier = [r for r in revisions if r.key < target]
    return max(earlier, key=lambda r: r.key).number if earlier else None


def revision_rows(revisions: list[IssuedRevision]) -> list[dict[str, str]]:
    """The revision history as the document control table shows it."""
    return [
        {"number": r.number, "date": fmt_datetime(r.issued_at), "author": r.author, "note": r.note,
         "status": r.status.capitalize(), "hash": r.content_hash, "summary": r.summary}
        for r in revisions
    ]
