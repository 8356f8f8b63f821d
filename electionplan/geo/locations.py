"""Locations in every form a SPOC meets, turned into BNG easting/northing.

Easting/northing, latitude/longitude, OS grid references at 6, 8 or 10 figures,
and postcodes from a file the user loaded. Nothing here uses the network.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
from pyproj import Transformer

from electionplan.domain.errors import ValidationError

BNG = "EPSG:27700"
WGS84 = "EPSG:4326"


@lru_cache(maxsize=None)
def _transformer(source: str, target: str) -> Transformer:
    return Transformer.from_crs(source, target, always_xy=True)


def lonlat_to_bng(lon, lat):
    """Vectorised: arrays (or scalars) of lon/lat to easting/northing."""
    return _transformer(WGS84, BNG).transform(lon, lat)


def bng_to_lonlat(easting, northing):
    return _transformer(BNG, WGS84).transform(easting, northing)


def _letters_for(e100k: int, n100k: int) -> str:
    l1 = (19 - n100k) - (19 - n100k) % 5 + (e100k + 10) // 5
    l2 = (19 - n100k) * 5 % 25 + e100k % 5
    l1 += l1 > 7  # the grid skips the letter I
    l2 += l2 > 7
    return chr(l1 + 65) + chr(l2 + 65)


def to_grid_reference(easting: float, northing: float, figures: int = 8) -> str:
    """'SJ 5123 8234' style reference; 8 figures is 10 m, as the plan prints."""
    if figures not in (6, 8, 10):
        raise ValueError("figures must be 6, 8 or 10")
    if not (0 <= easting < 700_000 and 0 <= northing < 1_300_000):
        return ""
    e100k, n100k = int(easting // 100_000), int(northing // 100_000)
    half = figures // 2
    scale = 10 ** (5 - half)
    e = int((easting % 100_000) // scale)
    n = int((northing % 100_000) // scale)
    return f"{_letters_for(e100k, n100k)} {e:0{half}d} {n:0{half}d}"


_GRIDREF_RE = re.compile(r"^([A-HJ-Z]{2})\s*(\d+)\s*(\d*)$")


def parse_grid_reference(text: str) -> tuple[float, float]:
    """The centre of the square a grid reference names, in metres."""
    cleaned = (text or "").strip().upper()
    match = _GRIDREF_RE.match(cleaned)
    if not match:
        raise ValidationError(f"'{text}' is not an OS grid reference such as 'SJ 5123 8234'.", "grid_reference")
    letters, first, second = match.groups()
    digits = first + second
    if len(digits) not in (6, 8, 10) or (second and len(first) != len(second)):
        raise ValidationError(
            f"'{text}' must have 6, 8 or 10 figures, split evenly between easting and northing.",
            "grid_reference",
        )
    l1, l2 = (ord(c) - 65 for c in letters)
    l1 -= l1 > 7
    l2 -= l2 > 7
    e100k = ((l1 - 2) % 5) * 5 + (l2 % 5)
    n100k = (19 - (l1 // 5) * 5) - (l2 // 5)
    if not (0 <= e100k < 7 and 0 <= n100k < 13):
        raise ValidationError(f"'{text}' is outside the British National Grid.", "grid_reference")
    half = len(digits) // 2
    scale = 10 ** (5 - half)
    easting = e100k * 100_000 + int(digits[:half]) * scale + scale / 2
    northing = n100k * 100_000 + int(digits[half:]) * scale + scale / 2
    return easting, northing


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
    return None if np.isnan(value) else value
