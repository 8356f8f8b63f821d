"""Random small shifts for the deployment solver's tests, and what an allocation of one is worth, priority by priority."""

from __future__ import annotations

import random

from electionplan.risk.deploy_solver import REST, DeployItem, residual
from electionplan.risk.ruleset import TIERS, default_ruleset_path

CURVE = [[0, 0], [0.5, 0.7], [1, 1]]


def random_shift(rng: random.Random) -> tuple[list[DeployItem], int, tuple[str, ...]]:
    """A few items in random tiers, each a whole number of units, and a ruleset's order of priorities."""
    items = []
    for n in range(rng.randint(2, 5)):
        unit, tier = rng.choice([1, 2, 3, 25]), rng.choice(TIERS)
        first = rng.choice([t for t in TIERS if t != tier]) if rng.random() < 0.25 else ""
        items.append(DeployItem(key=f"item {n}", kind="hustings", label=f"item {n}", level="high",
                                need=unit * rng.randint(1, 3), weight=float(rng.choice([1, 2.5, 4, 8, 11])), unit=unit,
                                unit_name="unit", tier=tier, first_tier=first))
    order = tuple(rng.sample(TIERS, len(TIERS)))
    return items, rng.randint(0, sum(i.need for i in items) + 1), order


def tier_values(items: list[DeployItem], officers: tuple[int, ...], order: tuple[str, ...]) -> tuple[float, ...]:
    """What each priority covers, in the ruleset's order: the allocation's worth, compared lexicographically."""
    values = []
    for tier in order:
        total = 0.0
        for item, given in zip(items, officers, strict=True):
            if tier == REST or item.tier == tier:
                total += item.weight - residual(item, given, CURVE)
            elif item.first_tier == tier and given >= item.unit:
                total += item.weight
        values.append(round(total, 6))
    return tuple(values)


PSU_LINE = "psu = { inspector = 1, sergeant = 3, constable = 18, driver = 3 }"


def with_ratio(ratio: object) -> str:
    text = default_ruleset_path().read_text(encoding="utf-8")
    assert PSU_LINE in text
    return text.replace(PSU_LINE, f"{PSU_LINE}\nconstables_per_sergeant = {ratio}")


def supervised_shift(seed: int):
    """A random small shift whose non-PSU items go out under sergeants, one to every 1 to 4 officers."""
    rng = random.Random(seed)
    items, capacity, order = random_shift(rng)
    items = [type(i)(**{**i.__dict__, "supervised": i.unit != 25 and rng.random() < 0.8}) for i in items]
    return items, capacity, order, rng.randint(1, 4)


QUIET = ("2027-01-22", "early", 10)  # the day after polling day: the count is overnight, nothing is asked of it


def quiet_of(shifts: list[dict]) -> dict:
    (found,) = [s for s in shifts if (s["date"], s["shift"]) == QUIET[:2]]
    return found
