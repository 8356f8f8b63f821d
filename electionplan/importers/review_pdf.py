"""Reading a returning officer's comments back from a filled sign-off PDF."""

from __future__ import annotations

import contextlib
import hmac
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError
from sqlalchemy import select

from electionplan.db import audit
from electionplan.db import models as m
from electionplan.db.queries import get_plan_row, plan_pack_key
from electionplan.db.store import PlanStore
from electionplan.domain.errors import ImportFailed, ValidationError
from electionplan.domain.packs import DECISIONS, NO_DECISION, binding_parts, review_binding
from electionplan.domain.timefmt import now_london, parse_date


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


def _field_values(reader: PdfReader) -> dict[str, str]:
    """Every form field's value as text: text boxes and the decision's choice alike."""
    values = {}
    for name, field in (reader.get_fields() or {}).items():
        value = field.get("/V")
        values[name] = "" if value is None else str(value)
    return values


@contextlib.contextmanager
def quiet_pdf_library() -> Iterator[None]:
    # A damaged or foreign file makes the PDF library log its repairs; the
    # user gets one line from us instead.
    library = logging.getLogger("pypdf")
    before = library.level
    library.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        library.setLevel(before)


def read_sign_off(path: Path | str) -> ReviewReadBack:
    path = Path(path)
    if not path.exists():
        raise ImportFailed(f"{path} does not exist.")
    try:
        with quiet_pdf_library():
            reader = PdfReader(str(path))
            fields = _field_values(reader)
            metadata = reader.metadata
            keywords = str(metadata.get("/Keywords") or "") if metadata else ""
    except (PdfReadError, OSError, ValueError, KeyError):
        raise ImportFailed(f"{path.name} is not a readable PDF.") from None
    match = re.search(r"ref=([^;]+);revision=([^;]+)", str(keywords))
    if not match or "ro_comments" not in fields:
        raise ImportFailed(f"{path.name} is not a plan PDF exported by electionplan with a sign-off page.")
    decision = fields.get("ro_decision") or ""
    return ReviewReadBack(match.group(1), match.group(2), fields.get("ro_name") or "", fields.get("ro_role") or "",
                          fields.get("ro_date") or "", "" if decision == NO_DECISION else decision,
                          fields.get("ro_comments") or "",
                          fields.get("ro_binding") or "")


def check_binding(session, review: ReviewReadBack, name: str) -> None:
    """Refuse a form that was altered, that names another revision, or whose revision's content differs."""
    plan_row = get_plan_row(session)
    if plan_row.reference != review.reference:
        raise ImportFailed(f"{name} is for plan {review.reference}, not this plan ({plan_row.reference}).")
    revision, content_hash = binding_parts(review.binding)
    expected = review_binding(plan_pack_key(session), review.reference, revision, content_hash)
    if not review.binding or not hmac.compare_digest(review.binding, expected) or revision != review.revision:
        raise ImportFailed(f"{name} was altered or was not exported from this plan: its sign-off cannot be bound "
                           "to a revision, so nothing was recorded.")
    if revision != "Draft":
        major, minor = (int(x) for x in revision.split("."))
        row = session.scalars(select(m.Revision).where(m.Revision.major == major, m.Revision.minor == minor)).first()
        if row is None or row.content_hash != content_hash:
            raise ImportFailed(f"{name} signs off revision {revision} as it was, but this plan's revision {revision} "
                               "holds different content; nothing was recorded.")
    decision = review.decision.strip()
    if decision and decision not in DECISIONS:
        raise ImportFailed(f"{name}: the decision '{decision[:40]}' is not one of: {', '.join(DECISIONS)}.")


def import_review(plan: PlanStore, path: Path | str) -> ReviewReadBack:
    review = read_sign_off(path)
    if not (review.comments.strip() or review.decision.strip() or review.name.strip()):
        raise ImportFailed(f"{Path(path).name} has an empty sign-off page; nothing was recorded.")
    reviewed_on = None
    if review.date.strip():
        try:
            reviewed_on = parse_date(review.date, "date")
        except ValidationError as exc:
            raise ImportFailed(f"{Path(path).name}: the sign-off date is unreadable ({exc}).") from None
    with plan.session(write=True) as session:
        check_binding(session, review, Path(path).name)
        revision_id = None
        if re.fullmatch(r"\d+\.\d+", review.revision):
            major, minor = (int(x) for x in review.revision.split("."))
            row = session.scalars(select(m.Revision).where(m.Revision.major == major, m.Revision.minor == minor)).first()
            revision_id = row.id if row else None
        text = review.comments.strip()
        if review.decision.strip():
            text = f"Decision: {review.decision.strip()}. {text}".strip()
        comment = m.ReviewComment(revision_id=revision_id, revision_number=review.revision, reviewer=review.name,
                                  role=review.role, reviewed_on=reviewed_on, comments=text, recorded_at=now_london(),
                                  source=Path(path).name)
        session.add(comment)
        session.flush()
        audit.record(session, "import", "ReviewComment", comment.id, "revision", "", review.revision)
    return review
