"""A plan from elsewhere is untrusted until its file and its schema prove it is ours.

A `.eplan` is a SQLite database, and a database can carry code: a trigger runs
on the next harmless edit, a view runs when it is read. So before anything of
the plan is used, the file must be a regular file of a sane size, pass
`quick_check`, and hold exactly the schema that electionplan's own migrations
create for its revision: no extra trigger, view, index or table, and no changed
definition. Objects named `sqlite_…` are compared like any other: SQLite keeps
that prefix for itself, but a file can be written with any name in it, so only
SQLite's own bookkeeping tables and automatic indexes pass, and only in the
exact shapes SQLite makes them. The plan's own key for sealing packs and
sign-off forms must be there and of full length. Connections also run with `trusted_schema=OFF` (and SQLite's
defensive mode where Python offers it), so functions in a schema never run.
"""

from __future__ import annotations

import functools
import os
import re
import sqlite3
import stat
from pathlib import Path

from sqlalchemy import create_engine

from electionplan.db.schema_versions import SchemaObject, alembic_config, known_revisions, schema_catalogue
from electionplan.domain.errors import PlanFileError
from electionplan.domain.packs import sound_key

# A national plan with full-resolution boundaries is a few hundred megabytes.
MAX_PLAN_BYTES = 2 * 1024**3

SQLITE_MAGIC = b"SQLite format 3\x00"


def check_plan_file_kind(path: Path) -> None:
    """Refuse a FIFO, a device, a folder or an absurdly large file before reading a byte."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise PlanFileError(f"{path} does not exist.") from None
    except OSError as exc:
        raise PlanFileError(f"Cannot read plan file {path}: {exc.strerror or exc}.") from None
    if stat.S_ISDIR(info.st_mode):
        raise PlanFileError(f"{path} is a folder, not a plan file.")
    if not stat.S_ISREG(info.st_mode):
        raise PlanFileError(f"{path} is not a regular file (it is a pipe, socket or device), so it is not opened.")
    if info.st_size > MAX_PLAN_BYTES:
        raise PlanFileError(
            f"{path} is {info.st_size / 1024**3:.1f} GB, larger than any plan ({MAX_PLAN_BYTES // 1024**3} GB), so it is not opened."
        )


def harden_connection(dbapi_connection: sqlite3.Connection) -> None:
    """Make a SQLite connection ignore any code a schema might carry."""
    setconfig = getattr(dbapi_connection, "setconfig", None)  # Python 3.12+
    if setconfig is not None:
        setconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE, True)  # type: ignore[attr-defined]
    dbapi_connection.execute("PRAGMA trusted_schema=OFF")


# SQLite's own tables, as SQLite itself writes them (AUTOINCREMENT's counter, ANALYZE's statistics).
SQLITE_OWN_TABLES: frozenset[SchemaObject] = frozenset({
    ("table", "sqlite_sequence", "sqlite_sequence", "CREATE TABLE sqlite_sequence(name,seq)"),
    ("table", "sqlite_stat1", "sqlite_stat1", "CREATE TABLE sqlite_stat1(tbl,idx,stat)"),
    ("table", "sqlite_stat4", "sqlite_stat4", "CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)"),
})


def _normalised(rows) -> frozenset[SchemaObject]:
    """Every object of the schema, whatever its name, with its definition's spacing evened out."""
    return frozenset((kind, name, table, re.sub(r"\s+", " ", sql or "").strip()) for kind, name, table, sql in rows)


@functools.lru_cache(maxsize=8)
def expected_schema(revision: str) -> frozenset[SchemaObject]:
    """The schema objects the migrations create up to revision, from the catalogue built from them."""
    catalogue = schema_catalogue()
    if catalogue is not None and revision in catalogue.schemas:
        return catalogue.schemas[revision]
    return migrated_schema(revision)


def migrated_schema(revision: str) -> frozenset[SchemaObject]:
    """The schema objects the migrations create up to revision, built in memory by running them."""
    engine = create_engine("sqlite://")
    try:
        with engine.begin() as connection:
            from alembic import command  # loaded only when a schema is built or upgraded

            command.upgrade(alembic_config(connection), revision)
            rows = connection.exec_driver_sql("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    finally:
        engine.dispose()
    return _normalised(rows)


def _describe(extra: SchemaObject) -> str:
    kind, name, table, _sql = extra
    article = "an" if kind[0] in "aeiou" else "a"
    return f"{article} {kind} '{name}'" + (f" on '{table}'" if table and table != name else "")


def check_schema(path: Path, connection: sqlite3.Connection, revision: str) -> None:
    """Refuse a plan whose schema differs from what the migrations create for its revision."""
    found = _normalised(connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall())
    expected = expected_schema(revision)
    extra = sorted(found - expected - SQLITE_OWN_TABLES)
    missing = sorted(expected - found)
    if not extra and not missing:
        return
    names_expected = {(kind, name) for kind, name, _t, _s in expected}
    changed = [obj for obj in extra if (obj[0], obj[1]) in names_expected]
    added = [obj for obj in extra if (obj[0], obj[1]) not in names_expected]
    if added:
        reason = f"it holds {_describe(added[0])} that electionplan does not create"
    elif changed:
        reason = f"the definition of {_describe(changed[0])} has been changed"
    else:
        reason = f"{_describe(missing[0])} is missing"
    raise PlanFileError(f"{path} has been altered outside electionplan ({reason}), so it is not opened.")


def check_sealing_keys(path: Path, connection: sqlite3.Connection) -> None:
    """Refuse a plan whose key, or a candidate's seal reference, was blanked or cut: with it anyone could forge
    a pack's return or a returning officer's sign-off from public facts. A plan from before keys has none yet."""
    columns = {(table, row[1]) for table in ("plan", "candidate")
               for row in connection.execute(f"PRAGMA table_info({table})")}
    if ("plan", "pack_key") in columns:
        keys = [row[0] or "" for row in connection.execute("SELECT pack_key FROM plan")]
        if any(not sound_key(key) for key in keys):
            raise PlanFileError(f"{path} has a blank or short sealing key (it was altered outside electionplan), "
                                "so it is not opened.")
    if ("candidate", "seal_ref") in columns:
        short = connection.execute("SELECT count(*) FROM candidate WHERE length(seal_ref) < 32").fetchone()[0]
        if short:
            raise PlanFileError(f"{path} has a candidate with a blank or short seal reference (it was altered outside "
                                "electionplan), so it is not opened.")


def _backups_hint(path: Path) -> str:
    """The end of a can't-open message: where a damaged plan's own backups are, if it has any."""
    from electionplan.db.backup_names import list_backups

    count = len(list_backups(path))
    if not count:
        return "."
    return f"; if it is a damaged plan, {count} backup{'s' if count > 1 else ''} of it beside it can be restored."


def check_integrity(path: Path, connection: sqlite3.Connection) -> None:
    result = connection.execute("PRAGMA quick_check").fetchall()
    if result != [("ok",)]:
        raise PlanFileError(f"{path} is damaged (its integrity check failed); restore it from a backup.")


def stored_revision(path: Path, uri_options: str = "") -> str | None:
    """The Alembic revision in the file, read without changing it."""
    check_plan_file_kind(path)
    try:
        with path.open("rb") as handle:
            magic = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise PlanFileError(f"Cannot read plan file {path}: {exc.strerror or exc}.") from None
    if magic != SQLITE_MAGIC:
        raise PlanFileError(f"{path} is not an electionplan plan file (it is not a plan database)" + _backups_hint(path))
    try:
        uri = f"file:{path}?mode=ro{uri_options}"
        conn = sqlite3.connect(uri, uri=True)
        try:
            harden_connection(conn)
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "alembic_version" not in tables or "election" not in tables:
                raise PlanFileError(f"{path} is a database but not an electionplan plan file.")
            check_integrity(path, conn)
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            if row and row[0] in known_revisions():
                check_schema(path, conn, row[0])
                check_sealing_keys(path, conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise PlanFileError(f"{path} is damaged or is not an electionplan plan file" + _backups_hint(path)) from None
    return row[0] if row else None
