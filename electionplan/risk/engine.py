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
from electionplan.risk.presence import event_presence, station_presence
from electionplan.risk.results import Assessment
from electionplan.risk.ruleset import Ruleset


def assess_plan(snapshot: PlanSnapshot, rules: Ruleset, as_at: dt.date | None = None) -> Assessment:
    as_at = as_at or today_london()
    candidates = assess_candidates(snapshot, rules, as_at)
    levels = {c.id: c.level for c in candidates}
    events = assess_events(snapshot, rules, levels)
    attendance = {e.id: int(e.expected_attendance or 0) for e in snapshot.events}
    for event in events:
        event.presence = event_presence(event, attendance[event.id], rules)
    # Stations depend on polling-day flashpoints, so they follow the events.
    from electionplan.risk.stations import assess_stations

    stations = assess_stations(snapshot, rules, events)
    for station in stations:
        station.presence = station_presence(station, rules)
    demand = total_demand(snapshot, events, stations, rules)
    return Assessment(
        ruleset=rules.describe(),
        as_at=as_at.isoformat(),
        candidates=candidates,
        events=events,
        stations=stations,
        demand=demand,
    )
