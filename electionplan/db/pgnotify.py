"""Telling colleagues' apps that a database plan changed (LISTEN/NOTIFY).

Every committed write to a database plan sends one notice on the plan's
channel naming the kinds of record changed and who sent it: entity names and a
process id only, never a value, and never the kind of a restricted record
(any login may LISTEN, so a reviewer would otherwise learn when threat reports
change). An app listening on the channel refreshes what changed within a second
or two, without polling the tables.

A notice is only a hint to re-read: any login may NOTIFY on the channel, so
one that is not electionplan's is ignored, and logged without its content.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
from dataclasses import dataclass

from sqlalchemy import event, inspect, text
from sqlalchemy.orm import Session

from electionplan.db.models import Base
from electionplan.db.pgsecurity import withheld_columns
from electionplan.db.store import database_identity
from electionplan.domain.errors import ElectionPlanError

log = logging.getLogger(__name__)


class ListenerLost(ElectionPlanError):
    """The connection that hears colleagues' changes is gone (the server restarted, or the network)."""


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
    objects = (*session.new, *session.dirty, *session.deleted)
    channel = session.info.get("notify_channel")
    if not objects or not channel:
        return
    changed = sorted({type(obj).__name__ for obj in objects
                      if not _restricted_kind(obj) and not _only_withheld_changed(session, obj)})
    payload = json.dumps({"entities": changed, "host": socket.gethostname(), "pid": os.getpid()})
    session.connection().execute(text("SELECT pg_notify(:channel, :payload)"), {"channel": channel, "payload": payload})


def _restricted_kind(obj) -> bool:
    table = getattr(type(obj), "__table__", None)
    return table is None or bool(table.info.get("restricted"))


def _only_withheld_changed(session: Session, obj) -> bool:
    """An edit of nothing but restricted fields, which a reviewer listening must not learn of."""
    if obj in session.new or obj in session.deleted:
        return False
    withheld = withheld_columns().get(type(obj).__table__.name, set())
    state = inspect(obj)
    changed = {attr.key for attr in state.mapper.column_attrs if state.attrs[attr.key].history.has_changes()}
    return bool(changed) and changed <= withheld


def parse_notice(payload: str) -> ChangeNotice | None:
    """electionplan's own notice, or None for anything else on the channel."""
    try:
        data = json.loads(payload)
        entities, host, pid = data["entities"], data["host"], data["pid"]
    except (ValueError, TypeError, KeyError):
        return None
    known = {mapper.class_.__name__ for mapper in Base.registry.mappers}
    if (not isinstance(entities, list) or not all(isinstance(e, str) and e in known for e in entities)
            or not isinstance(host, str) or not isinstance(pid, int) or isinstance(pid, bool)):
        return None
    return ChangeNotice(tuple(entities), host, pid)


def announce_commits(session: Session, plan: str) -> None:
    """Send a notice on the plan's channel when this session commits a change."""
    session.info["notify_channel"] = channel_for(plan)
    event.listen(session, "after_flush", _announce)


class ChangeListener:
    """Listens on one plan's channel from the moment it is made until closed."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._heard: list[str] = []
        self._connection = self._connect()

    def _connect(self):
        import psycopg
        from sqlalchemy.engine import make_url

        identity = database_identity(self._url)
        target = make_url(self._url).set(drivername="postgresql", query={}).render_as_string(hide_password=False)
        try:
            connection = psycopg.connect(target, autocommit=True, connect_timeout=10)
            connection.add_notify_handler(lambda notify: self._heard.append(notify.payload))
            connection.execute(f'LISTEN "{channel_for(identity.plan)}"')
        except psycopg.Error as exc:
            raise ListenerLost(_first_line(exc)) from None
        return connection

    def poll(self, timeout: float) -> list[ChangeNotice]:
        """Notices from other processes that arrive within timeout seconds (all that are waiting)."""
        import psycopg

        deadline = time.monotonic() + timeout
        try:
            # A round trip hears every notice waiting, and finds a lost connection at once.
            self._connection.execute("SELECT 1")
            while not self._heard and time.monotonic() < deadline:
                time.sleep(0.1)
                self._connection.execute("SELECT 1")
        except psycopg.Error as exc:
            raise ListenerLost(_first_line(exc)) from None
        heard, self._heard = self._heard, []
        notices = []
        for payload in heard:
            notice = parse_notice(payload)
            if notice is None:
                log.warning("ignored a notice on the plan's channel that is not electionplan's (%d characters)",
                            len(payload))
                continue
            notices.append(notice)
        return [notice for notice in notices if not notice.from_this_process]

    def reconnect(self) -> None:
        """Listen again on a fresh connection; ListenerLost while the server is still away."""
        self.close()
        self._connection = self._connect()

    def close(self) -> None:
        self._connection.close()  # a lost connection closes quietly


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
