"""Candidate risk profiles: an explainable score and level.

Only the fields named in PROFILE_FIELDS are read. Party is deliberately not
among them, so no score can depend on it, directly or through a lookup.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, fields

from electionplan.domain.display import plural
from electionplan.domain.plandata import CandidateRecord, IncidentRecord, PlanSnapshot, ThreatReportRecord
from electionplan.risk.levels import level_for
from electionplan.risk.results import CandidateResult, Factor
from electionplan.risk.ruleset import CandidateRules, Ruleset

PROMINENCE_WORDS = {1: "local", 2: "regional", 3: "national"}


@dataclass(frozen=True, slots=True)
class CandidateProfile:
    """The candidate as the engine may see them: never their party."""

    id: int
    name: str
    constituency_id: int | None
    sitting_mp: bool
    former_mp: bool
    prominence: int | None
    intelligence_notes: str
    concerns_raised: str
    protective_measures: tuple[str, ...]


PROFILE_FIELDS = tuple(f.name for f in fields(CandidateProfile))


def profile_of(candidate: CandidateRecord) -> CandidateProfile:
    return CandidateProfile(*(getattr(candidate, name) for name in PROFILE_FIELDS))


def _points(value: float) -> str:
    return f"{value:+g}"


def _threat_factor(threats: list[ThreatReportRecord], r: CandidateRules, as_at: dt.date) -> Factor:
    """Threat reports weighted by severity, each halving in weight every half-life."""
    total = 0.0
    for threat in threats:
        age = max(0, (as_at - threat.reported_on).days)
        total += r.threat_severity[threat.severity] * 0.5 ** (age / r.threat_half_life_days)
    weight = round(min(total, r.threat_cap), 1)
    worst = max(threats, key=lambda t: ("low", "medium", "high", "critical").index(t.severity)).severity
    latest = max(t.reported_on for t in threats)
    return Factor(
        "threats",
        weight,
        f"{plural(len(threats), 'threat report')}, the most serious {worst}, the latest on {latest:%d/%m/%Y}, "
        f"weighted by severity and recency ({_points(weight)}).",
    )


def assess_candidate(
    candidate: CandidateRecord,
    threats: list[ThreatReportRecord],
    incidents: list[IncidentRecord],
    rules: Ruleset,
    as_at: dt.date,
) -> CandidateResult:
    r = rules.candidate
    profile = profile_of(candidate)
    factors: list[Factor] = []
    if profile.sitting_mp:
        factors.append(Factor("sitting_mp", r.sitting_mp, f"Sitting MP: risk carried over from office ({_points(r.sitting_mp)})."))
    elif profile.former_mp:
        factors.append(Factor("former_mp", r.former_mp, f"Former MP: risk carried over from office ({_points(r.former_mp)})."))
    prominence = int(profile.prominence or 0)
    if prominence and r.prominence[prominence]:
        weight = r.prominence[prominence]
        factors.append(Factor("prominence", weight, f"Public prominence: {PROMINENCE_WORDS[prominence]} ({_points(weight)})."))
    if threats:
        factors.append(_threat_factor(threats, r, as_at))
    if (profile.intelligence_notes or "").strip():
        factors.append(Factor("intelligence", r.intelligence, f"Specific intelligence noted by the SPOC ({_points(r.intelligence)})."))
    if (profile.concerns_raised or "").strip():
        factors.append(Factor("concerns", r.concerns_raised, f"The candidate has raised concerns for their safety ({_points(r.concerns_raised)})."))
    window = dt.timedelta(days=rules.event.incident_window_days)
    recent = [i for i in incidents if i.occurred_at.date() >= as_at - window]
    if recent:
        weight = min(len(recent) * r.recent_incident, r.recent_incident_cap)
        factors.append(
            Factor(
                "recent_incidents",
                weight,
                f"{plural(len(recent), 'incident')} involving the candidate in the last {window.days} days ({_points(weight)}).",
            )
        )
    measures = [m for m in (profile.protective_measures or ()) if m.strip()]
    if measures:
        weight = max(len(measures) * r.protective_measure, r.protective_measures_cap)
        factors.append(
            Factor("protective_measures", weight, f"{plural(len(measures), 'protective measure')} in place ({_points(weight)}).")
        )
    score = round(max(0.0, sum(f.weight for f in factors)), 1)
    return CandidateResult(
        id=profile.id,
        name=profile.name,
        constituency_id=profile.constituency_id,
        score=score,
        level=level_for(score, r.levels),
        factors=factors,
    )


def assess_candidates(snapshot: PlanSnapshot, rules: Ruleset, as_at: dt.date) -> list[CandidateResult]:
    threats: dict[int, list[ThreatReportRecord]] = defaultdict(list)
    for threat in snapshot.threat_reports:
        if threat.candidate_id is not None:
            threats[threat.candidate_id].append(threat)
    incidents: dict[int, list[IncidentRecord]] = defaultdict(list)
    for incident in snapshot.incidents:
        if incident.candidate_id:
            incidents[incident.candidate_id].append(incident)
    results = [
        assess_candidate(c, threats[c.id], incidents[c.id], rules, as_at) for c in snapshot.candidates
    ]
    results.sort(key=lambda c: (-c.score, c.name, c.id))
    return results
