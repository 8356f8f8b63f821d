"""Spatial questions the risk engine asks, answered with STRtree.

Inputs are plain coordinate arrays (BNG metres, NaN where unknown), so callers
need not build GeoDataFrames; every query is one vectorised tree query.
"""

from __future__ import annotations

import numpy as np
import shapely
from shapely import STRtree


def _points(easting, northing) -> np.ndarray:
    e = np.asarray(easting, dtype=float)
    n = np.asarray(northing, dtype=float)
    located = ~(np.isnan(e) | np.isnan(n))
    geoms = np.full(len(e), None, dtype=object)
    if located.any():
        geoms[located] = shapely.points(e[located], n[located])
    return geoms


def pairs_within(
    source_e, source_n, target_e, target_n, radius: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All (source index, target index, distance) with distance <= radius."""
    sources = _points(source_e, source_n)
    targets = _points(target_e, target_n)
    if not len(sources) or not len(targets):
        empty = np.array([], dtype=int)
        return empty, empty, np.array([], dtype=float)
    tree = STRtree(targets)
    src, tgt = tree.query(sources, predicate="dwithin", distance=radius)
    distances = shapely.distance(sources[src], targets[tgt]) if len(src) else np.array([], dtype=float)
    order = np.lexsort((tgt, src))
    return src[order], tgt[order], np.asarray(distances)[order]


def within_radius(easting: float, northing: float, target_e, target_n, radius: float) -> np.ndarray:
    """Indices of the targets within radius of one point, nearest first."""
    _, tgt, dist = pairs_within([easting], [northing], target_e, target_n, radius)
    return tgt[np.argsort(dist, kind="stable")]


def overlapping_pairs_within(easting, northing, starts, ends, radius: float) -> list[tuple[int, int, float]]:
    """Pairs of things (i < j) within radius of each other whose times overlap.

    starts and ends are numpy datetime64 (or comparable) arrays.
    """
    src, tgt, dist = pairs_within(easting, northing, easting, northing, radius)
    keep = src < tgt
    src, tgt, dist = src[keep], tgt[keep], dist[keep]
    starts, ends = np.asarray(starts), np.asarray(ends)
    overlap = (starts[src] < ends[tgt]) & (starts[tgt] < ends[src])
    return list(zip(src[overlap].tolist(), tgt[overlap].tolist(), dist[overlap].tolist(), strict=False))


def distance_between(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float | None:
    """Straight-line distance in metres between two located things."""
    if a is None or b is None or any(v is None for v in (*a, *b)):
        return None
    return float(np.hypot(a[0] - b[0], a[1] - b[1]))
