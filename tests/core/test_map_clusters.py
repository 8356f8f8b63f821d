"""Map level of detail: clusters that split as the map zooms in."""

from __future__ import annotations

import numpy as np

from electionplan.services.map_clusters import cluster_points
from electionplan.services.synthetic import synthetic_snapshot


def national_points():
    snapshot = synthetic_snapshot(constituencies=650, stations=40_000, candidates=10, events=10, with_boundaries=False)
    xs = np.array([s.easting for s in snapshot.stations])
    ys = np.array([s.northing for s in snapshot.stations])
    ranks = np.array([2 if s.intimidation_history else 0 for s in snapshot.stations])
    return xs, ys, ranks


def test_national_view_draws_hundreds_not_forty_thousand():
    xs, ys, ranks = national_points()
    clusters = cluster_points(xs, ys, ranks, cell=25_000)
    assert 100 < len(clusters) < 2_000
    assert clusters.count.sum() == len(xs)
    # Every cluster holding a flagged station shows the flag, and its stand-in is flagged.
    for n in np.flatnonzero(clusters.worst == 2)[:50]:
        assert ranks[clusters.first[n]] == 2


def test_zooming_in_splits_clusters_until_points_stand_alone():
    xs, ys, ranks = national_points()
    window = (float(xs.min()), float(ys.min()), float(xs.min()) + 20_000, float(ys.min()) + 20_000)
    coarse = cluster_points(xs, ys, ranks, cell=10_000, window=window)
    fine = cluster_points(xs, ys, ranks, cell=50, window=window)
    inside = ((xs >= window[0]) & (xs <= window[2]) & (ys >= window[1]) & (ys <= window[3])).sum()
    assert coarse.count.sum() == fine.count.sum() == inside
    assert len(fine) > len(coarse)
    singles = fine.count == 1
    assert np.allclose(fine.x[singles], xs[fine.first[singles]]) and np.allclose(fine.y[singles], ys[fine.first[singles]])


def test_nothing_in_the_window_is_empty():
    xs, ys, ranks = np.array([1.0]), np.array([1.0]), np.array([0])
    assert len(cluster_points(xs, ys, ranks, cell=10, window=(5, 5, 6, 6))) == 0
