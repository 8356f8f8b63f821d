"""Upgrading a plan file's schema so that a kill at any moment loses nothing.

SQLite runs some schema changes outside the transaction Alembic opens (each
`CREATE TABLE` commits on its own), so upgrading a plan in place can leave it
half-upgraded. Instead the plan is folded into one file, copied, and the copy
upgraded and checked (`integrity_check`, and a schema identical to what the
migrations create); only then is it swapped in with one atomic rename. Until
that rename the plan is the old one, untouched; after it, the new one whole.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from sqlalchemy import create_engine, event

from electionplan.db.schema_versions import alembic_config, head_revision
from electionplan.db.trust import check_schema, harden_connection
from electionplan.domain.errors import PlanFileError
from electionplan.system.faults import fault_point
from electionplan.system.files import private_files

UPGRADE_PART = ".upgrade.part"


def upgrade_part_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}{UPGRADE_PART}")


def _fold_wal(path: Path) -> None:
    """Write everything in the plan's WAL into the file itself, so the file alone is the plan."""
    conn = sqlite3.connect(str(path))
    try:
        harden_connection(conn)
        busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        conn.close()
    if busy:
        raise PlanFileError(f"{path} is in use by another program, so it cannot be upgraded now; close it there and "
                            "open it again.")


def _copy(source: Path, target: Path) -> None:
    with private_files():  # the copy is the plan: owner only from its first byte
        src, dst = sqlite3.connect(str(source)), sqlite3.connect(str(target))
        try:
            src.backup(dst)
            # The copy is written with a rollback journal, so it is one file when it is swapped in.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
            src.close()


def _upgrade_copy(part: Path) -> None:
    engine = create_engine(f"sqlite:///{part}", hide_parameters=True)
    event.listen(engine, "connect", lambda dbapi, _record: harden_connection(dbapi))
    # Each statement of the upgrade is a point a test can kill at.
    event.listen(engine, "before_cursor_execute", lambda *_args: fault_point("upgrade-statement"))
    try:
        with engine.begin() as connection:
            from alembic import command  # loaded only when a schema is built or upgraded

            command.upgrade(alembic_config(connection), "head")
    finally:
        engine.dispose()


def _check_copy(path: Path, part: Path) -> None:
    conn = sqlite3.connect(str(part))
    try:
        harden_connection(conn)
        if conn.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
            raise PlanFileError(f"Upgrading {path} failed its integrity check; the plan is unchanged.")
        check_schema(path, conn, head_revision())
    finally:
        conn.close()
    with open(part, "rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def upgrade_atomically(path: Path) -> None:
    """Upgrade the plan at path to the latest schema, or leave it exactly as it was."""
    part = upgrade_part_path(path)
    try:
        _fold_wal(path)
        fault_point("upgrade-folded")
        _copy(path, part)
        fault_point("upgrade-copied")
        _upgrade_copy(part)
        _check_copy(path, part)
        fault_point("upgrade-checked")
        os.replace(part, path)
        fault_point("upgrade-swapped")
        # The old file's WAL was folded in and is empty; a stale one must not
        # meet the new file.
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{path}{suffix}")
        _fsync_folder(path.parent)
    except PlanFileError:
        raise
    except Exception as exc:  # whatever failed, the plan itself was never touched
        raise PlanFileError(f"Upgrading {path} failed ({exc.__class__.__name__}); the plan is unchanged.") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            part.unlink()
        for suffix in ("-journal", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{part}{suffix}")
