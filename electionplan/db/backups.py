"""Rotating backups of a plan file, and restoring one.

Backups are consistent SQLite copies kept beside the plan as
NAME.REASON-YYYYMMDD-HHMMSS.eplan.bak, readable by the owner only. The newest
KEEP are kept; restoring first backs up the current file, so a restore can
itself be undone.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
from pathlib import Path

from electionplan.db.backup_names import (  # noqa: F401 - re-exported for callers
    UPGRADE_REASON,
    Backup,
    backup_target,
    glob_escape,
    list_backups,
)
from electionplan.db.openers import refuse_if_open
from electionplan.domain.errors import NotFound, PlanFileError
from electionplan.system.files import part_file, private_files

log = logging.getLogger(__name__)
KEEP = 12


def consistent_copy(source: Path, target: Path) -> None:
    """Copy a live SQLite plan (WAL included) through SQLite's backup API."""
    with private_files():
        temp = part_file(target)
        try:
            src = sqlite3.connect(str(source))
            dst = sqlite3.connect(str(temp))
            try:
                src.backup(dst)
            finally:
                dst.close()
                src.close()
            os.chmod(temp, 0o600)
            os.replace(temp, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)


def take_backup(plan_path: Path, reason: str) -> Path:
    target = backup_target(plan_path, reason)
    consistent_copy(plan_path, target)
    rotate(plan_path)
    log.info("backup taken (%s)", reason)
    return target


def _keep_before_restore(plan_path: Path) -> Path:
    """Back up the plan being replaced; a damaged one SQLite cannot read is kept byte for byte."""
    try:
        return take_backup(plan_path, "before-restore")
    except sqlite3.DatabaseError:
        # Someone may yet recover something from it, so it is kept, not lost; it is
        # not rotated, so it never pushes a good backup out.
        target = backup_target(plan_path, "damaged")
        with private_files():
            temp = part_file(target)
            try:
                shutil.copyfile(plan_path, temp)
                os.chmod(temp, 0o600)
                os.replace(temp, target)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temp)
        log.info("damaged plan kept before restore")
        return target


def rotate(plan_path: Path, keep: int = KEEP) -> None:
    rotating = [b for b in list_backups(plan_path) if not b.reason.startswith(UPGRADE_REASON)]
    for old in rotating[keep:]:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{old.path}{suffix}").unlink()


def keep_upgrade_backup(plan_path: Path, stored: str) -> Path:
    """The plan as it was before its first upgrade from `stored`, kept apart from the rotating backups."""
    reason = f"{UPGRADE_REASON}{stored}"
    existing = [b for b in list_backups(plan_path) if b.reason == reason]
    return existing[-1].path if existing else take_backup(plan_path, reason)


def restore_backup(plan_path: Path, backup: Path | str, *, force: bool = False) -> Path:
    """Put a backup in place of the plan; the current plan is backed up first."""
    from electionplan.db.trust import stored_revision

    plan_path, backup = Path(plan_path), Path(backup)
    if not backup.exists():
        candidates = [b for b in list_backups(plan_path) if b.path.name == backup.name]
        if not candidates:
            raise NotFound(f"There is no backup {backup.name} beside {plan_path.name}.")
        backup = candidates[0].path
    stored_revision(backup)  # refuses anything that is not a readable plan
    if not force:
        refuse_if_open(plan_path, "restored over")
    safety = _keep_before_restore(plan_path) if plan_path.exists() else None
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(str(plan_path) + suffix).unlink()
    temp = part_file(plan_path)
    try:
        shutil.copyfile(backup, temp)
        os.chmod(temp, 0o600)
        os.replace(temp, plan_path)
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise PlanFileError(f"Restoring {backup.name} failed: {exc.strerror or exc}.") from None
    log.info("backup restored")
    return safety or plan_path
