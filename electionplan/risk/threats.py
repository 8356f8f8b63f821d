"""Threat reports that weigh on events: those naming the event, its venue or its dates, and the attending
candidates' recent serious threats.

A report names its target by conjunction: an event it names is the event; else
the venue's events, inside the dates if it gives them; else every event inside
its dates; and a candidate it also names narrows these to the events that
candidate attends. A report naming only a candidate weighs through the
candidate's own level, and on the events they attend if it is recent and its
severity carries weight there. Each report is one reason, in plain words; it is
counted once for an event, by its most specific route.

Threats are indexed by event, venue and candidate, so the work grows with the
matches, never with events times threats.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from electionplan.domain.plandata import EventRecord, PlanSnapshot, ThreatReportRecord
from electionplan.domain.vocab import event_kind_label
from electionplan.risk.results import Factor
from electionplan.risk.ruleset_schema import EventRules

SEVERITY_ORDER = ("low", "medium", "high", "critical")
ROUTES = ("event", "venue", "dates", "candidate")  # how a report reaches an event, most specific first


@dataclass(frozen=True, slots=True)
class _Match:
    threat: ThreatReportRecord
    route: str  # "event", "venue", "dates" or "candidate"


def _covers(threat: ThreatReportRecord, event: EventRecord) -> bool:
    """Whether the report's dates (either end open) overlap the event's."""
    return ((threat.valid_from is None or event.end.date() >= threat.valid_from)
            and (threat.valid_to is None or event.start.date() <= threat.valid_to))


def _attends(threat: ThreatReportRecord, event: EventRecord) -> bool:
    return threat.candidate_id is None or threat.candidate_id in event.candidate_ids


def _dated_matches(threats: list[ThreatReportRecord], events: tuple[EventRecord, ...]) -> dict[int, list[_Match]]:
    """Reports naming only dates (and perhaps a candidate): one vector comparison a report over all events."""
    out: dict[int, list[_Match]] = defaultdict(list)
    if not threats:
        return out
    starts = np.array([e.start.date().toordinal() for e in events], dtype=np.int64)
    ends = np.array([e.end.date().toordinal() for e in events], dtype=np.int64)
    for threat in threats:
        mask = np.ones(len(events), dtype=bool)
        if threat.valid_from is not None:
            mask &= ends >= threat.valid_from.toordinal()
        if threat.valid_to is not None:
            mask &= starts <= threat.valid_to.toordinal()
        for i in np.flatnonzero(mask).tolist():
            if _attends(threat, events[i]):
                out[i].append(_Match(threat, "dates"))
    return out


class _EventIndex:
    """The events by id, venue and attending candidate, to look a threat's targets up in."""

    def __init__(self, events: tuple[EventRecord, ...]) -> None:
        self.events = events
        self.by_id = {e.id: i for i, e in enumerate(events)}
        self.by_venue: dict[int, list[int]] = defaultdict(list)
        self.by_candidate: dict[int, list[int]] = defaultdict(list)
        for i, event in enumerate(events):
            if event.venue_id is not None:
                self.by_venue[event.venue_id].append(i)
            for candidate_id in event.candidate_ids:
                self.by_candidate[candidate_id].append(i)

    def at_venue(self, threat: ThreatReportRecord) -> list[int]:
        return [i for i in self.by_venue.get(threat.venue_id, ())  # type: ignore[arg-type]
                if _covers(threat, self.events[i]) and _attends(threat, self.events[i])]

    def attended(self, threat: ThreatReportRecord) -> list[int]:
        """The events the threatened candidate attends that had not ended when it was reported."""
        return [i for i in self.by_candidate.get(threat.candidate_id, ())  # type: ignore[arg-type]
                if threat.reported_on <= self.events[i].end.date()]


def threat_matches(snapshot: PlanSnapshot, recent_from: dt.date, attending_severities: frozenset[str]
                   ) -> dict[int, list[_Match]]:
    """For each event's index, the threat reports that weigh on it, most specific first, then oldest first."""
    index = _EventIndex(snapshot.events)
    matches: dict[int, list[_Match]] = defaultdict(list)
    dated: list[ThreatReportRecord] = []
    for threat in snapshot.threat_reports:
        if threat.event_id is not None:
            found, route = ([index.by_id[threat.event_id]] if threat.event_id in index.by_id else []), "event"
        elif threat.venue_id is not None:
            found, route = index.at_venue(threat), "venue"
        elif threat.valid_from is not None or threat.valid_to is not None:
            dated.append(threat)
            continue
        elif (threat.candidate_id is not None and threat.severity in attending_severities
              and threat.reported_on >= recent_from):
            found, route = index.attended(threat), "candidate"
        else:
            continue
        for i in found:
            matches[i].append(_Match(threat, route))
    for i, more in _dated_matches(dated, snapshot.events).items():
        matches[i].extend(more)
    for listed in matches.values():
        # The most specific first: a report naming the event itself leads its reasons.
        listed.sort(key=lambda m: (ROUTES.index(m.route), m.threat.reported_on, m.threat.id))
    return matches


def _where(match: _Match, event: EventRecord) -> str:
    threat = match.threat
    against = " against an attending candidate" if threat.candidate_id is not None else ""
    if match.route == "event":
        return f"at this {event_kind_label(event.kind).lower()}"
    if match.route == "venue":
        return f"{against} at this venue".strip()
    if match.route == "dates":
        start = f"{threat.valid_from:%d/%m/%Y}" if threat.valid_from else "any date"
        end = f"{threat.valid_to:%d/%m/%Y}" if threat.valid_to else "any date after"
        return f"{against} covering {start} to {end}".strip()
    return "against an attending candidate"


def threat_factors(event: EventRecord, found: list[_Match], r: EventRules) -> tuple[list[Factor], list[Factor]]:
    """The event's likelihood factors (a reason a report) and its impact factor (the most serious named one)."""
    likelihood = []
    for match in found:
        threat = match.threat
        table = r.attending_threat if match.route == "candidate" else r.named_threat
        weight = table[threat.severity]
        if not weight:
            continue
        kind = f" ({threat.kind.strip().lower()})" if threat.kind.strip() else ""
        likelihood.append(Factor(
            "candidate_threat" if match.route == "candidate" else "named_threat", weight,
            f"A {threat.severity} threat {_where(match, event)}{kind} was reported on {threat.reported_on:%d/%m/%Y}."))
    named = [m.threat.severity for m in found if m.route != "candidate"]
    impact = []
    if named:
        worst = max(named, key=SEVERITY_ORDER.index)
        weight = r.named_threat_impact[worst]
        if weight:
            impact.append(Factor("threat_harm", weight,
                                 f"The {worst} threat it names puts those attending at risk of harm."))
    return likelihood, impact
