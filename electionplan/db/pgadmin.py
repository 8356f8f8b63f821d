"""Preparing a force's PostgreSQL database for plans, and the roles that use them.

`store init` makes a database ready for a plan: the PostGIS extension, the
plan's own schema at the latest revision, and an editor role with the rights to
edit plans and nothing more. Every step checks before it acts, so running it
again changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from electionplan.db.models import Base, restricted_fields, table_of
from electionplan.db.pgstore import STATION_LAYER, DatabasePlan, create_database_plan, open_database_plan
from electionplan.db.store import database_identity
from electionplan.domain.errors import PlanFileError

EDITOR_ROLE = "electionplan_editor"
ROLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


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
    from sqlalchemy.engine import make_url

    identity = database_identity(url)
    target = make_url(url).set(drivername="postgresql", query={})
    try:
        with psycopg.connect(target.render_as_string(hide_password=False), autocommit=True, connect_timeout=10) as db:
            db.execute("CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public")
    except psycopg.OperationalError as exc:
        raise PlanFileError(f"Cannot reach the plan store {identity.location}: {_first_line(exc)}") from None
    except psycopg.Error as exc:
        raise PlanFileError(
            f"Could not enable PostGIS in {identity.location}: {_first_line(exc)} "
            "(a database superuser, or the database's owner, runs 'store init')."
        ) from None


def _first_line(exc: Exception) -> str:
    return (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [type(exc).__name__])[0]


@dataclass(frozen=True)
class ReviewerGrant:
    role: str
    plan: str
    readable_tables: list[str]
    withheld_columns: list[str]
    withheld_tables: list[str]


def restricted_tables() -> frozenset[str]:
    """Tables the models mark RESTRICTED in full (threat reports, the audit)."""
    return frozenset(table.name for table in Base.metadata.sorted_tables if table.info.get("restricted"))


def _restricted_columns() -> dict[str, set[str]]:
    """Table name to its restricted column names, from the models' own RESTRICTED marking."""
    restricted = restricted_fields()
    columns: dict[str, set[str]] = {}
    for mapper in Base.registry.mappers:
        for column in mapper.columns:
            if (mapper.class_.__name__, column.key) in restricted:
                columns.setdefault(table_of(mapper.class_).name, set()).add(column.name)
    return columns


def grant_reviewer(url: str, role: str) -> ReviewerGrant:
    """Let role read the plan except restricted columns and tables, which PostgreSQL itself refuses."""
    identity = database_identity(url)
    if not ROLE_NAME.match(role):
        raise PlanFileError(f"'{role}' is not a role name electionplan grants to (letters, digits and _).")
    restricted_columns, withheld_tables = _restricted_columns(), restricted_tables()
    readable: list[str] = []
    withheld: list[str] = []
    plan = open_database_plan(url)
    schema = identity.plan
    try:
        with plan.session() as session:
            ensure_role(session, role)
            # Start from nothing, so a repeat grant or a newly restricted column is exact.
            session.execute(text(f'REVOKE ALL ON ALL TABLES IN SCHEMA "{schema}" FROM "{role}"'))
            session.execute(text(f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"'))
            for table in Base.metadata.sorted_tables:
                if table.name in withheld_tables:
                    continue
                hidden = restricted_columns.get(table.name, set())
                columns = ", ".join(f'"{c.name}"' for c in table.columns if c.name not in hidden)
                session.execute(text(f'GRANT SELECT ({columns}) ON "{schema}"."{table.name}" TO "{role}"'))
                readable.append(table.name)
                withheld.extend(f"{table.name}.{c}" for c in sorted(hidden))
            session.execute(text(f'GRANT SELECT ON "{schema}".{STATION_LAYER} TO "{role}"'))
    except DBAPIError as exc:
        raise PlanFileError(f"Could not grant {role} in {identity.location}: {_first_line(exc)}") from None
    finally:
        plan.close()
    return ReviewerGrant(role, schema, readable, withheld, sorted(withheld_tables))
