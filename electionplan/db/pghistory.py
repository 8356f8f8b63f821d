"""History the server stamps: who really wrote each revision, audit entry and sign-off, and when.

What the client writes (the author, the audit's `who` and `at`) is what the
person claims; the server writes beside it the login that was signed in
(`session_user`) and its own clock (`now()`), in triggers an editor can neither
alter nor skip. The trigger functions are SECURITY DEFINER with a fixed
search_path and belong to whoever set the plan up, never to an editor. An
approved revision (or any whole-number issue) needs membership of the
approver role, and the server checks it.

These columns and triggers exist only in PostgreSQL: a plan file has no
server to trust, so they are made here, not by the shared migrations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Column, Connection, DateTime, MetaData, Table, Text, text
from sqlalchemy.orm import Session

from electionplan.db.pgsecurity import APPROVER_ROLE, HISTORY_TABLES
from electionplan.domain.timefmt import fmt_datetime

_SAFE = "LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp"

# A plan copied into the store is written by whoever copies it: the server stamps
# that login and time on every copied row, as on any other, and marks the row
# copied. Beside it the copy keeps what the plan's earlier server had stamped
# (none, for a plan file) as the original. Only the plan's owner, who makes the
# copy, may mark rows copied; for anyone else the mark and the original are cleared.
_STAMP = """
CREATE OR REPLACE FUNCTION "{s}".electionplan_stamp() RETURNS trigger {safe} AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        NEW.server_user := OLD.server_user;
        NEW.server_at := OLD.server_at;
        NEW.server_copied := OLD.server_copied;
        NEW.original_user := OLD.original_user;
        NEW.original_at := OLD.original_at;
    ELSE
        NEW.server_user := session_user;
        NEW.server_at := now();
        NEW.server_copied := coalesce(current_setting('electionplan.copying', true), '') = 'on'
            AND ((SELECT rolsuper FROM pg_roles WHERE rolname = session_user)
                 OR pg_has_role(session_user, (SELECT nspowner FROM pg_namespace WHERE nspname = TG_TABLE_SCHEMA),
                                'MEMBER'));
        IF NOT NEW.server_copied THEN
            NEW.original_user := NULL;
            NEW.original_at := NULL;
        END IF;
    END IF;
    RETURN NEW;
END $$
"""

# The schema's owner (whoever set the plan up, or copies a plan in) and superusers
# may approve; anyone else must be a member of the approver role. Both approval
# triggers end their condition with this one test of the login.
_NOT_APPROVER = """       AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)
       AND NOT pg_has_role(session_user, (SELECT nspowner FROM pg_namespace WHERE nspname = TG_TABLE_SCHEMA), 'MEMBER')
       AND NOT (EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{approver}')
                AND pg_has_role(session_user, '{approver}', 'MEMBER')) THEN
"""

# An approved revision (or any x.0 issue) is written only by an approver.
_APPROVAL = """
CREATE OR REPLACE FUNCTION "{s}".electionplan_check_approval() RETURNS trigger {safe} AS $$
BEGIN
    IF (NEW.approved OR (NEW.major >= 1 AND NEW.minor = 0))
{not_approver}        RAISE EXCEPTION 'an approved revision needs membership of {approver}' USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END $$
"""


# The plan's "approved by" is the approver's name on the document: only an approver writes it.
_APPROVER_NAME = """
CREATE OR REPLACE FUNCTION "{s}".electionplan_check_approver_name() RETURNS trigger {safe} AS $$
BEGIN
    IF NEW.approved_by IS DISTINCT FROM OLD.approved_by
{not_approver}        RAISE EXCEPTION 'naming who approved the plan needs membership of {approver}' USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END $$
"""


def _approval_sql(template: str, schema: str) -> str:
    not_approver = _NOT_APPROVER.format(approver=APPROVER_ROLE)
    return template.format(s=schema, safe=_SAFE, approver=APPROVER_ROLE, not_approver=not_approver)


_TEMPLATES = {"electionplan_stamp": _STAMP, "electionplan_check_approval": _APPROVAL,
              "electionplan_check_approver_name": _APPROVER_NAME}


def history_function_bodies() -> dict[str, str]:
    """Each trigger function's name and the body installed for it, for checking that a plan's are still ours."""
    return {name: _approval_sql(template, "plan").split("$$")[1] for name, template in _TEMPLATES.items()}


def history_triggers() -> dict[tuple[str, str], str]:
    """(table, trigger) to the function it runs: every trigger a database plan may carry."""
    triggers = {(table, "electionplan_stamp"): "electionplan_stamp" for table in HISTORY_TABLES}
    triggers[("revision", "electionplan_check_approval")] = "electionplan_check_approval"
    triggers[("plan", "electionplan_check_approver_name")] = "electionplan_check_approver_name"
    return triggers


# The columns the server stamps on each history table, beside the models' own (so db.pgtrust expects them).
STAMP_COLUMNS = {"server_user": "text", "server_at": "timestamptz", "server_copied": "boolean NOT NULL DEFAULT false",
                 "original_user": "text", "original_at": "timestamptz"}


def install_history_stamps(connection: Connection, schema: str) -> None:
    """The stamp columns and triggers on the plan's history tables; harmless to repeat."""
    connection.execute(text(_STAMP.format(s=schema, safe=_SAFE)))
    for template in (_APPROVAL, _APPROVER_NAME):
        connection.execute(text(_approval_sql(template, schema)))
    for function in ("electionplan_stamp()", "electionplan_check_approval()", "electionplan_check_approver_name()"):
        connection.execute(text(f'REVOKE ALL ON FUNCTION "{schema}".{function} FROM PUBLIC'))
    for table in HISTORY_TABLES:
        added = ", ".join(f"ADD COLUMN IF NOT EXISTS {name} {kind}" for name, kind in STAMP_COLUMNS.items())
        connection.execute(text(f'ALTER TABLE "{schema}".{table} {added}'))
        connection.execute(text(f'DROP TRIGGER IF EXISTS electionplan_stamp ON "{schema}".{table}'))
        connection.execute(text(f'CREATE TRIGGER electionplan_stamp BEFORE INSERT OR UPDATE ON "{schema}".{table} '
                                f'FOR EACH ROW EXECUTE FUNCTION "{schema}".electionplan_stamp()'))
    connection.execute(text(f'DROP TRIGGER IF EXISTS electionplan_check_approval ON "{schema}".revision'))
    connection.execute(text(f'CREATE TRIGGER electionplan_check_approval BEFORE INSERT OR UPDATE ON "{schema}".revision '
                            f'FOR EACH ROW EXECUTE FUNCTION "{schema}".electionplan_check_approval()'))
    connection.execute(text(f'DROP TRIGGER IF EXISTS electionplan_check_approver_name ON "{schema}".plan'))
    connection.execute(text(f'CREATE TRIGGER electionplan_check_approver_name BEFORE UPDATE ON "{schema}".plan '
                            f'FOR EACH ROW EXECUTE FUNCTION "{schema}".electionplan_check_approver_name()'))


@dataclass(frozen=True)
class ServerStamp:
    """What the server recorded of a history record: the login and time it was written, and for a copied
    record, what the earlier server had stamped (None where it came from a plan file, which has no server)."""

    user: str
    at: dt.datetime
    copied: bool = False
    original_user: str | None = None
    original_at: dt.datetime | None = None

    def describe(self) -> str:
        written = f"{self.user} {fmt_datetime(self.at)}"
        if not self.copied:
            return written
        if self.original_user is None or self.original_at is None:
            return f"copied in by {written} from a plan with no server stamp"
        return f"copied in by {written}; originally {self.original_user} {fmt_datetime(self.original_at)}"


def _stamp_columns(session: Session, table: str) -> set[str]:
    return set(session.execute(text(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = :t AND column_name IN ('server_user', 'server_copied')"), {"t": table}).scalars())


def server_stamps(session: Session, table: str, after: int = 0) -> dict[int, ServerStamp]:
    """Record id (those after `after`) to what the server stamped (times in London); empty for a plan file."""
    if session.get_bind().dialect.name != "postgresql" or table not in HISTORY_TABLES:
        return {}
    present = _stamp_columns(session, table)
    if "server_user" not in present:
        return {}
    copied = ("server_copied, original_user, original_at AT TIME ZONE 'Europe/London'"
              if "server_copied" in present else "false, NULL, NULL")
    rows = session.execute(text(
        f"SELECT id, server_user, server_at AT TIME ZONE 'Europe/London', {copied} FROM {table} "
        "WHERE server_user IS NOT NULL AND id > :after"), {"after": after})
    return {row[0]: ServerStamp(*row[1:]) for row in rows}


def original_stamps(session: Session, table: str) -> dict[int, dict[str, object]]:
    """Record id to the stamp a copy of it keeps as the original: the earliest server's, where one stamped it."""
    if session.get_bind().dialect.name != "postgresql" or table not in HISTORY_TABLES:
        return {}
    present = _stamp_columns(session, table)
    if "server_user" not in present:
        return {}
    earliest = ("CASE WHEN server_copied THEN original_user ELSE server_user END, "
                "CASE WHEN server_copied THEN original_at ELSE server_at END"
                if "server_copied" in present else "server_user, server_at")
    rows = session.execute(text(f"SELECT id, {earliest} FROM {table}"))
    return {row[0]: {"original_user": row[1], "original_at": row[2]} for row in rows}


def with_original_stamps(table: Table) -> Table:
    """The history table as a copy writes it: its columns and the original stamp kept beside the server's."""
    return Table(table.name, MetaData(), *(Column(c.name, c.type, primary_key=c.primary_key) for c in table.columns),
                 Column("original_user", Text), Column("original_at", DateTime(timezone=True)))


def mark_as_copying(session: Session) -> None:
    """Rows this transaction writes are a copy of a plan (honoured for the plan's owner only)."""
    session.execute(text("SELECT set_config('electionplan.copying', 'on', true)"))
