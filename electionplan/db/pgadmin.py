"""Preparing a force's PostgreSQL database for plans, and the roles that use them.

`store init` makes a database ready for a plan: the PostGIS extension, the
plan's own schema at the latest revision, and an editor role with the rights to
edit plans and nothing more. Every step checks before it acts, so running it
again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from electionplan.db.pgstore import DatabasePlan, create_database_plan
from electionplan.db.store import database_identity
from electionplan.domain.errors import PlanFileError

EDITOR_ROLE = "electionplan_editor"


@dataclass(frozen=True)
class StoreSetup:
    plan: str
    location: str
    postgis_version: str
    editor_role: str


def ensure_role(session, role: str) -> None:
    """A group role (no login) that members inherit rights from; made once."""
    exists = session.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
    if not exists:
        session.execute(text(f'CREATE ROLE "{role}" NOLOGIN'))


def _grant_editor(session, schema: str) -> None:
    session.execute(text(f'GRANT USAGE ON SCHEMA "{schema}" TO "{EDITOR_ROLE}"'))
    session.execute(text(f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "{schema}" TO "{EDITOR_ROLE}"'))
    session.execute(text(f'GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA "{schema}" TO "{EDITOR_ROLE}"'))
    # Revisions and the audit are a record: editors add to them, never rewrite them.
    for table in ("revision", "audit_entry"):
        session.execute(text(f'REVOKE UPDATE, DELETE ON "{schema}".{table} FROM "{EDITOR_ROLE}"'))


def initialise_store(url: str) -> StoreSetup:
    """Prepare the database and the plan schema the URL names; harmless to repeat."""
    identity = database_identity(url)
    _ensure_postgis(url)
    plan: DatabasePlan = create_database_plan(url)
    try:
        with plan.session() as session:
            ensure_role(session, EDITOR_ROLE)
            _grant_editor(session, identity.plan)
            version = session.execute(text("SELECT postgis_lib_version()")).scalar() or ""
    except DBAPIError as exc:
        raise PlanFileError(f"Could not set up roles in {identity.location}: {_first_line(exc)}") from None
    finally:
        plan.close()
    return StoreSetup(identity.plan, identity.location, version, EDITOR_ROLE)


def _ensure_postgis(url: str) -> None:
    import psycopg

    identity = database_identity(url)
    from sqlalchemy.engine import make_url

    target = make_url(url).set(drivername="postgresql", query={})
    try:
        with psycopg.connect(target.render_as_string(hide_password=False), autocommit=True, connect_timeout=10) as db:
            db.execute("CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public")
    except psycopg.Error as exc:
        raise PlanFileError(
            f"Could not enable PostGIS in {identity.location}: {_first_line(exc)} "
            "(a database superuser, or the database's owner, runs 'store init')."
        ) from None


def _first_line(exc: Exception) -> str:
    return (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [type(exc).__name__])[0]
