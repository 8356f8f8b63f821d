"""Need-to-know in the database itself: a reviewer role cannot select restricted data."""

from __future__ import annotations

import psycopg
import pytest
from psycopg import errors

from electionplan.db.models import Base, record_columns, restricted_fields
from electionplan.db.pgadmin import restricted_tables

# These tests carry the sample from its file into PostgreSQL themselves.
pytestmark = pytest.mark.file_store


@pytest.fixture
def reviewed_plan(sample_plan_path, database_url, cli):
    url = f"{database_url}?plan=wyvern_2026"
    role = "ro_" + database_url.rsplit("/", 1)[1]  # roles are server-wide; one a test database
    assert cli("copy", sample_plan_path, url).returncode == 0
    with psycopg.connect(database_url, autocommit=True) as db:
        db.execute(f"CREATE ROLE {role} LOGIN")
    granted = cli("store", "grant-reviewer", url, role)
    assert granted.returncode == 0, granted.stderr
    again = cli("store", "grant-reviewer", url, role)  # harmless to repeat
    assert again.returncode == 0, again.stderr
    return database_url.replace("postgresql://postgres@", f"postgresql://{role}@")


def test_the_reviewer_is_refused_home_addresses_by_postgresql(reviewed_plan):
    with psycopg.connect(reviewed_plan) as db:
        names = db.execute("SELECT name, police_contact FROM wyvern_2026.candidate ORDER BY id").fetchall()
        assert len(names) > 0 and names[0][0]
    with psycopg.connect(reviewed_plan) as db, pytest.raises(errors.InsufficientPrivilege):
        db.execute("SELECT home_address FROM wyvern_2026.candidate_restricted")


def _columns_of(entity: str, field: str) -> tuple[str, str]:
    """Where a restricted field is stored: its record's table, or the table of the record's restricted part."""
    for mapper in Base.registry.mappers:
        if mapper.class_.__name__ == entity:
            column = record_columns(mapper.class_)[field]
            return column.table.name, column.name
    raise AssertionError(entity)


def test_every_restricted_column_and_table_is_refused_and_the_rest_is_readable(reviewed_plan):
    refused = sorted(_columns_of(entity, field) for entity, field in restricted_fields())
    assert ("candidate_restricted", "intelligence_notes") in refused and ("incident", "description") in refused
    for table, column in refused:
        with psycopg.connect(reviewed_plan) as db, pytest.raises(errors.InsufficientPrivilege):
            db.execute(f'SELECT "{column}" FROM wyvern_2026."{table}"')
    assert {"audit_entry", "threat_report", "candidate_restricted"} <= restricted_tables()
    for table in restricted_tables():
        with psycopg.connect(reviewed_plan) as db, pytest.raises(errors.InsufficientPrivilege):
            db.execute(f'SELECT count(*) FROM wyvern_2026."{table}"')
    with psycopg.connect(reviewed_plan) as db:
        stations = db.execute("SELECT count(*), count(boundary_wkb) FROM wyvern_2026.constituency").fetchone()
        events = db.execute("SELECT count(*) FROM wyvern_2026.event").fetchone()
        points = db.execute("SELECT count(*), min(ST_SRID(location)) FROM wyvern_2026.polling_station_layer").fetchone()
    assert stations[0] > 0 and stations[1] > 0 and events[0] > 0
    assert points[0] > 0 and points[1] == 27700  # the stations as a QGIS point layer


def test_the_reviewer_cannot_read_the_plans_own_key_or_candidates_contributions(reviewed_plan):
    for query in ("SELECT pack_key FROM wyvern_2026.plan", "SELECT text FROM wyvern_2026.contribution",
                  "SELECT email FROM wyvern_2026.candidate_restricted", "SELECT concerns FROM wyvern_2026.polling_station"):
        with psycopg.connect(reviewed_plan) as db, pytest.raises(errors.InsufficientPrivilege):
            db.execute(query)


@pytest.mark.parametrize("who, says", [
    ("nosuchrole_x", "There is no role 'nosuchrole_x'"),
    ("electionplan_editor", "edits plans"),
    ("postgres", "owns or administers the plan"),
])
def test_grant_reviewer_refuses_a_typo_an_editor_and_the_owner_and_changes_nothing(sample_plan_path, database_url,
                                                                                  cli, who, says):
    url = f"{database_url}?plan=wyvern_2026"
    assert cli("store", "init", url).returncode == 0
    assert cli("copy", sample_plan_path, url, "--force").returncode == 0
    result = cli("store", "grant-reviewer", url, who)
    assert result.returncode == 1 and says in result.stderr and len(result.stderr.strip().splitlines()) == 1
    with psycopg.connect(database_url, autocommit=True) as db:
        assert db.execute("SELECT 1 FROM pg_roles WHERE rolname = 'nosuchrole_x'").fetchone() is None
        editor_can_update = db.execute(
            "SELECT has_table_privilege('electionplan_editor', 'wyvern_2026.candidate', 'UPDATE')").fetchone()[0]
    assert editor_can_update


def test_replacing_a_plan_keeps_its_editors_and_reviewers(reviewed_plan, sample_plan_path, cli):
    role = reviewed_plan.split("://", 1)[1].split("@", 1)[0]
    admin = reviewed_plan.replace(f"postgresql://{role}@", "postgresql://postgres@")
    url = f"{admin}?plan=wyvern_2026"
    assert cli("store", "init", url).returncode == 0
    assert cli("copy", sample_plan_path, url, "--force").returncode == 0
    with psycopg.connect(admin, autocommit=True) as db:
        editor = db.execute(
            "SELECT has_table_privilege('electionplan_editor', 'wyvern_2026.event', 'UPDATE')").fetchone()[0]
        sign_offs = db.execute(
            "SELECT has_table_privilege('electionplan_editor', 'wyvern_2026.review_comment', 'DELETE')").fetchone()[0]
    assert editor and not sign_offs  # editors add sign-offs, never rewrite them
    with psycopg.connect(reviewed_plan) as db:
        assert db.execute("SELECT count(*) FROM wyvern_2026.event").fetchone()[0] > 0
    with psycopg.connect(reviewed_plan) as db, pytest.raises(errors.InsufficientPrivilege):
        db.execute("SELECT home_address FROM wyvern_2026.candidate_restricted")


@pytest.mark.parametrize("address, says", [
    ("postgresql://u@127.0.0.1:99999/db?plan=x", "port"),
    ("postgresql://u@127.0.0.1:abc/db?plan=x", "port"),
    ("postgresql://u@127.0.0.1/db?plan=public", "PostgreSQL keeps for itself"),
    ("postgresql://u@127.0.0.1/db?plan=pg_toast", "PostgreSQL keeps for itself"),
    ("postgresql://u@127.0.0.1/db?plan=information_schema", "PostgreSQL keeps for itself"),
])
def test_unusable_addresses_are_one_line(cli, address, says):
    result = cli("info", address)
    assert result.returncode == 1 and says in result.stderr and "unexpected" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
