"""Patrol routes: which stations each patrol visits, in what order, and how far and long it drives.

The routing is PyVRP's (a capacitated vehicle routing solver): each
constituency is its own problem, so a national plan of 40,000 stations is 650
problems of about 60 stations, solved in turn. A patrol's load is its visits
(a red station is visited more often than an amber one), and its route must let
it make every visit within the polling hours of its shortest shift and stay
within the ruleset's longest route. Travel time is the straight-line distance
times a circuity factor, at a speed: urban or rural (from the ruleset), a
station being urban when another station stands near it.

A route is driven as a beat: out along the stations and back, each pass
spread evenly across the shift, as many passes as its most-visited station
needs. The search starts from the spatial clusters (see patrols.py), already cut
to keep the limits, and only ever shortens them, with as many patrols as they
had: the demand counts those without routing, and the deployment staffs the
same number. The same plan always gives the
same routes (a fixed seed and a fixed number of iterations, never a time limit).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from electionplan.risk.ruleset import Ruleset
from electionplan.risk.shifts import shift_windows

SECONDS = 60  # durations are solved in whole seconds, reported in minutes


@dataclass(frozen=True)
class RouteRules:
    circuity: tuple[float, float]  # urban, rural
    speed_kmh: tuple[float, float]  # urban, rural
    urban_spacing_m: float
    visit_minutes: float
    max_route_km: float
    window_minutes: float  # the polling hours within the shortest patrolled shift
    visits_per_patrol: int

    @classmethod
    def of(cls, rules: Ruleset, window_minutes: float) -> RouteRules:
        r = rules.deployment.routes
        return cls((float(r.circuity["urban"]), float(r.circuity["rural"])),
                   (float(r.speed_kmh["urban"]), float(r.speed_kmh["rural"])), float(r.urban_spacing_m),
                   float(r.visit_minutes), float(r.max_route_km), window_minutes,
                   int(rules.deployment.visits_per_patrol))


def polling_windows(rules: Ruleset, day: dt.date) -> dict[tuple[dt.date, str], tuple[dt.datetime, dt.datetime]]:
    """Each shift's part of polling day's polling hours: when its patrols make their visits."""
    p = rules.presence
    opens = dt.datetime.combine(day, dt.time.fromisoformat(p.poll_open))
    closes = dt.datetime.combine(day, dt.time.fromisoformat(p.poll_close))
    found = {}
    for first in (day - dt.timedelta(days=1), day):
        for shift, start, end in shift_windows(first, rules):
            if start < closes and end > opens:
                found[(first, shift)] = (max(start, opens), min(end, closes))
    return found


def polling_window_minutes(rules: Ruleset, day: dt.date) -> float:
    """The polling hours within the shortest shift that overlaps them: the time a patrol has for its visits."""
    spans = [(end - start).total_seconds() / 60 for start, end in polling_windows(rules, day).values()]
    return min(spans, default=60.0)


def route_rules(rules: Ruleset) -> RouteRules:
    return RouteRules.of(rules, polling_window_minutes(rules, dt.date(2001, 1, 1)))  # any day: shifts repeat daily


def split_at_limits(points: np.ndarray, visits: np.ndarray, boundaries: np.ndarray, rr: RouteRules) -> np.ndarray:
    """Cluster starts, with any cluster whose route (in its given order) breaks a limit cut until none does."""
    if len(points) < 2:
        return boundaries
    ends = np.r_[boundaries[1:], len(points)]
    step = np.r_[0.0, np.hypot(*np.diff(np.nan_to_num(points), axis=0).T)]
    step[boundaries] = 0.0
    # Cheap and safe first: at rural circuity and urban speed no leg is shorter or faster than this.
    worst_m = np.add.reduceat(step, boundaries) * max(rr.circuity)
    worst_s = worst_m / (min(rr.speed_kmh) / 3.6) + (ends - boundaries) * rr.visit_minutes * 60
    most = np.maximum.reduceat(visits, boundaries)
    safe = (worst_m <= rr.max_route_km * 1000) & (worst_s <= rr.window_minutes * 60 / most)
    safe |= (ends - boundaries) < 2
    extra = [a + _cuts(points[a:b], visits[a:b].tolist(), rr)
             for a, b in zip(boundaries[~safe].tolist(), ends[~safe].tolist(), strict=True)]
    return np.sort(np.concatenate([boundaries[safe], *extra])).astype(boundaries.dtype)


def _cuts(points: np.ndarray, visits: list[int], rr: RouteRules) -> np.ndarray:
    if np.isnan(points).any():
        return np.arange(len(points))
    road, seconds = travel(points, rr)
    parts = split(list(range(len(points))), visits, road, seconds, rr)
    return np.array([part[0] for part in parts])


def travel(points: np.ndarray, rr: RouteRules) -> tuple[np.ndarray, np.ndarray]:
    """Road metres and driving seconds between every pair of stations: urban where both ends are, else rural.

    A station is urban when another stands within the ruleset's spacing: a town's stations are close together.
    """
    x, y = points[:, 0], points[:, 1]
    straight = np.hypot(x[:, None] - x, y[:, None] - y)
    diagonal = straight.reshape(-1)[::len(points) + 1]  # a view: each station's distance to itself
    diagonal[:] = np.inf
    is_urban = straight.min(axis=1) <= rr.urban_spacing_m
    diagonal[:] = 0.0
    both = is_urban[:, None] & is_urban
    road = straight * np.where(both, rr.circuity[0], rr.circuity[1])
    seconds = road / np.where(both, rr.speed_kmh[0] / 3.6, rr.speed_kmh[1] / 3.6)
    return road, seconds


def passes(visits: list[int]) -> int:
    return max(visits, default=1)


def route_fits(order: list[int], visits: list[int], road: np.ndarray, seconds: np.ndarray, rr: RouteRules) -> bool:
    """Whether a route keeps every limit: its visits, its length, and every pass within its share of the shift."""
    at = np.asarray(order)
    load = [visits[i] for i in order]
    if sum(load) > rr.visits_per_patrol and len(order) > 1:
        return False
    each_pass = float(seconds[at[:-1], at[1:]].sum()) + len(order) * rr.visit_minutes * 60
    return (float(road[at[:-1], at[1:]].sum()) <= rr.max_route_km * 1000
            and each_pass <= rr.window_minutes * 60 / passes(load))


def split(order: list[int], visits: list[int], road: np.ndarray, seconds: np.ndarray, rr: RouteRules) -> list[list[int]]:
    """A route cut in its visiting order into the fewest leading parts that each keep the limits."""
    parts: list[list[int]] = []
    current: list[int] = []
    for stop in order:
        if current and not route_fits([*current, stop], visits, road, seconds, rr):
            parts.append(current)
            current = []
        current.append(stop)
    return [*parts, current] if current else parts


@dataclass(frozen=True)
class Routes:
    """One constituency's routes, and the leg driven to reach each stop (none to a route's first)."""

    orders: list[list[int]]  # indices into the constituency's stations, in visiting order
    metres: np.ndarray  # by road, stop by stop in the orders' sequence
    seconds: np.ndarray

    @classmethod
    def alone(cls, n: int) -> Routes:
        return cls([[i] for i in range(n)], np.zeros(n), np.zeros(n))


def _legs(routes: list[list[int]], road: np.ndarray, seconds: np.ndarray) -> Routes:
    at = [i for r in routes for i in r]
    legs = (at[:-1], at[1:])
    metres, driving = np.zeros(len(at)), np.zeros(len(at))
    metres[1:], driving[1:] = road[legs], seconds[legs]
    first = np.cumsum([0, *map(len, routes[:-1])])
    metres[first] = driving[first] = 0.0  # no leg across the join between two routes
    return Routes(routes, metres, driving)


def measure(lengths: np.ndarray, metres: np.ndarray, seconds: np.ndarray) -> tuple[list[float], list[float]]:
    """Every route's length in km (one pass) and driving seconds from its first stop to each, all routes at once.

    `lengths` are the routes' stop counts, and metres and seconds each stop's leg, routes one after another.
    """
    first = np.r_[0, np.cumsum(lengths)[:-1]]
    running_m, running_s = np.cumsum(metres), np.cumsum(seconds)
    # Totals restart at each route's first stop, whose own leg is nil.
    running_m -= np.repeat(running_m[first], lengths)
    running_s -= np.repeat(running_s[first], lengths)
    km = np.round(running_m[first + lengths - 1] / 1000, 2)
    return km.tolist(), running_s.tolist()


def solve_routes(points: np.ndarray, visits: list[int], start: list[list[int]], rr: RouteRules,
                 iterations: int = 1) -> Routes:
    """The routes through one constituency's stations (indices into points), starting from `start`.

    One local search always; with `iterations` above 1, that many of PyVRP's iterated local search after it.
    """
    if len(points) <= 1 or np.isnan(points).any():
        return Routes.alone(len(points))
    road, seconds = travel(points, rr)
    found, feasible = _pyvrp(points, visits, start, road, seconds, rr, iterations)
    routes = [r for r in found if r]
    # PyVRP's own check is stricter than route_fits (every pass is held to the constituency's most visits).
    if not feasible:
        routes = start  # the search could not keep to the limits here; the clusters it started from do
    # As many patrols as it started with, which the demand counted: a patrol the search emptied is made
    # again by cutting the route with the longest leg there.
    while len(routes) < len(start):
        legs = [(max(road[a, b] for a, b in zip(r, r[1:], strict=False)), n) for n, r in enumerate(routes) if len(r) > 1]
        _, n = max(legs)
        r = routes.pop(n)
        cut = 1 + max(range(len(r) - 1), key=lambda k: road[r[k], r[k + 1]])
        routes[n:n] = [r[:cut], r[cut:]]
    return _legs([_orient(r, points) for r in routes], road, seconds)


def _orient(route: list[int], points: np.ndarray) -> list[int]:
    # A beat reads from its western (then southern) end, so the same stations always read the same way.
    first, last = points[route[0]], points[route[-1]]
    return route if (first[0], first[1]) <= (last[0], last[1]) else route[::-1]


def _pyvrp(points: np.ndarray, visits: list[int], start: list[list[int]], road: np.ndarray, seconds: np.ndarray,
           rr: RouteRules, iterations: int) -> tuple[list[list[int]], bool]:
    n = len(points)
    # Location 0 is nowhere: a patrol starts and ends its beat at its first and last stations.
    size = n + 1
    distance = np.zeros((size, size), dtype=np.int64)
    duration = np.zeros((size, size), dtype=np.int64)
    distance[1:, 1:] = np.round(road)
    duration[1:, 1:] = np.round(seconds)
    # The matrices carry every distance and time; a location's coordinates would serve only PyVRP's plots.
    parts = _parts()
    locations = [parts.nowhere] * size
    service = int(rr.visit_minutes * SECONDS)
    clients = [parts.client(i, v, service) for i, v in enumerate(visits)]
    most = passes(visits)
    vehicles = [parts.vehicle_type(num_available=len(start), capacity=[rr.visits_per_patrol],
                            shift_duration=int(rr.window_minutes * SECONDS / most),
                            max_distance=int(rr.max_route_km * 1000))]
    data = parts.problem(locations=locations, clients=clients, depots=[parts.depot], vehicle_types=vehicles,
                       distance_matrices=[distance], duration_matrices=[duration])  # type: ignore[list-item]
    search = parts.search(data, _neighbours(distance[1:, 1:], parts))
    best = search(parts.solution(data, start), parts.penalties, exhaustive=True)
    if iterations > 1 and best.is_feasible():
        # A plan small enough for it gets PyVRP's iterated local search too, from the routes found so far.
        from pyvrp import solve
        from pyvrp.stop import MaxIterations

        found = solve(data, MaxIterations(iterations), seed=1, collect_stats=False, display=False,
                      initial_solution=best).best
        if found.is_feasible() and found.distance() <= best.distance():
            best = found
    # A route's text names its clients by index ("C0 C4 C2"): read so, rather than made into an object a visit.
    return ([[int(c) for c in str(route).replace("C", "").split()] for route in best.routes()], best.is_feasible())


NEIGHBOURS = 12  # each station's granular neighbourhood: the nearest it may be moved beside


def _neighbours(distance: np.ndarray, parts: _Parts) -> dict:
    """Each station's nearest stations by road, nearest first: the granular neighbourhood PyVRP's search moves in.

    PyVRP's own compute_neighbours gives the same (its proximity, with no time windows, is the distance both
    ways, ties kept in index order) but builds it anew, object by object, for every constituency.
    """
    n = len(distance)
    near = np.minimum(distance, distance.T)
    np.fill_diagonal(near, np.iinfo(near.dtype).max)  # never its own neighbour
    rows = np.argsort(near, axis=1, kind="stable")[:, :min(NEIGHBOURS, n - 1)].tolist()
    clients = parts.clients(n)
    pick = clients.__getitem__
    return {clients[i]: list(map(pick, row)) for i, row in enumerate(rows)}


class _Parts:
    """PyVRP's immutable pieces that every constituency's problem shares: made once, not per problem."""

    def __init__(self) -> None:
        from pyvrp import (
            Activity,
            ActivityType,
            Client,
            CostEvaluator,
            Depot,
            Location,
            ProblemData,
            RandomNumberGenerator,
            Solution,
            VehicleType,
        )
        from pyvrp.search import LocalSearch, Relocate1, Relocate2, Swap11, Swap21, SwapTails

        self._activity, self._type, self._client = Activity, ActivityType.CLIENT, Client
        self.nowhere, self.depot = Location(0, 0), Depot(location=0)
        self.vehicle_type, self.problem, self.solution = VehicleType, ProblemData, Solution
        self._rng, self._local_search = RandomNumberGenerator, LocalSearch
        self._operators = (Relocate1, Relocate2, Swap11, Swap21, SwapTails)
        # Any excess over a limit costs more than another patrol, so the search ends within the limits where it can.
        self.penalties = CostEvaluator([100_000_000.0], 100_000.0, 100_000.0)
        self._activities: list = []
        self._clients: dict[tuple[int, int, int], object] = {}

    def clients(self, n: int) -> list:
        while len(self._activities) < n:
            self._activities.append(self._activity(self._type, len(self._activities)))
        return self._activities

    def client(self, i: int, visits: int, service: int):
        key = (i, visits, service)
        found = self._clients.get(key)
        if found is None:
            found = self._clients[key] = self._client(i + 1, [visits], [], service)
        return found

    def search(self, data, neighbours: dict):
        search = self._local_search(data, self._rng(seed=1), neighbours)
        for operator in self._operators:
            search.add_operator(operator(data))
        return search


_PARTS: list[_Parts] = []


def _parts() -> _Parts:
    if not _PARTS:
        _PARTS.append(_Parts())
    return _PARTS[0]
