"""Preparing a force's PostgreSQL database for plans, and the roles that use them.

`store init` makes a database ready for a plan: the PostGIS extension, the
plan's own schema at the latest revision, and the editor, approver and reviewer
group roles, each with the rights its job needs and nothing more. A person's
login is then made a member of one (`grant-reviewer`, `grant-approver`). Every
step checks before it acts, so running it again changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from electionplan.db.models import Base
from electionplan.db.pgsecurity import (
    APPROVER_ROLE,
    EDITOR_ROLE,
    REVIEWER_ROLE,
    ensure_group_roles,
    grant_plan,
    restricted_tables,
    withheld_columns,
)
from electionplan.db.pgstore import DatabasePlan, create_database_plan, open_database_plan
from electionplan.db.store import database_identity
from electionplan.domain.errors import PlanFileError

ROLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
__all__ = ["EDITOR_ROLE", "APPROVER_ROLE", "REVIEWER_ROLE", "restricted_tables"]


@dataclass(frozen=True)
class StoreSetup:
    plan: str
    location: str
    postgis_version: str
    editor_role: str
    approver_role: str = APPROVER_ROLE
    reviewer_role: str = REVIEWER_ROLE


def initialise_store(url: str) -> StoreSetup:
    """Prepare the database and the plan schema the URL names; harmless to repeat."""
    identity = database_identity(url)
    _ensure_postgis(url)
    plan: DatabasePlan = create_database_plan(url)
    try:
        with plan.session() as session:
            ensure_group_roles(session.connection())
            grant_plan(session.connection(), identity.plan)
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


def _refuse_role(session, role: str, schema: str, *, as_what: str) -> None:
    """A grantee is an existing, ordinary login: never a typo, a group role, the owner or a superuser."""
    row = session.execute(text(
        "SELECT r.rolsuper, r.rolname = current_user, r.oid = (SELECT nspowner FROM pg_namespace WHERE nspname = :s) "
        "FROM pg_roles r WHERE r.rolname = :r"), {"r": role, "s": schema}).first()
    if row is None:
        raise PlanFileError(f"There is no role '{role}' in this database; create it first (CREATE ROLE {role} LOGIN "
                            "PASSWORD '…'), then grant it, so a mistyped name never becomes a new role.")
    superuser, is_me, owns = row
    if superuser or is_me or owns:
        raise PlanFileError(f"'{role}' owns or administers the plan; a {as_what} must be a separate, ordinary role.")
    edits = session.execute(text("SELECT pg_has_role(:r, :e, 'MEMBER')"), {"r": role, "e": EDITOR_ROLE}).scalar()
    reviews = session.execute(text("SELECT pg_has_role(:r, :v, 'MEMBER')"), {"r": role, "v": REVIEWER_ROLE}).scalar()
    if as_what == "reviewer" and edits:
        raise PlanFileError(f"'{role}' edits plans ({EDITOR_ROLE}); making it a reviewer would take its editing "
                            "away. Grant a separate role.")
    if as_what != "reviewer" and reviews:
        raise PlanFileError(f"'{role}' is a reviewer ({REVIEWER_ROLE}), who reads without the restricted fields; "
                            f"a login that may also {as_what} would undo that. Use a separate login.")
    if role in (EDITOR_ROLE, APPROVER_ROLE, REVIEWER_ROLE):
        raise PlanFileError(f"'{role}' is one of electionplan's group roles; grant a person's own login instead.")


def _grant_membership(url: str, role: str, group: str, as_what: str) -> str:
    """Make role a member of one of the group roles, after checking it is fit to be; returns the plan's name."""
    identity = database_identity(url)
    if not ROLE_NAME.match(role):
        raise PlanFileError(f"'{role}' is not a role name electionplan grants to (letters, digits and _).")
    plan = open_database_plan(url)
    try:
        with plan.session() as session:
            ensure_group_roles(session.connection())  # as 'store init' makes them, for a plan made by copy
            _refuse_role(session, role, identity.plan, as_what=as_what)
            # The plan's grants are made afresh, so a newly restricted column is withheld from now on.
            grant_plan(session.connection(), identity.plan)
            session.execute(text(f'GRANT "{group}" TO "{role}"'))
    except DBAPIError as exc:
        raise PlanFileError(f"Could not grant {role} in {identity.location}: {_first_line(exc)}") from None
    finally:
        plan.close()
    return identity.plan


def grant_reviewer(url: str, role: str) -> ReviewerGrant:
    """Let role read the plan except restricted columns and tables, which PostgreSQL itself refuses."""
    schema = _grant_membership(url, role, REVIEWER_ROLE, "reviewer")
    hidden, withheld_tables = withheld_columns(), restricted_tables()
    readable = [t.name for t in Base.metadata.sorted_tables if t.name not in withheld_tables]
    withheld = sorted(f"{table}.{column}" for table, columns in hidden.items() for column in columns
                      if table not in withheld_tables)
    return ReviewerGrant(role, schema, readable, withheld, sorted(withheld_tables))


def grant_approver(url: str, role: str) -> str:
    """Let role edit the plan and issue approved revisions; returns the plan's name."""
    return _grant_membership(url, role, APPROVER_ROLE, "approve")
