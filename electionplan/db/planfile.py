"""Opening, creating and upgrading `.eplan` plan files.

A plan file is a SQLite database whose schema Alembic owns. Opening checks the
file really is a plan before touching it, because setting WAL mode or running a
migration writes to the file: a stray spreadsheet or a newer app's plan must be
left exactly as it was.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from electionplan.db import openers, writelock
from electionplan.db.engines import give_back, take_engine
from electionplan.db.openers import Opener
from electionplan.db.schema_versions import alembic_config, head_revision, known_revisions
from electionplan.db.store import PlanIdentity, committing, file_identity
from electionplan.db.trust import harden_connection, stored_revision
from electionplan.domain.errors import PlanFileError
from electionplan.system.files import part_file, private_files, remove_stray_parts

PLAN_SUFFIX = ".eplan"


def _on_connect(dbapi_connection, _record) -> None:
    harden_connection(dbapi_connection)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL makes a commit survive power loss, not just a process kill.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute(f"PRAGMA busy_timeout={writelock.STATEMENT_WAIT_MS}")
    cursor.close()


def _make_engine(url: str) -> Engine:
    # hide_parameters: a failed statement never puts plan data into a message or a log.
    engine = create_engine(url, future=True, hide_parameters=True)
    event.listen(engine, "connect", _on_connect)
    return engine


def _restrict_permissions(path: Path) -> None:
    # Plan files hold OFFICIAL-SENSITIVE personal data: owner only.
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            os.chmod(f"{path}{suffix}", 0o600)


@dataclass
class PlanFile:
    """An open plan: its path and a session factory bound to it."""

    path: Path
    engine: Engine
    session_factory: sessionmaker[Session]
    read_only: bool = False
    engine_key: Hashable | None = None  # the engine is kept under this for the plan's next opening, once closed

    @contextlib.contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """A short-lived session: commits on success, rolls back on any error.

        A write session (an import, a revision) takes the write lock before
        it reads anything, so writers queue instead of racing.
        """
        with committing(self.session_factory()) as session:
            if write:
                # The driver begins a transaction only at the first change; a
                # write session begins one itself, IMMEDIATE, before it reads.
                raw = session.connection().connection.driver_connection
                assert raw is not None  # a checked-out connection always has its driver connection
                writelock.begin_immediate(raw)
            yield session

    def close(self) -> None:
        if self.engine_key is None:
            self.engine.dispose()
        else:
            give_back(self.engine_key, self.engine)
            self.engine_key = None  # a second close gives nothing back twice

    # The PlanStore seam (db/store.py): identity, backups and presence.
    @property
    def identity(self) -> PlanIdentity:
        return file_identity(self.path)

    def backup(self, reason: str) -> str:
        if self.read_only:
            raise PlanFileError(f"{self.path} is open read-only; nothing is backed up.")
        from electionplan.db.backups import take_backup

        return str(take_backup(self.path, reason))

    def claim_presence(self) -> list[Opener]:
        # A read-only reader leaves no trace, so it never claims the plan.
        return openers.current(self.path) if self.read_only else openers.claim(self.path)

    def release_presence(self) -> None:
        if not self.read_only:
            openers.release(self.path)

    def others_present(self) -> list[Opener]:
        return openers.others(self.path)

    def __enter__(self) -> PlanFile:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _bind(path: Path) -> PlanFile:
    url = f"sqlite:///{path}"
    key = ("plan", url)
    engine = take_engine(key, lambda: _make_engine(url))
    return PlanFile(path, engine, sessionmaker(engine, expire_on_commit=False), engine_key=key)


def create_plan_file(path: Path | str, *, overwrite: bool = False) -> PlanFile:
    """Create an empty plan file at the latest schema."""
    path = Path(path)
    if path.is_dir():
        raise PlanFileError(f"Cannot create {path}: it is a folder; give the new plan file's name.")
    if path.exists() and not overwrite:
        raise PlanFileError(f"{path} already exists; choose another name or remove it first.")
    openers.refuse_if_open(path, "replaced")
    if not path.parent.exists():
        raise PlanFileError(f"Cannot create {path}: the folder {path.parent} does not exist.")
    if not path.parent.is_dir():
        raise PlanFileError(f"Cannot create {path}: {path.parent} is a file, not a folder.")
    # The plan's write-ahead log and shared memory go beside it, under these names.
    if beside := next((p for p in _plan_files(path)[1:] if p.is_dir()), None):
        raise PlanFileError(f"Cannot create {path}: {beside.name} beside it is a folder; move it or choose another name.")
    try:
        remove_plan_files(path)
        with private_files():
            _write_new_file(path, _empty_plan_image())
            plan = _bind(path)
            try:
                with plan.engine.connect():  # the first connection puts the plan in WAL mode, as every opening does
                    pass
            except DBAPIError:
                plan.close()
                raise
    except (OSError, DBAPIError) as exc:
        remove_plan_files(path)  # nothing half-made is left (a full disk stops the write part-way)
        reason = exc.strerror if isinstance(exc, OSError) else str(exc.orig).splitlines()[0]
        raise PlanFileError(f"Cannot create {path}: {reason or exc}.") from None
    _restrict_permissions(path)
    return plan


def _plan_files(path: Path) -> tuple[Path, Path, Path]:
    """The plan file, its write-ahead log and its shared memory."""
    return path, Path(f"{path}-wal"), Path(f"{path}-shm")


def remove_plan_files(path: Path) -> None:
    """The plan file and its write-ahead log and shared memory, removed wherever present."""
    for file in _plan_files(path):
        with contextlib.suppress(FileNotFoundError):
            file.unlink()


@contextlib.contextmanager
def staged_plan_file(path: Path) -> Iterator[PlanFile]:
    """A new plan made beside the plan at path, and put in its place whole only once it is made and closed.

    Stopped at any point (a full disk, a kill), the plan at path is left as it was: a killed process's part file
    is removed at the next opening, and one that cannot be finished is removed here.
    """
    from electionplan.system.faults import fault_point

    openers.refuse_if_open(path, "replaced")
    staging = part_file(path, PLAN_SUFFIX)
    try:
        try:
            plan = create_plan_file(staging, overwrite=True)
        except PlanFileError as exc:  # said of the plan being replaced, not of the part file beside it
            raise PlanFileError(f"{str(exc).replace(f'Cannot create {staging}', f'Cannot replace {path}')} "
                                "The plan there is kept as it was.") from None
        try:
            yield plan
        finally:
            plan.close()
        if _plan_files(staging)[1].exists():  # closing could not merge the log into the file: the disk is full
            raise PlanFileError(f"Cannot replace {path}: the disk is full, so the new plan was not finished; "
                                "the plan there is kept as it was.")
        fault_point("replace-file-renamed")
        for log in _plan_files(path)[1:]:  # the old plan's, which nobody holds open
            log.unlink(missing_ok=True)
        os.replace(staging, path)
    except BaseException:
        remove_plan_files(staging)
        raise
    _restrict_permissions(path)


@functools.lru_cache(maxsize=1)
def _empty_plan_image() -> bytes:
    """An empty plan at the latest schema, as a file holds it, built by the migrations once a process.

    Each new plan is written from it: running every migration again for each plan took a tenth of a second.
    """
    from alembic import command  # loaded only when a schema is built or upgraded
    from sqlalchemy.pool import StaticPool

    # One connection for the engine's life, so the in-memory database outlives the migrations' transaction.
    engine = create_engine("sqlite://", future=True, hide_parameters=True, poolclass=StaticPool)
    event.listen(engine, "connect", _on_connect)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "head")
        with engine.connect() as connection:
            raw = connection.connection.driver_connection
            assert raw is not None  # a checked-out connection always has its driver connection
            return raw.serialize()
    finally:
        engine.dispose()


def _write_new_file(path: Path, data: bytes) -> None:
    """Write a file that must not exist yet, owner-only from its first byte, and on disk before it is used."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        written = 0
        while written < len(data):  # a nearly full disk takes part of a write, and refuses the rest on the next
            written += os.write(descriptor, data[written:])
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def open_plan_file(path: Path | str) -> PlanFile:
    """Open an existing plan, backing up and upgrading an older schema first."""
    path = Path(path)
    if not path.exists():
        raise PlanFileError(f"{path} does not exist.")
    if path.is_dir():
        raise PlanFileError(f"{path} is a folder, not a plan file.")
    stored = stored_revision(path)
    # Part files a killed process left beside the plan (an upgrade, a backup,
    # an export) are removed; those of live processes are left alone.
    remove_stray_parts(path.parent)
    head = head_revision()
    if stored not in known_revisions():
        raise PlanFileError(
            f"{path} was written by a newer version of electionplan; install the latest version to open it."
        )
    if stored != head:
        from electionplan.db.backups import keep_upgrade_backup
        from electionplan.db.upgrade import upgrade_atomically

        keep_upgrade_backup(path, stored)
        upgrade_atomically(path)
    # A plan saved from an email or copied under a loose umask is made owner-only
    # before SQLite creates its -wal and -shm, which take the plan's mode.
    _restrict_permissions(path)
    plan = _bind(path)
    _complete_revision_backup(plan)
    return plan


def _complete_revision_backup(plan: PlanFile) -> None:
    """A revision and its backup are one unit: a revision a kill left without one gets it now."""
    from sqlalchemy import text

    from electionplan.db.backups import list_backups, take_backup

    with plan.engine.connect() as connection:
        latest = connection.execute(text("SELECT number FROM revision ORDER BY major DESC, minor DESC LIMIT 1")).first()
    if latest is None:
        return
    reason = f"revision-{latest[0]}"
    if not any(b.reason == reason for b in list_backups(plan.path)):
        take_backup(plan.path, reason)


def backup_plan_file(plan: PlanFile, reason: str) -> Path:
    from electionplan.db.backups import take_backup

    return take_backup(plan.path, reason)


def copy_plan_file(source: Path, target: Path) -> None:
    openers.refuse_if_open(target, "replaced")
    with private_files():
        shutil.copyfile(source, target)
    _restrict_permissions(target)
