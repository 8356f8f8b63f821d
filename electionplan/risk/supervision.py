"""Sergeants at the ruleset's ratio: when the shift's recorded sergeants fall short of what its presence needs, and
when they alone hold an item back though officers are spare. Said in words the shift's account repeats."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from electionplan.domain.display import plural
from electionplan.risk.deploy_solver import DeployItem

NO_SERGEANT_FREE = "too few of the shift's recorded sergeants were left to supervise it, though officers were spare."


def waits_for_sergeant(items: list[DeployItem], officers: Sequence[int], free_officers: int, ratio: int,
                       sergeants: int | None) -> Callable[[DeployItem], bool]:
    """Whether an item's next unit is held back by the recorded sergeants alone: officers enough for it and the
    sergeants it would add, but more sergeants in all than the shift records."""
    supervised = sum(o for o, it in zip(officers, items, strict=True) if it.supervised)
    now = -(-supervised // ratio) if ratio > 0 else 0

    def waits(item: DeployItem) -> bool:
        if ratio <= 0 or sergeants is None or not item.supervised:
            return False
        after = -(-(supervised + item.unit) // ratio)
        return after > sergeants and free_officers - now >= item.unit + after - now
    return waits


def sergeants_short(needed: int, recorded: int | None, per_sergeant: int) -> str:
    """Where a shift's recorded sergeants are fewer than its recommended presence needs at the ratio, that in
    words ("The shift needs 6 sergeants to supervise at 1:8; 4 recorded."); else ""."""
    if not per_sergeant or recorded is None or needed <= recorded:
        return ""
    return f"The shift needs {plural(needed, 'sergeant')} to supervise at 1:{per_sergeant}; {recorded:,} recorded."
