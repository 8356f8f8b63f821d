"""A plan in PostgreSQL/PostGIS behind the plan store seam, driven through the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time

import psycopg
import pytest
from sqlalchemy import select

from electionplan.db import models as m
from electionplan.db.opening import open_store
from electionplan.db.schema_versions import head_revision

# These tests carry the sample from its file into PostgreSQL themselves.
pytestmark = pytest.mark.file_store

AS_AT = "2026-11-21"


def plan_url(database_url: str, name: str = "wyvern_2026") -> str:
    return f"{database_url}?plan={name}"


def _json(cli, *args) -> dict:
    result = cli(*args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_store_init_prepares_postgis_schema_and_roles_and_is_harmless_to_repeat(database_url, cli):
    url = plan_url(database_url)
    first = cli("store", "init", url)
    again = cli("store", "init", url)
    assert first.returncode == 0 and again.returncode == 0, first.stderr + again.stderr
    assert "wyvern_2026" in again.stdout
    with psycopg.connect(database_url) as db:
        column = db.execute(
            "SELECT type, srid FROM geometry_columns WHERE f_table_schema = 'wyvern_2026' "
            "AND f_table_name = 'constituency' AND f_geometry_column = 'boundary_wkb'"
        ).fetchone()
        role = db.execute("SELECT rolcanlogin FROM pg_roles WHERE rolname = 'electionplan_editor'").fetchone()
        grants = db.execute(
            "SELECT privilege_type FROM information_schema.role_table_grants "
            "WHERE grantee = 'electionplan_editor' AND table_schema = 'wyvern_2026' AND table_name = 'candidate'"
        ).fetchall()
    assert column == ("GEOMETRY", 27700)
    assert role == (False,)
    assert {"SELECT", "INSERT", "UPDATE", "DELETE"} <= {g[0] for g in grants}
    with psycopg.connect(database_url) as db:
        stored = db.execute("SELECT version_num FROM wyvern_2026.alembic_version").fetchone()
    assert stored == (head_revision(),)  # the same migrations as a plan file


def test_the_sample_in_postgresql_gives_the_same_info_and_assessment(sample_plan_path, database_url, cli, tmp_path):
    url = plan_url(database_url)
    copied = cli("copy", sample_plan_path, url)
    assert copied.returncode == 0, copied.stderr
    from_file = _json(cli, "info", sample_plan_path, "--json")
    from_database = _json(cli, "info", url, "--json")
    assert from_database["counts"] == from_file["counts"] and from_file["counts"]["candidates"] > 0
    assert from_database == from_file
    assert _json(cli, "assess", url, "--json", "--as-at", AS_AT) == _json(
        cli, "assess", sample_plan_path, "--json", "--as-at", AS_AT
    )
    # PostGIS holds real geometry in British National Grid.
    with psycopg.connect(database_url) as db:
        srids = db.execute("SELECT DISTINCT ST_SRID(boundary_wkb) FROM wyvern_2026.constituency "
                           "WHERE boundary_wkb IS NOT NULL").fetchall()
    assert srids == [(27700,)]


def test_copy_refuses_to_overwrite_a_plan_without_force(sample_plan_path, database_url, cli):
    url = plan_url(database_url)
    assert cli("copy", sample_plan_path, url).returncode == 0
    refused = cli("copy", sample_plan_path, url)
    assert refused.returncode == 1
    assert len(refused.stderr.strip().splitlines()) == 1 and "--force" in refused.stderr
    assert cli("copy", sample_plan_path, url, "--force").returncode == 0


EDITOR = textwrap.dedent('''
    import sys, time
    from pathlib import Path
    from electionplan.db import models as m
    from electionplan.db.opening import open_store
    from electionplan.domain.errors import ConflictError
    from electionplan.db.records import record_version, update_record

    url, candidate_id, value, ready, go = sys.argv[1:6]
    plan = open_store(url)
    seen = record_version(plan, m.Candidate, int(candidate_id))   # both read the same version
    Path(ready).touch()
    while not Path(go).exists():
        time.sleep(0.01)
    try:
        update_record(plan, m.Candidate, int(candidate_id), {"police_contact": value}, expected_version=seen)
        print("saved")
    except ConflictError as exc:
        print("conflict:", exc)
        sys.exit(1)
''')


@pytest.mark.slow
def test_two_processes_editing_one_record_in_the_database_one_wins_the_other_is_told(
    sample_plan_path, database_url, cli, tmp_path
):
    url = plan_url(database_url)
    assert cli("copy", sample_plan_path, url).returncode == 0
    with open_store(url) as plan, plan.session() as session:
        candidate_id = session.scalars(select(m.Candidate.id).where(m.Candidate.name == "Daniel Okafor")).one()
    go = tmp_path / "go"
    editors = []
    for name in ("first", "second"):
        ready = tmp_path / f"ready-{name}"
        editors.append((name, ready, subprocess.Popen(
            [sys.executable, "-c", EDITOR, url, str(candidate_id), f"PC {name}", str(ready), str(go)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ})))
    for _, ready, proc in editors:
        while not ready.exists():
            assert proc.poll() is None, proc.stderr.read()
            time.sleep(0.01)
    go.touch()
    results = {name: (proc.wait(timeout=120), proc.stdout.read()) for name, _, proc in editors}
    saved = [name for name, (code, out) in results.items() if code == 0 and "saved" in out]
    told = [name for name, (code, out) in results.items() if code == 1 and "changed by someone else" in out]
    assert len(saved) == 1 and len(told) == 1, results
    with open_store(url) as plan, plan.session() as session:
        assert session.get(m.Candidate, candidate_id).police_contact == f"PC {saved[0]}"


def test_the_audit_names_the_person_and_the_database_user_they_signed_in_as(sample_plan_path, database_url, cli):
    url = plan_url(database_url)
    assert cli("copy", sample_plan_path, url).returncode == 0
    edited = cli("edit", url, "candidate", "1", "--set", "agent=Alice Byrne")
    assert edited.returncode == 0, edited.stderr
    with open_store(url, read_only=True) as plan, plan.session() as session:
        entry = session.scalars(select(m.AuditEntry).order_by(m.AuditEntry.id.desc())).first()
    assert (entry.entity, entry.field, entry.new) == ("Candidate", "agent", "Alice Byrne")
    assert entry.who == "Insp Test Officer (postgres)"


def test_a_conflicting_command_line_edit_is_one_clear_line(sample_plan_path, database_url, cli):
    url = plan_url(database_url)
    assert cli("copy", sample_plan_path, url).returncode == 0
    first = cli("edit", url, "candidate", "1", "--set", "agent=Alice", "--expect-version", "1")
    second = cli("edit", url, "candidate", "1", "--set", "agent=Bob", "--expect-version", "1")
    assert first.returncode == 0, first.stderr
    assert second.returncode == 1 and len(second.stderr.strip().splitlines()) == 1
    assert "changed by someone else" in second.stderr


def test_a_plan_that_is_not_there_is_one_clear_line(database_url, cli):
    result = cli("info", plan_url(database_url, "nobody"), "--json")
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "no plan 'nobody'" in result.stderr


def test_a_read_only_database_plan_reads_one_consistent_snapshot_while_colleagues_edit(
    sample_plan_path, database_url, cli
):
    url = plan_url(database_url)
    assert cli("copy", sample_plan_path, url).returncode == 0
    with open_store(url, read_only=True) as reader:
        with reader.session() as session:
            before = session.get(m.Candidate, 1).agent
        assert cli("edit", url, "candidate", "1", "--set", "agent=Changed Meanwhile").returncode == 0
        with reader.session() as session:  # a later step of the same export
            assert session.get(m.Candidate, 1).agent == before != "Changed Meanwhile"
    with open_store(url, read_only=True) as fresh, fresh.session() as session:
        assert session.get(m.Candidate, 1).agent == "Changed Meanwhile"


def test_an_unreachable_server_is_one_line_without_the_password(cli):
    url = "postgresql://spoc:not-for-print@127.0.0.1:1/elections?plan=wyvern_2026"
    for args in (("info", url), ("store", "init", url), ("copy", url, "out.eplan")):
        result = cli(*args)
        assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "Cannot reach the plan store postgresql://spoc@127.0.0.1:1/elections" in result.stderr
        assert "not-for-print" not in result.stderr + result.stdout
