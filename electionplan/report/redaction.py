"""The one redaction policy: what each edition of the plan may hold.

Both editions come from the same view and the same renderer; the returning
officer's edition differs only by what redact_for removes here. Anything about
a candidate's risk (home address, threat reports, scores, factors,
intelligence, concerns) stays in the police edition.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from electionplan.db.models import restricted_fields
from electionplan.domain.errors import ValidationError


@dataclass(frozen=True)
class EditionPolicy:
    key: str
    label: str
    marking: str
    # Top-level parts of the view the edition leaves out entirely.
    withheld_sections: frozenset[str]
    # Fields removed from each candidate row (the briefing statement is kept).
    withheld_candidate_fields: frozenset[str]
    # Change entries about these entities, or these (entity, field) pairs, are left out.
    withheld_change_entities: frozenset[str]
    withheld_change_fields: frozenset[tuple[str, str]]
    candidate_risk_summary: bool


# Risk-profile fields a returning officer has no need of, on top of the columns
# the models mark restricted.
PROFILE_FIELDS = frozenset({("Candidate", f) for f in ("protective_measures", "sitting_mp", "former_mp", "prominence")})

RESTRICTED_CANDIDATE_FIELDS = frozenset(
    {"home_address", "intelligence_notes", "concerns_raised", "threats", "score", "factors", "level", "protective_measures"}
)

POLICIES = {
    "police": EditionPolicy(
        key="police",
        label="Police edition",
        marking="OFFICIAL-SENSITIVE",
        withheld_sections=frozenset(),
        withheld_candidate_fields=frozenset(),
        withheld_change_entities=frozenset(),
        withheld_change_fields=frozenset(),
        candidate_risk_summary=True,
    ),
    "returning-officer": EditionPolicy(
        key="returning-officer",
        label="Returning officer's edition",
        marking="OFFICIAL-SENSITIVE",
        withheld_sections=frozenset({"candidates", "incidents", "contributions", "review_comments"}),
        withheld_candidate_fields=RESTRICTED_CANDIDATE_FIELDS,
        withheld_change_entities=frozenset({"ThreatReport", "Incident", "Contribution", "CandidateRisk"}),
        withheld_change_fields=restricted_fields() | PROFILE_FIELDS,
        candidate_risk_summary=False,
    ),
}


def policy_for(edition: str) -> EditionPolicy:
    try:
        return POLICIES[edition]
    except KeyError:
        raise ValidationError(f"Unknown edition '{edition}'; choose police or returning-officer.", "edition") from None


def redact_for(view: dict[str, Any], edition: str) -> dict[str, Any]:
    """A copy of the view holding only what the edition may show."""
    policy = policy_for(edition)
    out = copy.deepcopy(view)
    out["edition"] = policy.key
    out["edition_label"] = policy.label
    out["marking"] = policy.marking
    out["candidate_risk_summary"] = policy.candidate_risk_summary
    for section in policy.withheld_sections:
        out[section] = [] if isinstance(out.get(section), list) else None
    for row in out.get("candidates") or []:
        for field in policy.withheld_candidate_fields:
            row.pop(field, None)
    if not policy.candidate_risk_summary:
        for seat in out.get("threat_picture") or []:
            seat["candidate_summary"] = ""
    changes = out.get("changes")
    if changes:
        for key in ("added", "removed", "changed", "moved"):
            changes[key] = [
                entry for entry in changes.get(key, [])
                if entry.get("entity") not in policy.withheld_change_entities
                and (entry.get("entity"), entry.get("field")) not in policy.withheld_change_fields
            ]
    return out


def restricted_strings(snapshot: dict[str, Any], candidate_factor_reasons: list[str]) -> list[str]:
    """Every string the returning officer's edition must never contain."""
    restricted = restricted_fields()
    strings: list[str] = []
    for key, entity, extra in (("candidates", "Candidate", ()), ("threat_reports", "ThreatReport", ("reference",))):
        fields = sorted(f for e, f in restricted if e == entity) + list(extra)
        for record in snapshot[key]:
            strings.extend(record[f].strip() for f in fields if isinstance(record.get(f), str) and record[f].strip())
    for candidate in snapshot["candidates"]:
        strings.extend(m for m in candidate.get("protective_measures") or [] if m.strip())
    strings.extend(candidate_factor_reasons)
    return strings
