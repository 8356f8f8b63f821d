"""Faults injected at chosen points: a kill anywhere loses nothing and leaves nothing readable behind.

Workers are forked from the test process and armed with ELECTIONPLAN_FAULT, so
each one kills itself with SIGKILL exactly at the point under test; every point
is tried, none is left to timing.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from electionplan.db.planfile import open_plan_file
from electionplan.db.schema_versions import head_revision
from electionplan.system import faults
from tests.conftest import ok
from tests.core.faulting import fork, killed_at

OLD_PLAN = Path(__file__).resolve().parents[1] / "data" / "plan_schema_0001.eplan"
NAMED_POINTS = ("upgrade-folded", "upgrade-copied", "upgrade-checked", "upgrade-swapped")

# Faults in writing files: part files, permissions and the file's write lock.
pytestmark = [pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork"), pytest.mark.file_store]


def upgrade_statements(tmp_path, monkeypatch) -> int:
    plan = tmp_path / "count.eplan"
    shutil.copyfile(OLD_PLAN, plan)
    monkeypatch.setenv(faults.ENV, "upgrade-statement#1000000")
    faults._passed.clear()
    open_plan_file(plan).close()
    monkeypatch.delenv(faults.ENV)
    return faults.passes("upgrade-statement")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def plan_facts(path: Path) -> tuple:
    db = sqlite3.connect(path)
    try:
        return (db.execute("SELECT version_num FROM alembic_version").fetchone()[0],
                db.execute("PRAGMA integrity_check").fetchone()[0],
                db.execute("SELECT name FROM election").fetchone()[0],
                db.execute("SELECT count(*) FROM candidate").fetchone()[0],
                db.execute("SELECT count(*) FROM polling_station").fetchone()[0])
    finally:
        db.close()


@pytest.mark.slow
def test_a_kill_at_every_statement_and_step_of_an_upgrade_leaves_an_openable_plan(tmp_path, monkeypatch):
    statements = upgrade_statements(tmp_path, monkeypatch)
    assert statements > 20  # every migration's statements, not a handful
    original = digest(OLD_PLAN)
    _, _, name, candidates, stations = plan_facts(OLD_PLAN)
    points = [f"upgrade-statement#{n}" for n in range(1, statements + 1)] + list(NAMED_POINTS)
    for point in points:
        folder = tmp_path / point.replace("#", "-")
        folder.mkdir()
        plan = folder / "wyvern.eplan"
        shutil.copyfile(OLD_PLAN, plan)
        killed_at(point, lambda plan=plan: open_plan_file(plan).close())
        if point != "upgrade-swapped":
            assert digest(plan) == original, f"{point}: the plan was changed before the swap"
        # The next open finishes the upgrade, whatever point the kill came at.
        open_plan_file(plan).close()
        assert plan_facts(plan) == (head_revision(), "ok", name, candidates, stations), point
        leftovers = sorted(p.name for p in folder.iterdir() if ".part" in p.name or p.name.endswith(("-wal", "-shm")))
        assert leftovers == [], point
        # The way back is one backup of the original, kept apart from the rotating ones.
        backups = sorted(folder.glob("wyvern.before-upgrade-0001-*.eplan.bak"))
        assert len(backups) == 1 and plan_facts(backups[0]) == plan_facts(OLD_PLAN), point


def test_the_before_upgrade_backup_is_never_rotated_out(tmp_path):
    plan = tmp_path / "wyvern.eplan"
    shutil.copyfile(OLD_PLAN, plan)
    with open_plan_file(plan) as opened:
        for n in range(15):
            opened.backup(f"revision-0.{n + 1}")
    names = [p.name for p in tmp_path.glob("wyvern.*.eplan.bak")]
    assert sum("before-upgrade-0001" in n for n in names) == 1
    assert sum("revision-" in n for n in names) == 12


def test_backups_of_a_plan_with_a_longer_name_are_not_taken_for_its_own(tmp_path, sample_plan_template):
    from electionplan.db.backups import list_backups

    short, longer = tmp_path / "wyvern.eplan", tmp_path / "wyvern.v2.eplan"
    shutil.copyfile(sample_plan_template, short)
    shutil.copyfile(sample_plan_template, longer)
    with open_plan_file(longer) as opened:
        for n in range(14):
            opened.backup(f"revision-0.{n + 1}")
    # The stray -wal and -shm of the oldest backups go with them when rotated.
    oldest = list_backups(longer)[-1].path
    for suffix in ("-wal", "-shm"):
        Path(f"{oldest}{suffix}").write_bytes(b"")
    with open_plan_file(short) as opened:
        for n in range(13):
            opened.backup(f"revision-0.{n + 1}")
    assert all(b.path.name.startswith("wyvern.v2.") for b in list_backups(longer))
    assert len(list_backups(longer)) == 12  # none of them rotated away by wyvern.eplan's backups
    assert not any(Path(f"{oldest}{s}").exists() for s in ("-wal", "-shm")) or oldest.exists()
    assert len([b for b in list_backups(short) if not b.path.name.startswith("wyvern.v2.")]) == 12


def test_a_killed_export_leaves_a_part_file_that_the_next_open_removes(sample_plan_path, tmp_path):
    from electionplan.services.export import export_pdf

    target = tmp_path / "police.pdf"
    killed_at("output-written", lambda: export_pdf(open_plan_file(sample_plan_path), target))
    parts = [p for p in tmp_path.iterdir() if ".part" in p.name]
    assert len(parts) == 1 and not target.exists()
    assert oct(parts[0].stat().st_mode & 0o777) == "0o600"  # complete, but owner-only
    shutil.move(parts[0], sample_plan_path.parent / parts[0].name)
    open_plan_file(sample_plan_path).close()
    assert [p for p in sample_plan_path.parent.iterdir() if ".part" in p.name] == []


def test_a_live_writers_part_file_is_left_alone(tmp_path):
    from electionplan.system.files import part_file, remove_stray_parts

    mine = part_file(tmp_path / "plan.pdf", ".pdf")
    assert remove_stray_parts(tmp_path) == 0 and mine.exists()


@pytest.mark.parametrize("suffix", [".pdf", ".gpkg", ".csv", ".xlsx", ".json"])
def test_no_file_an_export_writes_is_ever_readable_by_others(sample_plan_path, tmp_path, suffix):
    """Under umask 022 the output folder is polled all through an export: no file ever has group or other bits."""
    seen: dict[str, int] = {}
    stop = threading.Event()
    folder = tmp_path / "out"
    folder.mkdir()

    def scan() -> None:
        for entry in os.scandir(folder):
            try:
                seen[entry.name] = seen.get(entry.name, 0) | (entry.stat().st_mode & 0o077)
            except FileNotFoundError:
                pass

    def poll() -> None:
        while not stop.is_set():
            scan()
        scan()  # and once more when the export has finished

    before = os.umask(0o022)
    watcher = threading.Thread(target=poll)
    watcher.start()
    try:
        ok("export", sample_plan_path, "-o", folder / f"out{suffix}")
    finally:
        stop.set()
        watcher.join()
        os.umask(before)
    assert f"out{suffix}" in seen
    assert {name: oct(bits) for name, bits in seen.items() if bits} == {}
    assert os.umask(0o022) == 0o022  # the umask is put back after the export
    os.umask(before)


def test_a_plan_copied_in_readable_by_others_is_made_owner_only_on_open(sample_plan_path):
    os.chmod(sample_plan_path, 0o644)
    with open_plan_file(sample_plan_path) as plan, plan.session():
        pass
    modes = {p.name: oct(p.stat().st_mode & 0o777) for p in sample_plan_path.parent.glob("sample.eplan*")}
    assert set(modes.values()) == {"0o600"}, modes


@pytest.mark.slow
def test_ten_concurrent_candidate_imports_give_no_duplicates(sample_plan_path, shared_data, tmp_path):
    """Ten processes import the same list at once: they queue on the write lock, and each later one updates."""
    import pandas as pd

    db = sqlite3.connect(sample_plan_path)
    code = db.execute("SELECT gss_code FROM constituency").fetchone()[0]
    db.execute("DELETE FROM event_candidate")
    db.execute("DELETE FROM threat_report")
    db.execute("DELETE FROM candidate_restricted")
    db.execute("DELETE FROM candidate")
    db.commit()
    db.close()
    source = pd.read_csv(shared_data / "candidates/HoC-GE2024-results-by-candidate.csv", dtype=str).fillna("")
    seat = source[source["ONS ID"] == source["ONS ID"].iloc[0]].assign(**{"ONS ID": code})
    listing = tmp_path / "candidates.csv"
    seat.to_csv(listing, index=False)
    go = tmp_path / "go"
    workers = []
    for _ in range(10):
        pid = fork()
        if pid == 0:
            code_ = 3
            try:
                from electionplan.importers.candidates import import_candidates

                while not go.exists():
                    pass
                with open_plan_file(sample_plan_path) as plan:
                    import_candidates(plan, listing)
                code_ = 0
            finally:
                os._exit(code_)
        workers.append(pid)
    go.touch()
    statuses = [os.waitpid(pid, 0)[1] for pid in workers]
    assert [os.WEXITSTATUS(s) for s in statuses] == [0] * 10
    db = sqlite3.connect(sample_plan_path)
    names = [n for (n,) in db.execute("SELECT name FROM candidate")]
    db.close()
    assert len(names) == len(seat) and len(set(names)) == len(seat)


def test_a_writer_that_must_wait_says_so_then_goes_ahead(sample_plan_path, tmp_path):
    """Another program holds the write lock: the import says it is waiting, and runs once the lock is freed."""
    from electionplan.db import writelock
    from electionplan.importers.contributions import import_contributions

    form = tmp_path / "contributions.csv"
    form.write_text("received,from,text,candidate\n2027-01-05 10:00,Agent,Stall on Saturday,Daniel Okafor\n")
    holder = sqlite3.connect(sample_plan_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    told = threading.Event()
    result: list = []
    writelock.on_wait(lambda message: (result.append(message), told.set()))
    try:
        with open_plan_file(sample_plan_path) as plan:
            worker = threading.Thread(target=lambda: result.append(import_contributions(plan, form)))
            worker.start()
            assert told.wait(60)  # it said so before it waited
            assert worker.is_alive()  # and it is waiting, not failed
            holder.execute("COMMIT")
            worker.join(120)
    finally:
        writelock.on_wait(lambda _message: None)
        holder.close()
    assert result == [writelock.WAIT_NOTICE, 1]
