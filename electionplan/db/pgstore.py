"""A plan in a force's shared PostgreSQL/PostGIS database.

Each plan is its own schema (`?plan=NAME`), created by the same Alembic
migrations as a plan file; every connection sets `search_path` to that schema
(then `public`, where PostGIS lives). Optimistic locking is the records' own
version column, so it holds between machines exactly as between processes.
The audit records the named person and the database user they signed in as.
Who has the plan open is a small table beside the plan's own, outside the
migrated schema, so copying a plan never copies who was looking at it.
A read-only store runs every transaction read-only and repeatable-read: an
export or roll-up sees one consistent plan and cannot write.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field

from alembic import command
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError
from sqlalchemy.orm import Session, sessionmaker

from electionplan.db import openers
from electionplan.db.audit import current_user
from electionplan.db.geometry import BNG_SRID
from electionplan.db.models import Base
from electionplan.db.openers import Opener
from electionplan.db.pghistory import install_history_stamps
from electionplan.db.pglock import take_write_lock
from electionplan.db.pgnotify import announce_commits
from electionplan.db.pgsecurity import (
    STATION_LAYER,
    grant_plan,
    group_roles_exist,
    may_read_readable_copy,
    readable_schema,
    reads_whole_plan,
)
from electionplan.db.pgtrust import check_database_schema, check_trusted
from electionplan.db.schema_versions import alembic_config, head_revision, known_revisions
from electionplan.db.store import PlanIdentity, committing, database_identity
from electionplan.domain.errors import PlanFileError
from electionplan.domain.timefmt import now_london

log = logging.getLogger(__name__)

PRESENCE_TABLE = "electionplan_presence"


def _engine(url: str, schema: str, *, read_only: bool) -> Engine:
    target = make_url(url).set(drivername="postgresql+psycopg")
    target = target.set(query={k: v for k, v in target.query.items() if k != "plan"})
    options = f"-c search_path={schema},public"
    if read_only:
        options += " -c default_transaction_read_only=on"
    return create_engine(
        target,
        connect_args={"options": options, "connect_timeout": 10, "application_name": "electionplan"},
        isolation_level="REPEATABLE READ" if read_only else "READ COMMITTED",
        hide_parameters=True,  # a failed statement never puts plan data into a message
        pool_pre_ping=True,
    )


def _first_line(exc: Exception) -> str:
    # The driver's first line names the cause (refused, no such database, bad
    # password, server restarting) without the password itself.
    return (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [type(exc).__name__])[0]


def _connection_failure(identity: PlanIdentity, exc: Exception) -> PlanFileError:
    return PlanFileError(f"Cannot reach the plan store {identity.location}: {_first_line(exc)}")


def stored_database_revision(engine: Engine, identity: PlanIdentity) -> str | None:
    """The plan's Alembic revision, or None where the database holds no such plan."""
    try:
        with engine.connect() as connection:
            # The catalogue shows every plan, whoever asks; information_schema only those one may read.
            found = connection.execute(
                # Any column will do: a reviewer is granted tables column by column.
                text("SELECT has_any_column_privilege(c.oid, 'SELECT') FROM pg_class c "
                     "JOIN pg_namespace n ON n.oid = c.relnamespace "
                     "WHERE n.nspname = :s AND c.relname = 'alembic_version'"),
                {"s": identity.plan},
            ).first()
            if found is None:
                return None
            if not found[0]:
                raise PlanFileError(f"You have no access to the plan '{identity.plan}' in {identity.location}; ask "
                                    "whoever runs the store to grant it ('electionplan store grant-reviewer', "
                                    "'grant-approver', or membership of electionplan_editor).")
            return connection.execute(text(f'SELECT version_num FROM "{identity.plan}".alembic_version')).scalar()
    except (OperationalError, ProgrammingError) as exc:
        raise _connection_failure(identity, exc) from None


@dataclass
class DatabasePlan:
    """An open plan in PostgreSQL: the PlanStore for a `postgresql://…?plan=NAME` URL."""

    url: str
    engine: Engine
    session_factory: sessionmaker[Session]
    read_only: bool = False
    signed_in_as: str = ""
    whole: bool = True  # False for a reviewer, who reads the plan's readable copy
    _snapshot: Connection | None = field(default=None, repr=False)

    @property
    def identity(self) -> PlanIdentity:
        return database_identity(self.url)

    @contextlib.contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """A short-lived session: commits on success, rolls back on any error.

        Read-only, every session shares one repeatable-read transaction held
        until the plan is closed, so an export or a roll-up that reads in
        several steps sees one consistent plan while colleagues go on editing.
        A write session first takes the plan's advisory lock, so writers to
        one plan queue instead of racing.
        """
        if self.read_only:
            session = Session(bind=self._snapshot_connection(), expire_on_commit=False)
        else:
            session = self.session_factory()
            announce_commits(session, self.identity.plan)
        session.info["database_user"] = self.signed_in_as
        if write and self.read_only:
            raise PlanFileError(self._refusal())
        try:
            with committing(session) as committed:
                if write:
                    take_write_lock(committed, self.identity.plan)
                yield committed
        except DBAPIError as exc:
            code = getattr(exc.orig, "sqlstate", None)
            # No privilege; a read-only transaction; or a reviewer's write to the views they read the plan through
            # (which PostgreSQL refuses as not supported before it asks about privileges).
            if code in ("42501", "25006") or (code == "0A000" and not self.whole):
                raise PlanFileError(self._refusal(exc)) from None
            if isinstance(exc, OperationalError) or exc.connection_invalidated:
                self._forget_snapshot()
                raise PlanFileError(f"Lost the connection to the plan store {self.identity.location} "
                                    f"({_first_line(exc)}); anything not confirmed as saved was not saved. "
                                    "Try again when it is back.") from None
            raise

    def _refusal(self, exc: DBAPIError | None = None) -> str:
        # The server's own reason (a trigger's refusal says why) where it gave one.
        why = str(getattr(exc, "orig", "") or "").strip().splitlines()
        reason = f" ({why[0]})" if why and exc is not None and getattr(exc.orig, "sqlstate", "") == "42501" else ""
        if not self.whole:
            return (f"{self.identity.label} is open for reading only: your login {self.signed_in_as} is a reviewer, "
                    "who may read the plan but not change it; nothing was changed.")
        if self.read_only:
            return f"{self.identity.label} is open read-only; nothing was changed."
        return f"Your login {self.signed_in_as} may not make this change to {self.identity.label}{reason}; nothing was changed."

    def _snapshot_connection(self) -> Connection:
        if self._snapshot is None:
            self._snapshot = self.engine.connect()
            self._snapshot.begin()
        return self._snapshot

    def _forget_snapshot(self) -> None:
        # A read-only plan's one transaction died with its connection; the next read starts a new one.
        if self._snapshot is not None:
            self._snapshot.invalidate()
            self._snapshot = None

    def close(self) -> None:
        if self._snapshot is not None:
            self._snapshot.close()
            self._snapshot = None
        self.engine.dispose()

    def backup(self, reason: str) -> str:
        # Every change is a committed transaction on a server whose own backups
        # (pg_dump, point-in-time recovery) are the force DBA's; a file copy of
        # the plan is 'electionplan copy URL FILE' whenever one is wanted.
        if self.read_only:
            raise PlanFileError(f"{self.identity.label} is open read-only; nothing is backed up.")
        log.info("database plan: %s relies on the server's backups", reason)
        return f"{self.identity.label} (kept by the database server's backups)"

    def restart_id_sequences(self, session: Session) -> None:
        """After rows were copied in with their ids, number new records after the highest."""
        for table in Base.metadata.sorted_tables:
            if "id" in table.c and table.c.id.primary_key and table.c.id.autoincrement:
                session.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT max(id) FROM {table.name}), 0) + 1, false)"
                ))

    # Presence: who else has the plan open, shown to colleagues, never a lock.
    def claim_presence(self) -> list[Opener]:
        if self.read_only:
            return self.others_present()
        me = _me()
        with self.engine.begin() as connection:
            connection.execute(
                text(f"DELETE FROM {PRESENCE_TABLE} WHERE host = :host AND pid = :pid"), {"host": me.host, "pid": me.pid}
            )
            connection.execute(
                text(f"INSERT INTO {PRESENCE_TABLE} (person, host, pid, since) VALUES (:user, :host, :pid, :since)"),
                {"user": me.user, "host": me.host, "pid": me.pid, "since": me.since},
            )
        return self.others_present()

    def release_presence(self) -> None:
        if self.read_only:
            return
        me = _me()
        with self.engine.begin() as connection:
            connection.execute(
                text(f"DELETE FROM {PRESENCE_TABLE} WHERE host = :host AND pid = :pid"), {"host": me.host, "pid": me.pid}
            )

    def others_present(self) -> list[Opener]:
        me = _me()
        with self.engine.connect() as connection:
            rows = connection.execute(text(f"SELECT person, host, pid, since FROM {PRESENCE_TABLE}")).all()
        everyone = [Opener(user=r.person, host=r.host, pid=r.pid, since=r.since) for r in rows]
        return [o for o in openers.still_running(everyone) if (o.host, o.pid) != (me.host, me.pid)]

    def __enter__(self) -> DatabasePlan:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _me() -> Opener:
    return Opener(user=current_user(), host=socket.gethostname(), pid=os.getpid(),
                  since=now_london().isoformat())


def _create_presence_table(connection) -> None:
    connection.execute(text(
        f"CREATE TABLE IF NOT EXISTS {PRESENCE_TABLE} "
        "(person text NOT NULL, host text NOT NULL, pid integer NOT NULL, since text NOT NULL)"
    ))


# Polling stations are kept as easting/northing; QGIS wants a point column, so
# the database offers them as a point layer too. It shows what a map needs and
# no restricted column, so a reviewer may be granted it.
STATION_LAYER_SQL = (
    f"CREATE OR REPLACE VIEW {STATION_LAYER} AS SELECT id, council_id, station_number, name, postcode, "
    "electorate, constituency_id, intimidation_history, "
    f"ST_SetSRID(ST_MakePoint(easting, northing), {BNG_SRID})::geometry(Point, {BNG_SRID}) AS location "
    "FROM polling_station WHERE easting IS NOT NULL AND northing IS NOT NULL"
)


def create_database_plan(url: str, *, schema: str | None = None) -> DatabasePlan:
    """Create the plan's schema at the latest revision; an existing plan is upgraded, not replaced.

    With schema, the plan is made under that name instead, to be renamed into place when whole.
    """
    identity = database_identity(url)
    schema = schema or identity.plan
    engine = _engine(url, schema, read_only=False)
    try:
        with engine.begin() as connection:
            if connection.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")).first() is None:
                raise PlanFileError(f"PostGIS is not enabled in {identity.location}; run "
                                    "'electionplan store init URL' there first (as its owner or a superuser).")
            # An existing plan is upgraded in place: a migration's own updates would fire code planted in it.
            if connection.execute(text("SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": schema}).first():
                check_database_schema(connection, schema, identity.label, at_head=False)
            connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
            command.upgrade(alembic_config(connection), "head")
            _create_presence_table(connection)
            connection.execute(text(STATION_LAYER_SQL))
            install_history_stamps(connection, schema)
            if schema == identity.plan and group_roles_exist(connection):  # a staged plan is granted as it is swapped in
                grant_plan(connection, schema)
    except (OperationalError, ProgrammingError) as exc:
        engine.dispose()
        raise _connection_failure(identity, exc) from None
    except PlanFileError:
        engine.dispose()
        raise
    return _bind(url, engine, read_only=False)


def _bind(url: str, engine: Engine, *, read_only: bool, whole: bool = True) -> DatabasePlan:
    with engine.connect() as connection:
        signed_in_as = connection.execute(text("SELECT session_user")).scalar() or ""
    return DatabasePlan(url, engine, sessionmaker(engine, expire_on_commit=False), read_only, signed_in_as, whole)


def database_plan_exists(url: str) -> bool:
    identity = database_identity(url)
    engine = _engine(url, identity.plan, read_only=True)
    try:
        return stored_database_revision(engine, identity) is not None
    finally:
        engine.dispose()


def open_database_plan(url: str, *, read_only: bool = False) -> DatabasePlan:
    """Open the plan a URL names; a plan at an older schema is upgraded unless read-only."""
    identity = database_identity(url)
    engine = _engine(url, identity.plan, read_only=read_only)
    stored = stored_database_revision(engine, identity)
    if stored is None:
        engine.dispose()
        raise PlanFileError(f"There is no plan '{identity.plan}' in {identity.location}; "
                            "create one with 'electionplan store init' or 'electionplan copy'.")
    if stored not in known_revisions():
        engine.dispose()
        raise PlanFileError(f"{identity.label} was written by a newer version of electionplan; install the latest version.")
    if stored != head_revision() and read_only:
        engine.dispose()
        raise PlanFileError(f"{identity.label} was written by an older version of electionplan; "
                            "open it once for editing to upgrade it.")
    whole = _reads_whole_plan(engine, identity, at_head=stored == head_revision())
    check_trusted(engine, identity.plan, identity.label, whole=whole, at_head=stored == head_revision(),
                  failure=lambda exc: _connection_failure(identity, exc))
    if stored != head_revision():
        _upgrade(engine, identity)
    if whole:
        return _bind(url, engine, read_only=read_only)
    # A reviewer reads the plan as its readable copy shows it, and never writes.
    engine.dispose()
    return _bind(url, _engine(url, readable_schema(identity.plan), read_only=True), read_only=True, whole=False)


def _upgrade(engine: Engine, identity: PlanIdentity) -> None:
    """Bring the plan to the latest schema in one transaction, its readable copy and grants made again to match."""
    try:
        with engine.begin() as connection:
            # The reviewers' views name the plan's columns; they are made afresh for the new schema.
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{readable_schema(identity.plan)}" CASCADE'))
            command.upgrade(alembic_config(connection), "head")
            install_history_stamps(connection, identity.plan)  # what the server stamps, as a new plan has it
            if group_roles_exist(connection):
                grant_plan(connection, identity.plan)
    except ProgrammingError as exc:
        engine.dispose()
        if getattr(exc.orig, "sqlstate", None) == "42501":
            raise _owner_must_upgrade(identity) from None
        raise _connection_failure(identity, exc) from None
    except OperationalError as exc:
        engine.dispose()
        raise _connection_failure(identity, exc) from None


def _owner_must_upgrade(identity: PlanIdentity) -> PlanFileError:
    return PlanFileError(f"{identity.label} was written by an older version of electionplan, and only its owner "
                         "may upgrade it; ask whoever runs the store to open it once.")


def _reads_whole_plan(engine: Engine, identity: PlanIdentity, at_head: bool = True) -> bool:
    try:
        with engine.connect() as connection:
            if reads_whole_plan(connection, identity.plan):
                return True
            if may_read_readable_copy(connection, identity.plan):
                return False
    except (OperationalError, ProgrammingError) as exc:
        engine.dispose()
        raise _connection_failure(identity, exc) from None
    engine.dispose()
    if not at_head:  # an upgrade makes the reviewers' copy afresh, and only the plan's owner may upgrade it
        raise _owner_must_upgrade(identity)
    raise PlanFileError(f"You may read only some of the plan '{identity.plan}' in {identity.location}, and it has no "
                        "readable copy for reviewers; ask whoever runs the store to run 'electionplan store "
                        "grant-reviewer' for your login.")


def drop_database_plan(url: str, schema: str | None = None) -> None:
    """Remove the plan's schema (or another of its database's, such as a staged copy) and everything in it
    (only when the user asked to replace it)."""
    identity = database_identity(url)
    engine = _engine(url, identity.plan, read_only=False)
    try:
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema or identity.plan}" CASCADE'))
    except (OperationalError, ProgrammingError) as exc:
        raise _connection_failure(identity, exc) from None
    finally:
        engine.dispose()
