"""The one redaction policy: what each edition of the plan may hold.

Both editions come from the same document and the same renderer; the returning
officer's edition differs only by what redact_for removes here. Anything about
a candidate's risk (home address, threat reports, scores, factors,
intelligence, concerns) stays in the police edition.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from electionplan.db.models import restricted_fields
from electionplan.domain.errors import ValidationError
from electionplan.domain.plandata import PlanSnapshot
from electionplan.report.document import CandidateProfileRow, ChangeEntry, Changes, Edition, PlanDocument


@dataclass(frozen=True)
class EditionPolicy:
    edition: Edition
    # Parts of the document the edition leaves out entirely.
    withheld_sections: frozenset[str]
    # Fields blanked in each candidate row.
    withheld_candidate_fields: frozenset[str]
    # Change entries about these entities, or these (entity, field) pairs, are left out.
    withheld_change_entities: frozenset[str]
    withheld_change_fields: frozenset[tuple[str, str]]

    @property
    def key(self) -> str:
        return self.edition.key


# Risk-profile fields a returning officer has no need of, on top of the columns
# the models mark restricted.
PROFILE_FIELDS = frozenset({("Candidate", f) for f in ("protective_measures", "sitting_mp", "former_mp", "prominence")})

RESTRICTED_CANDIDATE_FIELDS = frozenset(
    {"home_address", "intelligence_notes", "concerns_raised", "threats", "score", "factors", "level", "protective_measures"}
)
# What a withheld section or field becomes.
SECTIONS = ("candidates", "incidents", "contributions", "review_comments")

POLICIES = {
    "police": EditionPolicy(
        edition=Edition("police", "Police edition", "OFFICIAL-SENSITIVE", candidate_risk_summary=True),
        withheld_sections=frozenset(),
        withheld_candidate_fields=frozenset(),
        withheld_change_entities=frozenset(),
        withheld_change_fields=frozenset(),
    ),
    "returning-officer": EditionPolicy(
        edition=Edition("returning-officer", "Returning officer's edition", "OFFICIAL-SENSITIVE",
                        candidate_risk_summary=False),
        withheld_sections=frozenset(SECTIONS),
        withheld_candidate_fields=RESTRICTED_CANDIDATE_FIELDS,
        withheld_change_entities=frozenset({"ThreatReport", "Incident", "Contribution", "CandidateRisk"}),
        withheld_change_fields=restricted_fields() | PROFILE_FIELDS,
    ),
}


def policy_for(edition: str) -> EditionPolicy:
    try:
        return POLICIES[edition]
    except KeyError:
        raise ValidationError(f"Unknown edition '{edition}'; choose police or returning-officer.", "edition") from None


def _blank(value: Any) -> Any:
    return type(value)() if value is not None else None


def _candidates(rows: tuple[CandidateProfileRow, ...], policy: EditionPolicy) -> tuple[CandidateProfileRow, ...]:
    if "candidates" in policy.withheld_sections:
        return ()
    withheld = policy.withheld_candidate_fields
    return tuple(replace(r, **{f: _blank(getattr(r, f)) for f in withheld}) for r in rows)


def _changes(changes: Changes | None, policy: EditionPolicy) -> Changes | None:
    if changes is None:
        return None

    def allowed(entries: tuple[ChangeEntry, ...]) -> tuple[ChangeEntry, ...]:
        return tuple(
            e for e in entries
            if e.entity not in policy.withheld_change_entities
            and (e.entity, e.field) not in policy.withheld_change_fields
        )

    return replace(changes, added=allowed(changes.added), removed=allowed(changes.removed),
                   changed=allowed(changes.changed), moved=allowed(changes.moved))


def redact_for(document: PlanDocument, edition: str) -> PlanDocument:
    """The document holding only what the edition may show."""
    policy = policy_for(edition)
    withheld = policy.withheld_sections
    information = document.information
    if not policy.edition.candidate_risk_summary:
        information = replace(information, threat_picture=tuple(
            replace(seat, candidate_summary="") for seat in information.threat_picture))
    control = document.control
    if "review_comments" in withheld:
        control = replace(control, review_comments=())
    return replace(
        document,
        edition=policy.edition,
        control=control,
        information=replace(information, candidates=_candidates(information.candidates, policy)),
        incidents=() if "incidents" in withheld else document.incidents,
        contributions=() if "contributions" in withheld else document.contributions,
        changes=_changes(document.changes, policy),
    )


def restricted_strings(snapshot: PlanSnapshot, candidate_factor_reasons: list[str]) -> list[str]:
    """Every string the returning officer's edition must never contain."""
    restricted = restricted_fields()
    strings: list[str] = []
    for key, entity, extra in (("candidates", "Candidate", ()), ("threat_reports", "ThreatReport", ("reference",))):
        fields = sorted(f for e, f in restricted if e == entity) + list(extra)
        for record in getattr(snapshot, key):
            values = (getattr(record, f) for f in fields)
            strings.extend(text.strip() for text in values if isinstance(text, str) and text.strip())
    for candidate in snapshot.candidates:
        strings.extend(m for m in candidate.protective_measures if m.strip())
    strings.extend(candidate_factor_reasons)
    return strings
