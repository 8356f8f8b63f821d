"""A database plan's write lock: writers queue, and a writer kept waiting is told by whom.

Every write session takes the plan's advisory lock (`hashtext(plan)`) first,
so writers to one plan queue instead of racing. Any login may take that lock,
so a wait is never silent or endless: the writer is told who holds it (from
`pg_locks` and `pg_stat_activity`), waits as long as a file plan's writer
would, then gives one line to try again, having changed nothing.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from electionplan.db import writelock
from electionplan.domain.timefmt import fmt_time

_HOLDER = text(
    "SELECT a.usename, a.application_name, a.xact_start AT TIME ZONE 'Europe/London' "
    "FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid "
    "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
    "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
    "AND l.objid::bigint = (hashtext(:plan)::bigint & 4294967295) "
    "AND l.classid::bigint = ((hashtext(:plan)::bigint >> 32) & 4294967295) LIMIT 1")


def take_write_lock(session: Session, plan: str) -> None:
    """Hold the plan's write lock for this transaction, saying who is in the way if there is a wait."""
    if session.execute(text("SELECT pg_try_advisory_xact_lock(hashtext(:plan))"), {"plan": plan}).scalar():
        return
    holder = lock_holder(session, plan)
    seconds = writelock.WRITE_WAIT_MS // 1000
    writelock.say_waiting(f"The plan is being changed by {holder}; waiting up to {seconds} seconds for them to finish…")
    session.execute(text(f"SET LOCAL lock_timeout = {int(writelock.WRITE_WAIT_MS)}"))
    try:
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:plan))"), {"plan": plan})
    except OperationalError as exc:
        if getattr(exc.orig, "sqlstate", None) != "55P03":  # not the lock timeout: the connection, say
            raise
        raise writelock.PlanBusy(f"The plan was still being changed by {holder} after {seconds} seconds; nothing "
                                 "was changed. Try again when they have finished.") from None
    session.execute(text("SET LOCAL lock_timeout = DEFAULT"))


def lock_holder(session: Session, plan: str) -> str:
    """Who holds the plan's write lock, as far as this login may see: their login, program and since when."""
    row = session.execute(_HOLDER, {"plan": plan}).first()
    if row is None or not row[0]:
        return "another login"
    login, program, since = row
    parts = [p for p in (program or "", f"since {fmt_time(since)}" if isinstance(since, dt.datetime) else "") if p]
    return f"{login} ({', '.join(parts)})" if parts else str(login)
