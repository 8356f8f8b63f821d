"""Real councils' station lists, as the tests import them: the five shared files and a Runcorn list."""

from __future__ import annotations

import csv

import pandas as pd
import shapely

STATIONS = "stations"
# Each shared file, the column its format takes the station number from, and its council.
FILES = {
    "trafford_polling_stations_lonlat.csv": ("id", "Trafford"),
    "xpress_democracyclub_barnet.csv": ("Polling_Place_District_Reference", "Barnet"),
    "xpress_weblookup_leeds.CSV": ("PollingDistrictReference", "Leeds"),
    "idox_eros_chorley.csv": ("PollingStationNumber", "Chorley"),
    "halarose_south_lakeland.csv": ("PollingStationNumber", "South Lakeland"),
}


def numbers_in(path, column: str) -> set[str]:
    frame = pd.read_csv(path, dtype=str, encoding_errors="replace").fillna("")
    frame.columns = [c.lower() for c in frame.columns]
    values = frame[column.lower()].str.strip()
    return set(values[(values != "") & (values.str.lower() != "n/a")])


def station_file_inside_runcorn(shared_data, tmp_path):
    """A list of stations at real postcodes inside Runcorn and Helsby, a sixth without a location, and one in Manchester."""
    import geopandas as gpd

    seat = gpd.read_file(shared_data / "boundaries/PCON_July2024_UK_BUC.geojson").to_crs(27700)
    seat = seat.set_index("PCON24CD").loc["E14001455"].geometry
    names = [c.strip() for c in (shared_data / "postcodes/header.csv").read_text().strip().split(",")]
    postcodes = pd.read_csv(shared_data / "postcodes/wa.csv", header=None, names=names)
    inside = postcodes[shapely.contains_xy(seat, postcodes.Eastings, postcodes.Northings)].iloc[:600:25]
    path = tmp_path / "runcorn_stations.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "address", "postcode", "easting", "northing"])
        for i, row in enumerate(inside.itertuples()):
            writer.writerow([f"RH{i}", f"Polling station {i}", "Test Road", row.Postcode,
                             0 if i % 6 == 0 else row.Eastings, 0 if i % 6 == 0 else row.Northings])
        writer.writerow(["OUT1", "Manchester Town Hall", "Albert Square", "M2 5DB", 383_900, 398_300])
    return path, len(inside)
