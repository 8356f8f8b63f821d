"""One shift's deployment as a mixed-integer programme, solved tier by tier with HiGHS.

A commander fills a short shift in the order of the ruleset's priorities (the
count first, then very high flashpoints, and so on): each tier is filled as far
as the shift allows and then held, before the next is considered. Officers go
out as whole units (a PSU, a double crew, a patrol), so each item's variable is
its number of units, never a share of one. Units given cover an item's risk
along the ruleset's concave curve (the first units cover most), so the risk
covered is a concave function of the units and needs no more integers. The
model is built in a fixed order and HiGHS runs single-threaded with a fixed
seed, so the same plan always gives the same allocation.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from electionplan.risk.ruleset import TIERS, Ruleset

Curve = Sequence[Sequence[float]]  # the ruleset's cover curve: [share of officers, share of risk covered] points
REST = "the_rest"  # the last of the national default's priorities: every item's risk, by weight


@dataclass(frozen=True)
class DeployItem:
    key: str
    kind: str  # an event kind, "station" (dedicated) or "patrol"
    label: str
    level: str  # the event's level, or the station's or cluster's RAG
    need: int  # the recommended presence, in officers: a whole number of units
    weight: float  # the risk left if it gets no officers
    unit: int = 1  # officers in one unit
    unit_name: str = "officer"  # one unit, as a reader says it: "PSU", "crew", "patrol"
    tier: str = REST  # the tier its full presence is filled in
    first_tier: str = ""  # the tier its first unit is filled in, when earlier than its full presence
    recommended: bool = True  # the plan recommends this presence; falling short is an accepted risk
    stations: tuple[str, ...] = ()
    constituency_id: int | None = None
    supervised: bool = False  # its officers go out under a sergeant the shift provides (not a PSU, with its own)

    @property
    def units(self) -> int:
        return self.need // self.unit if self.unit > 0 else 0


@dataclass(frozen=True)
class Allocation:
    officers: tuple[int, ...]  # per item, in the problem's order: always whole units
    status: str
    gap: float
    supervisors: int = 0  # sergeants supervising the officers deployed, at the ruleset's ratio


def constables_per_sergeant(rules: Ruleset) -> int:
    """The ruleset's supervision ratio: the officers one sergeant supervises, or 0 where it sets none."""
    return int(rules.deployment.constables_per_sergeant or 0)


def supervisors(items: list[DeployItem], officers: list[int] | tuple[int, ...], per_sergeant: int) -> int:
    """The sergeants the supervised officers need: one to every `per_sergeant` (none when no ratio is set)."""
    if per_sergeant <= 0:
        return 0
    return -(-sum(o for o, it in zip(officers, items, strict=True) if it.supervised) // per_sergeant)


def cover(share: float, curve: Curve) -> float:
    """The share of an item's risk covered by the given share of its recommended units."""
    # Piecewise linear between the curve's points, worked as numpy's interp works it (to the same last bit), but
    # without making arrays: it is asked for every item of every shift.
    x = min(max(share, 0.0), 1.0)
    if x <= curve[0][0]:
        return float(curve[0][1])
    for (x1, y1), (x2, y2) in zip(curve, curve[1:], strict=False):
        if x < x2:
            return float((y2 - y1) / (x2 - x1) * (x - x1) + y1)
    return float(curve[-1][1])


def residual(item: DeployItem, officers: int, curve: Curve) -> float:
    if item.units <= 0:
        return 0.0
    return item.weight * (1.0 - cover((officers // item.unit) / item.units, curve))


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


def _raised(items: list[DeployItem], lower: list[int], tier: str) -> list[int]:
    """The units each item has once `tier` is filled in full on top of `lower`."""
    out = list(lower)
    for i, item in enumerate(items):
        if item.tier == tier or tier == REST:
            out[i] = item.units
        elif item.first_tier == tier:
            out[i] = max(out[i], min(1, item.units))
    return out


def _fits(items: list[DeployItem], units: list[int], capacity: int, per_sergeant: int, sergeants: int | None) -> bool:
    """Whether these units fit the shift: their own officers and the sergeants to supervise them, those sergeants
    being no more than the shift records."""
    officers = [u * it.unit for u, it in zip(units, items, strict=True)]
    needed = supervisors(items, officers, per_sergeant)
    return sum(officers) + needed <= capacity and (sergeants is None or needed <= sergeants)


class _Model:
    """Columns: u (units per item), c (share of risk covered, 0..1), then y (first unit given) for split items,
    then s (sergeants supervising) when the ruleset sets a ratio."""

    def __init__(self, items: list[DeployItem], capacity: int, curve: Curve, lower: list[int],
                 per_sergeant: int = 0, sergeants: int | None = None):
        n, inf = len(items), float("inf")
        self.items, self.n = items, n
        self.split = [i for i, it in enumerate(items) if it.first_tier and it.first_tier != it.tier and it.units]
        width = 2 * n + len(self.split) + (per_sergeant > 0)
        self.lower, self.upper = np.zeros(width), np.ones(width)
        self.integer = np.ones(width, dtype=bool)
        self.integer[n:2 * n] = False
        self.rows: list[tuple[list[int], list[float], float, float]] = []
        slopes = [((y2 - y1) / (x2 - x1), x1, y1) for (x1, y1), (x2, y2) in zip(curve, curve[1:], strict=False)]
        for i, item in enumerate(items):
            self.lower[i], self.upper[i] = lower[i], item.units
            if item.units <= 1:  # one unit: the risk covered is the unit itself, so c is not needed
                self.upper[n + i] = 0
                continue
            for slope, x0, y0 in slopes:  # c <= y0 + slope * (u / units - x0), for every segment
                self.rows.append(([n + i, i], [1.0, -slope / item.units], -inf, y0 - slope * x0))
        for k, i in enumerate(self.split):
            self.rows.append(([2 * n + k, i], [1.0, -1.0], -inf, 0.0))  # the first unit counts only if given
        on_shift = (list(range(n)), [float(it.unit) for it in items])
        if per_sergeant > 0:
            # s sergeants supervise up to s * ratio of the officers deployed, and come from the shift's own.
            s = width - 1
            self.upper[s] = capacity if sergeants is None else min(capacity, sergeants)
            watched = [i for i, it in enumerate(items) if it.supervised]
            self.rows.append(([*watched, s], [float(items[i].unit) for i in watched] + [-float(per_sergeant)], -inf,
                              0.0))
            on_shift = ([*on_shift[0], s], [*on_shift[1], 1.0])
        self.rows.append((*on_shift, -inf, float(capacity)))

    def tier_cost(self, tier: str) -> np.ndarray:
        """What filling `tier` is worth (negated, as HiGHS minimises): its items' risk covered, by weight."""
        cost = np.zeros(len(self.lower))
        for i, item in enumerate(self.items):
            if tier == REST or item.tier == tier:
                cost[self.n + i if item.units > 1 else i] = -item.weight
        for k, i in enumerate(self.split):
            if self.items[i].first_tier == tier:
                cost[2 * self.n + k] = -self.items[i].weight
        return cost

    def matrix(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The constraint matrix in compressed-column form."""
        cols = np.array([c for cs, _, _, _ in self.rows for c in cs], dtype=np.int64)
        rows = np.array([r for r, (cs, _, _, _) in enumerate(self.rows) for _ in cs], dtype=np.int64)
        vals = np.array([v for _, vs, _, _ in self.rows for v in vs], dtype=float)
        order = np.lexsort((rows, cols))
        start = np.searchsorted(cols[order], np.arange(len(self.lower) + 1))
        return start.astype(np.int32), rows[order].astype(np.int32), vals[order]


def _solver(model: _Model):
    import highspy

    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(model.lower), len(model.rows)
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = np.zeros(len(model.lower)), model.lower, model.upper
    lp.row_lower_ = np.array([r[2] for r in model.rows], dtype=float)
    lp.row_upper_ = np.array([r[3] for r in model.rows], dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = model.matrix()
    lp.integrality_ = [highspy.HighsVarType.kInteger if flag else highspy.HighsVarType.kContinuous
                       for flag in model.integer]
    with _quiet_stdout():
        solver = highspy.Highs()
    for option, value in (("output_flag", False), ("threads", 1), ("random_seed", 0), ("mip_rel_gap", 1e-9),
                          ("mip_abs_gap", 1e-7), ("time_limit", 30.0)):
        solver.setOptionValue(option, value)
    solver.passModel(lp)
    return solver


def solve_shift(items: list[DeployItem], capacity: int, curve: Curve,
                order: tuple[str, ...] = TIERS, per_sergeant: int = 0, sergeants: int | None = None) -> Allocation:
    """The shift's units, tier by tier: each tier covers all the risk it can, then is held, before the next.

    With a supervision ratio, the supervised officers deployed take a sergeant to every `per_sergeant` from the
    same shift, so a unit is given only when its supervision can be too; where the shift records its sergeants
    (`sergeants`), no more than those supervise. Without a ratio, recorded sergeants change nothing.
    """
    if not items:
        return Allocation((), "Optimal", 0.0)
    lower = [0] * len(items)
    tiers = list(order)
    # A tier that fits in full after those before it is simply given in full: no search is needed.
    while tiers and _fits(items, (raised := _raised(items, lower, tiers[0])), capacity, per_sergeant, sergeants):
        lower = raised
        tiers.pop(0)
    if not tiers:
        return _allocation(items, [u * it.unit for u, it in zip(lower, items, strict=True)], "Optimal", 0.0,
                           per_sergeant)
    model = _Model(items, capacity, curve, lower, per_sergeant, sergeants)
    solver = _solver(model)
    status, gap, columns = "Optimal", 0.0, np.arange(len(model.lower), dtype=np.int32)
    for tier in tiers:
        cost = model.tier_cost(tier)
        if not cost.any():
            continue
        solver.changeColsCost(len(columns), columns, cost)
        solver.run()
        found = solver.modelStatusToString(solver.getModelStatus())
        status = status if found == "Optimal" else found
        gap = max(gap, float(solver.getInfo().mip_gap))
        value = -float(solver.getInfo().objective_function_value)
        used = np.flatnonzero(cost)
        # Held for the tiers after: this tier keeps the risk it covered (to within rounding).
        solver.addRow(value - 1e-7 * max(1.0, abs(value)), float("inf"), len(used), used.astype(np.int32), -cost[used])
    units = np.round(np.array(solver.getSolution().col_value[: len(items)]))
    return _allocation(items, [int(u) * it.unit for u, it in zip(units, items, strict=True)], status, gap, per_sergeant)


def _allocation(items: list[DeployItem], officers: list[int], status: str, gap: float, per_sergeant: int) -> Allocation:
    # The sergeants are the fewest the deployed need: the model's s may sit higher where capacity is spare.
    return Allocation(tuple(officers), status, gap, supervisors(items, officers, per_sergeant))
