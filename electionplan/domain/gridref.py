"""Ordnance Survey grid references to and from British National Grid metres.

Pure arithmetic on the 100 km square letters, so every layer can print a grid
reference without reaching for the projection library.
"""

from __future__ import annotations

import re

from electionplan.domain.errors import ValidationError


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
