"""Restricted means restricted: a reviewer learns nothing of restricted data, not even that it changed."""

from __future__ import annotations

import psycopg
import pytest
from psycopg import errors

from electionplan.db import models as m
from electionplan.db.opening import open_store
from electionplan.db.pgnotify import ChangeListener
from tests.conftest import run_cli

# These tests carry the sample from its file into PostgreSQL themselves.
pytestmark = pytest.mark.file_store


@pytest.fixture
def reviewed(sample_plan_path, database_url, cli):
    url = f"{database_url}?plan=wyvern_2026"
    role = "ro_" + database_url.rsplit("/", 1)[1]
    assert cli("copy", sample_plan_path, url).returncode == 0
    with psycopg.connect(database_url, autocommit=True) as db:
        db.execute(f"CREATE ROLE {role} LOGIN")
    assert cli("store", "grant-reviewer", url, role).returncode == 0
    return url, url.replace("postgresql://postgres@", f"postgresql://{role}@")


def _everything_readable(reviewer_url: str) -> list[tuple]:
    """Every candidate row as the reviewer's login may read it, every column it is shown."""
    with psycopg.connect(reviewer_url.split("?")[0]) as db:
        return db.execute("SELECT * FROM wyvern_2026__readable.candidate ORDER BY id").fetchall()


def test_editing_only_a_candidates_intelligence_moves_nothing_a_reviewer_can_read(reviewed, cli):
    url, reviewer = reviewed
    before = _everything_readable(reviewer)
    edited = cli("edit", url, "candidate", "2", "--set", "intelligence_notes=New intelligence from Special Branch")
    assert edited.returncode == 0, edited.stderr
    with open_store(url, read_only=True) as plan, plan.session() as session:
        assert session.get(m.Candidate, 2).version_id > 1  # the record itself did move
    assert _everything_readable(reviewer) == before
    with psycopg.connect(reviewer.split("?")[0]) as db, pytest.raises(errors.InsufficientPrivilege):
        db.execute("SELECT version_id FROM wyvern_2026.candidate")
    assert cli("edit", url, "candidate", "2", "--set", "agent=A New Agent").returncode == 0
    assert _everything_readable(reviewer) != before  # what the reviewer may read still shows


def test_an_incidents_candidate_and_its_kind_and_severity_when_it_has_one_are_withheld(reviewed):
    url, reviewer = reviewed
    for column in ("candidate_id", "kind", "severity"):
        with psycopg.connect(reviewer.split("?")[0]) as db, pytest.raises(errors.InsufficientPrivilege):
            db.execute(f"SELECT {column} FROM wyvern_2026.incident")
    with open_store(url, read_only=True) as plan, plan.session() as session:
        whole = {i.id: (i.kind, i.severity, i.candidate_id) for i in session.query(m.Incident)}
    with open_store(reviewer, read_only=True) as plan, plan.session() as session:
        seen = {i.id: (i.kind, i.severity, i.candidate_id) for i in session.query(m.Incident)}
    linked = [i for i, (_, _, candidate) in whole.items() if candidate is not None]
    unlinked = [i for i in whole if i not in linked]
    assert linked and unlinked and seen.keys() == whole.keys()
    assert all(seen[i] == ("", "", None) for i in linked)
    assert all(seen[i] == whole[i] and seen[i][0] for i in unlinked)


@pytest.mark.slow
def test_a_listener_is_not_told_when_only_restricted_fields_change(reviewed):
    url, reviewer = reviewed
    listener = ChangeListener(reviewer)  # any login may LISTEN
    try:
        quiet = run_cli("edit", url, "candidate", "1", "--set", "home_address=1 New Road, Wyvernbridge")
        assert quiet.returncode == 0, quiet.stderr
        secret = listener.poll(timeout=30)
        shown = run_cli("edit", url, "candidate", "1", "--set", "agent=Someone Visible")
        assert shown.returncode == 0, shown.stderr
        visible = listener.poll(timeout=30)
    finally:
        listener.close()
    assert [n.entities for n in secret] == [()]  # a hint to re-read, naming nothing
    assert [n.entities for n in visible] == [("Candidate",)]


def test_a_revisions_content_hash_which_covers_restricted_inputs_is_withheld_from_a_reviewer(reviewed, cli):
    """Two issues alike in all a reviewer reads, one after a threat was recorded: their content hashes differ,
    so a reviewer shown them would know; the reviewer's login is refused them and its revision list has none."""
    import json

    url, reviewer = reviewed
    assert cli("revise", url, "-m", "First issue").returncode == 0
    assert cli("edit", url, "candidate", "3", "--set", "intelligence_notes=Known to a fixated individual").returncode == 0
    assert cli("revise", url, "-m", "Second issue").returncode == 0
    police = [r["content_hash"] for r in json.loads(cli("revisions", url, "--json").stdout)]
    assert len(set(police[-2:])) == 2  # the police's own record tells the issues apart
    with psycopg.connect(reviewer.split("?")[0]) as db, pytest.raises(errors.InsufficientPrivilege):
        db.execute("SELECT content_hash FROM wyvern_2026.revision")
    listed = cli("revisions", reviewer, "--json")
    assert listed.returncode == 0, listed.stderr
    assert [r.get("content_hash", "") for r in json.loads(listed.stdout)][-2:] == ["", ""]
    with psycopg.connect(reviewer.split("?")[0]) as db:
        shown = db.execute("SELECT content_hash FROM wyvern_2026__readable.revision").fetchall()
    assert shown and all(not value for (value,) in shown)
