"""A GeoPackage from outside is a SQLite database, so it is checked like a plan before the GIS library reads it.

A view runs its query whenever it is read (a recursive one runs for ever), and
a trigger is code kept in the file. So a GeoPackage is opened here read-only
and immutable, with the schema's functions switched off, and refused if it
holds a view or a trigger other than those every GeoPackage writer makes for
its own bookkeeping (the spatial index and feature counts of a layer, the
tile-matrix rules). The library then opens it immutable too, so it writes
nothing and takes no lock.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from electionplan.db.trust import harden_connection
from electionplan.domain.errors import ImportFailed

# How the GIS library is asked to open a GeoPackage: never written to, never locked.
OPEN_OPTIONS = {"IMMUTABLE": "YES", "NOLOCK": "YES"}

# The triggers GeoPackage writers make, by name, and the table each is on ("" for the name's own table).
_BOOKKEEPING = (
    (re.compile(r"gpkg_tile_matrix_\w+_(insert|update)"), "gpkg_tile_matrix"),
    (re.compile(r"gpkg_metadata_\w+_(insert|update)"), ""),
    (re.compile(r"rtree_(?P<table>.+)_\w+_(insert|update\d?|delete)"), None),
    (re.compile(r"trigger_(insert|delete)_feature_count_(?P<table>.+)"), None),
)


def _bookkeeping(name: str, table: str) -> bool:
    for pattern, on in _BOOKKEEPING:
        found = pattern.fullmatch(name)
        if not found:
            continue
        if on is None:
            return found.group("table") == table or found.group("table").startswith(f"{table}_")
        return on == "" or table == on
    return False


def is_geopackage(path: Path) -> bool:
    return path.suffix.lower() == ".gpkg"


def check_geopackage(path: Path) -> None:
    """Refuse a GeoPackage holding a view, or a trigger no GeoPackage writer makes, before any of it is read."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        try:
            harden_connection(connection)
            objects = connection.execute("SELECT type, name, tbl_name FROM sqlite_master").fetchall()
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        raise ImportFailed(f"{path.name} is not a readable GeoPackage.") from None
    views = sorted(name for kind, name, _ in objects if kind == "view")
    if views:
        raise ImportFailed(f"{path.name} holds a view ('{views[0][:60]}'), which runs a query whenever it is read; "
                           "a boundary file needs none, so it is refused.")
    code = sorted(name for kind, name, table in objects if kind == "trigger" and not _bookkeeping(name, table))
    if code:
        raise ImportFailed(f"{path.name} carries a trigger ('{code[0][:60]}') that no GeoPackage writer makes; "
                           "it is refused.")
