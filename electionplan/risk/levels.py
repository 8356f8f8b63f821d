"""The one rule from a score to a risk level, against the ruleset's thresholds."""

from __future__ import annotations

from collections.abc import Mapping

LEVEL_ORDER = ("low", "medium", "high", "very_high")


def level_for(score: float, thresholds: Mapping[str, float]) -> str:
    """The highest level whose threshold the score reaches; low below them all."""
    level = "low"
    for name in LEVEL_ORDER[1:]:
        if score >= thresholds[name]:
            level = name
    return level


def level_rank(level: str) -> int:
    return LEVEL_ORDER.index(level)
