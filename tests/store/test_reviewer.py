"""Need-to-know in the database itself: a reviewer role cannot select restricted data."""

from __future__ import annotations

import psycopg
import pytest
from psycopg import errors

from electionplan.db.models import Base, restricted_fields
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
        db.execute("SELECT home_address FROM wyvern_2026.candidate")


def _columns_of(entity: str, field: str) -> tuple[str, str]:
    for mapper in Base.registry.mappers:
        if mapper.class_.__name__ == entity:
            return mapper.local_table.name, mapper.columns[field].name
    raise AssertionError(entity)


def test_every_restricted_column_and_table_is_refused_and_the_rest_is_readable(reviewed_plan):
    refused = sorted(_columns_of(entity, field) for entity, field in restricted_fields())
    assert ("candidate", "intelligence_notes") in refused and ("incident", "description") in refused
    for table, column in refused:
        with psycopg.connect(reviewed_plan) as db, pytest.raises(errors.InsufficientPrivilege):
            db.execute(f'SELECT "{column}" FROM wyvern_2026."{table}"')
    assert {"audit_entry", "threat_report"} <= restricted_tables()
    for table in restricted_tables():
        with psycopg.connect(reviewed_plan) as db, pytest.raises(errors.InsufficientPrivilege):
            db.execute(f'SELECT count(*) FROM wyvern_2026."{table}"')
    with psycopg.connect(reviewed_plan) as db:
        stations = db.execute("SELECT count(*), count(boundary_wkb) FROM wyvern_2026.constituency").fetchone()
        events = db.execute("SELECT count(*) FROM wyvern_2026.event").fetchone()
        points = db.execute("SELECT count(*), min(ST_SRID(location)) FROM wyvern_2026.polling_station_layer").fetchone()
    assert stations[0] > 0 and stations[1] > 0 and events[0] > 0
    assert points[0] > 0 and points[1] == 27700  # the stations as a QGIS point layer
