"""The plan store seam: what every layer above needs from wherever a plan lives.

A plan lives in a store. Today that is a `.eplan` SQLite file; a force's shared
PostgreSQL/PostGIS database will be the second. Everything above `db` works on
the `PlanStore` protocol: short-lived sessions, the plan's identity, backups and
who else has it open. A store opened read-only never upgrades, backs up or
marks the plan as open, so a reviewer or a national roll-up can read a plan
without leaving a trace on it.

How a plan is identified:
- a file plan by its absolute path;
- a database plan by `postgresql://[user[:password]@]host[:port]/database?plan=NAME`,
  where NAME is the plan's own PostgreSQL schema in that database (one schema a
  plan, created by the same Alembic migrations), so one force database holds
  many plans side by side and QGIS sees each plan's layers as `NAME.constituency`.
The password is never part of an identity, a log line or a message.
"""

from __future__ import annotations

import contextlib
import errno
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable
from urllib.parse import parse_qs, urlsplit

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from electionplan.db.openers import Opener
from electionplan.domain.errors import PlanFileError
from electionplan.system.faults import fault_point

DATABASE_SCHEMES = ("postgresql", "postgresql+psycopg", "postgres")
_PLAN_NAME = re.compile(r"^[a-z][a-z0-9_]{0,40}$")
# Schemas a plan may not be put in: the shared public schema (PostGIS's own tables) and the catalogues.
RESERVED_SCHEMAS = frozenset({"public", "information_schema", "topology", "tiger", "tiger_data"})


@dataclass(frozen=True)
class PlanIdentity:
    """Where a plan lives, safe to print: a path, or a database URL without its password."""

    kind: str  # "file" or "postgresql"
    location: str
    plan: str

    @property
    def label(self) -> str:
        if self.kind == "file":
            return self.location
        return f"{self.location}?plan={self.plan}"


@runtime_checkable
class PlanStore(Protocol):
    """One open plan, in whichever store holds it."""

    @property
    def identity(self) -> PlanIdentity: ...

    @property
    def read_only(self) -> bool: ...

    def session(self, *, write: bool = False) -> contextlib.AbstractContextManager[Session]: ...

    def backup(self, reason: str) -> str: ...

    def claim_presence(self) -> list[Opener]: ...

    def release_presence(self) -> None: ...

    def others_present(self) -> list[Opener]: ...

    def close(self) -> None: ...

    def __enter__(self) -> PlanStore: ...

    def __exit__(self, *exc: object) -> None: ...


def is_database_location(location: str | Path) -> bool:
    return isinstance(location, str) and location.split(":", 1)[0].lower() in DATABASE_SCHEMES


def database_identity(url: str) -> PlanIdentity:
    """The identity a database URL names, refusing one without a valid `?plan=NAME`."""
    parts = urlsplit(url)
    names = parse_qs(parts.query).get("plan", [])
    if len(names) != 1 or not _PLAN_NAME.match(names[0]):
        raise PlanFileError(
            "A database plan needs ?plan=NAME (lower-case letters, digits and _), "
            "e.g. postgresql://host/elections?plan=wyvern_2026."
        )
    if names[0] in RESERVED_SCHEMAS or names[0].startswith("pg_"):
        raise PlanFileError(f"'{names[0]}' is a name PostgreSQL keeps for itself; choose another ?plan=NAME.")
    try:
        host, port_number = parts.hostname or "localhost", parts.port
    except ValueError:
        raise PlanFileError("The database address has a host or port that cannot be read; write "
                            "postgresql://user@host:5432/database?plan=NAME (the port is a number up to 65535).") from None
    port = f":{port_number}" if port_number else ""
    user = f"{parts.username}@" if parts.username else ""
    return PlanIdentity("postgresql", f"postgresql://{user}{host}{port}{parts.path}", names[0])


def file_identity(path: Path) -> PlanIdentity:
    resolved = Path(path).resolve()
    return PlanIdentity("file", str(resolved), resolved.stem)


@contextlib.contextmanager
def committing(session: Session) -> Iterator[Session]:
    """Hand out a session that commits on success and rolls back on any error, then closes."""
    try:
        yield session
        fault_point("before-commit")
        session.commit()
        fault_point("after-commit")
    except OperationalError as exc:
        session.rollback()
        from electionplan.db.writelock import PlanBusy, is_busy

        if is_busy(exc.orig):

            raise PlanBusy("The plan is busy (another import or save is running), so this was not done; nothing "
                           "was changed. Try again in a moment.") from None
        if full := storage_error(exc):  # said alike by the command line and the app, not taken for a bug
            raise full from None
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def storage_error(exc: BaseException) -> PlanFileError | None:
    """The error to say, if exc is the disk failing a write (full, as the system or SQLite says it), else None."""
    if isinstance(exc, OSError):
        failure = "the disk is full" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else None
    else:
        said = str(getattr(exc, "orig", "") or "")
        # "disk I/O error" is SQLite's word for a write the system refused part-way, as a nearly full disk does.
        failure = ("the disk is full" if "database or disk is full" in said
                   else "the disk refused a write (it may be full)" if "disk I/O error" in said else None)
    return PlanFileError(f"{failure}, so this was not finished; make space and try again.") if failure else None
