"""Why a candidate, station or event is rated as it is, as plain sections for a detail pane.

Built from the assessment's factors (each already carries its points) and the
records behind them. Nothing here depends on a candidate's party: the pane
shows the same reasons the score was built from, and those are party-blind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from electionplan.domain.timefmt import fmt_date, fmt_datetime, parse_day
from electionplan.risk.results import LEVEL_LABELS, RAG_LABELS, CandidateResult, EventResult, StationResult


@dataclass(frozen=True)
class Section:
    heading: str
    lines: tuple[str, ...]
    empty: str = ""  # what to say when there are no lines


@dataclass(frozen=True)
class Explanation:
    title: str
    subtitle: str
    rating_key: str  # a level or RAG key, for the chip colour
    rating: str  # "Very high", "Red"
    headline: str  # how the rating was reached, in one line
    sections: tuple[Section, ...]


def value_of(record: Any, key: str) -> Any:
    """A field of a snapshot record, whether the record is a dict or a dataclass."""
    return record.get(key) if isinstance(record, dict) else getattr(record, key, None)


def _day(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return parse_day(str(value))


def _points(weight: float) -> str:
    return f"{weight:+g}"


def threat_lines(threats: Iterable[Any]) -> tuple[str, ...]:
    """Newest first: the date, what it was, how serious, and who holds it."""
    ordered = sorted(threats, key=lambda t: (_day(value_of(t, "reported_on")) or dt.date.min), reverse=True)
    lines = []
    for threat in ordered:
        parts = [fmt_date(_day(value_of(threat, "reported_on"))) or "Date not recorded",
                 value_of(threat, "kind") or "Threat", f"severity {value_of(threat, 'severity') or 'not recorded'}"]
        held = ", ".join(p for p in (value_of(threat, "reported_to"), value_of(threat, "reference")) if p)
        lines.append(" · ".join(parts) + (f" ({held})" if held else ""))
    return tuple(lines)


def explain_candidate(result: CandidateResult, candidate: Any, threats: Iterable[Any]) -> Explanation:
    factors = tuple(f.reason for f in result.factors)
    offered, accepted = _day(value_of(candidate, "briefing_offered")), _day(value_of(candidate, "briefing_accepted"))
    briefing = [f"Briefing offered {fmt_date(offered)}" if offered else "No briefing offered yet",
                f"Accepted {fmt_date(accepted)}" if accepted else ("Not yet accepted" if offered else "")]
    contact = value_of(candidate, "police_contact")
    briefing.append(f"Police contact: {contact}" if contact else "No police contact named")
    measures = value_of(candidate, "protective_measures") or []
    briefing += [f"Protective measure: {m}" for m in measures]
    total = " ".join(f"{_points(f.weight)}" for f in result.factors)
    return Explanation(
        title=result.name, subtitle="Candidate · OFFICIAL-SENSITIVE",
        rating_key=result.level, rating=LEVEL_LABELS.get(result.level, result.level),
        headline=f"Score {result.score:g}" + (f" = {total}" if total else ""),
        sections=(Section("Why this level", factors, "No risk factors recorded."),
                  Section("Threat reports", threat_lines(threats), "No threat reports recorded."),
                  Section("Briefing and protection", tuple(line for line in briefing if line))))


def _gaps(station: Any) -> tuple[str, ...]:
    """What the rating could not take into account: a green with these is unknown, not safe."""
    gaps = []
    if value_of(station, "easting") is None or value_of(station, "northing") is None:
        gaps.append("No location: it is not on the map, and nearby incidents and flashpoints were not checked.")
    if value_of(station, "constituency_id") is None:
        gaps.append("Not in any constituency: no constituency's plan or returning officer covers it.")
    return tuple(gaps)


def explain_station(result: StationResult, station: Any) -> Explanation:
    presence = result.presence.description if result.presence else "No specific deployment"
    concerns = value_of(station, "concerns")
    gaps = _gaps(station)
    return Explanation(
        title=result.name, subtitle=" · ".join(p for p in ("Polling station", value_of(station, "station_number")) if p),
        rating_key=result.rag, rating=RAG_LABELS.get(result.rag, result.rag),
        headline=f"{result.points:g} risk point{'s' if result.points != 1 else ''}",
        sections=(*((Section("Not yet known", gaps),) if gaps else ()),
                  Section("Why this rating", tuple(f"{f.reason} ({_points(f.weight)})" for f in result.factors),
                          "No risk factors recorded." if gaps else "No risk factors recorded: green."),
                  Section("Concerns noted", (concerns,) if concerns else (), "None noted."),
                  Section("Planned presence", (presence,))))


def explain_event(result: EventResult, venue_name: str = "") -> Explanation:
    when = fmt_datetime(result.start)
    return Explanation(
        title=result.name, subtitle=" · ".join(p for p in (when, venue_name or "No venue") if p),
        rating_key=result.level, rating=LEVEL_LABELS.get(result.level, result.level),
        headline=f"Likelihood {result.likelihood} × impact {result.impact} = {result.score}"
                 + (" · flashpoint" if result.flashpoint else ""),
        sections=(Section(f"Likelihood {result.likelihood}: what makes trouble likely",
                          tuple(f"{f.reason} ({_points(f.weight)})" for f in result.likelihood_factors), "Nothing beyond the base."),
                  Section(f"Impact {result.impact}: how serious it would be",
                          tuple(f"{f.reason} ({_points(f.weight)})" for f in result.impact_factors), "Nothing beyond the base."),
                  Section("Recommended presence", (result.presence.description if result.presence else "No specific deployment",))))
