"""Boundaries, locations, assignment, spatial queries and GeoPackage export."""

from __future__ import annotations

import datetime as dt
import json
import zipfile

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from sqlalchemy import select

from electionplan.db import models as m
from electionplan.db.records import create_record
from electionplan.domain.errors import ImportFailed, ValidationError
from electionplan.domain.gridref import parse_grid_reference, to_grid_reference
from electionplan.geo.assign import assign_locations, station_warnings
from electionplan.geo.boundaries import import_boundaries
from electionplan.geo.locations import bng_to_lonlat, lonlat_to_bng, parse_location
from electionplan.geo.postcodes import import_postcodes, lookup_postcodes
from electionplan.geo.proximity import distance_between, overlapping_pairs_within, within_radius
from electionplan.geo.shapes import from_wkb
from electionplan.services.plans import create_plan, plan_info

ONS = "boundaries/PCON_July2024_UK_BUC.geojson"
WARDS = "boundaries/boundaryline_wards_subset/district_borough_unitary_ward_region.shp"


@pytest.fixture
def empty_plan(tmp_path):
    plan = create_plan(tmp_path / "ge.eplan", name="Test GE", kind="general", polling_day=dt.date(2029, 5, 3), force="Test Police")
    yield plan
    plan.close()


def stored_areas(plan):
    with plan.session() as s:
        return {c.gss_code: from_wkb(c.boundary_wkb) for c in s.scalars(select(m.Constituency))}


def test_national_file_with_only_two_seats_stores_two_bng_polygons(empty_plan, shared_data, cli):
    result = cli("import", empty_plan.path, "boundaries", shared_data / ONS, "--only", "E14001455,E14001446")
    assert result.returncode == 0, result.stderr
    areas = stored_areas(empty_plan)
    assert set(areas) == {"E14001455", "E14001446"}
    direct = gpd.read_file(shared_data / ONS).to_crs(27700).set_index("PCON24CD")
    for code, geometry in areas.items():
        assert geometry.geom_type in ("Polygon", "MultiPolygon")
        assert 300_000 < geometry.centroid.x < 400_000  # BNG metres, north-west England
        expected = direct.loc[code].geometry.area
        assert abs(geometry.area - expected) / expected < 0.005


def test_seats_can_be_picked_by_name(empty_plan, shared_data):
    report = import_boundaries(empty_plan, shared_data / ONS, only=["Runcorn and Helsby"])
    assert report.imported == ["E14001455"]


def test_every_ward_of_the_bng_shapefile_imports(empty_plan, shared_data):
    report = import_boundaries(empty_plan, shared_data / WARDS)
    assert report.count == 736
    assert len(stored_areas(empty_plan)) == 736


def test_zipped_shapefile_and_geopackage_layer(empty_plan, shared_data, tmp_path):
    folder = (shared_data / WARDS).parent
    archive = tmp_path / "wards.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for part in folder.iterdir():
            z.write(part, part.name)
    first_code = gpd.read_file(shared_data / WARDS, rows=1)["CODE"].iloc[0]
    assert import_boundaries(empty_plan, archive, only=[first_code]).imported == [first_code]
    frame = gpd.read_file(shared_data / ONS).head(3)
    gpkg = tmp_path / "two_layers.gpkg"
    frame.to_file(gpkg, layer="seats", driver="GPKG")
    frame.head(1).to_file(gpkg, layer="other", driver="GPKG")
    report = import_boundaries(empty_plan, gpkg, layer="seats")
    assert report.count == 3
    with pytest.raises(ImportFailed, match="no layer 'missing'"):
        import_boundaries(empty_plan, gpkg, layer="missing")


def test_invalid_geometry_is_repaired_with_a_warning(empty_plan, tmp_path):
    bowtie = shapely.Polygon([(350000, 380000), (352000, 382000), (352000, 380000), (350000, 382000)])
    frame = gpd.GeoDataFrame({"CODE": ["E14999991"], "NAME": ["Bow Tie"]}, geometry=[bowtie], crs=27700)
    path = tmp_path / "bad.geojson"
    frame.to_file(path, driver="GeoJSON")
    report = import_boundaries(empty_plan, path)
    assert any("E14999991" in w and "repaired" in w for w in report.warnings)
    assert stored_areas(empty_plan)["E14999991"].is_valid


@pytest.mark.parametrize("problem", ["no_code", "no_geometry", "not_geo"])
def test_unusable_boundary_files_fail_clearly_and_change_nothing(empty_plan, tmp_path, problem):
    path = tmp_path / "bad.geojson"
    if problem == "no_code":
        gpd.GeoDataFrame({"label": ["x"]}, geometry=[shapely.box(350000, 380000, 351000, 381000)], crs=27700).to_file(path)
        expected = "GSS codes"
    elif problem == "no_geometry":
        path.write_text(json.dumps({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"CODE": "E14999992", "NAME": "Nowhere"}, "geometry": None}]}))
        expected = "no usable boundary geometry|no features"
    else:
        path.write_text("this is not geography")
        expected = "not a boundary file"
    before = plan_info(empty_plan)["counts"]
    with pytest.raises(ImportFailed, match=expected):
        import_boundaries(empty_plan, path)
    assert plan_info(empty_plan)["counts"] == before


def test_lonlat_eastnorth_and_gridref_agree_within_a_metre():
    easting, northing = 352_417.4, 381_236.8
    lon, lat = bng_to_lonlat(easting, northing)
    from_lonlat = lonlat_to_bng(lon, lat)
    from_grid = parse_grid_reference(to_grid_reference(easting, northing, 10))
    from_text = parse_location(f"{lat:.7f}, {lon:.7f}")
    for x, y in (from_lonlat, from_grid, from_text):
        assert np.hypot(x - easting, y - northing) < 1.0


@pytest.mark.parametrize("text, figures", [("SJ 512 823", 6), ("SJ 5123 8234", 8), ("SJ5123482345", 10)])
def test_grid_references_at_6_8_and_10_figures(text, figures):
    easting, northing = parse_grid_reference(text)
    assert 351_000 < easting < 352_000 and 382_000 < northing < 383_000
    assert to_grid_reference(easting, northing, 8).startswith("SJ 512")


def test_bad_grid_reference_is_a_clear_error():
    with pytest.raises(ValidationError, match="6, 8 or 10 figures"):
        parse_grid_reference("SJ 12345")
    with pytest.raises(ValidationError, match="not an OS grid reference"):
        parse_grid_reference("XX hello")


def test_trafford_stations_assign_like_a_direct_sjoin(empty_plan, shared_data):
    import_boundaries(empty_plan, shared_data / ONS)
    stations = pd.read_csv(shared_data / "stations/trafford_polling_stations_lonlat.csv")
    assert len(stations) == 81
    eastings, northings = lonlat_to_bng(stations["lon"].to_numpy(), stations["lat"].to_numpy())
    for row, e, n in zip(stations.itertuples(), eastings, northings, strict=False):
        create_record(empty_plan, m.PollingStation, {"name": row.name, "council_id": str(row.id), "easting": float(e), "northing": float(n)})
    with empty_plan.session() as s:
        warnings = assign_locations(s)
        codes = {c.id: c.gss_code for c in s.scalars(select(m.Constituency))}
        ours = pd.Series([codes[st.constituency_id] for st in s.scalars(select(m.PollingStation))]).value_counts()
    points = gpd.GeoDataFrame(stations, geometry=gpd.points_from_xy(stations.lon, stations.lat), crs=4326)
    seats = gpd.read_file(shared_data / ONS)
    direct = gpd.sjoin(points, seats, predicate="within")["PCON24CD"].value_counts()
    assert ours.sort_index().to_dict() == direct.sort_index().to_dict()
    assert len(ours) >= 3
    assert not [w for w in warnings if w.kind == "outside_boundary"]


@pytest.mark.presentation
def test_station_data_warnings_name_the_record(sample_plan):
    with sample_plan.session() as s:
        seat = s.scalars(select(m.Constituency)).one()
    create_record(sample_plan, m.PollingStation, {"name": "Far Away Hall", "easting": 200_000.0, "northing": 200_000.0})
    create_record(sample_plan, m.PollingStation, {"name": "Mislabelled Hall", "easting": 386_500.0, "northing": 318_500.0,
                                                 "stated_constituency": "E14000001"})
    with sample_plan.session() as s:
        assign_locations(s)
        warnings = station_warnings(s)
    kinds = {(w.kind, w.message.split("'")[1]) for w in warnings}
    assert ("outside_boundary", "Far Away Hall") in kinds
    assert ("constituency_mismatch", "Mislabelled Hall") in kinds
    assert any(w.kind == "unlocated" for w in warnings)  # the sample ships one unlocated station
    mismatch = next(w for w in warnings if w.kind == "constituency_mismatch")
    assert seat.gss_code in mismatch.message and "E14000001" in mismatch.message


@pytest.mark.slow
def test_postcode_files_load_and_locate(empty_plan, shared_data, tmp_path, cli):
    result = cli("import", empty_plan.path, "postcodes", shared_data / "postcodes/wa.csv", shared_data / "postcodes/ch.csv")
    assert result.returncode == 0, result.stderr
    with empty_plan.session() as s:
        found = lookup_postcodes(s, ["wa7 1aa", "WA1 1AF", "ZZ9 9ZZ"])
    assert found["WA11AF"] == (360240.0, 387888.0)
    assert "ZZ99ZZ" not in found
    onspd = tmp_path / "onspd.csv"
    onspd.write_text("pcd,pcds,oseast1m,osnrth1m\nWA7 9ZZ,WA7 9ZZ,0,0\nXX1 1XX,XX1 1XX,351000,382000\n")
    report = import_postcodes(empty_plan, [onspd])
    assert report.loaded == 1 and report.without_coordinates == 1


def test_not_a_postcode_file_changes_nothing(empty_plan, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,colour\nbob,red\n")
    with pytest.raises(ImportFailed, match="not a Code-Point Open or ONSPD"):
        import_postcodes(empty_plan, [bad])


def test_spatial_queries():
    e = np.array([0.0, 100.0, 1_000.0, np.nan])
    n = np.array([0.0, 0.0, 0.0, 5.0])
    assert within_radius(0.0, 0.0, e, n, 150.0).tolist() == [0, 1]
    starts = np.array(["2027-01-01T10:00", "2027-01-01T11:00", "2027-01-01T10:00", "2027-01-01T10:00"], dtype="datetime64[m]")
    ends = np.array(["2027-01-01T12:00", "2027-01-01T13:00", "2027-01-01T12:00", "2027-01-01T12:00"], dtype="datetime64[m]")
    pairs = overlapping_pairs_within(e, n, starts, ends, 500.0)
    assert [(a, b) for a, b, _ in pairs] == [(0, 1)]
    starts[1] = np.datetime64("2027-01-01T12:30")
    assert overlapping_pairs_within(e, n, starts, ends, 500.0) == []
    assert distance_between((0, 0), (300, 400)) == 500.0
    assert distance_between((0, 0), None) is None


@pytest.mark.presentation
def test_geopackage_reopens_with_the_plan_layers(sample_plan_path, tmp_path, cli):
    out = tmp_path / "plan.gpkg"
    result = cli("export", sample_plan_path, "-o", out)
    assert result.returncode == 0, result.stderr
    layers = {name: count for name, count in ((row[0], pyogrio.read_info(out, layer=row[0])["features"]) for row in pyogrio.list_layers(out))}
    assert layers == {"constituencies": 1, "polling_stations": 55, "venues": 12, "events": 14}
    stations = gpd.read_file(out, layer="polling_stations")
    assert stations.crs.to_epsg() == 27700
    assert set(stations["rag"]) == {"green", "amber", "red"}
    events = gpd.read_file(out, layer="events")
    assert events["flashpoint"].sum() >= 1 and "level" in events
    assert not list(tmp_path.glob(".*part*"))
