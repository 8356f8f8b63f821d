"""Reading a returning officer's comments back from a filled sign-off PDF."""

from __future__ import annotations

import contextlib
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
from electionplan.db.queries import get_plan_row
from electionplan.db.store import PlanStore
from electionplan.domain.errors import ImportFailed, ValidationError
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
            fields = reader.get_form_text_fields() or {}
            metadata = reader.metadata
            keywords = str(metadata.get("/Keywords") or "") if metadata else ""
    except (PdfReadError, OSError, ValueError, KeyError):
        raise ImportFailed(f"{path.name} is not a readable PDF.") from None
    match = re.search(r"ref=([^;]+);revision=([^;]+)", str(keywords))
    if not match or "ro_comments" not in fields:
        raise ImportFailed(f"{path.name} is not a plan PDF exported by electionplan with a sign-off page.")
    return ReviewReadBack(match.group(1), match.group(2), fields.get("ro_name") or "", fields.get("ro_role") or "",
                          fields.get("ro_date") or "", fields.get("ro_decision") or "", fields.get("ro_comments") or "")


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
        plan_row = get_plan_row(session)
        if plan_row.reference != review.reference:
            raise ImportFailed(f"{Path(path).name} is for plan {review.reference}, not this plan ({plan_row.reference}).")
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
