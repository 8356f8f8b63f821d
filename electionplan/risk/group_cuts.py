"""Each routing group's cut at the route limits, remembered by exactly what it depends on.

A group (a constituency's stations the plan recommends a patrol for, or the
rest) is cut into clusters by its visits, and any cluster whose route breaks a
limit is cut again (risk.routes.split_at_limits): the costly part of an
assessment at national scale. A group's cut depends on its stations' ids,
positions and visits, in patrol order, and on the ruleset, and on nothing else,
so an edit of one station re-cuts only its own group: the others are taken from
the last cut, keyed by all of that. Only the last cut's groups are held, so
what is remembered never grows past one plan's.

The routing of each group's clusters is remembered the same way, keyed by the
problem the solver is given (the stations' positions and visits, the clusters
it starts from, the route rules and the search's effort): the solver is
seeded, so the same problem gives the same routes, and an edit re-routes only
the groups it changed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

import numpy as np

from electionplan.risk.routes import RouteRules, Routes, split_at_limits

_HELD: dict[tuple, np.ndarray] = {}  # a group's key -> its cluster starts, from the group's own start
_ROUTED: dict[tuple, Routes] = {}  # a routing problem's key -> its routes
_LOCK = threading.Lock()


def forget_cuts() -> None:
    """Forget every group's cut and routes: the next assessment cuts and routes each afresh, as a new process would."""
    with _LOCK:
        _HELD.clear()
        _ROUTED.clear()


def routing_key(points: np.ndarray, visits: list[int], start: list[list[int]], rr: RouteRules, effort: int) -> tuple:
    """Everything a group's routing depends on."""
    return (np.ascontiguousarray(points).tobytes(), tuple(visits), tuple(map(tuple, start)), rr, effort)


def routed_groups(problems: Iterable[tuple[tuple, Callable[[], Routes]]]) -> list[Routes]:
    """Each problem's routes (given as its key and how to solve it), solving only those the last routing did not."""
    with _LOCK:
        held = dict(_ROUTED)
    keys: list[tuple] = []
    found: list[Routes] = []
    for key, solve in problems:
        routes = held.get(key)
        keys.append(key)
        found.append(solve() if routes is None else routes)
    with _LOCK:
        _ROUTED.clear()
        _ROUTED.update(zip(keys, found, strict=True))
    return found


def split_groups_at_limits(ids: np.ndarray, points: np.ndarray, visits: np.ndarray, group_starts: np.ndarray,
                           boundaries: np.ndarray, rr: RouteRules, rules_key: tuple) -> np.ndarray:
    """split_at_limits over every group, the same cluster starts, recomputing only groups not cut before.

    `group_starts` are where each group starts (each is also a cluster start); `boundaries` every cluster start.
    """
    ends = np.r_[group_starts[1:], len(ids)]
    many = np.flatnonzero(ends - group_starts > 1)  # a lone station is its own cluster: nothing to cut or remember
    with _LOCK:
        held = dict(_HELD)
    keys: list[tuple] = []
    found: list[np.ndarray | None] = []
    for g in many.tolist():
        a, b = int(group_starts[g]), int(ends[g])
        keys.append((rules_key, ids[a:b].tobytes(), points[a:b].tobytes(), visits[a:b].tobytes()))
        found.append(held.get(keys[-1]))
    fresh = [g for g, starts in zip(many.tolist(), found, strict=True) if starts is None]
    # The groups not cut before are cut together, as one problem, each cluster on its own as ever.
    cut = _cut_fresh(points, visits, group_starts, ends, boundaries, fresh, rr) if fresh else {}
    cuts = [cut[g] if starts is None else starts for g, starts in zip(many.tolist(), found, strict=True)]
    with _LOCK:
        _HELD.clear()
        _HELD.update(zip(keys, cuts, strict=True))
    lone = group_starts[ends - group_starts == 1]
    return np.sort(np.concatenate([lone, *(group_starts[g] + s for g, s in zip(many.tolist(), cuts, strict=True))])
                   ).astype(boundaries.dtype)


def _cut_fresh(points: np.ndarray, visits: np.ndarray, group_starts: np.ndarray, ends: np.ndarray,
               boundaries: np.ndarray, fresh: list[int], rr: RouteRules) -> dict[int, np.ndarray]:
    """The fresh groups' cluster starts, from each group's start, by one split_at_limits over them all."""
    rows = np.concatenate([np.arange(group_starts[g], ends[g]) for g in fresh])
    inside = np.zeros(len(points), dtype=bool)
    inside[rows] = True
    where = np.full(len(points), -1, dtype=np.int64)
    where[rows] = np.arange(len(rows))
    starts = split_at_limits(points[rows], visits[rows], where[boundaries[inside[boundaries]]], rr)
    back = rows[starts]  # each new cluster start, in the whole cut's order
    owner = np.searchsorted(group_starts, back, side="right") - 1  # non-decreasing: the rows are in order
    groups, first = np.unique(owner, return_index=True)
    return dict(zip(groups.tolist(), np.split(back - group_starts[owner], first[1:]), strict=True))
