"""Assigning 40,000 points to 650 constituency polygons (issue: geography).

Uses the real ONS July 2024 boundaries when ../shared/data is present,
otherwise 650 synthetic polygons.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import _path  # noqa: F401
import geopandas as gpd
import numpy as np
import pandas as pd

from electionplan.geo.assign import containing_area
from electionplan.geo.layers import points_frame

ONS = Path(__file__).resolve().parents[2] / "shared/data/boundaries/PCON_July2024_UK_BUC.geojson"


def polygons() -> gpd.GeoDataFrame:
    if ONS.exists():
        frame = gpd.read_file(ONS).to_crs(27700)
        return gpd.GeoDataFrame({"id": np.arange(1, len(frame) + 1)}, geometry=frame.geometry.values, crs=27700)
    from electionplan.geo.shapes import from_wkb
    from electionplan.services.synthetic import synthetic_snapshot

    seats = synthetic_snapshot(stations=0, candidates=0, events=0).constituencies
    return gpd.GeoDataFrame({"id": [s.id for s in seats]},
                            geometry=[from_wkb(s.boundary) for s in seats], crs=27700)


def main() -> None:
    areas = polygons()
    # Points drawn inside the polygons, about 62 per seat, as a national station file would be.
    sample = areas.sample_points(size=62, rng=7).explode(index_parts=False)
    xs, ys = sample.x.to_numpy()[:40_000], sample.y.to_numpy()[:40_000]
    points = points_frame(pd.DataFrame({"id": np.arange(len(xs)), "easting": xs, "northing": ys}))
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        result = containing_area(points, areas)
        timings.append(time.perf_counter() - start)
    print(f"source: {'ONS July 2024 BUC' if ONS.exists() else 'synthetic'}; {len(areas)} polygons, {len(points):,} points")
    print(f"assigned {int(result.notna().sum()):,} points; median {statistics.median(timings):.3f} s, best {min(timings):.3f} s over 5 runs")


if __name__ == "__main__":
    main()
