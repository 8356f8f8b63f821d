"""Writers queue, clearly: a multi-statement write takes the plan's write lock up front.

SQLite lets one writer in at a time, but a transaction that reads first and
writes later (an import looking for existing candidates, then adding new
ones) only asks for the lock at its first write, so two imports can both read
"not there yet" and both add. A write session therefore starts with
`BEGIN IMMEDIATE`: the second import waits until the first has committed, then
reads what it wrote. If it has to wait, it says so; if the wait runs out, one
clear line says to try again, and nothing was changed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from electionplan.domain.errors import ElectionPlanError

# How long a writer waits its turn, and how long other statements wait for a lock.
WRITE_WAIT_MS = 60_000
STATEMENT_WAIT_MS = 5_000
WAIT_NOTICE = "The plan is busy (another import or save is running); waiting…"
_notice: Callable[[str], None] = lambda _message: None  # noqa: E731 (replaced by the CLI or the app)


class PlanBusy(ElectionPlanError):
    pass


def on_wait(notice: Callable[[str], None]) -> None:
    """Say where 'waiting…' goes: the command line's stderr, or the app's status bar."""
    global _notice
    _notice = notice


def say_waiting(message: str) -> None:
    """Tell the user a write is waiting its turn, where on_wait said."""
    _notice(message)


def is_busy(exc: BaseException | None) -> bool:
    """Whether a database error means another writer holds the lock."""
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def begin_immediate(raw: sqlite3.Connection) -> None:
    """Begin the write session's transaction holding the write lock, waiting (and saying so) for its turn."""
    raw.execute("PRAGMA busy_timeout=0")
    try:
        try:
            raw.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if not is_busy(exc):
                raise
        _notice(WAIT_NOTICE)
        raw.execute(f"PRAGMA busy_timeout={WRITE_WAIT_MS}")
        try:
            raw.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if not is_busy(exc):
                raise
            raise PlanBusy(f"The plan is still busy after {WRITE_WAIT_MS // 1000} seconds (another import or save is "
                           "running); nothing was changed. Try again when it has finished.") from None
    finally:
        raw.execute(f"PRAGMA busy_timeout={STATEMENT_WAIT_MS}")
