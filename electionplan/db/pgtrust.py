"""A plan in PostgreSQL is trusted as a plan file is: only once its schema proves it is ours.

A schema can carry code as a file can: a trigger on a plan table runs on the
next harmless edit, a rule or a policy rewrites what is read, a view or an
index can call any function. Before a database plan is used (and before an
older one is upgraded, since a migration's own updates would fire a planted
trigger), its schema may hold no code but electionplan's: the server-stamp and
approval triggers of `db.pghistory`, on their tables, calling those functions
with their own bodies, and functions of the server's own catalogue or of an
installed extension (PostGIS). No other function, trigger, rule or policy; no
view but the station layer, reading only its own columns; and, at the current
revision, no table, column, index or sequence the migrations do not make. The plan's
sealing key and its candidates' seal references must be whole, as in a file.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from electionplan.db.models import Base
from electionplan.db.pghistory import STAMP_COLUMNS, history_function_bodies, history_triggers
from electionplan.db.pgsecurity import HISTORY_TABLES, STATION_LAYER
from electionplan.domain.errors import PlanFileError
from electionplan.domain.packs import sound_key

# What the station layer reads of polling_station (see STATION_LAYER_SQL in db.pgstore).
STATION_LAYER_COLUMNS = frozenset({"id", "council_id", "station_number", "name", "postcode", "electorate",
                                   "constituency_id", "intimidation_history", "easting", "northing"})
OUTSIDE_TABLES = frozenset({"alembic_version", "electionplan_presence"})

# The schema object each dependent catalogue row belongs to, as the namespace it lives in.
_NAMESPACE_OF_DEPENDENT = """CASE d.classid
    WHEN 'pg_class'::regclass THEN (SELECT relnamespace FROM pg_class WHERE oid = d.objid)
    WHEN 'pg_rewrite'::regclass THEN (SELECT c.relnamespace FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
                                      WHERE r.oid = d.objid)
    WHEN 'pg_trigger'::regclass THEN (SELECT c.relnamespace FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                                      WHERE t.oid = d.objid)
    WHEN 'pg_attrdef'::regclass THEN (SELECT c.relnamespace FROM pg_attrdef a JOIN pg_class c ON c.oid = a.adrelid
                                      WHERE a.oid = d.objid)
    WHEN 'pg_constraint'::regclass THEN (SELECT connamespace FROM pg_constraint WHERE oid = d.objid)
    WHEN 'pg_policy'::regclass THEN (SELECT c.relnamespace FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
                                     WHERE p.oid = d.objid)
    WHEN 'pg_type'::regclass THEN (SELECT typnamespace FROM pg_type WHERE oid = d.objid)
END"""

# Functions anything in the schema calls that are neither the server's, an extension's, nor ours.
_FOREIGN_CALLS = f"""
SELECT DISTINCT pn.nspname, p.proname FROM pg_depend d
JOIN pg_proc p ON d.refclassid = 'pg_proc'::regclass AND p.oid = d.refobjid
JOIN pg_namespace pn ON pn.oid = p.pronamespace
WHERE pn.nspname <> 'pg_catalog'
  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid
                  AND e.deptype = 'e')
  AND NOT (pn.nspname = :s AND p.proname = ANY(:ours))
  AND ({_NAMESPACE_OF_DEPENDENT}) = (SELECT oid FROM pg_namespace WHERE nspname = :s)
ORDER BY 1, 2"""

_IN_SCHEMA = "JOIN pg_class c ON c.oid = {rel} JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :s"


def _normalised(body: str) -> str:
    return re.sub(r"\s+", " ", body).strip()


def _rows(connection: Connection, sql: str, schema: str, **params) -> list:
    return list(connection.execute(text(sql), {"s": schema, **params}).all())


def _code_found(connection: Connection, schema: str) -> str | None:
    """The first piece of code in the schema that electionplan does not put there, in words."""
    bodies = history_function_bodies()
    for name, body in _rows(connection, "SELECT p.proname, p.prosrc FROM pg_proc p JOIN pg_namespace n "
                            "ON n.oid = p.pronamespace WHERE n.nspname = :s ORDER BY 1", schema):
        if name not in bodies:
            return f"it holds a function '{name}' that electionplan does not create"
        if _normalised(body) != _normalised(bodies[name]):
            return f"the definition of the function '{name}' has been changed"
    expected = history_triggers()
    for table, name, function in _rows(connection, "SELECT c.relname, t.tgname, p.proname FROM pg_trigger t "
                                       "JOIN pg_proc p ON p.oid = t.tgfoid "
                                       + _IN_SCHEMA.format(rel="t.tgrelid") + " AND NOT t.tgisinternal ORDER BY 1, 2",
                                       schema):
        if expected.get((table, name)) != function:
            return f"it holds a trigger '{name}' on '{table}' that electionplan does not create"
    for table, name in _rows(connection, "SELECT c.relname, r.rulename FROM pg_rewrite r "
                             + _IN_SCHEMA.format(rel="r.ev_class") + " AND r.rulename <> '_RETURN' ORDER BY 1, 2",
                             schema):
        return f"it holds a rule '{name}' on '{table}' that electionplan does not create"
    for table, name in _rows(connection, "SELECT c.relname, p.polname FROM pg_policy p "
                             + _IN_SCHEMA.format(rel="p.polrelid") + " ORDER BY 1, 2", schema):
        return f"it holds a policy '{name}' on '{table}' that electionplan does not create"
    for namespace, name in _rows(connection, _FOREIGN_CALLS, schema, ours=sorted(bodies)):
        return f"something in it calls the function '{namespace}.{name}', which electionplan does not create"
    return None


def _expected_relations() -> dict[str, frozenset[str]]:
    """Relation kind (as pg_class spells it) to the names the migrations make at the current revision."""
    tables = Base.metadata.tables.values()
    indexes = {str(index.name) for table in tables for index in table.indexes}
    indexes |= {str(constraint.name) for table in tables for constraint in table.constraints
                if constraint.name and constraint.__visit_name__ in ("primary_key_constraint", "unique_constraint")}
    return {"r": frozenset({*Base.metadata.tables, *OUTSIDE_TABLES}), "v": frozenset({STATION_LAYER}),
            "i": frozenset({*indexes, "alembic_version_pkc"}),
            "S": frozenset(f"{name}_id_seq" for name in Base.metadata.tables)}


def _expected_columns() -> dict[str, frozenset[str]]:
    """Table to the columns the migrations make at the current revision, with the server's own stamps."""
    columns = {name: {column.name for column in table.columns} for name, table in Base.metadata.tables.items()}
    for table in HISTORY_TABLES:
        columns[table] |= set(STAMP_COLUMNS)
    columns["alembic_version"] = {"version_num"}
    columns["electionplan_presence"] = {"person", "host", "pid", "since"}
    return {table: frozenset(names) for table, names in columns.items()}


def _relations_found(connection: Connection, schema: str) -> str | None:
    """The first table, view, index or other relation in the schema the migrations do not make, in words."""
    expected = _expected_relations()
    words = {"r": "table", "v": "view", "i": "index", "S": "sequence", "m": "materialized view",
             "f": "foreign table", "p": "partitioned table", "c": "type", "I": "partitioned index"}
    for kind, name in _rows(connection, "SELECT c.relkind::text, c.relname FROM pg_class c JOIN pg_namespace n "
                            "ON n.oid = c.relnamespace WHERE n.nspname = :s AND c.relkind <> 't' ORDER BY 1, 2",
                            schema):
        if name not in expected.get(kind, frozenset()):
            article = "an" if words.get(kind, "object")[0] in "aeiou" else "a"
            return f"it holds {article} {words.get(kind, 'object')} '{name}' that electionplan does not create"
    columns = _expected_columns()
    for table, column in _rows(connection, "SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON "
                               "c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :s "
                               "AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1, 2", schema):
        if column not in columns.get(table, frozenset()):
            return f"it holds a column '{column}' on '{table}' that electionplan does not create"
    read = {row[0] for row in _rows(connection, "SELECT a.attname FROM pg_depend d JOIN pg_rewrite r ON "
                                    "d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid JOIN pg_class v ON "
                                    "v.oid = r.ev_class JOIN pg_namespace n ON n.oid = v.relnamespace JOIN pg_attribute a "
                                    "ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid WHERE n.nspname = :s "
                                    "AND v.relname = :v AND d.refobjsubid > 0 AND a.attrelid <> v.oid", schema,
                                    v=STATION_LAYER)}
    if read - STATION_LAYER_COLUMNS:
        return f"the definition of the view '{STATION_LAYER}' has been changed"
    return None


def check_database_schema(connection: Connection, schema: str, label: str, *, at_head: bool) -> None:
    """Refuse a database plan whose schema holds code, or (at the current revision) relations, not ours."""
    reason = _code_found(connection, schema) or (_relations_found(connection, schema) if at_head else None)
    if reason:
        raise PlanFileError(f"{label} has been altered outside electionplan ({reason}), so it is not opened.")


def check_database_keys(connection: Connection, schema: str, label: str) -> None:
    """Refuse a database plan whose sealing key, or a candidate's seal reference, was blanked or cut: with it
    anyone could forge a pack's return or a returning officer's sign-off from public facts."""
    columns = {(row[0], row[1]) for row in _rows(
        connection, "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = :s "
        "AND column_name IN ('pack_key', 'seal_ref')", schema)}
    if ("plan", "pack_key") in columns:
        keys = [row[0] or "" for row in _rows(connection, f'SELECT pack_key FROM "{schema}".plan', schema)]
        if any(not sound_key(key) for key in keys):
            raise PlanFileError(f"{label} has a blank or short sealing key (it was altered outside electionplan), "
                                "so it is not opened.")
    if ("candidate", "seal_ref") in columns:
        short = connection.execute(text(f'SELECT count(*) FROM "{schema}".candidate '
                                        "WHERE length(coalesce(seal_ref, '')) < 32")).scalar()
        if short:
            raise PlanFileError(f"{label} has a candidate with a blank or short seal reference (it was altered "
                                "outside electionplan), so it is not opened.")


def check_trusted(engine: Engine, schema: str, label: str, *, whole: bool, at_head: bool,
                  failure: Callable[[Exception], PlanFileError]) -> None:
    """Refuse, before anything is read or upgraded, a plan whose schema carries code not ours or whose sealing
    keys were cut (a reviewer cannot read the keys and seals nothing, so only the schema is checked for them).
    The engine is disposed of when the plan is refused; a failure to reach the server is put in `failure`'s words."""
    try:
        with engine.connect() as connection:
            check_database_schema(connection, schema, label, at_head=at_head)
            if whole:
                check_database_keys(connection, schema, label)
    except PlanFileError:
        engine.dispose()
        raise
    except (OperationalError, ProgrammingError) as exc:
        engine.dispose()
        raise failure(exc) from None
