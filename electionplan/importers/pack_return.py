"""Reading a candidate's filled security-pack return back into the plan.

The return is recorded as contributions against the candidate the pack was
made for: the seal ties the PDF to that candidate (by id and their own seal
reference, not their name, so a corrected name changes nothing) in this plan, so a return cannot be re-addressed to another candidate, brought in
from another plan, or recorded against someone who later took a deleted
candidate's id. A return already recorded is not recorded twice.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from electionplan.db import models as m
from electionplan.db.queries import get_plan_row
from electionplan.domain.errors import ImportFailed
from electionplan.domain.packs import CONSENT_CHOICES, RETURN_FIELDS, RETURN_LIMITS, SEAL_FIELD, seal_for
from electionplan.domain.text import clean_text
from electionplan.domain.timefmt import now_london
from electionplan.importers.pdf_limits import reading_pdf

# Return field -> the kind of contribution it is recorded as.
KINDS = {"return_events": "planned events", "return_concerns": "concern", "return_briefing": "briefing availability",
         "return_consent": "consent to share contact details"}
CONSENT_TEXT = {CONSENT_CHOICES[1]: "Consents to the police sharing their contact details with the returning officer.",
                CONSENT_CHOICES[2]: "Does not consent to the police sharing their contact details with the returning "
                                    "officer."}


@dataclass(frozen=True)
class PackReturn:
    reference: str
    candidate_id: int
    seal: str
    answers: dict[str, str]  # return field -> what was written, cleaned and trimmed


def _field_values(path: Path) -> dict[str, str]:
    with reading_pdf(path):
        fields = PdfReader(str(path)).get_fields() or {}
    return {name: str(field.get("/V") or "") for name, field in fields.items()}


def read_pack_return(path: Path | str) -> PackReturn:
    values = _field_values(Path(path))
    path = Path(path)
    parts = values.get(SEAL_FIELD, "").rsplit("|", 2)
    if len(parts) != 3 or not (parts[1].isascii() and parts[1].isdigit() and len(parts[1]) <= 9):
        raise ImportFailed(f"{path.name} is not a candidate's security-pack return made by electionplan.")
    answers = {}
    for name, label in RETURN_FIELDS.items():
        answer = clean_text(values.get(name, "")).strip()
        if len(answer) > RETURN_LIMITS[name]:
            raise ImportFailed(f"{path.name}: the answer to '{label}' is longer than {RETURN_LIMITS[name]:,} "
                               "characters; nothing was recorded.")
        answers[name] = answer
    return PackReturn(parts[0], int(parts[1]), parts[2], answers)


def _contribution_texts(answers: dict[str, str]) -> dict[str, str]:
    texts = {KINDS[name]: answers[name] for name in ("return_events", "return_concerns", "return_briefing")
             if answers[name]}
    consent = CONSENT_TEXT.get(answers["return_consent"])
    if consent:
        texts[KINDS["return_consent"]] = consent
    return texts


def return_records(session: Session, path: Path) -> list[m.Contribution]:
    """The contributions a filled return adds (none it has already given); refused whole if it is not sound."""
    filled = read_pack_return(path)
    texts = _contribution_texts(filled.answers)
    if not texts:
        raise ImportFailed(f"{path.name} is a return with nothing filled in; nothing was recorded.")
    plan_row = get_plan_row(session)
    candidate = session.get(m.Candidate, filled.candidate_id)
    sealed = candidate is not None and bool(candidate.seal_ref) and hmac.compare_digest(
        seal_for(plan_row.pack_key, plan_row.reference, filled.candidate_id, candidate.seal_ref), filled.seal)
    if filled.reference != plan_row.reference or not sealed or candidate is None:
        raise ImportFailed(f"{path.name} is not a return from a pack this plan issued to a candidate still in it "
                           "(or its seal was altered); nothing was recorded.")
    known = {(c.kind, c.text) for c in session.scalars(
        select(m.Contribution).where(m.Contribution.candidate_id == candidate.id))}
    sender = filled.answers["return_from"] or candidate.name
    received = now_london()
    return [m.Contribution(received_at=received, from_name=sender, organisation=candidate.party or "", kind=kind,
                           text=text, candidate_id=candidate.id, event_id=None, recorded_at=received)
            for kind, text in texts.items() if (kind, text) not in known]
