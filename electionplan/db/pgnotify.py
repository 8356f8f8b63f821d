"""Telling colleagues' apps that a database plan changed (LISTEN/NOTIFY).

Every committed write to a database plan sends one notice on the plan's
channel naming the kinds of record changed and who sent it: entity names and a
process id only, never a value. An app listening on the channel refreshes what
changed within a second or two, without polling the tables.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass

from sqlalchemy import event, text
from sqlalchemy.orm import Session

from electionplan.db.store import database_identity


@dataclass(frozen=True)
class ChangeNotice:
    entities: tuple[str, ...]
    host: str
    pid: int

    @property
    def from_this_process(self) -> bool:
        return (self.host, self.pid) == (socket.gethostname(), os.getpid())


def channel_for(plan: str) -> str:
    return f"electionplan_{plan}"


def _announce(session: Session, _flush_context) -> None:
    # NOTIFY is transactional: the notice goes out when the write commits, and
    # never for a write that is rolled back.
    changed = sorted({type(obj).__name__ for obj in (*session.new, *session.dirty, *session.deleted)})
    channel = session.info.get("notify_channel")
    if not changed or not channel:
        return
    payload = json.dumps({"entities": changed, "host": socket.gethostname(), "pid": os.getpid()})
    session.connection().execute(text("SELECT pg_notify(:channel, :payload)"), {"channel": channel, "payload": payload})


def announce_commits(session: Session, plan: str) -> None:
    """Send a notice on the plan's channel when this session commits a change."""
    session.info["notify_channel"] = channel_for(plan)
    event.listen(session, "after_flush", _announce)


class ChangeListener:
    """Listens on one plan's channel from the moment it is made until closed."""

    def __init__(self, url: str) -> None:
        import psycopg
        from sqlalchemy.engine import make_url

        identity = database_identity(url)
        target = make_url(url).set(drivername="postgresql", query={}).render_as_string(hide_password=False)
        self._connection = psycopg.connect(target, autocommit=True, connect_timeout=10)
        self._connection.execute(f'LISTEN "{channel_for(identity.plan)}"')

    def poll(self, timeout: float) -> list[ChangeNotice]:
        """Notices from other processes that arrive within timeout seconds (all that are waiting)."""
        notices = []
        for notify in self._connection.notifies(timeout=timeout, stop_after=1):
            data = json.loads(notify.payload)
            notices.append(ChangeNotice(tuple(data["entities"]), data["host"], int(data["pid"])))
        return [notice for notice in notices if not notice.from_this_process]

    def close(self) -> None:
        self._connection.close()
