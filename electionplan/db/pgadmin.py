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
    # Revisions, the audit and returning officers' sign-offs are a record: editors add to them, never rewrite them.
    for table in ("revision", "audit_entry", "review_comment"):
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


def _refuse_role(session, role: str, schema: str) -> None:
    """A reviewer is an existing, ordinary role: never a typo, the owner, a superuser or an editor."""
    row = session.execute(text(
        "SELECT r.rolsuper, r.rolname = current_user, r.oid = (SELECT nspowner FROM pg_namespace WHERE nspname = :s) "
        "FROM pg_roles r WHERE r.rolname = :r"), {"r": role, "s": schema}).first()
    edits = session.execute(text(
        "SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member "
        "WHERE g.rolname = :e AND u.rolname = :r"), {"e": EDITOR_ROLE, "r": role}).first() is not None
    if row is None:
        raise PlanFileError(f"There is no role '{role}' in this database; create it first (CREATE ROLE {role} LOGIN "
                            "PASSWORD '…'), then grant it, so a mistyped name never becomes a new role.")
    superuser, is_me, owns = row
    if superuser or is_me or owns:
        raise PlanFileError(f"'{role}' owns or administers the plan; a reviewer must be a separate, ordinary role.")
    if edits or role == EDITOR_ROLE:
        raise PlanFileError(f"'{role}' edits plans ({EDITOR_ROLE}); making it a reviewer would take its editing "
                            "away. Grant a separate role.")


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
            _refuse_role(session, role, schema)
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


def reviewers_of(url: str) -> list[str]:
    """The roles other than editors that may use the plan's schema: its reviewers, to grant again after a replace."""
    identity = database_identity(url)
    plan = open_database_plan(url, read_only=True)
    try:
        with plan.session() as session:
            rows = session.execute(text(
                "SELECT DISTINCT grantee FROM information_schema.role_table_grants "
                "WHERE table_schema = :s AND privilege_type = 'SELECT' AND grantee <> :e "
                "AND grantee NOT IN (SELECT rolname FROM pg_roles WHERE rolsuper) "
                "AND grantee <> (SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = :s)"),
                {"s": identity.plan, "e": EDITOR_ROLE}).scalars().all()
            columns = session.execute(text(
                "SELECT DISTINCT grantee FROM information_schema.column_privileges "
                "WHERE table_schema = :s AND privilege_type = 'SELECT' AND grantee <> :e "
                "AND grantee <> (SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = :s)"),
                {"s": identity.plan, "e": EDITOR_ROLE}).scalars().all()
    finally:
        plan.close()
    return sorted(set(rows) | set(columns))


def restore_grants(url: str, reviewers: list[str]) -> None:
    """After a plan is replaced in place, its editors and reviewers keep the access they had."""
    identity = database_identity(url)
    plan = open_database_plan(url)
    try:
        with plan.session() as session:
            if session.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :e"), {"e": EDITOR_ROLE}).first():
                _grant_editor(session, identity.plan)
    finally:
        plan.close()
    for role in reviewers:
        grant_reviewer(url, role)
