"""assess_plan: the whole risk assessment of a plan snapshot.

A pure function of the snapshot, the ruleset and the date it is made as at,
so the same inputs always give the same, stably ordered result.
"""

from __future__ import annotations

import datetime as dt

from electionplan.domain.plandata import PlanSnapshot
from electionplan.domain.timefmt import today_london
from electionplan.risk.candidates import assess_candidates
from electionplan.risk.demand import total_demand
from electionplan.risk.events import assess_events
from electionplan.risk.presence import candidate_floors, event_presence, station_presences
from electionplan.risk.results import Assessment, CandidateResult, EventResult
from electionplan.risk.ruleset import Ruleset


def assess_plan(snapshot: PlanSnapshot, rules: Ruleset, as_at: dt.date | None = None) -> Assessment:
    return Assessor().assess(snapshot, rules, as_at)


def _event_inputs(snapshot: PlanSnapshot, levels: dict[int, str], as_at: dt.date) -> tuple:
    """Everything the events' assessment reads: of the stations, only where incidents at them happened."""
    at_stations = {i.station_id for i in snapshot.incidents if i.station_id is not None}
    places = tuple((s.id, s.easting, s.northing) for s in snapshot.stations if s.id in at_stations)
    return snapshot.events, snapshot.venues, snapshot.incidents, places, levels, snapshot.threat_reports, as_at


class Assessor:
    """Assesses a plan, and the same plan again after an edit, reusing the parts the edit cannot change.

    Candidates and events are assessed again only when what they are worked out
    from differs (compared by value), so an edit to one of 40,000 stations costs
    the stations and the demand, not the whole plan. The result is the same as
    a fresh assessment's: only the work is saved. Safe to share between threads;
    each part is replaced whole.
    """

    def __init__(self) -> None:
        self._candidates: tuple[tuple, list[CandidateResult]] | None = None
        self._events: tuple[tuple, list[EventResult]] | None = None

    def assess(self, snapshot: PlanSnapshot, rules: Ruleset, as_at: dt.date | None = None) -> Assessment:
        as_at = as_at or today_london()
        ruleset_key = (rules.sha256, rules.written_schema)
        candidate_key = (ruleset_key, as_at, snapshot.candidates, snapshot.threat_reports, snapshot.incidents)
        candidates = self._reuse(self._candidates, candidate_key)
        if candidates is None:
            candidates = assess_candidates(snapshot, rules, as_at)
            self._candidates = (candidate_key, candidates)
        levels = {c.id: c.level for c in candidates}
        event_key = (ruleset_key, *_event_inputs(snapshot, levels, as_at))
        events = self._reuse(self._events, event_key)
        if events is None:
            events = _assessed_events(snapshot, rules, levels, as_at)
            self._events = (event_key, events)
        # Stations depend on polling-day flashpoints, so they follow the events.
        from electionplan.risk.stations import assess_stations

        stations = assess_stations(snapshot, rules, events)
        station_presences(stations, rules)
        demand = total_demand(snapshot, events, stations, rules)
        return Assessment(
            ruleset=rules.describe(),
            as_at=as_at,
            candidates=candidates,
            events=events,
            stations=stations,
            demand=demand,
        )

    @staticmethod
    def _reuse(kept: tuple[tuple, list] | None, inputs: tuple) -> list | None:
        # A copy of the list: a caller may reorder its own, never the one kept.
        return list(kept[1]) if kept is not None and kept[0] == inputs else None


def _assessed_events(snapshot: PlanSnapshot, rules: Ruleset, levels: dict[int, str],
                     as_at: dt.date) -> list[EventResult]:
    events = assess_events(snapshot, rules, levels, as_at)
    attendance = {e.id: int(e.expected_attendance or 0) for e in snapshot.events}
    floors = candidate_floors(rules, levels, {e.id: e.candidate_ids for e in snapshot.events})
    for event in events:
        event.presence = event_presence(event, attendance[event.id], rules, floors[event.id])
    return events
