"""Candidate risk profiles: an explainable score and level.

Only the fields named in PROFILE_FIELDS are read. Party is deliberately not
among them, so no score can depend on it, directly or through a lookup.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from electionplan.risk.results import CandidateResult, Factor, plural
from electionplan.risk.ruleset import Ruleset
from electionplan.domain.timefmt import parse_day, parse_time

PROFILE_FIELDS = (
    "id", "name", "constituency_id", "sitting_mp", "former_mp", "prominence",
    "intelligence_notes", "concerns_raised", "protective_measures",
)
PROMINENCE_WORDS = {1: "local", 2: "regional", 3: "national"}


def profile_of(candidate: dict[str, Any]) -> dict[str, Any]:
    """The candidate as the engine may see them: never their party."""
    return {key: candidate.get(key) for key in PROFILE_FIELDS}


def level_for(score: float, thresholds: dict[str, float]) -> str:
    level = "low"
    for name in ("medium", "high", "very_high"):
        if score >= thresholds[name]:
            level = name
    return level


def _points(value: float) -> str:
    return f"{value:+g}"


def assess_candidate(
    candidate: dict[str, Any],
    threats: list[dict[str, Any]],
    incidents: list[dict[str, Any]],
    rules: Ruleset,
    as_at: dt.date,
) -> CandidateResult:
    r = rules["candidate"]
    profile = profile_of(candidate)
    factors: list[Factor] = []
    if profile["sitting_mp"]:
        factors.append(Factor("sitting_mp", r["sitting_mp"], f"Sitting MP: risk carried over from office ({_points(r['sitting_mp'])})."))
    elif profile["former_mp"]:
        factors.append(Factor("former_mp", r["former_mp"], f"Former MP: risk carried over from office ({_points(r['former_mp'])})."))
    prominence = int(profile["prominence"] or 0)
    if prominence and r["prominence"][prominence]:
        weight = r["prominence"][prominence]
        factors.append(Factor("prominence", weight, f"Public prominence: {PROMINENCE_WORDS[prominence]} ({_points(weight)})."))
    if threats:
        total = 0.0
        for threat in threats:
            age = max(0, (as_at - parse_day(threat["reported_on"])).days)
            total += r["threat_severity"][threat["severity"]] * 0.5 ** (age / r["threat_half_life_days"])
        weight = round(min(total, r["threat_cap"]), 1)
        worst = max(threats, key=lambda t: ("low", "medium", "high", "critical").index(t["severity"]))["severity"]
        latest = max(parse_day(t["reported_on"]) for t in threats)
        factors.append(
            Factor(
                "threats",
                weight,
                f"{plural(len(threats), 'threat report')}, the most serious {worst}, the latest on {latest:%d/%m/%Y}, "
                f"weighted by severity and recency ({_points(weight)}).",
            )
        )
    if (profile["intelligence_notes"] or "").strip():
        factors.append(Factor("intelligence", r["intelligence"], f"Specific intelligence noted by the SPOC ({_points(r['intelligence'])})."))
    if (profile["concerns_raised"] or "").strip():
        factors.append(Factor("concerns", r["concerns_raised"], f"The candidate has raised concerns for their safety ({_points(r['concerns_raised'])})."))
    window = dt.timedelta(days=rules["event"]["incident_window_days"])
    recent = [i for i in incidents if parse_time(i["occurred_at"]).date() >= as_at - window]
    if recent:
        weight = min(len(recent) * r["recent_incident"], r["recent_incident_cap"])
        factors.append(
            Factor(
                "recent_incidents",
                weight,
                f"{plural(len(recent), 'incident')} involving the candidate in the last {window.days} days ({_points(weight)}).",
            )
        )
    measures = [m for m in (profile["protective_measures"] or []) if m.strip()]
    if measures:
        weight = max(len(measures) * r["protective_measure"], r["protective_measures_cap"])
        factors.append(
            Factor("protective_measures", weight, f"{plural(len(measures), 'protective measure')} in place ({_points(weight)}).")
        )
    score = round(max(0.0, sum(f.weight for f in factors)), 1)
    return CandidateResult(
        id=profile["id"],
        name=profile["name"],
        constituency_id=profile["constituency_id"],
        score=score,
        level=level_for(score, r["levels"]),
        factors=factors,
    )


def assess_candidates(snapshot: dict[str, Any], rules: Ruleset, as_at: dt.date) -> list[CandidateResult]:
    threats: dict[int, list] = defaultdict(list)
    for threat in snapshot["threat_reports"]:
        threats[threat["candidate_id"]].append(threat)
    incidents: dict[int, list] = defaultdict(list)
    for incident in snapshot["incidents"]:
        if incident.get("candidate_id"):
            incidents[incident["candidate_id"]].append(incident)
    results = [
        assess_candidate(c, threats[c["id"]], incidents[c["id"]], rules, as_at) for c in snapshot["candidates"]
    ]
    results.sort(key=lambda c: (-c.score, c.name, c.id))
    return results
