"""Polling-station RAG ratings, computed for 40,000 stations at once.

Points are summed with array operations; sentences are written only for the
stations that score, so a quiet national plan costs little.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import numpy as np

from electionplan.geo.proximity import pairs_within
from electionplan.risk.results import EventResult, Factor, StationResult, plural
from electionplan.risk.ruleset import Ruleset
from electionplan.domain.timefmt import parse_time


def _polling_day_flashpoints(events: list[EventResult], snapshot: dict[str, Any], rules: Ruleset) -> list[EventResult]:
    polling_day = dt.date.fromisoformat(snapshot["election"]["polling_day"])
    opens = dt.datetime.combine(polling_day, dt.time.fromisoformat(rules["presence"]["poll_open"]))
    closes = dt.datetime.combine(polling_day, dt.time.fromisoformat(rules["presence"]["poll_close"]))
    return [e for e in events if e.flashpoint and parse_time(e.start) < closes and parse_time(e.end) > opens]


def assess_stations(snapshot: dict[str, Any], rules: Ruleset, events: list[EventResult]) -> list[StationResult]:
    r = rules["station"]
    stations = snapshot["stations"]
    if not stations:
        return []
    count = len(stations)
    points = np.zeros(count, dtype=float)

    intimidation = np.array([bool(s.get("intimidation_history")) for s in stations])
    electorate = np.array([s.get("electorate") or 0 for s in stations], dtype=float)
    concerns = np.array([bool((s.get("concerns") or "").strip()) for s in stations])
    index_of = {s["id"]: k for k, s in enumerate(stations)}
    incidents_at: dict[int, list[dict]] = defaultdict(list)
    for incident in snapshot["incidents"]:
        k = index_of.get(incident.get("station_id"))
        if k is not None:
            incidents_at[k].append(incident)
    has_incident = np.zeros(count, dtype=bool)
    has_incident[list(incidents_at)] = True

    flashpoints = _polling_day_flashpoints(events, snapshot, rules)
    venues = {v["id"]: v for v in snapshot["venues"]}
    fp_e = np.array([(venues.get(f.venue_id) or {}).get("easting") or np.nan for f in flashpoints], dtype=float)
    fp_n = np.array([(venues.get(f.venue_id) or {}).get("northing") or np.nan for f in flashpoints], dtype=float)
    st_e = np.array([np.nan if s.get("easting") is None else s["easting"] for s in stations], dtype=float)
    st_n = np.array([np.nan if s.get("northing") is None else s["northing"] for s in stations], dtype=float)
    near_flashpoint: dict[int, tuple[int, float]] = {}
    if flashpoints:
        src, tgt, dist = pairs_within(st_e, st_n, fp_e, fp_n, r["radius_m"])
        for k, f, d in zip(src.tolist(), tgt.tolist(), dist.tolist()):
            if k not in near_flashpoint or d < near_flashpoint[k][1]:
                near_flashpoint[k] = (f, d)
    near = np.zeros(count, dtype=bool)
    near[list(near_flashpoint)] = True

    large = electorate >= r["large_electorate"]
    points += np.where(intimidation | has_incident, r["intimidation_history"], 0)
    points += np.where(near, r["flashpoint_nearby"], 0)
    points += np.where(large, r["large_electorate_points"], 0)
    points += np.where(concerns, r["concerns"], 0)
    points += np.where(has_incident, r["earlier_incident"], 0)
    rag = np.where(points >= r["red_at"], "red", np.where(points >= r["amber_at"], "amber", "green"))

    results = []
    for k, station in enumerate(stations):
        factors: list[Factor] = []
        if points[k] > 0:
            if intimidation[k] or has_incident[k]:
                factors.append(Factor("intimidation_history", r["intimidation_history"], "History of intimidation or disorder at this station."))
            if has_incident[k]:
                latest = max(incidents_at[k], key=lambda i: i["occurred_at"])
                factors.append(
                    Factor(
                        "earlier_incident",
                        r["earlier_incident"],
                        f"{plural(len(incidents_at[k]), 'earlier incident')} recorded here; the latest: "
                        f"{latest['kind'].lower()} on {parse_time(latest['occurred_at']):%d/%m/%Y}.",
                    )
                )
            if near[k]:
                f, d = near_flashpoint[k]
                factors.append(
                    Factor("flashpoint_nearby", r["flashpoint_nearby"], f"A polling-day flashpoint, '{flashpoints[f].name}', is {d:.0f} m away.")
                )
            if large[k]:
                factors.append(
                    Factor("large_electorate", r["large_electorate_points"], f"Large electorate ({int(electorate[k]):,}).")
                )
            if concerns[k]:
                factors.append(Factor("concerns", r["concerns"], f"Concern noted: {station['concerns'].strip()}"))
        results.append(
            StationResult(
                id=station["id"],
                name=station["name"],
                constituency_id=station.get("constituency_id"),
                points=float(points[k]),
                rag=str(rag[k]),
                factors=factors,
            )
        )
    order = {"red": 0, "amber": 1, "green": 2}
    results.sort(key=lambda s: (order[s.rag], -s.points, s.name, s.id))
    return results
