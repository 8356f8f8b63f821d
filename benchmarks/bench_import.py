"""National imports against their floor, measured in the same run (issue 15).

Stations: 40,000 stations in the Trafford Data Lab council-export layout
(id, name, address, postcode, ward_code, ward_name, la_code, la_name, lon, lat),
placed inside the real ONS July 2024 boundaries, with station ids restarting in
every council as real combined lists have them. The floor reads the CSV with
pandas, transforms lon/lat to BNG over whole arrays and does one GeoPandas
sjoin. Boundaries: the ONS file against reading and reprojecting it.
Candidates: the Commons Library list of 4,515 into a 650-seat plan.
Needs ../shared/data.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

import _path  # noqa: F401
import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import Transformer

from electionplan.db.planfile import open_plan_file
from electionplan.geo.boundaries import import_boundaries
from electionplan.importers.candidates import import_candidates
from electionplan.importers.stations import import_stations
from electionplan.services.plans import create_plan

DATA = Path(__file__).resolve().parents[2] / "shared/data"
ONS = DATA / "boundaries/PCON_July2024_UK_BUC.geojson"
HOC = DATA / "candidates/HoC-GE2024-results-by-candidate.csv"
STATIONS = 40_000
RUNS = 3


def national_station_file(target: Path) -> Path:
    """40,000 stations drawn inside the real seats; three seats make one council."""
    seats = gpd.read_file(ONS).to_crs(27700)
    points = seats.sample_points(size=62, rng=7).explode(index_parts=False).iloc[:STATIONS]
    lonlat = gpd.GeoSeries(points.values, crs=27700).to_crs(4326)
    seat_index = points.index.to_numpy()
    council = seat_index // 3
    number_in_council = pd.Series(np.ones(len(points), dtype=int)).groupby(council).cumsum().to_numpy()
    frame = pd.DataFrame({
        "id": number_in_council, "name": [f"Polling station {i}" for i in range(len(points))],
        "address": "High Street", "postcode": "", "ward_code": "", "ward_name": "",
        "la_code": [f"X{c:08d}" for c in council], "la_name": [f"Council {c}" for c in council],
        "lon": lonlat.x.round(6).to_numpy(), "lat": lonlat.y.round(6).to_numpy(),
    })
    frame.to_csv(target, index=False)
    return target


def best(work) -> float:
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        work()
        timings.append(time.perf_counter() - start)
    return min(timings)


def station_floor(path: Path, areas: gpd.GeoDataFrame) -> None:
    frame = pd.read_csv(path, dtype=str)
    easting, northing = Transformer.from_crs(4326, 27700, always_xy=True).transform(
        frame["lon"].astype(float).to_numpy(), frame["lat"].astype(float).to_numpy())
    points = gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(easting, northing), crs=27700)
    gpd.sjoin(points, areas, how="left", predicate="intersects")


def best_in_fresh_plans(work, folder: Path, template: Path) -> float:
    """Best time of `work(plan)`, each run on a fresh copy of the template; opening is not timed."""
    timings = []
    for run in range(RUNS):
        target = folder / f"run{run}-{template.name}"
        shutil.copyfile(template, target)
        with open_plan_file(target) as plan:
            start = time.perf_counter()
            work(plan)
            timings.append(time.perf_counter() - start)
        target.unlink()
    return min(timings)


def main() -> int:
    if not ONS.exists():
        print("../shared/data is not present; nothing to measure.")
        return 0
    folder = Path(tempfile.mkdtemp())
    empty = folder / "empty.eplan"
    create_plan(empty, name="GE", kind="general", polling_day=__import__("datetime").date(2029, 5, 3), force="Bench").close()
    seats = folder / "seats.eplan"
    shutil.copyfile(empty, seats)
    with open_plan_file(seats) as plan:
        import_boundaries(plan, ONS)
    path = national_station_file(folder / "national_stations.csv")
    areas = gpd.read_file(ONS).to_crs(27700)[["PCON24CD", "geometry"]]

    floor = best(lambda: station_floor(path, areas))

    def real_stations(plan) -> None:
        report = import_stations(plan, path)
        assert report.stations == STATIONS, report.summary()

    real = best_in_fresh_plans(real_stations, folder, seats)
    print(f"stations: {STATIONS:,} rows; floor {floor:.2f} s, import {real:.2f} s, ratio {real / floor:.1f}x (target <= 3x)")

    boundary_floor = best(lambda: gpd.read_file(ONS).to_crs(27700))

    boundary_real = best_in_fresh_plans(lambda plan: import_boundaries(plan, ONS), folder, empty)
    print(f"boundaries: 650 areas; floor {boundary_floor:.2f} s, import {boundary_real:.2f} s, "
          f"ratio {boundary_real / boundary_floor:.1f}x (target <= 3x)")

    def real_candidates(plan) -> None:
        assert import_candidates(plan, HOC).count == 4_515

    print(f"candidates: 4,515 into a 650-seat plan in {best_in_fresh_plans(real_candidates, folder, seats):.2f} s "
          "(target < 5 s)")
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
