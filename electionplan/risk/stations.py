"""Polling-station RAG ratings, computed for 40,000 stations at once.

Points are summed with array operations; sentences are written only for the
stations that score, so a quiet national plan costs little.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import numpy as np

from electionplan.domain.display import plural
from electionplan.domain.plandata import IncidentRecord, PlanSnapshot, StationRecord
from electionplan.geo.proximity import pairs_within
from electionplan.risk.results import EventResult, Factor, StationResult
from electionplan.risk.ruleset import Ruleset, StationRules


def _polling_day_flashpoints(events: list[EventResult], snapshot: PlanSnapshot, rules: Ruleset) -> list[EventResult]:
    polling_day = snapshot.election.polling_day
    opens = dt.datetime.combine(polling_day, dt.time.fromisoformat(rules.presence.poll_open))
    closes = dt.datetime.combine(polling_day, dt.time.fromisoformat(rules.presence.poll_close))
    return [e for e in events if e.flashpoint and e.start < closes and e.end > opens]


def _incidents_at(snapshot: PlanSnapshot) -> dict[int, list[IncidentRecord]]:
    """Incidents recorded at each station, keyed by the station's position in the snapshot."""
    index_of = {s.id: k for k, s in enumerate(snapshot.stations)}
    incidents_at: dict[int, list[IncidentRecord]] = defaultdict(list)
    for incident in snapshot.incidents:
        k = index_of.get(incident.station_id) if incident.station_id is not None else None
        if k is not None:
            incidents_at[k].append(incident)
    return incidents_at


def _near_flashpoint(snapshot: PlanSnapshot, flashpoints: list[EventResult], radius: float) -> dict[int, tuple[int, float]]:
    """The nearest polling-day flashpoint within the radius of each station, with its distance."""
    stations = snapshot.stations
    venues = {v.id: v for v in snapshot.venues}
    fp_venues = [venues.get(f.venue_id) if f.venue_id is not None else None for f in flashpoints]
    fp_e = np.array([(v.easting if v else None) or np.nan for v in fp_venues], dtype=float)
    fp_n = np.array([(v.northing if v else None) or np.nan for v in fp_venues], dtype=float)
    st_e = np.array([np.nan if s.easting is None else s.easting for s in stations], dtype=float)
    st_n = np.array([np.nan if s.northing is None else s.northing for s in stations], dtype=float)
    nearest: dict[int, tuple[int, float]] = {}
    if flashpoints:
        src, tgt, dist = pairs_within(st_e, st_n, fp_e, fp_n, radius)
        for k, f, d in zip(src.tolist(), tgt.tolist(), dist.tolist(), strict=False):
            if k not in nearest or d < nearest[k][1]:
                nearest[k] = (f, d)
    return nearest


def _station_factors(k: int, station: StationRecord, r: StationRules, flags: dict[str, np.ndarray],
                     incidents: list[IncidentRecord], near: tuple[int, float] | None,
                     flashpoints: list[EventResult]) -> list[Factor]:
    factors: list[Factor] = []
    if flags["intimidation"][k] or flags["incident"][k]:
        factors.append(Factor("intimidation_history", r.intimidation_history, "History of intimidation or disorder at this station."))
    if flags["incident"][k]:
        latest = max(incidents, key=lambda i: i.occurred_at)
        factors.append(Factor(
            "earlier_incident", r.earlier_incident,
            f"{plural(len(incidents), 'earlier incident')} recorded here; the latest: "
            f"{latest.kind.lower()} on {latest.occurred_at:%d/%m/%Y}.",
        ))
    if near is not None:
        f, d = near
        factors.append(Factor("flashpoint_nearby", r.flashpoint_nearby, f"A polling-day flashpoint, '{flashpoints[f].name}', is {d:.0f} m away."))
    if flags["large"][k]:
        factors.append(Factor("large_electorate", r.large_electorate_points, f"Large electorate ({int(flags['electorate'][k]):,})."))
    if flags["concerns"][k]:
        factors.append(Factor("concerns", r.concerns, f"Concern noted: {station.concerns.strip()}"))
    return factors


def assess_stations(snapshot: PlanSnapshot, rules: Ruleset, events: list[EventResult]) -> list[StationResult]:
    r = rules.station
    stations = snapshot.stations
    if not stations:
        return []
    incidents_at = _incidents_at(snapshot)
    has_incident = np.zeros(len(stations), dtype=bool)
    has_incident[list(incidents_at)] = True
    flashpoints = _polling_day_flashpoints(events, snapshot, rules)
    near_flashpoint = _near_flashpoint(snapshot, flashpoints, r.radius_m)
    near = np.zeros(len(stations), dtype=bool)
    near[list(near_flashpoint)] = True
    electorate = np.array([s.electorate or 0 for s in stations], dtype=float)
    flags = {
        "intimidation": np.array([bool(s.intimidation_history) for s in stations]),
        "incident": has_incident,
        "large": electorate >= r.large_electorate,
        "electorate": electorate,
        "concerns": np.array([bool((s.concerns or "").strip()) for s in stations]),
    }
    # Points are summed with array operations for every station at once.
    points = np.zeros(len(stations), dtype=float)
    points += np.where(flags["intimidation"] | has_incident, r.intimidation_history, 0)
    points += np.where(near, r.flashpoint_nearby, 0)
    points += np.where(flags["large"], r.large_electorate_points, 0)
    points += np.where(flags["concerns"], r.concerns, 0)
    points += np.where(has_incident, r.earlier_incident, 0)
    rank = np.where(points >= r.red_at, 0, np.where(points >= r.amber_at, 1, 2))
    # Red first, then amber, then green; the highest points first; then by name and id. One array sort.
    order = np.lexsort((np.array([s.id for s in stations]), np.array([s.name for s in stations]), -points, rank))
    rags = ("red", "amber", "green")
    # Read row by row as Python values: indexing a numpy array 40,000 times costs more than the sums.
    point_values, rank_values = points.tolist(), rank.tolist()
    return [
        StationResult(
            id=stations[k].id, name=stations[k].name, constituency_id=stations[k].constituency_id,
            points=point_values[k], rag=rags[rank_values[k]],
            factors=_station_factors(k, stations[k], r, flags, incidents_at.get(k, []), near_flashpoint.get(k),
                                     flashpoints) if point_values[k] > 0 else [],
        )
        for k in order.tolist()
    ]
