"""How a record's address and location are written wherever the plan shows them."""

from __future__ import annotations

from typing import Any

from electionplan.geo.locations import to_grid_reference


def station_address(record: dict[str, Any]) -> str:
    return ", ".join(part for part in (record.get(f"address_{i}") for i in range(1, 5)) if part)


def grid_ref_of(record: dict[str, Any], missing: str = "No location") -> str:
    """The 8-figure OS grid reference of anything with easting/northing."""
    if record.get("easting") is None or record.get("northing") is None:
        return missing
    return to_grid_reference(record["easting"], record["northing"])
