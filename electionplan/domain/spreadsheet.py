"""Text that a spreadsheet opens safely."""

from __future__ import annotations


def neutralise_formula(value: str) -> str:
    """Spreadsheet formula injection: a cell a spreadsheet would run is made text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
