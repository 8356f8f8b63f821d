"""One shift's deployment as a mixed-integer programme, solved with HiGHS.

Each item (an event, a dedicated station, a patrol cluster) carries a risk
weight and a recommended number of officers. Officers given to an item cover
its risk along the ruleset's concave curve (the first officers cover most), so
the residual risk is convex and the programme needs no more than one integer
per item. Capacity is a hard limit. Items the ruleset always covers (the count,
the declaration) get their full presence whenever the shift can hold them, and
no green-only patrol is staffed while a very-high flashpoint lacks dedicated
officers. The model is built in a fixed order and HiGHS runs single-threaded
with a fixed seed, so the same plan always gives the same allocation.
"""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass

import numpy as np

ALWAYS_WEIGHT = 1_000.0  # when capacity is below what the always-covered items need, they still come first


@dataclass(frozen=True)
class DeployItem:
    key: str
    kind: str  # an event kind, "station" (dedicated) or "patrol"
    label: str
    level: str  # the event's level, or the station's or cluster's RAG
    need: int  # the recommended presence, in officers
    weight: float  # the risk left if it gets no officers
    whole: bool  # staffed whole or not at all (a patrol, a station's officer)
    always: bool = False  # the ruleset always covers it (count, declaration)
    very_high_flashpoint: bool = False
    green_patrol: bool = False
    recommended: bool = True  # the plan recommends this presence; falling short is an accepted risk
    stations: tuple[str, ...] = ()
    constituency_id: int | None = None


@dataclass(frozen=True)
class Allocation:
    officers: tuple[int, ...]  # per item, in the problem's order
    status: str
    gap: float
    always_feasible: bool


def cover(share: float, curve: list[list[float]]) -> float:
    """The share of an item's risk covered by the given share of its recommended officers."""
    xs, ys = [p[0] for p in curve], [p[1] for p in curve]
    return float(np.interp(min(max(share, 0.0), 1.0), xs, ys))


def residual(item: DeployItem, officers: int, curve: list[list[float]]) -> float:
    if item.need <= 0:
        return 0.0
    share = officers / item.need
    return item.weight * (1.0 - (float(officers >= item.need) if item.whole else cover(share, curve)))


@contextlib.contextmanager
def _quiet_stdout():
    # HiGHS prints a banner from C when it starts; the command line's output is ours alone.
    sys.stdout.flush()
    saved = os.dup(1)
    with open(os.devnull, "wb") as null:
        os.dup2(null.fileno(), 1)
    try:
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


class _Model:
    """Columns: x (officers, or 0/1 for whole items), c (cover 0..1), then z (green patrols allowed)."""

    def __init__(self, items: list[DeployItem]):
        self.n = len(items)
        self.rows: list[tuple[list[int], list[float], float, float]] = []
        self.z = 2 * self.n

    def row(self, cols: list[int], vals: list[float], lower: float, upper: float) -> None:
        self.rows.append((cols, vals, lower, upper))


def _build(items: list[DeployItem], capacity: int, curve: list[list[float]], always_feasible: bool) -> tuple:
    model = _Model(items)
    n, inf = model.n, float("inf")
    lower, upper = np.zeros(2 * n + 1), np.ones(2 * n + 1)
    cost = np.zeros(2 * n + 1)
    integer = np.ones(2 * n + 1, dtype=bool)
    integer[n:2 * n] = False
    slopes = [((y2 - y1) / (x2 - x1), x1, y1) for (x1, y1), (x2, y2) in zip(curve, curve[1:], strict=False)]
    for i, item in enumerate(items):
        upper[i] = 1 if item.whole else item.need
        weight = item.weight * (ALWAYS_WEIGHT if item.always and not always_feasible else 1.0)
        cost[n + i] = -weight
        if item.need <= 0:
            upper[n + i] = 0
            continue
        if item.always and always_feasible:
            lower[i] = upper[i]
        if item.whole:
            model.row([n + i, i], [1.0, -1.0], -inf, 0.0)  # covered only if staffed
        else:
            for slope, x0, y0 in slopes:  # c <= y0 + slope * (x / need - x0), for every segment
                model.row([n + i, i], [1.0, -slope / item.need], -inf, y0 - slope * x0)
    model.row(list(range(n)), [float(it.need if it.whole else 1) for it in items], -inf, float(capacity))
    greens = [i for i, it in enumerate(items) if it.green_patrol]
    highs = [i for i, it in enumerate(items) if it.very_high_flashpoint and it.need > 0]
    if greens and highs:
        for g in greens:
            model.row([g, model.z], [1.0, -1.0], -inf, 0.0)
        for v in highs:
            bound = 1.0 if items[v].whole else float(items[v].need)
            model.row([v, model.z], [1.0, -bound], 0.0, inf)
    else:
        upper[model.z] = 0
    return model, lower, upper, cost, integer


def _matrix(model: _Model, columns: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The constraint matrix in compressed-column form."""
    cols = np.array([c for cs, _, _, _ in model.rows for c in cs], dtype=np.int64)
    rows = np.array([r for r, (cs, _, _, _) in enumerate(model.rows) for _ in cs], dtype=np.int64)
    vals = np.array([v for _, vs, _, _ in model.rows for v in vs], dtype=float)
    order = np.lexsort((rows, cols))
    start = np.searchsorted(cols[order], np.arange(columns + 1))
    return start.astype(np.int32), rows[order].astype(np.int32), vals[order]


def solve_shift(items: list[DeployItem], capacity: int, curve: list[list[float]]) -> Allocation:
    """The allocation of a shift's officers that leaves the least risk, weighted by level."""
    import highspy

    if not items:
        return Allocation((), "Optimal", 0.0, True)
    always_need = sum(it.need for it in items if it.always)
    always_feasible = always_need <= capacity
    model, lower, upper, cost, integer = _build(items, capacity, curve, always_feasible)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(cost), len(model.rows)
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = cost, lower, upper
    lp.row_lower_ = np.array([r[2] for r in model.rows], dtype=float)
    lp.row_upper_ = np.array([r[3] for r in model.rows], dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = _matrix(model, len(cost))
    lp.integrality_ = [highspy.HighsVarType.kInteger if flag else highspy.HighsVarType.kContinuous
                       for flag in integer]
    with _quiet_stdout():
        solver = highspy.Highs()
    for option, value in (("output_flag", False), ("threads", 1), ("random_seed", 0), ("mip_rel_gap", 1e-6),
                          ("time_limit", 30.0)):
        solver.setOptionValue(option, value)
    solver.passModel(lp)
    solver.run()
    status = solver.modelStatusToString(solver.getModelStatus())
    values = np.round(np.array(solver.getSolution().col_value[: len(items)]))
    officers = tuple(int(v * it.need) if it.whole else int(v) for v, it in zip(values, items, strict=True))
    return Allocation(officers, status, float(solver.getInfo().mip_gap), always_feasible)
