"""What an assessment produces: plain records with their reasons."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from electionplan.domain.plancodec import iso_minutes

LEVEL_LABELS = {"low": "Low", "medium": "Medium", "high": "High", "very_high": "Very high"}
RAG_LABELS = {"green": "Green", "amber": "Amber", "red": "Red"}
PRESENCE_LABELS = {
    "none": "No specific deployment",
    "awareness": "Awareness briefing",
    "patrol": "Patrol visits",
    "dedicated": "Dedicated officers",
    "public_order": "Public-order / specialist resources",
}


def round_half_up(value: float) -> int:
    # Python's round() is banker's rounding; a 2.5 likelihood must read as 3.
    return int(math.floor(value + 0.5))


@dataclass(frozen=True)
class Factor:
    key: str
    weight: float
    reason: str


# Factors from threat reports: their reasons say by how much they raised the score. An edition that
# withholds them puts a fixed sentence with no weight in their place, so it shows none.
THREAT_FACTORS = frozenset({"named_threat", "candidate_threat", "threat_harm"})


def _weighted(factor: Factor, part: str) -> str:
    if factor.key in THREAT_FACTORS and factor.weight:
        return f"{factor.reason.removesuffix('.')} ({part} {factor.weight:+g})."
    return factor.reason


@dataclass
class CandidateResult:
    id: int
    name: str
    constituency_id: int | None
    score: float
    level: str
    factors: list[Factor]

    @property
    def reasons(self) -> list[str]:
        return [f.reason for f in self.factors] or ["No risk factors recorded."]


@dataclass
class Presence:
    option: str
    officers: int
    description: str

    def as_dict(self) -> dict[str, Any]:
        # Written out: dataclasses.asdict deep-copies, and 45,000 of them slowed a national `assess --json`.
        return {"option": self.option, "officers": self.officers, "description": self.description}


@dataclass
class EventResult:
    id: int
    name: str
    kind: str
    start: dt.datetime  # to the minute, as the plan shows it
    end: dt.datetime
    venue_id: int | None
    constituency_id: int | None
    likelihood: int
    impact: int
    score: int
    level: str
    flashpoint: bool
    likelihood_factors: list[Factor]
    impact_factors: list[Factor]
    presence: Presence | None = None

    @property
    def reasons(self) -> list[str]:
        """Each reason in words; a threat's carries its weight, as a candidate's factors do."""
        return ([_weighted(f, "likelihood") for f in self.likelihood_factors]
                + [_weighted(f, "impact") for f in self.impact_factors])


@dataclass
class StationResult:
    id: int
    name: str
    constituency_id: int | None
    points: float
    rag: str
    factors: list[Factor]
    presence: Presence | None = None

    @property
    def reasons(self) -> list[str]:
        return [f.reason for f in self.factors] or ["No risk factors recorded."]


@dataclass
class DemandRow:
    date: dt.date
    shift: str
    officers_required: int
    officers_available: int
    contributors: list[str] = field(default_factory=list)

    @property
    def shortfall(self) -> int:
        return max(0, self.officers_required - self.officers_available)


@dataclass
class Assessment:
    ruleset: dict[str, str]
    as_at: dt.date
    candidates: list[CandidateResult]
    events: list[EventResult]
    stations: list[StationResult]
    demand: list[DemandRow]

    @property
    def flashpoints(self) -> list[EventResult]:
        return [e for e in self.events if e.flashpoint]

    @property
    def shortfalls(self) -> list[DemandRow]:
        return [d for d in self.demand if d.shortfall > 0]

    def to_dict(self) -> dict[str, Any]:
        """The `assess --json` document, deterministic and stably ordered."""

        def presence(p: Presence | None) -> dict[str, Any] | None:
            return p.as_dict() if p else None

        def factors(items: list[Factor]) -> list[dict[str, Any]]:
            return [{"factor": f.key, "weight": f.weight, "reason": f.reason} for f in items]

        return {
            "ruleset": self.ruleset,
            "as_at": self.as_at.isoformat(),
            "candidates": [
                {"id": c.id, "name": c.name, "level": c.level, "score": c.score, "reasons": c.reasons, "factors": factors(c.factors)}
                for c in self.candidates
            ],
            "flashpoints": [event_dict(e) for e in self.flashpoints],
            "events": [event_dict(e) for e in self.events],
            "stations": [
                {"id": s.id, "name": s.name, "rag": s.rag, "reasons": s.reasons, "presence": presence(s.presence)}
                for s in self.stations
            ],
            "demand": [
                {
                    "date": d.date.isoformat(),
                    "shift": d.shift,
                    "officers_required": d.officers_required,
                    "officers_available": d.officers_available,
                    "shortfall": d.shortfall,
                }
                for d in self.demand
            ],
            "shortfalls": [
                {"date": d.date.isoformat(), "shift": d.shift, "shortfall": d.shortfall} for d in self.shortfalls
            ],
        }


def event_dict(e: EventResult) -> dict[str, Any]:
    """An event's assessment as plain data: the JSON output and the PDF view share it."""
    return {
        "id": e.id,
        "name": e.name,
        "kind": e.kind,
        "start": iso_minutes(e.start),
        "end": iso_minutes(e.end),
        "level": e.level,
        "score": e.score,
        "likelihood": e.likelihood,
        "impact": e.impact,
        "flashpoint": e.flashpoint,
        "reasons": e.reasons,
        "presence": e.presence.as_dict() if e.presence else None,
    }
