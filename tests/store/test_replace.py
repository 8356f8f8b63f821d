"""`copy --force` into a database plan: the server stopped at any point leaves the old plan whole."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import psycopg
import pytest

from electionplan.db import models as m
from electionplan.db.opening import open_store
from electionplan.system.faults import ENV, PAUSE_ENV
from tests.conftest import REPO

# These tests carry the sample from its file into PostgreSQL themselves.
pytestmark = pytest.mark.file_store


def _state(url: str) -> tuple:
    """What the plan holds: a marked record, its history, and how many of each record."""
    with open_store(url, read_only=True) as plan, plan.session() as session:
        return (session.get(m.Candidate, 1).agent, session.query(m.AuditEntry).count(),
                session.query(m.Revision).count(), session.query(m.PollingStation).count(),
                session.query(m.Candidate).count())


def _copy_held_at(point: str, source, url: str, tmp_path) -> subprocess.Popen:
    """Start `copy --force` and hold it at point with its transaction open."""
    return _held_at(point, ["copy", str(source), url, "--force"], tmp_path)


def _held_at(point: str, command: list[str], tmp_path) -> subprocess.Popen:
    """Start a command that replaces a plan and hold it at point with its transaction open."""
    held = tmp_path / f"held-{point}"
    env = {**os.environ, ENV: point, PAUSE_ENV: str(held)}
    proc = subprocess.Popen([sys.executable, "-m", "electionplan.cli", *command],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    while not held.exists():
        assert proc.poll() is None, proc.stderr.read()
        time.sleep(0.05)
    return proc


@pytest.fixture(scope="module")
def old_plan_template(postgres_server, sample_plan_template, tmp_path_factory) -> tuple[str, str]:
    """A shared plan with a marked record, an issued revision and a reviewer's login, made once a module as a
    template database (each test gets a copy of it); and the reviewer's login."""
    import shutil

    from tests.conftest import call_cli
    from tests.core.pairs import as_test_user

    folder = tmp_path_factory.mktemp("old-plan")
    source = folder / "sample.eplan"
    shutil.copyfile(sample_plan_template, source)
    database = postgres_server.new_database()
    url, reviewer = f"{database}?plan=wyvern_2026", f"ro_{database.rsplit('/', 1)[1]}"
    with as_test_user(folder):
        for args in (("store", "init", url), ("copy", source, url, "--force"),
                     ("edit", url, "candidate", "1", "--set", "agent=Agent Of The Old Plan"),
                     ("revise", url, "-m", "Issued before the replacement")):
            assert call_cli(*args).returncode == 0, args
        with psycopg.connect(database, autocommit=True) as db:
            db.execute(f"CREATE ROLE {reviewer} LOGIN")
        assert call_cli("store", "grant-reviewer", url, reviewer).returncode == 0
    return postgres_server.make_template(database), reviewer


@pytest.fixture
def database_url(postgres_server, old_plan_template) -> str:
    """This test's database: a copy of the old plan's, its grants to the reviewer's login included."""
    return postgres_server.database_from(old_plan_template[0])


@pytest.fixture
def old_plan(database_url) -> str:
    return f"{database_url}?plan=wyvern_2026"


@pytest.fixture
def reviewer(old_plan_template) -> str:
    return old_plan_template[1]


@pytest.mark.slow
@pytest.mark.parametrize("point", ["copy-batch#3", "replace-renamed", "replace-before-commit"])
def test_the_server_stopped_during_a_replace_leaves_the_old_plan_whole(old_plan, sample_plan_path, postgres_server,
                                                                        database_url, reviewer, cli, tmp_path, point):
    before = _state(old_plan)
    assert before[0] == "Agent Of The Old Plan" and before[2] == 1
    proc = _copy_held_at(point, sample_plan_path, old_plan, tmp_path)
    try:
        postgres_server.kill_and_restart()
    finally:
        proc.kill()
        proc.wait()
    assert _state(old_plan) == before
    as_reviewer = _reviewer_of(old_plan, reviewer)
    assert cli("info", as_reviewer).returncode == 0  # its grants held too

    # The next replace finishes, over whatever the stopped one left behind, and keeps the grants.
    again = cli("copy", sample_plan_path, old_plan, "--force")
    assert again.returncode == 0, again.stderr
    after = _state(old_plan)
    assert after[0] != "Agent Of The Old Plan" and after[2] == 0 and after[3:] == before[3:]
    assert cli("info", as_reviewer).returncode == 0
    with psycopg.connect(database_url) as db:
        schemas = db.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'wyvern_2026%' ORDER BY 1").fetchall()
    assert schemas == [("wyvern_2026",), ("wyvern_2026__readable",)]


@pytest.mark.parametrize("point", ["copy-batch#2", "replace-before-commit"])
def test_a_copy_killed_with_its_process_leaves_the_old_plan_whole(old_plan, sample_plan_path, tmp_path, point):
    before = _state(old_plan)
    killed = subprocess.run([sys.executable, "-m", "electionplan.cli", "copy", str(sample_plan_path), old_plan,
                             "--force"], cwd=REPO, env={**os.environ, ENV: point}, capture_output=True, timeout=600)
    assert killed.returncode == -9
    assert _state(old_plan) == before


def _reviewer_of(url: str, reviewer: str) -> str:
    return url.replace("postgresql://postgres@", f"postgresql://{reviewer}@")


def _only_the_plan_is_left(database_url: str) -> None:
    with psycopg.connect(database_url) as db:
        schemas = db.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'wyvern_2026%' ORDER BY 1").fetchall()
    assert schemas == [("wyvern_2026",), ("wyvern_2026__readable",)]


@pytest.mark.slow
@pytest.mark.parametrize("point", ["plan-made", "plan-filled", "replace-renamed", "replace-before-commit"])
def test_the_server_stopped_while_a_new_plan_is_made_over_one_leaves_the_old_plan_whole(
        old_plan, postgres_server, database_url, reviewer, cli, tmp_path, point):
    before = _state(old_plan)
    assert before[0] == "Agent Of The Old Plan" and before[2] == 1
    proc = _held_at(point, ["sample", old_plan, "--force"], tmp_path)
    try:
        postgres_server.kill_and_restart()
    finally:
        proc.kill()
        proc.wait()
    assert _state(old_plan) == before
    assert cli("info", _reviewer_of(old_plan, reviewer)).returncode == 0  # its grants held too

    # Made again, the new plan replaces the old whole, over whatever the stopped one left, and keeps the grants.
    again = cli("sample", old_plan, "--force")
    assert again.returncode == 0, again.stderr
    after = _state(old_plan)
    assert after[0] != "Agent Of The Old Plan" and after[2] == 0 and after[3:] == before[3:]
    seen = cli("info", _reviewer_of(old_plan, reviewer))
    assert seen.returncode == 0, seen.stderr
    _only_the_plan_is_left(database_url)


@pytest.mark.parametrize("point", ["plan-made", "plan-filled", "replace-before-commit"])
def test_a_new_plan_killed_with_its_process_leaves_the_old_plan_whole(old_plan, tmp_path, point):
    before = _state(old_plan)
    killed = subprocess.run([sys.executable, "-m", "electionplan.cli", "sample", old_plan, "--force"],
                            cwd=REPO, env={**os.environ, ENV: point}, capture_output=True, timeout=600)
    assert killed.returncode == -9
    assert _state(old_plan) == before


def test_a_new_plan_that_fails_while_it_is_filled_leaves_the_old_plan_and_no_staged_copy(
        old_plan, database_url, tmp_path):
    """A quick setup over a plan whose candidates' file is refused: one line, and the old plan as it was."""
    before = _state(old_plan)
    bad = tmp_path / "candidates.csv"
    bad.write_text("nothing,useful\n1,2\n", encoding="utf-8")
    source = REPO / "sample_data"
    made = subprocess.run([sys.executable, "-m", "electionplan.cli", "quicksetup", old_plan, "--constituency",
                           "E14099901", "--boundaries", str(source / "boundary.geojson"), "--stations",
                           str(source / "polling_stations.csv"), "--candidates", str(bad), "--polling-day", "2027-05-06",
                           "--overwrite"], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert made.returncode == 1 and len(made.stderr.strip().splitlines()) == 1, made.stderr
    assert _state(old_plan) == before
    _only_the_plan_is_left(database_url)


def test_new_over_a_shared_plan_is_refused_in_one_line_and_changes_nothing(old_plan, cli):
    before = _state(old_plan)
    made = cli("new", old_plan, "--name", "Another election", "--kind", "general", "--polling-day", "2027-05-06",
               "--force", "Wyvernshire Constabulary")
    assert made.returncode == 1 and made.stderr.strip().splitlines() == [
        f"electionplan: error: {old_plan} already holds a plan; choose another name or remove it first."]
    assert _state(old_plan) == before
