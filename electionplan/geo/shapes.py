"""The one place where stored WKB becomes Shapely geometry, and back."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry


def to_wkb(geometry: BaseGeometry | None) -> bytes | None:
    if geometry is None or geometry.is_empty:
        return None
    return shapely.to_wkb(geometry)


def from_wkb(data: bytes | None) -> BaseGeometry | None:
    if not data:
        return None
    return shapely.from_wkb(data)


def many_from_wkb(blobs: Iterable[bytes | None]) -> np.ndarray:
    """Vectorised WKB decoding; missing blobs become None."""
    array = np.array(list(blobs), dtype=object)
    return shapely.from_wkb(array)
