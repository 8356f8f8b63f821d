"""Rotating backups of a plan file, and restoring one.

Backups are consistent SQLite copies kept beside the plan as
NAME.REASON-YYYYMMDD-HHMMSS.eplan.bak, readable by the owner only. The newest
KEEP are kept; restoring first backs up the current file, so a restore can
itself be undone.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from electionplan.db.openers import refuse_if_open
from electionplan.domain.errors import NotFound, PlanFileError
from electionplan.system.files import part_file, private_files

log = logging.getLogger(__name__)
KEEP = 12


# A reason is words and numbers joined by hyphens, with at most one decimal
# number at its end ("revision-0.2"): so `wyvern.eplan` never takes
# `wyvern.v2.eplan`'s backups ("wyvern.v2.revision-0.2-…") for its own.
REASON = r"[A-Za-z0-9\-]+(?:\.\d+)?"
# Taken once per schema version and never rotated out: the way back from an upgrade.
UPGRADE_REASON = "before-upgrade-"


def _pattern(stem: str) -> re.Pattern:
    return re.compile(rf"^{re.escape(stem)}\.(?P<reason>{REASON})-(?P<stamp>\d{{8}}-\d{{6}})(?:-(?P<n>\d+))?\.eplan\.bak$")


@dataclass(frozen=True)
class Backup:
    path: Path
    reason: str
    taken: dt.datetime

    @property
    def label(self) -> str:
        return f"{self.taken:%d/%m/%Y %H:%M:%S}  {self.reason.replace('-', ' ')}  ({self.path.name})"


def _stamp() -> str:
    from electionplan.domain.timefmt import now_london

    return now_london().strftime("%Y%m%d-%H%M%S")


def backup_target(plan_path: Path, reason: str) -> Path:
    stem = plan_path.name[: -len(".eplan")] if plan_path.name.endswith(".eplan") else plan_path.stem
    base = f"{stem}.{re.sub(r'[^A-Za-z0-9.-]+', '-', reason)}-{_stamp()}"
    target = plan_path.with_name(f"{base}.eplan.bak")
    n = 2
    while target.exists():
        target = plan_path.with_name(f"{base}-{n}.eplan.bak")
        n += 1
    return target


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


def list_backups(plan_path: Path) -> list[Backup]:
    plan_path = Path(plan_path)
    stem = plan_path.name[: -len(".eplan")] if plan_path.name.endswith(".eplan") else plan_path.stem
    found = []
    pattern = _pattern(stem)
    for candidate in plan_path.parent.glob(f"{glob_escape(stem)}.*.eplan.bak"):
        match = pattern.match(candidate.name)
        if match:
            taken = dt.datetime.strptime(match.group("stamp"), "%Y%m%d-%H%M%S")
            found.append(Backup(candidate, match.group("reason"), taken))
    # Several backups can share a second: the file's own write time orders them, not the name
    # ("revision-0.9" sorts after "revision-0.15" as text).
    found.sort(key=lambda b: (b.taken, _written_ns(b.path), b.path.name), reverse=True)
    return found


def _written_ns(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


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
