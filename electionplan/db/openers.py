"""Who else has a plan open: a marker shown to users, never a hard lock.

Edits are protected by optimistic locking (each record's version); this marker
only tells a SPOC that a colleague has the same plan open, so a refused save is
no surprise. A marker left by a crashed process on this machine is cleared
automatically; one from another machine is shown until someone clears it.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from electionplan.domain.timefmt import fmt_datetime, now_london
from electionplan.system.files import process_alive
from electionplan.system.preferences import current_user


@dataclass(frozen=True)
class Opener:
    user: str
    host: str
    pid: int
    since: str

    @property
    def label(self) -> str:
        return f"{self.user} on {self.host} (since {fmt_datetime(_parse(self.since))})"


def _parse(text: str):
    import datetime as dt

    return dt.datetime.fromisoformat(text)


def marker_path(plan_path: Path) -> Path:
    return Path(str(plan_path) + ".inuse")


def _read(plan_path: Path) -> list[Opener]:
    try:
        data = json.loads(marker_path(plan_path).read_text(encoding="utf-8"))
        return [Opener(**entry) for entry in data]
    except (OSError, ValueError, TypeError):
        return []


def _write(plan_path: Path, openers: list[Opener]) -> None:
    target = marker_path(plan_path)
    if not openers:
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        return
    with contextlib.suppress(OSError):
        fd, temp = tempfile.mkstemp(prefix=".inuse.", dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump([asdict(o) for o in openers], handle)
        os.chmod(temp, 0o600)
        os.replace(temp, target)


def _live(openers: list[Opener]) -> list[Opener]:
    here = socket.gethostname()
    return [o for o in openers if o.host != here or process_alive(o.pid)]


def still_running(openers: list[Opener]) -> list[Opener]:
    """The openers whose process may still be running: a dead one on this machine is dropped."""
    return _live(openers)


def claim(plan_path: Path) -> list[Opener]:
    """Record that this process has the plan open; return the others who do."""
    me = Opener(current_user(), socket.gethostname(), os.getpid(), now_london().isoformat())
    others = [o for o in _live(_read(plan_path)) if (o.host, o.pid) != (me.host, me.pid)]
    _write(plan_path, others + [me])
    return others


def others(plan_path: Path) -> list[Opener]:
    """The live openers other than this process."""
    me = (socket.gethostname(), os.getpid())
    return [o for o in current(plan_path) if (o.host, o.pid) != me]


def release(plan_path: Path) -> None:
    host, pid = socket.gethostname(), os.getpid()
    _write(plan_path, [o for o in _live(_read(plan_path)) if (o.host, o.pid) != (host, pid)])


def current(plan_path: Path) -> list[Opener]:
    """The live openers, dropping markers of crashed processes on this machine."""
    openers = _read(plan_path)
    live = _live(openers)
    if len(live) != len(openers):
        _write(plan_path, live)
    return live


def clear(plan_path: Path) -> list[Opener]:
    """Remove every marker (after checking with the colleagues named)."""
    openers = _read(plan_path)
    _write(plan_path, [])
    return openers


def refuse_if_open(plan_path: Path, action: str) -> None:
    """Refuse to replace a plan another live process has open: its next edit would go to a file that is gone."""
    from electionplan.domain.errors import PlanFileError

    if not Path(plan_path).exists():
        return
    live = others(Path(plan_path))
    if live:
        raise PlanFileError(
            f"{Path(plan_path).name} is open in electionplan by {live[0].label}, so it is not {action}; close it there "
            f"first (if it is not really open, `electionplan unlock {plan_path}` clears the marker)."
        )
