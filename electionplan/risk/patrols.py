"""Polling stations grouped into patrols: the stations one patrol visits in a shift, in visiting order.

Stations are first put in a spatial order within their constituency (a
Z-order curve over a 1 km grid, so neighbours on the curve are near each other
on the ground) and cut into clusters by their visits: a red station is visited
more often than an amber one, an amber more than a green, and one patrol makes
a set number of visits a shift (all from the ruleset). Those clusters are where
the routing (risk.routes) starts: it moves stations between them and orders
them by travel time, within the shift and the longest route. The same plan
always gives the same patrols. Stations with a dedicated presence are not
patrolled: they are deployed to one by one.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import partial

import numpy as np

from electionplan.domain.plandata import StationRecord
from electionplan.risk.group_cuts import routed_groups, routing_key, split_groups_at_limits
from electionplan.risk.results import StationResult
from electionplan.risk.routes import route_rules
from electionplan.risk.ruleset import RAGS, Ruleset

PATROLLED = frozenset({"none", "awareness", "patrol"})


@dataclass(frozen=True)
class PatrolCluster:
    key: str
    constituency_id: int | None
    station_ids: tuple[int, ...]
    station_names: tuple[str, ...]
    rag: str  # the highest RAG among its stations
    visits: int
    weight: float  # the stations' RAG weights (a share for those not recommended a patrol): the risk left unvisited
    recommended: bool  # the plan recommends a patrol for at least one of its stations
    call_sign: str = ""  # e.g. "WA-03": its constituency's initials and its number there
    station_visits: tuple[int, ...] = ()  # each station's visits a shift, in visiting order
    drive_s: tuple[float, ...] = ()  # driving seconds from the first station to each, along the route
    km: float = 0.0  # one pass along the route, by road
    passes: int = 1  # out and back: as many passes as its most-visited station needs


def _spread(values: np.ndarray) -> np.ndarray:
    """Interleave zero bits between a 16-bit number's bits (for a Z-order key)."""
    v = values.astype(np.uint32) & 0xFFFF
    v = (v | (v << 8)) & 0x00FF00FF
    v = (v | (v << 4)) & 0x0F0F0F0F
    v = (v | (v << 2)) & 0x33333333
    return (v | (v << 1)) & 0x55555555


def _zorder(easting: np.ndarray, northing: np.ndarray) -> np.ndarray:
    e = np.nan_to_num(easting, nan=0.0) // 1000
    n = np.nan_to_num(northing, nan=0.0) // 1000
    return _spread(e) | (_spread(n) << 1)


@dataclass(frozen=True)
class _Cut:
    """The patrolled stations in patrol order, and where each cluster starts among them."""

    kept: list[StationRecord]
    ids: np.ndarray
    seats: np.ndarray
    rag_index: np.ndarray
    patrol: np.ndarray
    visits: np.ndarray
    boundaries: np.ndarray
    points: np.ndarray  # easting, northing in patrol order (NaN where unknown)
    names: dict[int, str]
    groups: np.ndarray  # each station's routing problem: its constituency and whether the plan recommends a patrol


def _cut(records: tuple[StationRecord, ...], results: list[StationResult], rules: Ruleset) -> _Cut | None:
    return _remembered("cut", records, results, rules, _cut_afresh)


def _cut_afresh(records: tuple[StationRecord, ...], results: list[StationResult], rules: Ruleset) -> _Cut | None:
    deploy = rules.deployment
    option = {r.id: r.presence.option if r.presence else "none" for r in results}
    rag = {r.id: r.rag for r in results}
    kept = [s for s in records if option.get(s.id) in PATROLLED]
    if not kept:
        return None
    ids = np.array([s.id for s in kept], dtype=np.int64)
    seats = np.array([-1 if s.constituency_id is None else s.constituency_id for s in kept], dtype=np.int64)
    rag_index = np.array([RAGS.index(rag[s.id]) for s in kept], dtype=np.int64)
    patrol = np.array([option[s.id] == "patrol" for s in kept])
    easting = np.array([np.nan if s.easting is None else s.easting for s in kept], dtype=float)
    northing = np.array([np.nan if s.northing is None else s.northing for s in kept], dtype=float)
    key = _zorder(easting, northing)
    # A station with no location, or in no constituency, has no neighbours a patrol
    # could sensibly join it to: it is a patrol of its own, its own group. Stations the plan
    # recommends a patrol for are patrolled apart from the rest, so a patrol is recommended
    # or not as a whole, and the demand counts them without routing.
    alone = np.isnan(easting) | np.isnan(northing) | (seats < 0)
    groups = np.where(alone, -1 - np.arange(len(kept)), seats * 2 + patrol)
    order = np.lexsort((ids, key, groups))
    ids, seats, groups, rag_index, patrol = ids[order], seats[order], groups[order], rag_index[order], patrol[order]
    points = np.column_stack([easting, northing])[order]
    visits = np.array([deploy.visits_by_rag[r] for r in RAGS], dtype=np.int64)[rag_index]
    # Within each constituency, a cluster closes when its patrol's visits are used up.
    seat_start = np.r_[True, groups[1:] != groups[:-1]]
    running = np.cumsum(visits)
    before_seat = np.maximum.accumulate(np.where(seat_start, running - visits, 0))
    cluster = (running - visits - before_seat) // int(deploy.visits_per_patrol)
    boundaries = np.flatnonzero(seat_start | np.r_[True, cluster[1:] != cluster[:-1]])
    # Only the groups whose stations changed since the last cut are cut again (an edit changes one constituency's).
    boundaries = split_groups_at_limits(ids, points, visits, np.flatnonzero(seat_start), boundaries, route_rules(rules),
                                        (rules.sha256, rules.written_schema))
    return _Cut(kept, ids, seats, rag_index, patrol, visits, boundaries, points, {s.id: s.name for s in kept}, groups)


def recommended_patrols(records: tuple[StationRecord, ...], results: list[StationResult], rules: Ruleset) -> int:
    """How many of the patrols the plan recommends: the demand's count, without routing them.

    Routing keeps each constituency's number of patrols, and a patrol is wholly recommended or not
    (see _cut), so this is the number the deployment staffs.
    """
    cut = _cut(records, results, rules)
    return 0 if cut is None else int(cut.patrol[cut.boundaries].sum())


def spatial_clusters(records: tuple[StationRecord, ...], results: list[StationResult],
                     rules: Ruleset) -> list[tuple[int, ...]]:
    """The spatial clusters the routing starts from, as station ids: what patrols were before they were routed."""
    cut = _cut(records, results, rules)
    if cut is None:
        return []
    ends = np.r_[cut.boundaries[1:], len(cut.ids)]
    return [tuple(int(i) for i in cut.ids[a:b]) for a, b in zip(cut.boundaries, ends, strict=True)]


def patrol_clusters(records: tuple[StationRecord, ...], results: list[StationResult],
                    rules: Ruleset) -> list[PatrolCluster]:
    """The patrols of every station the plan would patrol (or leave to an awareness briefing), routed."""
    return _remembered("routes", records, results, rules, _routed)


def _remembered(what: str, records, results, rules: Ruleset, work):
    # The assessment's demand and the deployment of one plan state share one cut and one routing.
    key = (id(records), id(results), rules.sha256, rules.written_schema)
    held = _LAST.get(what)
    if held is not None and held[0] == key:
        return held[1]
    found = work(records, results, rules)
    _LAST[what] = (key, found, records, results)  # held, so the ids in the key stay theirs
    return found


_LAST: dict[str, tuple] = {}
THOROUGH_UP_TO = 5_000  # patrolled stations
THOROUGH_ITERATIONS = 300


def _routed(records: tuple[StationRecord, ...], results: list[StationResult], rules: Ruleset) -> list[PatrolCluster]:
    from electionplan.risk.routes import measure, solve_routes

    cut = _cut(records, results, rules)
    if cut is None:
        return []
    rr = route_rules(rules)
    visits = cut.visits.tolist()
    # Each constituency is its own routing problem (twice: the patrols the plan recommends, and the rest).
    starts = np.flatnonzero(np.concatenate([[True], cut.groups[1:] != cut.groups[:-1]])).tolist()
    firsts = cut.boundaries.tolist()
    # A force's plan is searched thoroughly; a national one (tens of thousands of stations) gets one local
    # search per constituency, so it deploys in seconds. A fixed count, never a time: the same plan, the same routes.
    effort = THOROUGH_ITERATIONS if len(visits) <= THOROUGH_UP_TO else 1
    problems = []
    for a, b in zip(starts, [*starts[1:], len(visits)], strict=True):
        inner = [x - a for x in firsts[bisect_left(firsts, a):bisect_left(firsts, b)]] + [b - a]
        start = [list(range(x, y)) for x, y in zip(inner, inner[1:], strict=False)]
        args = (cut.points[a:b], visits[a:b], start, rr, effort)
        problems.append((routing_key(*args), partial(solve_routes, *args)))
    order: list[int] = []  # every patrolled station, route after route, in visiting order
    lengths: list[int] = []
    metres, seconds = [], []
    # Only the groups the last routing did not solve are solved (an edit changes few).
    for a, routes in zip(starts, routed_groups(problems), strict=True):
        for route in routes.orders:
            order.extend(a + i for i in route)
            lengths.append(len(route))
        metres.append(routes.metres)
        seconds.append(routes.seconds)
    return _clusters(cut, np.array(order), np.array(lengths), *measure(np.array(lengths), np.concatenate(metres),
                                                                        np.concatenate(seconds)), _weights(rules))


def _weights(rules: Ruleset) -> np.ndarray:
    """Each RAG's weight, when a patrol is not recommended (row 0) and when it is (row 1)."""
    # A visit the plan does not recommend (to a green station) is worth only a share of its weight.
    deploy = rules.deployment
    full = np.array([float(deploy.rag_weight[r]) for r in RAGS])
    return np.vstack([full * float(deploy.beyond_recommended), full])


def _clusters(cut: _Cut, order: np.ndarray, lengths: np.ndarray, km: list[float], drive_s: list[float],
              weights: np.ndarray) -> list[PatrolCluster]:
    """The routed patrols, their figures summed per route for all routes at once."""
    first = np.r_[0, np.cumsum(lengths)[:-1]]
    visits, rag = cut.visits[order], cut.rag_index[order]
    patrol = cut.patrol[order]
    per_rag = np.maximum.reduceat(rag, first).tolist()
    total = np.add.reduceat(visits, first).tolist()
    weight = np.add.reduceat(weights[patrol.astype(int), rag], first).tolist()
    recommended = np.logical_or.reduceat(patrol, first).tolist()
    most = np.maximum.reduceat(visits, first).tolist()
    seat = cut.seats[order[first]].tolist()
    ids, visit_list = cut.ids[order].tolist(), visits.tolist()
    names = [cut.names[i] for i in ids]
    clusters = []
    for n, (a, size) in enumerate(zip(first.tolist(), lengths.tolist(), strict=True)):
        b = a + size
        clusters.append(PatrolCluster(
            key=f"patrol-{n + 1}", constituency_id=None if seat[n] < 0 else seat[n], station_ids=tuple(ids[a:b]),
            station_names=tuple(names[a:b]), rag=RAGS[per_rag[n]], visits=total[n], weight=weight[n],
            recommended=recommended[n], station_visits=tuple(visit_list[a:b]), drive_s=tuple(drive_s[a:b]), km=km[n],
            passes=most[n]))
    return clusters
