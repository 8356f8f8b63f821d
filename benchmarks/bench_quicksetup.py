"""Quick setup from the national boundary file to a PDF (issue: by-election quick setup).

Needs ../shared/data (the ONS boundaries, Code-Point WA postcodes and the
Commons Library candidate list). Stations: 60 postcodes inside Runcorn and Helsby.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
import time
from pathlib import Path

import _path  # noqa: F401
import geopandas as gpd
import pandas as pd
import shapely

from electionplan.services.export import export_pdf
from electionplan.services.quicksetup import quick_setup

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        seat = gpd.read_file(DATA / "boundaries/PCON_July2024_UK_BUC.geojson").to_crs(27700).set_index("PCON24CD").loc["E14001455"].geometry
        names = [c.strip() for c in (DATA / "postcodes/header.csv").read_text().strip().split(",")]
        codes = pd.read_csv(DATA / "postcodes/wa.csv", header=None, names=names)
        inside = codes[shapely.contains_xy(seat, codes.Eastings, codes.Northings)].iloc[::40][:60]
        stations = folder / "stations.csv"
        with stations.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "name", "address", "postcode", "easting", "northing"])
            for i, row in enumerate(inside.itertuples()):
                writer.writerow([f"S{i}", f"Station {i}", "Road", row.Postcode, row.Eastings, row.Northings])
        start = time.perf_counter()
        plan, report = quick_setup(folder / "rh.eplan", constituency="E14001455",
                                   boundaries=DATA / "boundaries/PCON_July2024_UK_BUC.geojson", stations=stations,
                                   candidates=DATA / "candidates/HoC-GE2024-results-by-candidate.csv",
                                   polling_day=dt.date(2027, 3, 4), postcodes=[DATA / "postcodes/wa.csv"],
                                   count_venue="Halton Stadium, Lowerhouse Lane, Widnes, WA8 7DZ")
        setup = time.perf_counter() - start
        export_pdf(plan, folder / "rh.pdf")
        total = time.perf_counter() - start
        plan.close()
        print(f"quick setup (boundaries from 650 seats, 18,289 postcodes, {len(inside)} stations, 7 candidates): {setup:.2f} s")
        print(f"end to end including the police-edition PDF: {total:.2f} s")


if __name__ == "__main__":
    main()
