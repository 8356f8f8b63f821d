"""Which points a map draws at a given zoom: nearby points merge into one cluster.

Points are binned on a square grid whose cell is a fixed number of screen
pixels at the current zoom, so a national plan's 40,000 stations draw as a
few hundred clusters that split as the SPOC zooms in. Vectorised throughout.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Clusters:
    x: np.ndarray  # centroid of each cluster
    y: np.ndarray
    count: np.ndarray  # points in each cluster
    worst: np.ndarray  # the highest rank among its points
    first: np.ndarray  # index of one member: the point itself when count is 1

    def __len__(self) -> int:
        return len(self.count)


def cluster_points(xs: np.ndarray, ys: np.ndarray, ranks: np.ndarray, cell: float,
                   window: tuple[float, float, float, float] | None = None) -> Clusters:
    """Group points into grid cells `cell` units wide, within window (minx, miny, maxx, maxy) if given."""
    index = np.arange(len(xs))
    if window is not None:
        minx, miny, maxx, maxy = window
        inside = (xs >= minx) & (xs <= maxx) & (ys >= miny) & (ys <= maxy)
        index = index[inside]
    if not len(index):
        empty = np.zeros(0)
        return Clusters(empty, empty, empty.astype(np.int64), empty.astype(np.int64), empty.astype(np.int64))
    cx = np.floor(xs[index] / cell).astype(np.int64)
    cy = np.floor(ys[index] / cell).astype(np.int64)
    keys = cx * 4_000_003 + cy  # unique per cell for any grid over Great Britain
    _, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
    inverse = inverse.reshape(-1)
    x = np.bincount(inverse, weights=xs[index]) / counts
    y = np.bincount(inverse, weights=ys[index]) / counts
    worst = np.full(len(counts), np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(worst, inverse, ranks[index].astype(np.int64))
    # The worst point stands for a cluster, so a red station is never hidden behind a green one.
    order = np.lexsort((-ranks[index], inverse))
    starts = np.searchsorted(inverse[order], np.arange(len(counts)))
    first = index[order[starts]]
    return Clusters(x, y, counts, worst, first)


def cluster_figure(count: int) -> str:
    """A group's count as its disc shows it: in full below a thousand, then in thousands to one decimal."""
    if count < 1000:
        return str(count)
    if count < 10_000:
        return f"{count / 1000:.1f}k".replace(".0k", "k")
    return f"{round(count / 1000)}k"
