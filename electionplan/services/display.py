"""How the plan shows things everywhere: addresses, locations and risk colours."""

from __future__ import annotations

from typing import Any

from electionplan.geo.locations import to_grid_reference


# (background, text) for each risk level and RAG rating: the app, the PDF and
# both maps use these, so a level looks the same wherever it appears.
RISK_PALETTE = {
    "low": ("#2e7d32", "#ffffff"),
    "medium": ("#f2a900", "#1a1a1a"),
    "high": ("#e65100", "#ffffff"),
    "very_high": ("#b71c1c", "#ffffff"),
    "green": ("#2e7d32", "#ffffff"),
    "amber": ("#f2a900", "#1a1a1a"),
    "red": ("#b71c1c", "#ffffff"),
}


def station_address(record: dict[str, Any]) -> str:
    return ", ".join(part for part in (record.get(f"address_{i}") for i in range(1, 5)) if part)


def grid_ref_of(record: dict[str, Any], missing: str = "No location") -> str:
    """The 8-figure OS grid reference of anything with easting/northing."""
    if record.get("easting") is None or record.get("northing") is None:
        return missing
    return to_grid_reference(record["easting"], record["northing"])
