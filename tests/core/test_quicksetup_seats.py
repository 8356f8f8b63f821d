"""Quick setup from one council-wide station file, for every seat the file covers.

Around Manchester eastings and northings are both about 380–400 km, so a
correct station outside the seat can land inside it once its numbers are
swapped. The file is built from the ONS boundaries of the 18 seats nearest
central Manchester (a regular grid of stations over them) and Trafford's real
stations, and cut to each seat in turn.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from sqlalchemy import select

from electionplan.db import models as m
from electionplan.db.planfile import open_plan_file
from electionplan.geo.locations import lonlat_to_bng
from tests.core.conftest import ONS

HOC = "candidates/HoC-GE2024-results-by-candidate.csv"
CENTRE = (384_000, 398_000)  # Manchester town hall


def gm_seats(shared_data) -> gpd.GeoDataFrame:
    seats = gpd.read_file(shared_data / ONS).to_crs(27700)
    centre = shapely.Point(*CENTRE)
    seats["away"] = seats.geometry.representative_point().distance(centre)
    return seats.nsmallest(18, "away").reset_index(drop=True)


def gm_stations(shared_data, seats: gpd.GeoDataFrame) -> pd.DataFrame:
    """A station every 1.2 km over the 18 seats, in 3 km square 'wards', then Trafford's own 81 stations and wards."""
    minx, miny, maxx, maxy = seats.total_bounds
    x, y = np.meshgrid(np.arange(minx, maxx, 1_200.0), np.arange(miny, maxy, 1_200.0))
    x, y = x.ravel(), y.ravel()
    covered = shapely.contains_xy(shapely.union_all(seats.geometry.values), x, y)
    grid = pd.DataFrame({"id": [f"GM{i}" for i in range(int(covered.sum()))],
                         "name": [f"Community Hall {i}" for i in range(int(covered.sum()))],
                         "address": "Station Road", "postcode": "", "easting": x[covered].round(), "northing": y[covered].round()})
    cell = ((grid["easting"] - minx) // 3_000).astype(int) * 1_000 + ((grid["northing"] - miny) // 3_000).astype(int)
    grid["ward_code"] = "E05" + (900_000 + cell).astype(str)
    trafford = pd.read_csv(shared_data / "stations/trafford_polling_stations_lonlat.csv", dtype=str)
    east, north = lonlat_to_bng(trafford["lon"].astype(float).to_numpy(), trafford["lat"].astype(float).to_numpy())
    real = pd.DataFrame({"id": "T" + trafford["id"], "name": trafford["name"], "address": trafford["address"],
                         "postcode": trafford["postcode"], "easting": east.round(1), "northing": north.round(1),
                         "ward_code": trafford["ward_code"]})
    return pd.concat([grid, real], ignore_index=True)


BUC_METRES = 500  # ONS's stated generalisation of its ultra-generalised (BUC) boundaries


def expected_for(stations: pd.DataFrame, seat: gpd.GeoDataFrame) -> tuple[set[str], set[str]]:
    """(inside by a GeoPandas join, outside within 500 m whose ward the file's other stations put mostly inside)."""
    points = gpd.GeoDataFrame(stations, geometry=gpd.points_from_xy(stations["easting"], stations["northing"]), crs=27700)
    inside = set(gpd.sjoin(points, seat, predicate="within")["id"])
    tied = set()
    is_in = points["id"].isin(inside)
    for i, row in points[~is_in & (points.distance(seat.geometry.iloc[0]) <= BUC_METRES)].iterrows():
        others = is_in[(points["ward_code"] == row["ward_code"]) & (points.index != i)]
        if len(others) and others.sum() * 2 > len(others):
            tied.add(row["id"])
    return inside, tied


def test_every_seat_of_a_close_grid_file_builds_with_exactly_its_stations(shared_data, tmp_path, cli):
    seats = gm_seats(shared_data)
    frame = gm_stations(shared_data, seats)
    east, north = frame["easting"].to_numpy(), frame["northing"].to_numpy()
    swaps_into = [int((shapely.contains_xy(s, north, east) & ~shapely.contains_xy(s, east, north)).sum())
                  for s in seats.geometry]
    assert max(swaps_into) >= 20  # the trap is real: a per-station check would refuse those seats
    path = tmp_path / "greater_manchester.csv"
    frame.to_csv(path, index=False)
    tied_total = 0
    for code in seats["PCON24CD"]:
        plan_path = tmp_path / f"{code}.eplan"
        result = cli("quicksetup", plan_path, "--constituency", code, "--boundaries", shared_data / ONS,
                     "--stations", path, "--candidates", shared_data / HOC, "--polling-day", "2027-03-04")
        assert result.returncode == 0, (code, result.stderr)
        assert "swapped" not in result.stdout
        with open_plan_file(plan_path) as plan, plan.session() as s:
            kept = dict(s.execute(select(m.PollingStation.council_id, m.PollingStation.notes)).all())
        inside, tied = expected_for(frame, seats[seats["PCON24CD"] == code])
        assert set(kept) == inside | tied, code
        assert all(" m outside " in kept[i] and "its ward (E05" in kept[i] for i in tied)
        tied_total += len(tied)
    assert tied_total > 0  # the tolerance was exercised


@pytest.mark.parametrize("country", ["S14", "W07"])
def test_quicksetup_hint_for_a_swapped_file_names_its_own_options(shared_data, tmp_path, cli, country):
    seats = gpd.read_file(shared_data / ONS).to_crs(27700)
    chosen = seats[seats["PCON24CD"].str.startswith(country)]
    points = chosen.representative_point()
    frame = pd.DataFrame({"id": range(len(points)), "name": [f"Hall {i}" for i in range(len(points))],
                          "address": "Main Street", "postcode": "", "Xcoord": points.y.round(1).to_numpy(),
                          "Ycoord": points.x.round(1).to_numpy()})
    path = tmp_path / "swapped.csv"
    frame.to_csv(path, index=False)
    args = ["--constituency", chosen["PCON24NM"].iloc[0], "--boundaries", shared_data / ONS, "--stations", path,
            "--candidates", shared_data / HOC, "--polling-day", "2027-03-04"]
    refused = cli("quicksetup", tmp_path / "a.eplan", *args, "--map", "easting=Xcoord", "--map", "northing=Ycoord")
    assert refused.returncode == 1 and len(refused.stderr.strip().splitlines()) == 1
    assert "--map easting=ycoord --map northing=xcoord" in refused.stderr
    assert not (tmp_path / "a.eplan").exists()
    fixed = cli("quicksetup", tmp_path / "b.eplan", *args, "--format", "plain", "--map", "easting=Ycoord",
                "--map", "northing=Xcoord")
    assert fixed.returncode == 0, fixed.stderr
    with open_plan_file(tmp_path / "b.eplan") as plan, plan.session() as s:
        assert s.scalar(select(m.PollingStation.name)) == "Hall 0"


def test_generalisation_is_read_from_the_spacing_of_points_when_the_name_does_not_say(shared_data):
    from electionplan.geo.generalisation import generalisation_of

    buc = gpd.read_file(shared_data / ONS).to_crs(27700).geometry.to_numpy()
    wards = gpd.read_file(shared_data / "boundaries/boundaryline_wards_subset").geometry.to_numpy()
    unnamed = generalisation_of(buc, "seats.geojson")
    assert unnamed.generalised and unnamed.label == "generalised" and 400 <= unnamed.tolerance_m <= 600
    assert generalisation_of(buc, "PCON_July2024_UK_BUC.geojson").tolerance_m == 500
    full = generalisation_of(wards, "wards.shp")
    assert not full.generalised and full.tolerance_m == 10 and "full resolution" in full.describe("wards.shp")


def test_a_seat_named_as_people_write_it_builds_the_same_plan_as_its_code(shared_data, tmp_path, cli):
    seats = gpd.read_file(shared_data / ONS).to_crs(27700).set_index("PCON24CD")
    devon = seats.loc["E14001155"].geometry
    minx, miny, maxx, maxy = devon.bounds
    x, y = np.meshgrid(np.linspace(minx, maxx, 12), np.linspace(miny, maxy, 12))
    frame = pd.DataFrame({"easting": x.ravel().round(), "northing": y.ravel().round()})
    frame.insert(0, "name", [f"Village Hall {i}" for i in range(len(frame))])
    frame.insert(0, "id", [f"D{i}" for i in range(len(frame))])
    path = tmp_path / "teignbridge.csv"
    frame.to_csv(path, index=False)
    built = {}
    for label, seat in (("code", "E14001155"), ("name", "central  DEVON"), ("accented", "Céntral Devon")):
        plan_path = tmp_path / f"{label}.eplan"
        result = cli("quicksetup", plan_path, "--constituency", seat, "--boundaries", shared_data / ONS, "--stations", path,
                     "--candidates", shared_data / HOC, "--polling-day", "2027-03-04")
        assert result.returncode == 0, result.stderr
        with open_plan_file(plan_path) as plan, plan.session() as s:
            built[label] = (s.scalar(select(m.Election.name)),
                            sorted(s.scalars(select(m.PollingStation.council_id))),
                            sorted(s.scalars(select(m.Candidate.name))))
    assert built["code"] == built["name"] == built["accented"]
    assert built["code"][0] == "Central Devon parliamentary by-election"
    assert len(built["code"][1]) == int(shapely.contains_xy(devon, frame["easting"], frame["northing"]).sum())
    assert len(built["code"][2]) > 3
    exported = cli("export", tmp_path / "name.eplan", "-o", tmp_path / "seat.pdf", "--constituency", "central devon")
    assert exported.returncode == 0, exported.stderr


def test_a_stretford_and_urmston_by_ampersand_is_the_same_seat(shared_data, tmp_path, cli):
    result = cli("quicksetup", tmp_path / "s.eplan", "--constituency", "Stretford & Urmston", "--boundaries", shared_data / ONS,
                 "--stations", shared_data / "stations/trafford_polling_stations_lonlat.csv",
                 "--candidates", shared_data / HOC, "--polling-day", "2027-03-04")
    assert result.returncode == 0, result.stderr
    assert "Constituency: Stretford and Urmston (E14001528)" in result.stdout


def test_a_few_swapped_rows_in_a_sound_file_are_imported_and_listed_both_ways(shared_data, tmp_path, cli):
    """Trafford's file with three Highland stations typed northing first: the file is sound, the three are doubted."""
    seats = gpd.read_file(shared_data / ONS).to_crs(27700)
    highland = seats[seats.geometry.representative_point().y > 800_000].head(3)
    points = highland.geometry.representative_point()
    trafford = pd.read_csv(shared_data / "stations/trafford_polling_stations_lonlat.csv", dtype=str)
    east, north = lonlat_to_bng(trafford["lon"].astype(float).to_numpy(), trafford["lat"].astype(float).to_numpy())
    frame = pd.DataFrame({"id": trafford["id"], "name": trafford["name"], "postcode": trafford["postcode"],
                          "easting": east.round(), "northing": north.round()})
    doubtful = pd.DataFrame({"id": ["H1", "H2", "H3"], "name": ["Glen Hall", "Strath Hall", "Loch Hall"], "postcode": "",
                             "easting": points.y.round().to_numpy(), "northing": points.x.round().to_numpy()})
    path = tmp_path / "trafford_with_highland.csv"
    pd.concat([frame, doubtful], ignore_index=True).to_csv(path, index=False)
    result = cli("quicksetup", tmp_path / "s.eplan", "--constituency", "E14001528", "--boundaries", shared_data / ONS,
                 "--stations", path, "--candidates", shared_data / HOC, "--polling-day", "2027-03-04")
    assert result.returncode == 0, result.stderr
    for row, (_, station), (_, seat) in zip(range(len(frame) + 2, len(frame) + 5), doubtful.iterrows(), highland.iterrows(),
                                            strict=True):
        e, n = station["easting"], station["northing"]
        assert (f"row {row}: '{station['name']}' given at {e:.0f}, {n:.0f} lies outside the plan's area; with easting "
                f"and northing swapped ({n:.0f}, {e:.0f}) it would lie in {seat['PCON24NM']} ({seat['PCON24CD']})"
                in result.stdout)
    assert result.stdout.count("with easting and northing swapped") == 3


def test_a_files_own_metadata_says_it_is_generalised(shared_data, tmp_path, cli):
    path = tmp_path / "seats.gpkg"
    gpd.read_file(shared_data / ONS).to_file(path, layer="seats", driver="GPKG",
                                             layer_options={"DESCRIPTION": "Westminster constituencies, Boundaries UK BUC"})
    result = cli("quicksetup", tmp_path / "s.eplan", "--constituency", "E14001528", "--boundaries", path,
                 "--stations", shared_data / "stations/trafford_polling_stations_lonlat.csv",
                 "--candidates", shared_data / HOC, "--polling-day", "2027-03-04")
    assert result.returncode == 0, result.stderr
    assert "Boundaries: seats.gpkg is ultra-generalised (ONS BUC), about " in result.stdout
    assert "a station up to 500 m outside the seat is kept" in result.stdout
