"""Restricted means restricted: a reviewer learns nothing of restricted data, not even that it changed."""

from __future__ import annotations

import psycopg
import pytest
from psycopg import errors

from electionplan.db import models as m
from electionplan.db.opening import open_store
from electionplan.db.pgnotify import ChangeListener
from electionplan.services import editing
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


# What a write moves in PostgreSQL's statistics, which any login may read, table by table.
WRITE_STATISTICS = ("n_tup_ins", "n_tup_upd", "n_tup_del", "n_tup_hot_upd", "n_live_tup", "n_dead_tup",
                    "n_mod_since_analyze", "n_ins_since_vacuum")


def _readable_relations(db) -> list[tuple[str, str, list[str]]]:
    """Every table and view outside PostgreSQL's own catalogues this login may select from, with the columns
    it may read."""
    rows = db.execute(
        "SELECT n.nspname, c.relname, array_agg(a.attname::text ORDER BY a.attnum) FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid "
        "WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f') AND a.attnum > 0 AND NOT a.attisdropped "
        "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' "
        "AND has_column_privilege(c.oid, a.attnum, 'SELECT') GROUP BY n.nspname, c.relname ORDER BY 1, 2").fetchall()
    return [(schema, name, columns) for schema, name, columns in rows]


def _everything_readable(reviewer_url: str) -> dict[str, object]:
    """Every row of every relation the reviewer's login may read, every column it may read, and the write
    statistics of every table it may read from, as that login sees them."""
    seen: dict[str, object] = {}
    with psycopg.connect(reviewer_url.split("?")[0], autocommit=True) as db:
        relations = _readable_relations(db)
        for schema, name, columns in relations:
            shown = ", ".join(f'"{c}"' for c in columns)
            seen[f"{schema}.{name}"] = sorted(map(repr, db.execute(f'SELECT {shown} FROM "{schema}"."{name}"')))
        db.execute("SELECT pg_stat_clear_snapshot()")
        for schema, name, _columns in relations:
            statistics = db.execute(
                f"SELECT {', '.join(WRITE_STATISTICS)} FROM pg_stat_user_tables WHERE schemaname = %s AND relname = %s",
                (schema, name)).fetchone()
            pages = db.execute("SELECT c.reltuples, c.relpages FROM pg_class c JOIN pg_namespace n "
                               "ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relname = %s",
                               (schema, name)).fetchone()
            seen[f"statistics of {schema}.{name}"] = (statistics, pages)
    return seen


def _updates_counted(url: str, table: str, more_than: int) -> int:
    """The updates PostgreSQL's statistics count for a table, once they count more than a figure.

    A session's statistics reach the shared views when it ends, a moment after the command that made them
    has returned; waiting for the edited table's count to move means every table's has arrived."""
    with psycopg.connect(url.split("?")[0], autocommit=True) as db:
        for _attempt in range(600):
            db.execute("SELECT pg_stat_clear_snapshot()")
            counted = db.execute("SELECT n_tup_upd FROM pg_stat_user_tables WHERE schemaname = 'wyvern_2026' "
                                 "AND relname = %s", (table,)).fetchone()[0]
            if counted > more_than:
                return counted
            db.execute("SELECT pg_sleep(0.05)")
    raise AssertionError(f"PostgreSQL never counted the update of {table}")


@pytest.fixture
def quiet_statistics(reviewed):
    """The plan's tables with autovacuum off, so no background analyse moves a statistic during a test."""
    url, _reviewer = reviewed
    with psycopg.connect(url.split("?")[0], autocommit=True) as db:
        for (table,) in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'wyvern_2026'").fetchall():
            db.execute(f'ALTER TABLE wyvern_2026."{table}" SET (autovacuum_enabled = false)')
    return reviewed


def test_editing_only_a_candidates_restricted_fields_moves_nothing_a_reviewer_can_read(quiet_statistics, cli):
    url, reviewer = quiet_statistics
    with open_store(url, read_only=True) as plan:
        editor_version = editing.record_version(plan, m.Candidate, 2)
    updated = _updates_counted(url, "candidate_restricted", -1)
    before = _everything_readable(reviewer)
    assert "wyvern_2026__readable.candidate" in before and "wyvern_2026.candidate" in before
    for field, value in (("intelligence_notes", "New intelligence from Special Branch"),
                         ("home_address", "3 Quiet Lane, Wyvernbridge"), ("concerns_raised", "Followed home"),
                         ("protective_measures", "Panic alarm, Escort"), ("email", "candidate@example.org")):
        edited = cli("edit", url, "candidate", "2", "--set", f"{field}={value}")
        assert edited.returncode == 0, edited.stderr
    _updates_counted(url, "candidate_restricted", updated + 4)
    after = _everything_readable(reviewer)
    assert after == before
    with open_store(url, read_only=True) as plan, plan.session() as session:
        candidate = session.get(m.Candidate, 2)
        assert candidate.intelligence_notes == "New intelligence from Special Branch"
        assert candidate.protective_measures == ["Panic alarm", "Escort"]
        assert candidate.version_id == 1  # the record everyone may read did not move
    with open_store(url, read_only=True) as plan:
        assert editing.record_version(plan, m.Candidate, 2) == editor_version + 5  # an editor's edits still check it
    with psycopg.connect(reviewer.split("?")[0]) as db:  # the candidate's version is the reviewer's to read
        assert db.execute("SELECT version_id FROM wyvern_2026.candidate WHERE id = 2").fetchone() == (1,)
    public = _updates_counted(url, "candidate", -1)
    assert cli("edit", url, "candidate", "2", "--set", "agent=A New Agent").returncode == 0
    _updates_counted(url, "candidate", public)
    shown = _everything_readable(reviewer)
    moved = {key for key in before if shown[key] != before[key]}
    # What the reviewer may read still shows: the record, its version, and its table's statistics.
    assert {"wyvern_2026.candidate", "wyvern_2026__readable.candidate", "statistics of wyvern_2026.candidate"} <= moved


def test_a_restricted_edit_audited_as_restricted_and_checked_against_a_colleagues(quiet_statistics, cli):
    url, _reviewer = quiet_statistics
    with open_store(url, read_only=True) as plan:
        seen = editing.record_version(plan, m.Candidate, 3)
    first = cli("edit", url, "candidate", "3", "--set", "intelligence_notes=Seen at two hustings",
                "--expect-version", str(seen))
    assert first.returncode == 0, first.stderr
    stale = cli("edit", url, "candidate", "3", "--set", "intelligence_notes=Older note", "--expect-version", str(seen))
    assert stale.returncode == 1 and "changed by someone else" in stale.stderr
    audit = cli("audit", url)
    assert audit.returncode == 0, audit.stderr
    line = next(text for text in audit.stdout.splitlines() if "intelligence_notes" in text)
    assert "(restricted)" in line and "Seen at two hustings" not in audit.stdout


def test_every_incidents_candidate_kind_and_severity_are_withheld_so_blanks_betray_no_link(reviewed):
    """Blanks on the linked incidents alone would tell a reviewer which incidents concern a candidate, so every
    incident's kind and severity are withheld; its place and time stay readable."""
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
    assert all(whole[i][0] for i in unlinked)  # the police's own copy has the kinds the reviewer is not shown
    assert all(seen[i] == ("", "", None) for i in whole)


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


def test_a_shared_plan_from_before_the_restricted_table_is_upgraded_whole_and_stays_restricted(reviewed, cli):
    from alembic import command
    from sqlalchemy import create_engine

    from electionplan.db.schema_versions import alembic_config
    from electionplan.db.snapshot import load_snapshot

    url, reviewer = reviewed
    with open_store(url, read_only=True) as plan, plan.session() as session:
        before = load_snapshot(session)
    listed = cli("revisions", url).stdout
    server = url.split("?")[0].replace("postgresql://", "postgresql+psycopg://")
    engine = create_engine(server, connect_args={"options": "-c search_path=wyvern_2026,public"})
    with engine.begin() as connection:  # the plan as schema 0008 kept it, its reviewers' views with it
        connection.exec_driver_sql('DROP SCHEMA "wyvern_2026__readable" CASCADE')
        command.downgrade(alembic_config(connection), "0008")
    engine.dispose()
    with psycopg.connect(url.split("?")[0]) as db:
        kept = db.execute("SELECT id, home_address, intelligence_notes FROM wyvern_2026.candidate ORDER BY id").fetchall()
    assert kept == [(c.id, c.home_address, c.intelligence_notes) for c in before.candidates]
    refused = cli("info", reviewer)
    assert refused.returncode == 1 and "older version" in refused.stderr
    open_store(url).close()  # opened for editing by the plan's owner, as the app opens it: upgraded
    with open_store(url, read_only=True) as plan, plan.session() as session:
        assert load_snapshot(session) == before
    assert cli("revisions", url).stdout == listed
    with psycopg.connect(reviewer.split("?")[0]) as db:
        assert db.execute("SELECT count(*) FROM wyvern_2026__readable.candidate").fetchone()[0] == len(kept)
    with psycopg.connect(reviewer.split("?")[0]) as db, pytest.raises(errors.InsufficientPrivilege):
        db.execute("SELECT intelligence_notes FROM wyvern_2026.candidate_restricted")
    shown = cli("info", reviewer)
    assert shown.returncode == 0, shown.stderr
