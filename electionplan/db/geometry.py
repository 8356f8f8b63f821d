"""Boundary geometry as WKB in EPSG:27700, whichever database holds the plan.

Above `db` a boundary is always WKB bytes. In a plan file it is stored as a
BLOB, exactly as before; in a force's PostgreSQL store it is a PostGIS
`geometry(MultiPolygon, 27700)` column, so QGIS adds the constituencies layer
straight from the database. Conversion happens in SQL on the way in and out,
so no Python code parses WKB here.
"""

from __future__ import annotations

from sqlalchemy import LargeBinary
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement
from sqlalchemy.types import TypeDecorator, UserDefinedType

BNG_SRID = 27700


class _PostgisMultiPolygon(UserDefinedType):
    cache_ok = True

    def get_col_spec(self, **_kw) -> str:
        return f"geometry(MultiPolygon, {BNG_SRID})"


class _WkbIn(FunctionElement):
    """A WKB value on its way into the column."""

    inherit_cache = True
    type = LargeBinary()


class _WkbOut(FunctionElement):
    """The column read back as WKB."""

    inherit_cache = True
    type = LargeBinary()


@compiles(_WkbIn)
@compiles(_WkbOut)
def _plain(element, compiler, **kw) -> str:
    return compiler.process(element.clauses, **kw)


@compiles(_WkbIn, "postgresql")
def _wkb_in_postgis(element, compiler, **kw) -> str:
    # A single polygon is stored as a one-part multipolygon so the column keeps one type.
    return f"ST_Multi(ST_GeomFromWKB({compiler.process(element.clauses, **kw)}, {BNG_SRID}))"


@compiles(_WkbOut, "postgresql")
def _wkb_out_postgis(element, compiler, **kw) -> str:
    return f"ST_AsBinary({compiler.process(element.clauses, **kw)})"


class BoundaryGeometry(TypeDecorator):
    """WKB bytes in Python; a BLOB in SQLite, a PostGIS MultiPolygon in PostgreSQL."""

    impl = LargeBinary
    cache_ok = True

    @property
    def python_type(self) -> type:
        return bytes

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(_PostgisMultiPolygon())
        return dialect.type_descriptor(LargeBinary())

    def bind_expression(self, bindvalue) -> ColumnElement:
        return _WkbIn(bindvalue)

    def column_expression(self, column) -> ColumnElement:
        return _WkbOut(column)
