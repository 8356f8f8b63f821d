"""Opening a plan file read-only: no upgrade, no backup, no open-by marker.

A reviewer's copy, a national roll-up or a plan from elsewhere is read without
changing a byte of it. SQLite opens the file with `mode=ro` and `query_only`,
so even a bug above cannot write; a plan at another schema is refused rather
than upgraded, because upgrading writes.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import sessionmaker

from electionplan.db import openers
from electionplan.db.engines import take_engine
from electionplan.db.planfile import PlanFile
from electionplan.db.schema_versions import head_revision, known_revisions
from electionplan.db.trust import harden_connection, stored_revision
from electionplan.domain.errors import PlanFileError


def _on_connect(dbapi_connection, _record) -> None:
    harden_connection(dbapi_connection)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA query_only=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _quiescence(path: Path) -> str:
    # A plan nobody is writing (no write-ahead log, no live opener) is read as
    # immutable, so SQLite creates no -wal or -shm beside it and the folder is
    # left exactly as it was. A plan in use is read through its log instead.
    if Path(str(path) + "-wal").exists() or openers.current(path):
        return ""
    return "immutable=1&"


def open_plan_read_only(path: Path) -> PlanFile:
    """Open an existing plan for reading only; it must already be at this version's schema."""
    path = Path(path)
    if not path.is_file():
        raise PlanFileError(f"{path} does not exist or is not a file.")
    quiescence = _quiescence(path)
    stored = stored_revision(path, "&" + quiescence.rstrip("&") if quiescence else "")
    if stored != head_revision():
        if stored in known_revisions():
            raise PlanFileError(
                f"{path} was written by an older version of electionplan; open it once for editing to upgrade it."
            )
        raise PlanFileError(
            f"{path} was written by a newer version of electionplan; install the latest version to read it."
        )
    url = f"sqlite:///file:{quote(str(path.resolve()))}?mode=ro&{quiescence}uri=true"

    def make() -> Engine:
        engine = create_engine(url, future=True, hide_parameters=True)
        event.listen(engine, "connect", _on_connect)
        return engine

    key = ("read-only", url)
    engine = take_engine(key, make)
    return PlanFile(path, engine, sessionmaker(engine, expire_on_commit=False), read_only=True, engine_key=key)
