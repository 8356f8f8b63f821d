"""Station identity is (council, station id): real council files joined, relabelled and re-imported."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from sqlalchemy import select

from electionplan.db import models as m
from electionplan.geo.locations import lonlat_to_bng
from electionplan.importers.stations import import_stations
from tests.conftest import location_of

ONS = "boundaries/PCON_July2024_UK_BUC.geojson"
COLUMNS = ["id", "name", "address", "postcode", "la_code", "la_name", "easting", "northing"]


def trafford(shared_data) -> pd.DataFrame:
    frame = pd.read_csv(shared_data / "stations/trafford_polling_stations_lonlat.csv", dtype=str)
    easting, northing = lonlat_to_bng(frame["lon"].astype(float).to_numpy(), frame["lat"].astype(float).to_numpy())
    return frame.assign(easting=easting.round(1), northing=northing.round(1))[COLUMNS]


def south_lakeland(shared_data, ids: list[str]) -> pd.DataFrame:
    """South Lakeland's real Halarose stations, relabelled with ids another council also uses."""
    rows = pd.read_csv(shared_data / "stations/halarose_south_lakeland.csv", dtype=str)
    rows = rows[rows["PollingStationNumber"] != "n/a"].drop_duplicates("PollingStationNumber")
    return pd.DataFrame({
        "id": ids[: len(rows)], "name": rows["PollingStationName"].to_numpy(),
        "address": rows["PollingStationAddress1"].to_numpy(), "postcode": rows["PollingStationPostCode"].fillna("").to_numpy(),
        "la_code": "E07000031", "la_name": "South Lakeland",
        "easting": rows["PollingVenueEasting"].to_numpy(), "northing": rows["PollingVenueNorthing"].to_numpy(),
    })


def real_seats(shared_data, frame: pd.DataFrame) -> list[str]:
    """Each station's seat by a direct point-in-polygon test on the ONS file."""
    seats = gpd.read_file(shared_data / ONS).to_crs(27700)
    points = shapely.points(frame["easting"].astype(float), frame["northing"].astype(float))
    return [seats.loc[seats.contains(p), "PCON24CD"].iloc[0] for p in points]


def stored(plan) -> pd.DataFrame:
    with plan.session() as s:
        rows = s.execute(select(m.PollingStation.council, m.PollingStation.council_id, m.PollingStation.name,
                                m.Constituency.gss_code).outerjoin(m.Constituency)).all()
    return pd.DataFrame(rows, columns=["council", "council_id", "name", "gss"])


def test_two_councils_with_colliding_ids_lose_nothing(national_plan, shared_data, tmp_path, cli):
    first = trafford(shared_data)
    second = south_lakeland(shared_data, list(first["id"]))
    combined = pd.concat([first, second], ignore_index=True)
    path = tmp_path / "combined.csv"
    combined.to_csv(path, index=False)
    assert combined["id"].duplicated().sum() == len(second)  # the clash is real

    result = cli("import", location_of(national_plan), "stations", path)
    assert result.returncode == 0, result.stderr
    assert "council from the file's council column (la_code)" in result.stdout
    assert f"{len(combined)} rows read: {len(combined)} stations kept ({len(combined)} new, 0 changed), " \
           "0 address rows merged, 0 conflicts, 0 skipped, 0 left out as outside the plan's area" in result.stdout

    kept = stored(national_plan)
    assert len(kept) == len(combined)
    by_key = kept.set_index(["council", "council_id"])
    expected = combined.assign(seat=real_seats(shared_data, combined)).set_index(["la_code", "id"])
    assert by_key.loc[expected.index, "name"].tolist() == expected["name"].tolist()
    assert by_key.loc[expected.index, "gss"].tolist() == expected["seat"].tolist()


def test_a_second_councils_file_adds_and_a_reissued_file_updates(national_plan, shared_data, tmp_path):
    first = trafford(shared_data)
    first_path = tmp_path / "trafford.csv"
    first.drop(columns=["la_code", "la_name"]).to_csv(first_path, index=False)
    report = import_stations(national_plan, first_path, council="E08000009")
    assert report.council_source == "the --council option" and report.added == len(first)
    before = stored(national_plan).set_index(["council", "council_id"])

    second = south_lakeland(shared_data, list(first["id"]))
    second_path = tmp_path / "E07000031_stations.csv"
    second.drop(columns=["la_code", "la_name"]).to_csv(second_path, index=False)
    report = import_stations(national_plan, second_path)
    assert report.council_source == "the authority code in the file name (E07000031)"
    assert (report.added, report.updated) == (len(second), 0)
    after = stored(national_plan).set_index(["council", "council_id"])
    assert len(after) == len(first) + len(second)
    assert after.loc[before.index].equals(before)  # Trafford's stations untouched

    reissued = first.copy()
    reissued.loc[5, "name"] = "Renamed Community Centre"
    reissued.drop(columns=["la_code", "la_name"]).to_csv(first_path, index=False)
    report = import_stations(national_plan, first_path, council="E08000009")
    assert (report.added, report.updated) == (0, 1)
    assert report.changed == [f"Renamed Community Centre (E08000009 {reissued.loc[5, 'id']})"]
    assert len(stored(national_plan)) == len(first) + len(second)


def test_same_key_different_station_is_a_conflict_by_row(national_plan, shared_data, tmp_path):
    frame = trafford(shared_data)
    frame.loc[10, "id"] = frame.loc[3, "id"]  # two different stations share an id in one council
    repeated = pd.concat([frame, frame.iloc[[7]]], ignore_index=True)  # an address-level repeat of one station
    path = tmp_path / "trafford.csv"
    repeated.to_csv(path, index=False)
    report = import_stations(national_plan, path)
    assert report.conflicts == [(f"row 12: station {frame.loc[3, 'id']} of E08000009 is '{frame.loc[10, 'name']}' here "
                                f"but a different station at row 5; not imported")]
    assert report.duplicates_merged == 1
    assert report.accounted == report.rows_read == len(repeated)
    assert report.stations == len(frame) - 1


def test_station_outside_every_boundary_has_no_constituency(national_plan, shared_data, tmp_path, cli):
    frame = trafford(shared_data).head(5)
    frame.loc[4, ["easting", "northing"]] = [150_000.0, 1_000_000.0]  # in the sea west of Scotland, inside the grid
    path = tmp_path / "t.csv"
    frame.to_csv(path, index=False)
    report = import_stations(national_plan, path)
    assert report.outside_boundaries == [(f"row 6: '{frame.loc[4, 'name']}' ({frame.loc[4, 'postcode']}) "
                                         "lies outside every boundary in the plan")]
    kept = stored(national_plan).set_index("council_id")
    assert pd.isna(kept.loc[frame.loc[4, "id"], "gss"])
    # An edit that moves a station into a seat places it; moving it out again clears it.
    with national_plan.session() as s:
        station_id = s.scalar(select(m.PollingStation.id).where(m.PollingStation.council_id == frame.loc[4, "id"]))
    moved = cli("edit", location_of(national_plan), "station", station_id, "--set", f"easting={frame.loc[0, 'easting']}",
                "--set", f"northing={frame.loc[0, 'northing']}")
    assert moved.returncode == 0, moved.stderr
    assert stored(national_plan).set_index("council_id").loc[frame.loc[4, "id"], "gss"] == real_seats(shared_data, frame.head(1))[0]
    assert import_stations(national_plan, path, leave_out_outside=False).updated == 1
    assert pd.isna(stored(national_plan).set_index("council_id").loc[frame.loc[4, "id"], "gss"])


@pytest.mark.parametrize("country", ["S14", "W07"])
@pytest.mark.store_once
def test_swapped_easting_and_northing_are_refused_with_the_hint(national_plan, shared_data, tmp_path, cli, country):
    """Scottish points swapped leave the grid; Welsh ones land in the sea off England: both are refused."""
    seats = gpd.read_file(shared_data / ONS).to_crs(27700)
    points = seats[seats["PCON24CD"].str.startswith(country)].representative_point()
    frame = pd.DataFrame({"id": range(len(points)), "name": [f"Hall {i}" for i in range(len(points))],
                          "address": "Main Street", "postcode": "", "la_code": "S12000036",
                          "easting": points.y.round(1).to_numpy(), "northing": points.x.round(1).to_numpy()})
    path = tmp_path / "swapped.csv"
    frame.to_csv(path, index=False)
    result = cli("import", location_of(national_plan), "stations", path)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "easting and northing swapped" in result.stderr
    assert stored(national_plan).empty


def test_postcodes_loaded_after_stations_locate_them(national_plan, shared_data, tmp_path, cli):
    names = [c.strip() for c in (shared_data / "postcodes/header.csv").read_text().strip().split(",")]
    postcodes = pd.read_csv(shared_data / "postcodes/wa.csv", header=None, names=names).iloc[:4000:200]
    stations = pd.DataFrame({"id": [f"W{i}" for i in range(len(postcodes))],
                             "name": [f"Hall {i}" for i in range(len(postcodes))],
                             "address": "High Street", "postcode": postcodes["Postcode"].to_numpy()})
    path = tmp_path / "unlocated.csv"
    stations.to_csv(path, index=False)
    report = import_stations(national_plan, path, council="E06000006")
    assert len(report.unlocated) == len(stations)

    result = cli("import", location_of(national_plan), "postcodes", shared_data / "postcodes/header.csv", shared_data / "postcodes/wa.csv")
    assert result.returncode == 0, result.stderr
    assert "note: header.csv has a header but no postcodes; skipped" in result.stdout
    assert f"{len(stations):,} unlocated stations in the plan now located" in result.stdout
    located = stored(national_plan)
    points = postcodes.assign(easting=postcodes["Eastings"], northing=postcodes["Northings"])
    assert located.set_index("council_id").loc[stations["id"], "gss"].tolist() == real_seats(shared_data, points)


def test_reimport_without_coordinates_leaves_no_station_assigned(national_plan, shared_data, tmp_path):
    frame = trafford(shared_data)
    path = tmp_path / "trafford.csv"
    frame.to_csv(path, index=False)
    import_stations(national_plan, path)
    assert stored(national_plan)["gss"].notna().all()
    frame[["easting", "northing"]] = ""
    frame.to_csv(path, index=False)
    report = import_stations(national_plan, path)
    assert (report.added, report.updated, len(report.unlocated)) == (0, len(frame), len(frame))
    assert stored(national_plan)["gss"].isna().all()


def test_stations_kept_outside_every_boundary_are_counted_in_the_summary(sample_plan_path, shared_data, cli):
    """A second council's file imported into a by-election: every station is kept, and the summary says where."""
    result = cli("import", sample_plan_path, "stations", shared_data / "stations/trafford_polling_stations_lonlat.csv")
    assert result.returncode == 0, result.stderr
    listed = result.stdout.count("lies outside every boundary") + int(result.stdout.split("… and ")[1].split()[0])
    assert f"{listed} kept with no constituency (outside every boundary)" in result.stdout
