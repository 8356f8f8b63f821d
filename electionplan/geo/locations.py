"""Locations in every form a SPOC meets, turned into BNG easting/northing.

Easting/northing, latitude/longitude, OS grid references at 6, 8 or 10 figures,
and postcodes from a file the user loaded. Nothing here uses the network.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
from pyproj import Transformer

from electionplan.domain.errors import ValidationError
from electionplan.domain.gridref import parse_grid_reference

BNG = "EPSG:27700"
WGS84 = "EPSG:4326"


@cache
def _transformer(source: str, target: str) -> Transformer:
    return Transformer.from_crs(source, target, always_xy=True)


def lonlat_to_bng(lon, lat):
    """Vectorised: arrays (or scalars) of lon/lat to easting/northing."""
    return _transformer(WGS84, BNG).transform(lon, lat)


def bng_to_lonlat(easting, northing):
    return _transformer(BNG, WGS84).transform(easting, northing)


def parse_location(text: str, postcode_lookup=None) -> tuple[float, float]:
    """Read whatever the SPOC typed: grid reference, 'E,N', 'lat,lon' or a postcode."""
    cleaned = (text or "").strip()
    numbers = re.findall(r"-?\d+(?:\.\d+)?", cleaned)
    if re.fullmatch(r"[A-Za-z]{2}[\d\s]+", cleaned):
        return parse_grid_reference(cleaned)
    if len(numbers) == 2 and re.fullmatch(r"\s*-?[\d.]+\s*[, ]\s*-?[\d.]+\s*", cleaned):
        a, b = float(numbers[0]), float(numbers[1])
        if abs(a) <= 90 and abs(b) <= 180 and ("." in numbers[0] or "." in numbers[1]) and a > 40:
            easting, northing = lonlat_to_bng(b, a)  # written as lat, lon
            return float(easting), float(northing)
        return a, b
    if postcode_lookup is not None:
        found = postcode_lookup(cleaned)
        if found is not None:
            return found
    raise ValidationError(
        f"Cannot read '{text}' as a location: give a grid reference, 'easting, northing', "
        "'latitude, longitude' or a postcode from a loaded postcode file.",
        "location",
    )


def nan_to_none(value) -> float | None:
    if value is None:
        return None
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if np.isfinite(value) else None
