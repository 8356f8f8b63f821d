"""Copying a whole plan between any two stores: file, database, or one of each.

Every table of the plan is copied as it stands, revisions and the audit
included, in batches and in dependency order, from one consistent read of the
source (the source is opened read-only, so it is left exactly as it was). The
destination is created fresh at the same schema; an existing plan there is
replaced only when the user says so.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert, select

from electionplan.db.models import Base
from electionplan.db.opening import open_store
from electionplan.db.pghistory import mark_as_copying, original_stamps, with_original_stamps
from electionplan.db.pgsecurity import HISTORY_TABLES
from electionplan.db.planfile import create_plan_file, remove_plan_files, staged_plan_file
from electionplan.db.store import PlanStore, is_database_location
from electionplan.domain.errors import PlanFileError
from electionplan.system.faults import fault_point

log = logging.getLogger(__name__)

BATCH_ROWS = 5000
NO_ORIGINAL = {"original_user": None, "original_at": None}  # a record from a plan file: no server stamped it


@dataclass(frozen=True)
class CopyResult:
    source: str
    destination: str
    rows: dict[str, int]

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def create_empty_store(location: str | Path, *, replace: bool) -> PlanStore:
    """A new, empty plan at location; an existing one is replaced only when asked."""
    if is_database_location(location):
        from electionplan.db.pgstore import create_database_plan, database_plan_exists, drop_database_plan

        if database_plan_exists(str(location)):
            if not replace:
                raise PlanFileError(f"{location_label(location)} already holds a plan; add --force to replace it.")
            drop_database_plan(str(location))
        # The force's editors, approvers and reviewers are granted the new plan as it is made.
        return create_database_plan(str(location))
    if Path(location).exists() and not replace and not Path(location).is_dir():  # a folder is refused as one
        raise PlanFileError(f"{location} already exists; add --force to replace it.")
    return create_plan_file(location, overwrite=replace)


def _database_plan_exists(url: str) -> bool:
    from electionplan.db.pgstore import database_plan_exists

    return database_plan_exists(url)


def location_label(location: str | Path) -> str:
    if is_database_location(location):
        from electionplan.db.store import database_identity

        return database_identity(str(location)).label
    return str(location)


def copy_tables(source: PlanStore, destination: PlanStore) -> dict[str, int]:
    """Copy every row of every plan table; the destination must be empty.

    A database stamps each history record it is given with the login copying it and the time; the copy is
    marked as one, and keeps beside that stamp the one the source's server gave it, if any, as the original.
    """
    counts: dict[str, int] = {}
    stamping = destination.identity.kind == "postgresql"
    with source.session() as reading, destination.session() as writing:
        if stamping:
            mark_as_copying(writing)
        for table in Base.metadata.sorted_tables:
            counts[table.name] = 0
            stamped = stamping and table.name in HISTORY_TABLES
            originals = original_stamps(reading, table.name) if stamped else {}
            target = with_original_stamps(table) if stamped else table
            result = reading.execute(select(table).order_by(*table.primary_key.columns))
            while batch := result.mappings().fetchmany(BATCH_ROWS):
                rows = [dict(row) for row in batch]
                if stamped:
                    rows = [{**row, **originals.get(row["id"], NO_ORIGINAL)} for row in rows]
                writing.execute(insert(target), rows)
                counts[table.name] += len(batch)
                fault_point("copy-batch")
        restart = getattr(destination, "restart_id_sequences", None)
        if restart is not None:  # a database numbers new records after the copied ones
            restart(writing)
    return counts


def discard_new_plan(location: Path | str) -> None:
    """Take away a plan whose creation failed, so nothing half-made is left."""
    if is_database_location(location):
        from electionplan.db.pgstore import drop_database_plan

        drop_database_plan(str(location))
        return
    remove_plan_files(Path(location))


def _same_location(source: str | Path, destination: str | Path) -> bool:
    """Whether the two name one plan: the same text, or (for files) the same file however its path is written."""
    if str(source) == str(destination):
        return True
    if is_database_location(source) or is_database_location(destination):
        return False
    return Path(source).resolve() == Path(destination).resolve()


def copy_plan(source: str | Path, destination: str | Path, *, replace: bool = False) -> CopyResult:
    """Copy the plan at source to destination, which must not hold a plan unless replace."""
    if _same_location(source, destination):
        raise PlanFileError("The source and the destination are the same plan.")
    with contextlib.closing(open_store(source, read_only=True)) as reading:
        if replace and is_database_location(destination) and _database_plan_exists(str(destination)):
            from electionplan.db.pgreplace import staged_replacement

            # Written beside the old plan and swapped in whole, so a failure at any point keeps the old one.
            with staged_replacement(str(destination)) as staged:
                counts = copy_tables(reading, staged)
        elif replace and not is_database_location(destination) and Path(destination).is_file():
            with staged_plan_file(Path(destination)) as staged:  # as for a database: the old plan kept till done
                counts = copy_tables(reading, staged)
        else:
            writing = create_empty_store(destination, replace=replace)
            try:
                counts = copy_tables(reading, writing)
            except BaseException:
                writing.close()
                discard_new_plan(destination)  # a copy stopped part-way (a full disk) leaves nothing half-made
                raise
            writing.close()
    log.info("copied a plan: %d rows in %d tables", sum(counts.values()), len(counts))
    return CopyResult(location_label(source), location_label(destination), counts)
