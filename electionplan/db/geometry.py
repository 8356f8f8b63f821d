"""Boundary geometry as WKB in EPSG:27700, whichever database holds the plan.

Above `db` a boundary is always WKB bytes. In a plan file it is stored as a
BLOB, exactly as before; in a force's PostgreSQL store it is a PostGIS
`geometry(Geometry, 27700)` column, so QGIS adds the constituencies layer
straight from the database. Conversion happens in SQL on the way in and out,
so no Python code parses WKB here. The column takes a polygon or a
multipolygon as the boundary file gave it, rather than forcing one type,
because a plan must come back from the database byte for byte: its revisions'
content hashes are taken over the boundaries' WKB.
"""

from __future__ import annotations

from sqlalchemy import LargeBinary
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement
from sqlalchemy.types import TypeDecorator, UserDefinedType

BNG_SRID = 27700


class _PostgisGeometry(UserDefinedType):
    cache_ok = True

    def get_col_spec(self, **_kw) -> str:
        return f"geometry(Geometry, {BNG_SRID})"


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
    return f"ST_GeomFromWKB({compiler.process(element.clauses, **kw)}, {BNG_SRID})"


@compiles(_WkbOut, "postgresql")
def _wkb_out_postgis(element, compiler, **kw) -> str:
    return f"ST_AsBinary({compiler.process(element.clauses, **kw)})"


class BoundaryGeometry(TypeDecorator):
    """WKB bytes in Python; a BLOB in SQLite, a PostGIS geometry in EPSG:27700 in PostgreSQL."""

    impl = LargeBinary
    cache_ok = True

    @property
    def python_type(self) -> type:
        return bytes

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(_PostgisGeometry())
        return dialect.type_descriptor(LargeBinary())

    def bind_expression(self, bindvalue) -> ColumnElement:
        return _WkbIn(bindvalue)

    def column_expression(self, column) -> ColumnElement:
        return _WkbOut(column)
