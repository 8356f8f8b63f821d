"""What a patrol sergeant is handed: a call sign, the stations in visiting order with where they are, and when.

A patrol drives its route as a beat, out and back, in passes spread evenly
across its shift's polling hours: the first pass out from the first station,
the second back from the last, and so on, each station visited on as many
passes as its rating asks.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import NamedTuple

from electionplan.domain.gridref import to_grid_reference
from electionplan.domain.plandata import PlanSnapshot
from electionplan.risk.patrols import PatrolCluster
from electionplan.risk.ruleset import Ruleset

_MINOR = {"and", "of", "the", "upon", "on", "in", "with", "&"}


class RouteStop(NamedTuple):
    """One stop of a route (a national plan has 40,000: a light record, made fast)."""

    station_id: int
    number: str
    name: str
    council: str
    postcode: str
    easting: float | None
    northing: float | None
    visits: int
    drive_s: float  # driving seconds from the route's first station

    @property
    def grid_ref(self) -> str:
        # Worked out when shown: a national plan's 40,000 are rarely all read.
        if self.easting is None or self.northing is None:
            return "No location"
        return to_grid_reference(self.easting, self.northing)


@dataclass(frozen=True)
class PatrolRoute:
    call_sign: str
    stops: tuple[RouteStop, ...]
    km: float  # one pass, by road
    drive_min: int  # one pass
    passes: int
    visit_minutes: float


def initials(name: str) -> str:
    """A constituency's initials for a call sign: "Wyvernbridge and Ashcombe" gives "WA"."""
    words = [w for w in re.split(r"[^A-Za-z]+", name) if w and w.lower() not in _MINOR]
    return "".join(w[0].upper() for w in words)[:4] or "P"


def call_signs(clusters: list[PatrolCluster], snapshot: PlanSnapshot) -> dict[str, str]:
    """Each patrol's call sign: its constituency's initials (told apart where two share them) and its number there."""
    # The deployment's items and its routes both name the plan's one set of patrols: worked out once for them.
    held = _SIGNS.get("last")
    if held is not None and held[0] is clusters and held[1] is snapshot:
        return held[2]
    signs = _call_signs(clusters, snapshot)
    _SIGNS["last"] = (clusters, snapshot, signs)
    return signs


_SIGNS: dict[str, tuple[list[PatrolCluster], PlanSnapshot, dict[str, str]]] = {}


def _call_signs(clusters: list[PatrolCluster], snapshot: PlanSnapshot) -> dict[str, str]:
    names = {c.id: c.name for c in snapshot.constituencies}
    prefix: dict[int | None, str] = {}
    taken: set[str] = set()
    for seat in sorted({c.constituency_id for c in clusters}, key=lambda s: (s is None, s or 0)):
        base = initials(names.get(seat, "")) if seat is not None else "NC"
        code, n = base, 1
        while code in taken:
            n += 1
            code = f"{base}{n}"
        taken.add(code)
        prefix[seat] = code
    counts: dict[int | None, int] = {}
    signs = {}
    for c in clusters:
        counts[c.constituency_id] = counts.get(c.constituency_id, 0) + 1
        signs[c.key] = f"{prefix[c.constituency_id]}-{counts[c.constituency_id]:02d}"
    return signs


def patrol_routes(clusters: list[PatrolCluster], snapshot: PlanSnapshot, rules: Ruleset) -> dict[str, PatrolRoute]:
    stations = {s.id: s for s in snapshot.stations}
    signs = call_signs(clusters, snapshot)
    visit = float(rules.deployment.routes.visit_minutes)
    routes = {}
    for c in clusters:
        stops = []
        for sid, visits, drive in zip(c.station_ids, c.station_visits, c.drive_s, strict=True):
            s = stations[sid]
            stops.append(RouteStop(sid, s.station_number, s.name, s.council, s.postcode, s.easting, s.northing, visits,
                                   drive))
        routes[c.key] = PatrolRoute(signs[c.key], tuple(stops), c.km, round((c.drive_s or (0.0,))[-1] / 60), c.passes,
                                    visit)
    return routes


def visit_times(route: PatrolRoute, start: dt.datetime, end: dt.datetime) -> tuple[tuple[str, ...], ...]:
    """Each stop's visit times ("HH:MM"), the passes spread evenly from start to end, out and back."""
    n, total = len(route.stops), route.stops[-1].drive_s if route.stops else 0.0
    dwell = route.visit_minutes * 60
    slot = (end - start).total_seconds() / max(route.passes, 1)
    base = start.hour * 3600 + start.minute * 60
    times: list[list[str]] = [[] for _ in route.stops]
    for p in range(route.passes):
        begin = base + p * slot
        for k, stop in enumerate(route.stops):
            if stop.visits <= p:
                continue
            ahead = stop.drive_s + k * dwell if p % 2 == 0 else (total - stop.drive_s) + (n - 1 - k) * dwell
            minute = int((begin + ahead) // 60) % (24 * 60)
            times[k].append(f"{minute // 60:02d}:{minute % 60:02d}")
    return tuple(tuple(t) for t in times)
