"""How the plan shows things everywhere: addresses, locations and risk colours."""

from __future__ import annotations

import math
from typing import Protocol

from electionplan.domain.gridref import to_grid_reference

# (background, text) for each risk level and RAG rating: the app, the PDF and
# both maps use these, so a level looks the same wherever it appears.
RISK_PALETTE = {
    "low": ("#2e7d32", "#ffffff"),
    "medium": ("#f2a900", "#1a1a1a"),
    "high": ("#e65100", "#1a1a1a"),  # dark text: white on this orange is under 4.5:1
    "very_high": ("#b71c1c", "#ffffff"),
    "green": ("#2e7d32", "#ffffff"),
    "amber": ("#f2a900", "#1a1a1a"),
    "red": ("#b71c1c", "#ffffff"),
}


class Located(Protocol):
    @property
    def easting(self) -> float | None: ...

    @property
    def northing(self) -> float | None: ...


class Addressed(Protocol):
    @property
    def address_1(self) -> str: ...

    @property
    def address_2(self) -> str: ...

    @property
    def address_3(self) -> str: ...

    @property
    def address_4(self) -> str: ...


def station_address(record: Addressed) -> str:
    return ", ".join(part for part in (record.address_1, record.address_2, record.address_3, record.address_4) if part)


def grid_ref_of(record: Located | None, missing: str = "No location") -> str:
    """The 8-figure OS grid reference of anything with easting/northing."""
    if record is None or record.easting is None or record.northing is None:
        return missing
    return to_grid_reference(record.easting, record.northing)


def round_up_nice(value: float, slack: float = 1.0) -> float:
    """The smallest 1, 2 or 5 times a power of ten that is at least value × slack."""
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value * slack:
            return step * power
    return 10 * power


def chart_ticks(peak: float, count: int = 5) -> list[float]:
    """Round axis values from 0 past peak, in about count steps: 0, 10, 20, 30, 40, 50."""
    step = max(round_up_nice(max(peak, 1) / count), 1)
    ticks = [0.0]
    while ticks[-1] < peak:
        ticks.append(ticks[-1] + step)
    return ticks


def in_brief(value: object, limit: int = 160) -> str:
    """A value for a one-line listing: a long text is cut at a word and says how long it was."""
    text = " ".join(str(value).split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return f"{cut}… ({len(text):,} characters)"


def plural(count: int, noun: str) -> str:
    """'1 threat report', '4,484 patrols': a national plan's counts are read with their thousands marked."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"
