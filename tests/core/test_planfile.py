"""The plan file: creation, pragmas, migrations, refusal of non-plans."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from electionplan.db.models import Base
from electionplan.db.planfile import create_plan_file, open_plan_file
from electionplan.db.schema_versions import alembic_config, head_revision
from electionplan.domain.errors import PlanFileError
from electionplan.services.plans import plan_info

# The plan file itself: its bytes, pragmas and migrations.
pytestmark = pytest.mark.file_store

OLD_PLAN = Path(__file__).resolve().parents[1] / "data" / "plan_schema_0001.eplan"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_plan_uses_wal_foreign_keys_and_owner_only_permissions(tmp_path):
    plan = create_plan_file(tmp_path / "p.eplan")
    with plan.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    plan.close()
    assert os.stat(tmp_path / "p.eplan").st_mode & 0o777 == 0o600


def test_revision_chain_is_linear():
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1
    revisions = list(script.walk_revisions())
    assert [r.down_revision for r in revisions][-1] is None
    assert all(len(r._all_down_revisions) <= 1 for r in revisions)


def test_each_new_plan_is_exactly_what_the_migrations_build_in_a_file(tmp_path):
    """New plans are written from one empty plan the migrations built in memory: each holds exactly what running
    every migration on a file of its own gives, object for object and row for row, and is a file of its own."""
    from alembic import command

    engine = create_engine(f"sqlite:///{tmp_path / 'migrated.db'}")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    engine.dispose()
    for name in ("first.eplan", "second.eplan"):
        create_plan_file(tmp_path / name).close()

    def contents(path: Path) -> tuple[list[str], list]:
        db = sqlite3.connect(path)
        try:
            pragmas = [db.execute(f"PRAGMA {p}").fetchone() for p in ("user_version", "application_id", "page_size",
                                                                       "auto_vacuum", "encoding")]
            return list(db.iterdump()), pragmas
        finally:
            db.close()

    migrated = contents(tmp_path / "migrated.db")
    assert len(migrated[0]) > 20 and any("alembic_version" in line for line in migrated[0])
    assert contents(tmp_path / "first.eplan") == migrated == contents(tmp_path / "second.eplan")
    with open_plan_file(tmp_path / "first.eplan") as plan, plan.session(write=True) as session:
        session.execute(text("CREATE TABLE only_here (x)"))
    assert contents(tmp_path / "second.eplan") == migrated  # writing one plan leaves the next untouched


def test_upgrade_head_on_empty_database_matches_models(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_plan_written_by_first_migration_opens_after_upgrade(tmp_path):
    old = tmp_path / "old.eplan"
    shutil.copyfile(OLD_PLAN, old)
    with sqlite3.connect(old) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    plan = open_plan_file(old)
    info = plan_info(plan)
    with plan.engine.connect() as conn:
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        tables = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))}
    plan.close()
    assert version == head_revision() != "0001"
    assert {"review_comment", "contribution"} <= tables
    assert info["counts"]["polling_stations"] == 55
    assert info["counts"]["candidates"] == 7
    backups = list(tmp_path.glob("old.before-upgrade-0001-*.eplan.bak"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"


def test_plan_from_newer_version_is_refused_unchanged(tmp_path):
    path = tmp_path / "future.eplan"
    create_plan_file(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    before = digest(path)
    with pytest.raises(PlanFileError, match="newer version"):
        open_plan_file(path)
    assert digest(path) == before


def test_sqlite_file_that_is_not_a_plan_is_refused_unchanged(tmp_path):
    path = tmp_path / "other.eplan"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE stuff (x)")
    before = digest(path)
    with pytest.raises(PlanFileError, match="not an electionplan plan"):
        open_plan_file(path)
    assert digest(path) == before
    assert not Path(str(path) + "-wal").exists()


@pytest.mark.parametrize("damage", ["random", "truncated", "empty"])
def test_damaged_file_gives_one_line_and_exit_1_and_is_unchanged(tmp_path, sample_plan_path, cli, damage):
    path = tmp_path / f"{damage}.eplan"
    if damage == "random":
        path.write_bytes(os.urandom(50_000))
    elif damage == "truncated":
        path.write_bytes(sample_plan_path.read_bytes()[:3000])
    else:
        path.write_bytes(b"")
    before = digest(path)
    result = cli("info", path)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert str(path) in lines[0]
    assert digest(path) == before


def test_creating_over_an_existing_file_is_refused(tmp_path):
    path = tmp_path / "p.eplan"
    path.write_text("keep me")
    with pytest.raises(PlanFileError, match="already exists"):
        create_plan_file(path)
    assert path.read_text() == "keep me"


def _written_at_0008(source: Path, target: Path) -> None:
    """The source plan as electionplan wrote it at schema 0008, before candidates' restricted fields had a table
    of their own: built by that revision's migrations and filled from the source's rows."""
    engine = create_engine(f"sqlite:///{target}")
    try:
        with engine.begin() as conn:
            from alembic import command

            command.upgrade(alembic_config(conn), "0008")
    finally:
        engine.dispose()
    conn = sqlite3.connect(target)
    conn.execute("ATTACH DATABASE ? AS src", (str(source),))
    moved = {r[1] for r in conn.execute("PRAGMA src.table_info(candidate_restricted)")} - {"id", "version_id"}
    for (table,) in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT IN "
                                 "('alembic_version', 'sqlite_sequence')").fetchall():
        columns = [r[1] for r in conn.execute(f"PRAGMA main.table_info({table})")]
        if table == "candidate":
            chosen = ", ".join(f"r.{c}" if c in moved else f"c.{c}" for c in columns)
            source_rows = "src.candidate c JOIN src.candidate_restricted r ON r.id = c.id"
        else:
            chosen, source_rows = ", ".join(columns), f"src.{table}"
        conn.execute(f"INSERT INTO main.{table} ({', '.join(columns)}) SELECT {chosen} FROM {source_rows}")
    conn.commit()
    conn.close()


def test_a_plan_from_before_the_restricted_table_keeps_every_candidates_restricted_fields(sample_plan_path, cli,
                                                                                         tmp_path):
    from electionplan.db.snapshot import load_snapshot

    assert cli("revise", sample_plan_path, "-m", "Issued before the upgrade").returncode == 0
    with open_plan_file(sample_plan_path) as plan, plan.session() as session:
        before = load_snapshot(session)
    listed = cli("revisions", sample_plan_path).stdout
    latest = listed.strip().splitlines()[-1].split()[0]
    unchanged = cli("diff", sample_plan_path, latest, "live")
    assert unchanged.returncode == 0, unchanged.stderr
    old = tmp_path / "old.eplan"
    _written_at_0008(sample_plan_path, old)
    with sqlite3.connect(old) as conn:
        kept = conn.execute("SELECT id, home_address, intelligence_notes FROM candidate ORDER BY id").fetchall()
    assert [(c.id, c.home_address, c.intelligence_notes) for c in before.candidates] == kept
    assert any(intelligence for _id, _address, intelligence in kept)  # the sample records intelligence
    with open_plan_file(old) as plan, plan.session() as session:  # upgraded as it opens
        after = load_snapshot(session)
        moved = session.execute(text("SELECT count(*) FROM candidate_restricted")).scalar()
        columns = {r[1] for r in session.execute(text("PRAGMA table_info(candidate)"))}
        links = session.execute(text("SELECT count(*) FROM event_candidate")).scalar()
    assert after == before and moved == len(before.candidates) and links > 0  # no row lost with the table rebuilt
    assert not columns & {"home_address", "intelligence_notes", "concerns_raised", "protective_measures", "email"}
    assert cli("revisions", old).stdout == listed  # issued revisions keep their text and hashes
    assert cli("diff", old, latest, "live").stdout == unchanged.stdout  # and the plan still matches the last
