"""Polling stations grouped into patrol clusters: nearby stations that one patrol visits in a shift.

Stations are put in a spatial order within their constituency (a Z-order
curve over a 1 km grid, so neighbours on the curve are near each other on the
ground) and cut into clusters by their visits: a red station is visited more
often than an amber one, an amber more than a green, and one patrol makes a
set number of visits a shift (all from the ruleset). The same plan always gives
the same clusters. Stations with a dedicated presence are not patrolled: they
are deployed to one by one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from electionplan.domain.plandata import StationRecord
from electionplan.risk.results import StationResult
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


def _cut(records: tuple[StationRecord, ...], results: list[StationResult], rules: Ruleset) -> _Cut | None:
    deploy = rules["deployment"]
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
    # could sensibly join it to: it is a patrol of its own, its own group.
    alone = np.isnan(easting) | np.isnan(northing) | (seats < 0)
    groups = np.where(alone, -1 - np.arange(len(kept)), seats)
    order = np.lexsort((ids, key, groups))
    ids, seats, groups, rag_index, patrol = ids[order], seats[order], groups[order], rag_index[order], patrol[order]
    visits = np.array([deploy["visits_by_rag"][r] for r in RAGS], dtype=np.int64)[rag_index]
    # Within each constituency, a cluster closes when its patrol's visits are used up.
    seat_start = np.r_[True, groups[1:] != groups[:-1]]
    running = np.cumsum(visits)
    before_seat = np.maximum.accumulate(np.where(seat_start, running - visits, 0))
    cluster = (running - visits - before_seat) // int(deploy["visits_per_patrol"])
    boundaries = np.flatnonzero(seat_start | np.r_[True, cluster[1:] != cluster[:-1]])
    return _Cut(kept, ids, seats, rag_index, patrol, visits, boundaries)


def recommended_patrols(records: tuple[StationRecord, ...], results: list[StationResult], rules: Ruleset) -> int:
    """How many of the patrol clusters the plan recommends (the demand's count, without building them)."""
    cut = _cut(records, results, rules)
    return 0 if cut is None else int(np.logical_or.reduceat(cut.patrol, cut.boundaries).sum())


def patrol_clusters(records: tuple[StationRecord, ...], results: list[StationResult],
                    rules: Ruleset) -> list[PatrolCluster]:
    """The patrol clusters of every station the plan would patrol (or leave to an awareness briefing)."""
    cut = _cut(records, results, rules)
    if cut is None:
        return []
    deploy = rules["deployment"]
    ids, seats, rag_index, patrol, visits = cut.ids, cut.seats, cut.rag_index, cut.patrol, cut.visits
    # A visit the plan does not recommend (to a green station) is worth only a share of its weight.
    weights = np.array([deploy["rag_weight"][r] for r in RAGS], dtype=float)[rag_index]
    weights = np.where(patrol, weights, weights * float(deploy["beyond_recommended"]))
    names = {s.id: s.name for s in cut.kept}
    clusters = []
    for n, (start, end) in enumerate(zip(cut.boundaries, np.r_[cut.boundaries[1:], len(ids)], strict=True)):
        members = ids[start:end]
        seat = int(seats[start])
        clusters.append(PatrolCluster(
            key=f"patrol-{n + 1}", constituency_id=None if seat < 0 else seat,
            station_ids=tuple(int(i) for i in members), station_names=tuple(names[int(i)] for i in members),
            rag=RAGS[int(rag_index[start:end].max())], visits=int(visits[start:end].sum()),
            weight=float(weights[start:end].sum()), recommended=bool(patrol[start:end].any()),
        ))
    return clusters
