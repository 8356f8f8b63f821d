"""Boundary files that are not geography are refused in one line; names match ignoring case and accents."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from electionplan.services.plans import create_plan
from tests.core.conftest import ONS


@pytest.fixture
def empty_plan_path(tmp_path):
    path = tmp_path / "empty.eplan"
    create_plan(path, name="GE", kind="general", polling_day=dt.date(2029, 5, 3), force="Test Police").close()
    return path


def test_a_hexagon_cartogram_of_the_real_seats_is_refused(empty_plan_path, shared_data, tmp_path, cli):
    seats = gpd.read_file(shared_data / ONS).to_crs(27700)
    centres = seats.geometry.centroid
    hexagons = [shapely.Polygon([(x + 8000 * np.cos(a), y + 8000 * np.sin(a)) for a in np.arange(6) * np.pi / 3])
                for x, y in zip(centres.x, centres.y, strict=False)]
    cartogram = gpd.GeoDataFrame(seats[["PCON24CD", "PCON24NM"]], geometry=hexagons, crs=27700)
    path = tmp_path / "hex.geojson"
    cartogram.to_file(path, driver="GeoJSON")
    result = cli("import", empty_plan_path, "boundaries", path)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "looks like a cartogram" in result.stderr


def test_a_file_with_no_geometry_is_refused_in_one_line(empty_plan_path, shared_data, tmp_path, cli):
    table = tmp_path / "seats.csv"
    gpd.read_file(shared_data / ONS).drop(columns="geometry").to_csv(table, index=False)
    result = cli("import", empty_plan_path, "boundaries", table)
    assert result.returncode == 1
    assert result.stderr.strip() .count("\n") == 0 and "has no geometry" in result.stderr
    assert "AttributeError" not in result.stderr and "unexpected" not in result.stderr


def test_only_matches_names_ignoring_case_and_accents(empty_plan_path, shared_data, cli):
    result = cli("import", empty_plan_path, "boundaries", shared_data / ONS, "--only", "MONTGOMERYSHIRE AND GLYNDŴR")
    assert result.returncode == 0, result.stderr
    assert "Imported 1 new" in result.stdout and result.stderr == ""


def test_a_geopackage_style_table_is_refused_in_one_line(empty_plan_path, shared_data, tmp_path, cli):
    package = tmp_path / "seats.gpkg"
    gpd.read_file(shared_data / ONS).to_file(package, layer="pcon24", driver="GPKG")
    styles = pd.DataFrame({"f_table_name": ["pcon24"], "styleName": ["default"], "styleQML": ["<qgis/>"]})
    pyogrio.write_dataframe(styles, package, layer="layer_styles", driver="GPKG", append=True)
    result = cli("import", empty_plan_path, "boundaries", package, "--layer", "layer_styles")
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "has no geometry" in result.stderr


def mercator_hexagons(shared_data, jitter: float = 0.0) -> gpd.GeoDataFrame:
    """The real seats' codes on hexagons drawn in Web Mercator, equal there (or sized within `jitter`)."""
    seats = gpd.read_file(shared_data / ONS).to_crs(3857)
    centres = seats.geometry.centroid
    sizes = 14_000 * (1 + jitter * np.sin(np.arange(len(seats))))
    hexagons = [shapely.Polygon([(x + r * np.cos(a), y + r * np.sin(a)) for a in np.arange(6) * np.pi / 3])
                for x, y, r in zip(centres.x, centres.y, sizes, strict=True)]
    return gpd.GeoDataFrame(seats[["PCON24CD", "PCON24NM"]], geometry=hexagons, crs=3857)


@pytest.mark.parametrize("jitter", [0.0, 0.04], ids=["equal in its own CRS", "uniform once projected"])
def test_a_hexagon_cartogram_in_web_mercator_is_refused(empty_plan_path, shared_data, tmp_path, cli, jitter):
    cartogram = mercator_hexagons(shared_data, jitter)
    projected = cartogram.to_crs(27700).area
    assert projected.std() > 0.02 * projected.mean()  # the old test, after projection alone, let it through
    path = tmp_path / "hex.gpkg"
    cartogram.to_file(path, layer="hex", driver="GPKG")
    result = cli("import", empty_plan_path, "boundaries", path)
    assert result.returncode == 1, result.stdout
    assert len(result.stderr.strip().splitlines()) == 1 and "looks like a cartogram" in result.stderr
    quick = cli("quicksetup", tmp_path / "q.eplan", "--constituency", "Central Devon", "--boundaries", path,
                "--stations", shared_data / "stations/trafford_polling_stations_lonlat.csv",
                "--candidates", shared_data / "candidates/HoC-GE2024-results-by-candidate.csv", "--polling-day", "2030-05-02")
    assert quick.returncode == 1 and "looks like a cartogram" in quick.stderr and not (tmp_path / "q.eplan").exists()
