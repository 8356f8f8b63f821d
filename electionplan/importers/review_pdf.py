"""Reading a returning officer's comments back from a filled sign-off PDF."""

from __future__ import annotations

import datetime as dt
import hmac
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from sqlalchemy import select

from electionplan.db import audit
from electionplan.db import models as m
from electionplan.db.queries import get_plan_row, plan_pack_key
from electionplan.db.store import PlanStore
from electionplan.domain.errors import ImportFailed, ValidationError
from electionplan.domain.packs import (
    DECISIONS,
    NO_DECISION,
    REVIEW_EDITION,
    SIGN_OFF_LIMITS,
    binding_fields,
    review_binding,
)
from electionplan.domain.text import clean_text
from electionplan.domain.timefmt import now_london, parse_date
from electionplan.importers.pdf_limits import reading_pdf

DRAFT = "Draft"  # what a form exported from the working draft is bound to


@dataclass
class ReviewReadBack:
    reference: str
    revision: str
    name: str
    role: str
    date: str
    decision: str
    comments: str
    binding: str = ""  # ref=…;revision=…;hash=…;seal=… as exported
    edition: str = ""  # the edition named in the PDF's keywords ("" where it names none)


def _field_values(reader: PdfReader) -> dict[str, str]:
    """Every form field's value as text: text boxes and the decision's choice alike."""
    values = {}
    for name, field in (reader.get_fields() or {}).items():
        value = field.get("/V")
        values[name] = "" if value is None else str(value)
    return values


def read_sign_off(path: Path | str) -> ReviewReadBack:
    path = Path(path)
    if not path.exists():
        raise ImportFailed(f"{path} does not exist.")
    with reading_pdf(path):
        reader = PdfReader(str(path))
        fields = _field_values(reader)
        metadata = reader.metadata
        keywords = str(metadata.get("/Keywords") or "") if metadata else ""
    # The sealed field names the plan, the revision and the edition, so a form re-saved by a program that
    # drops the document's properties still comes back. Properties still present must agree with it
    # (check_binding refuses a form whose two disagree, as altered).
    binding = fields.get("ro_binding") or ""
    sealed = binding_fields(binding)
    named = dict(sealed) if "edition" in sealed else {}
    named.update(binding_fields(keywords))
    if not named.get("ref") or not named.get("revision") or "ro_comments" not in fields:
        raise ImportFailed(f"{path.name} is not a plan PDF exported by electionplan with a sign-off page.")
    decision = fields.get("ro_decision") or ""
    return ReviewReadBack(named["ref"], named["revision"], fields.get("ro_name") or "", fields.get("ro_role") or "",
                          fields.get("ro_date") or "", "" if decision == NO_DECISION else decision,
                          fields.get("ro_comments") or "", binding, named.get("edition", "").strip())


def check_edition(review: ReviewReadBack, name: str) -> None:
    """Only the returning officer's edition is theirs to sign off: a sign-off page in another edition is refused."""
    if review.edition != REVIEW_EDITION:
        which = f"the {review.edition[:40]} edition" if review.edition else "not the returning officer's edition"
        raise ImportFailed(f"{name} is {which} of the plan; only a form from the returning officer's edition "
                           "(export --edition returning-officer) can be imported as a review, so nothing was recorded.")


def check_binding(session, review: ReviewReadBack, name: str, shown_hash: Callable[[Any, str], str]) -> m.Revision:
    """The issued revision a form signs off; refused if the form was altered, made from the draft or another plan,
    or names a revision this plan does not hold as it was."""
    plan_row = get_plan_row(session)
    if plan_row.reference != review.reference:
        raise ImportFailed(f"{name} is for plan {review.reference}, not this plan ({plan_row.reference}).")
    bound = binding_fields(review.binding)
    revision, content_hash = bound.get("revision", ""), bound.get("hash", "")
    # The seal covers the edition too, so a form is the returning officer's only if it was made in their edition.
    expected = review_binding(plan_pack_key(session), review.reference, revision, content_hash, REVIEW_EDITION)
    sealed = bool(review.binding) and hmac.compare_digest(review.binding, expected)
    if sealed and revision == DRAFT:
        raise ImportFailed(f"{name} was made from the plan's unissued working draft; only an issued revision can be "
                           "signed off: issue one (revise) and export it with --revision; nothing was recorded.")
    if not sealed or revision != review.revision or not re.fullmatch(r"\d+\.\d+", revision):
        raise ImportFailed(f"{name} was altered or was not exported from this plan: its sign-off cannot be bound "
                           "to a revision, so nothing was recorded.")
    major, minor = (int(x) for x in revision.split("."))
    row = session.scalars(select(m.Revision).where(m.Revision.major == major, m.Revision.minor == minor)).first()
    if row is None:
        raise ImportFailed(f"{name} signs off revision {revision}, which is not in this plan; was the form made from "
                           "another plan (or a copy of this one)? Nothing was recorded.")
    # The form binds the hash of what the returning officer's edition of the revision shows, not of the whole
    # plan: that would move with every candidate's restricted inputs (see "Non-interference" in report.editions).
    if shown_hash(session, revision) != content_hash:
        raise ImportFailed(f"{name} signs off revision {revision} as it was, but this plan's revision {revision} "
                           "holds different content; nothing was recorded.")
    return row


def checked_entry(review: ReviewReadBack, name: str) -> tuple[str, dt.date | None]:
    """What the review records (its decision, then its comments) and its date; refused if the form is incomplete."""
    decision = review.decision.strip()
    if decision and decision not in DECISIONS:
        raise ImportFailed(f"{name}: the decision '{decision[:40]}' is not one of: {', '.join(DECISIONS)}.")
    if not decision:
        raise ImportFailed(f"{name}: the form has no decision chosen; choose {', '.join(DECISIONS[:-1])} or "
                           f"{DECISIONS[-1]} and save it again. Nothing was recorded.")
    if not review.name.strip():
        raise ImportFailed(f"{name}: the form has no reviewer's name; fill in the name of the person signing off "
                           "and save it again. Nothing was recorded.")
    if len(review.name.strip()) > SIGN_OFF_LIMITS["ro_name"] or len(review.role.strip()) > SIGN_OFF_LIMITS["ro_role"]:
        raise ImportFailed(f"{name}: the name or role is too long (at most {SIGN_OFF_LIMITS['ro_name']} and "
                           f"{SIGN_OFF_LIMITS['ro_role']} characters); shorten it "
                           "and save the form again. Nothing was recorded.")
    reviewed_on = None
    if review.date.strip():
        try:
            reviewed_on = parse_date(review.date, "date")
        except ValidationError as exc:
            raise ImportFailed(f"{name}: the sign-off date is unreadable ({exc}).") from None
    return f"Decision: {decision}. {review.comments.strip()}".strip(), reviewed_on


def _same(text: str) -> str:
    return " ".join(clean_text(text).casefold().split())


def refuse_if_recorded(session, review: ReviewReadBack, text: str, name: str) -> None:
    """A form already recorded (same revision, reviewer, decision and comments) is not recorded twice."""
    earlier = session.scalars(select(m.ReviewComment).where(m.ReviewComment.revision_number == review.revision))
    if any(_same(c.reviewer) == _same(review.name) and _same(c.comments) == _same(text) for c in earlier):
        raise ImportFailed(f"{name} is already recorded: {review.name.strip()}'s review of revision {review.revision} "
                           "with this decision and these comments is in the plan, so nothing more was recorded.")


def import_review(plan: PlanStore, path: Path | str, shown_hash: Callable[[Any, str], str]) -> ReviewReadBack:
    review = read_sign_off(path)
    name = Path(path).name
    check_edition(review, name)
    if not (review.comments.strip() or review.decision.strip() or review.name.strip()):
        raise ImportFailed(f"{name} has an empty sign-off page; nothing was recorded.")
    with plan.session(write=True) as session:
        revision = check_binding(session, review, name, shown_hash)
        text, reviewed_on = checked_entry(review, name)
        refuse_if_recorded(session, review, text, name)
        # What came from outside is stored readable: no terminal escapes, bells or reordering marks.
        comment = m.ReviewComment(revision_id=revision.id, revision_number=review.revision,
                                  reviewer=clean_text(review.name.strip()), role=clean_text(review.role.strip()),
                                  reviewed_on=reviewed_on, comments=clean_text(text), recorded_at=now_london(),
                                  source=clean_text(name))
        session.add(comment)
        session.flush()
        audit.record(session, "import", "ReviewComment", comment.id, "revision", "", review.revision)
    return review
