"""Reading a candidate's filled security-pack return back into the plan.

The return is recorded as contributions against the candidate the pack was
made for: the seal ties the PDF to that candidate in this plan, so a return
cannot be re-addressed to another candidate or brought in from another plan.
A return already recorded is not recorded twice.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError
from sqlalchemy import select

from electionplan.db import audit
from electionplan.db import models as m
from electionplan.db.queries import get_plan_row
from electionplan.db.store import PlanStore
from electionplan.domain.errors import ImportFailed
from electionplan.domain.packs import CONSENT_CHOICES, RETURN_FIELDS, SEAL_FIELD, seal_for
from electionplan.domain.timefmt import now_london
from electionplan.importers.review_pdf import quiet_pdf_library

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
    answers: dict[str, str]  # return field -> what was written (trimmed)


def is_pack_return(path: Path) -> bool:
    return path.suffix.lower() == ".pdf"


def _field_values(path: Path) -> dict[str, str]:
    try:
        with quiet_pdf_library():
            fields = PdfReader(str(path)).get_fields() or {}
    except (PdfReadError, OSError, ValueError, KeyError, TypeError):
        raise ImportFailed(f"{path.name} is not a readable PDF.") from None
    return {name: str(field.get("/V") or "").strip() for name, field in fields.items()}


def read_pack_return(path: Path | str) -> PackReturn:
    path = Path(path)
    if not path.exists():
        raise ImportFailed(f"{path} does not exist.")
    values = _field_values(path)
    parts = values.get(SEAL_FIELD, "").rsplit("|", 2)
    if len(parts) != 3 or not parts[1].isdigit():
        raise ImportFailed(f"{path.name} is not a candidate's security-pack return made by electionplan.")
    answers = {name: values.get(name, "") for name in RETURN_FIELDS}
    return PackReturn(parts[0], int(parts[1]), parts[2], answers)


def _contribution_texts(answers: dict[str, str]) -> dict[str, str]:
    texts = {KINDS[name]: answers[name] for name in ("return_events", "return_concerns", "return_briefing")
             if answers[name]}
    consent = CONSENT_TEXT.get(answers["return_consent"])
    if consent:
        texts[KINDS["return_consent"]] = consent
    return texts


def import_pack_return(plan: PlanStore, path: Path | str) -> int:
    """Record a filled return against its candidate; the number of new contributions."""
    path = Path(path)
    filled = read_pack_return(path)
    texts = _contribution_texts(filled.answers)
    if not texts:
        raise ImportFailed(f"{path.name} is a return with nothing filled in; nothing was recorded.")
    with plan.session() as session:
        plan_row = get_plan_row(session)
        expected = seal_for(plan_row.pack_key, plan_row.reference, filled.candidate_id)
        if filled.reference != plan_row.reference or not hmac.compare_digest(expected, filled.seal):
            raise ImportFailed(f"{path.name} is not a return from a pack this plan issued (or its seal was altered); "
                               "nothing was recorded.")
        candidate = session.get(m.Candidate, filled.candidate_id)
        if candidate is None:
            raise ImportFailed(f"{path.name} is from a candidate no longer in the plan; nothing was recorded.")
        known = {(c.kind, c.text) for c in session.scalars(
            select(m.Contribution).where(m.Contribution.candidate_id == candidate.id))}
        sender = filled.answers["return_from"] or candidate.name
        received = now_london()
        records = [m.Contribution(received_at=received, from_name=sender, organisation=candidate.party or "",
                                  kind=kind, text=text, candidate_id=candidate.id, event_id=None, recorded_at=received)
                   for kind, text in texts.items() if (kind, text) not in known]
        session.add_all(records)
        session.flush()
        for record in records:
            audit.record(session, "import", "Contribution", record.id, "", "", "security-pack return")
    return len(records)
