"""Rotating backups and restoring one."""

from __future__ import annotations

import json
import sqlite3

import pytest

from electionplan.db.backups import KEEP, list_backups, take_backup

# Backups are copies of the plan file; a database plan is backed up by the server.
pytestmark = pytest.mark.file_store


def test_each_revision_takes_a_backup_and_old_ones_rotate(sample_plan_path, cli):
    for n in range(KEEP + 3):
        assert cli("revise", sample_plan_path, "-m", f"issue {n}").returncode == 0
    backups = list_backups(sample_plan_path)
    assert len(backups) == KEEP
    assert backups[0].reason == f"revision-0.{KEEP + 3}"


def test_restore_lists_and_restores_and_keeps_the_current_plan(sample_plan_path, cli):
    assert cli("revise", sample_plan_path, "-m", "before the mistake").returncode == 0
    with sqlite3.connect(sample_plan_path) as conn:
        conn.execute("DELETE FROM event_candidate")
        conn.execute("DELETE FROM event")
    assert json.loads(cli("info", sample_plan_path, "--json").stdout)["counts"]["events"] == 0
    listing = cli("restore", sample_plan_path, "--list")
    assert "revision 0.1" in listing.stdout
    restored = cli("restore", sample_plan_path, "1")
    assert restored.returncode == 0, restored.stderr
    assert json.loads(cli("info", sample_plan_path, "--json").stdout)["counts"]["events"] == 14
    kept = [b for b in list_backups(sample_plan_path) if b.reason == "before-restore"]
    assert len(kept) == 1
    with sqlite3.connect(kept[0].path) as conn:
        assert conn.execute("SELECT count(*) FROM event").fetchone()[0] == 0


def test_restore_refuses_a_file_that_is_not_a_plan(sample_plan_path, cli, tmp_path):
    junk = sample_plan_path.with_name("sample.junk-20270101-120000.eplan.bak")
    junk.write_text("not a plan")
    before = sample_plan_path.read_bytes()
    result = cli("restore", sample_plan_path, str(junk))
    assert result.returncode == 1 and "not an electionplan plan" in result.stderr
    assert sample_plan_path.read_bytes() == before


def test_backup_names_never_collide(sample_plan_path):
    first = take_backup(sample_plan_path, "manual")
    second = take_backup(sample_plan_path, "manual")
    assert first != second and first.exists() and second.exists()


@pytest.mark.file_store  # the damage is to a plan file's bytes
def test_a_damaged_plan_points_to_its_backups_and_is_restored_with_the_damaged_file_kept(sample_plan_path, cli):
    assert cli("revise", sample_plan_path, "-m", "Before the damage").returncode == 0
    data = bytearray(sample_plan_path.read_bytes())
    data[:100] = b"\x00" * 100
    sample_plan_path.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        sample_plan_path.with_name(sample_plan_path.name + suffix).unlink(missing_ok=True)
    refused = cli("info", sample_plan_path)
    assert refused.returncode == 1 and "1 backup of it beside it can be restored" in refused.stderr
    restored = cli("restore", sample_plan_path, "1")
    assert restored.returncode == 0, restored.stderr
    assert cli("info", sample_plan_path).returncode == 0
    kept = list(sample_plan_path.parent.glob("*.damaged-*.eplan.bak"))
    assert len(kept) == 1 and kept[0].read_bytes() == bytes(data) and (kept[0].stat().st_mode & 0o777) == 0o600
