"""Backup file names: how a plan's backups are named, found and ordered.

Kept apart from taking and restoring them so that the plan-file checks can say
how many backups a damaged plan has without importing the code that restores one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

# A reason is words and numbers joined by hyphens, with at most one decimal
# number at its end ("revision-0.2"): so `wyvern.eplan` never takes
# `wyvern.v2.eplan`'s backups ("wyvern.v2.revision-0.2-…") for its own.
REASON = r"[A-Za-z0-9\-]+(?:\.\d+)?"
# Taken once per schema version and never rotated out: the way back from an upgrade.
UPGRADE_REASON = "before-upgrade-"


def _pattern(stem: str) -> re.Pattern:
    return re.compile(
        rf"^{re.escape(stem)}\.(?P<reason>{REASON})-(?P<stamp>\d{{8}}-\d{{6}})(?:-(?P<n>\d+))?\.eplan\.bak$"
    )


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
