"""A GeoPackage from outside is a database: views and foreign triggers are refused before it is read.

The file is opened read-only and immutable, so neither the check nor the
refusal changes a byte of it, and the plan is untouched.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3

import geopandas as gpd
import pytest
import shapely

from tests.core.hostile import MEMORY_LIMIT_KB, digest, run_in_worker

pytestmark = pytest.mark.file_store  # the file given to the import is the point, not the store


def _areas(path) -> None:
    """A real GeoPackage of two boundaries, written as GIS software writes one (with its own triggers)."""
    frame = gpd.GeoDataFrame({"code": ["E14099901", "E14099902"], "name": ["Wyvernbridge", "Ashcombe"]},
                             geometry=[shapely.box(380000, 310000, 390000, 320000),
                                       shapely.box(390000, 310000, 400000, 320000)], crs=27700)
    frame.to_file(path, layer="areas", driver="GPKG", engine="pyogrio")


def _plant(path, *statements: str) -> None:
    db = sqlite3.connect(path)
    with db:
        for statement in statements:
            db.execute(statement)
    db.close()


FOREVER = ("CREATE VIEW forever AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) "
           "SELECT x AS fid, NULL AS geom, 'E14099903' AS code, 'Nowhere' AS name FROM n")
HOSTILE = {
    # A layer that is a view running a query that never ends, registered as GIS software would find it.
    "view layer": ((FOREVER,
                    "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) "
                    "VALUES ('forever', 'features', 'forever', 27700)",
                    "INSERT INTO gpkg_geometry_columns VALUES ('forever', 'geom', 'POLYGON', 27700, 0, 0)"),
                   "holds a view ('forever')"),
    "trigger on the layer": (("CREATE TRIGGER leak AFTER UPDATE ON areas BEGIN DELETE FROM areas; END",),
                             "carries a trigger ('leak')"),
    "trigger in a writer's name": (("CREATE TRIGGER rtree_other_geom_insert AFTER INSERT ON areas "
                                    "BEGIN DELETE FROM areas; END",), "carries a trigger ('rtree_other_geom_insert')"),
}


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_geopackage_with_a_view_or_a_foreign_trigger_is_refused_unread_and_unchanged(sample_plan_path, tmp_path,
                                                                                      case):
    statements, says = HOSTILE[case]
    source = tmp_path / "areas.gpkg"
    _areas(source)
    _plant(source, *statements)
    before, source_before = digest(sample_plan_path), hashlib.sha256(source.read_bytes()).hexdigest()
    code, err, memory_kb = run_in_worker(tmp_path, "import", sample_plan_path, "boundaries", source)
    assert code == 1 and err.strip().splitlines() == [f"electionplan: error: areas.gpkg {says}" + (
        ", which runs a query whenever it is read; a boundary file needs none, so it is refused." if case == "view layer"
        else " that no GeoPackage writer makes; it is refused.")]
    assert memory_kb < MEMORY_LIMIT_KB
    assert digest(sample_plan_path) == before
    assert hashlib.sha256(source.read_bytes()).hexdigest() == source_before
    assert not list(tmp_path.glob("areas.gpkg-*"))  # no journal, WAL or lock file was made beside it


def test_a_geopackage_as_gis_software_writes_it_is_read_and_left_unchanged(tmp_path):
    """The control: a real GeoPackage, with the triggers its writer makes, reads as before and is not touched."""
    from electionplan.geo.boundaries import read_boundary_file

    source = tmp_path / "areas.gpkg"
    _areas(source)
    db = sqlite3.connect(source)
    triggers = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]
    db.close()
    assert any(t.startswith("rtree_areas_") for t in triggers)  # so the allowance is exercised
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    frame = read_boundary_file(source)
    assert sorted(frame["code"]) == ["E14099901", "E14099902"]
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before
    assert not list(tmp_path.glob("areas.gpkg-*"))
