"""Killing the app mid-change never corrupts the plan or half-writes a PDF.

A worker process loops over imports, edits, revisions and PDF exports on one
plan, writing to a journal when each starts and when it is committed; the test
SIGKILLs it at every chosen point of each change's write path in turn (an
environment-driven hook, system.faults), and after every kill checks that the
plan opens, passes SQLite's integrity check and holds exactly the committed
changes (the one in flight may or may not have landed, but never in part).
Workers are forked from the test process so that each run costs milliseconds.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections import defaultdict
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from electionplan.db import models as m
from electionplan.db.planfile import open_plan_file
from tests.core.faulting import fork, killed_at

# Kills at chosen points of writing the plan file.
pytestmark = pytest.mark.file_store

STATIONS_PER_IMPORT = 30


def _journal(path: Path, line: str) -> None:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def _run_ops(plan_path: Path, journal: Path, folder: Path, run: str, ops) -> None:
    from electionplan.db.records import update_record
    from electionplan.importers.stations import import_stations
    from electionplan.services.export import export_pdf
    from electionplan.services.revisions import issue_revision

    plan = open_plan_file(plan_path)
    for step, op in enumerate(ops, start=1):
        op_id = f"{run}.{step}"
        _journal(journal, f"start {op} {op_id}")
        if op == "import":
            source = folder / f"stations-{op_id}.csv"
            lines = ["id,name,address,postcode,easting,northing"]
            lines += [f"K{op_id}-{i},Killtest Hall {op_id}-{i},1 Road,AW1 1AA,{386000 + i * 10},{318000 + i * 10}"
                      for i in range(STATIONS_PER_IMPORT)]
            source.write_text("\n".join(lines) + "\n")
            import_stations(plan, source)
        elif op == "edit":
            update_record(plan, m.PollingStation, 1, {"notes": f"edit {op_id}"})
        elif op == "revise":
            issue_revision(plan, f"kill test {op_id}")
        else:
            export_pdf(plan, folder / "plan.pdf")
        _journal(journal, f"done {op} {op_id}")


def _complete_one_of_each(plan_path: Path, journal: Path, folder: Path) -> None:
    pid = fork()
    if pid == 0:
        code = 0
        try:
            _run_ops(plan_path, journal, folder, "warmup", ["import", "edit", "revise", "export"])
        except BaseException:
            code = 3
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, "a whole operation failed before any kill"


def _read_journal(journal: Path) -> tuple[dict[str, list[str]], dict[str, list[str]], set[str]]:
    """Ops started and done, and the ones a kill interrupted (one per worker at most)."""
    started, done = defaultdict(list), defaultdict(list)
    last_started: dict[str, str] = {}
    finished: set[str] = set()
    if journal.exists():
        for line in journal.read_text(encoding="utf-8").splitlines():
            state, op, op_id = line.split()
            (started if state == "start" else done)[op].append(op_id)
            if state == "start":
                last_started[op_id.split(".")[0]] = op_id
            else:
                finished.add(op_id)
    in_flight = {op_id for op_id in last_started.values() if op_id not in finished}
    return started, done, in_flight


def _check(plan_path: Path, journal: Path, folder: Path) -> None:
    started, done, in_flight = _read_journal(journal)
    with open_plan_file(plan_path) as plan, plan.session() as session:
        prefixes = defaultdict(int)
        for council_id in session.scalars(select(m.PollingStation.council_id).where(m.PollingStation.council_id.like("K%"))):
            prefixes[council_id.rsplit("-", 1)[0][1:]] += 1
        notes = session.get(m.PollingStation, 1).notes
        revisions = sorted((r.major, r.minor) for r in session.scalars(select(m.Revision)))
        revision_notes = {r.note for r in session.scalars(select(m.Revision))}
    # Imports land whole or not at all, and every committed one is there.
    assert all(count == STATIONS_PER_IMPORT for count in prefixes.values()), dict(prefixes)
    assert set(done["import"]) <= set(prefixes)
    assert set(prefixes) <= set(done["import"]) | in_flight
    # The station shows the last committed edit, or the one in flight.
    if started["edit"]:
        allowed = {f"edit {started['edit'][-1]}"} | ({f"edit {done['edit'][-1]}"} if done["edit"] else set())
        assert notes in allowed or (not done["edit"] and notes == "")
    # Revisions are numbered without gaps and every committed one is kept.
    assert revisions == [(0, n) for n in range(1, len(revisions) + 1)]
    assert {f"kill test {i}" for i in done["revise"]} <= revision_notes
    assert revision_notes <= {f"kill test {i}" for i in set(done["revise"]) | in_flight}
    # The PDF under its name is always whole.
    pdf = folder / "plan.pdf"
    if pdf.exists():
        assert pdf.read_bytes().rstrip().endswith(b"%%EOF")
        assert len(PdfReader(str(pdf)).pages) > 3
    with contextlib.closing(sqlite3.connect(plan_path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# Every point in the write path a kill can land on, for each kind of change.
KILL_POINTS = {
    "import": ("before-commit", "after-commit"),
    "edit": ("before-commit", "after-commit"),
    "revise": ("before-commit", "after-commit", "revision-issued"),
    "export": ("output-written",),
}


def _landed(plan_path: Path, op: str, op_id: str) -> bool:
    with open_plan_file(plan_path) as plan, plan.session() as session:
        if op == "import":
            return session.scalar(select(m.PollingStation.id).where(m.PollingStation.council_id == f"K{op_id}-0")) is not None
        if op == "edit":
            return session.get(m.PollingStation, 1).notes == f"edit {op_id}"
        return session.scalar(select(m.Revision.id).where(m.Revision.note == f"kill test {op_id}")) is not None


def _killed_during(plan_path: Path, journal: Path, folder: Path, op: str, point: str, run: str) -> None:
    """Run one operation in a forked worker armed to kill itself at point; it must die there."""
    killed_at(point, lambda: _run_ops(plan_path, journal, folder, run, [op]))


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_kill_at_every_point_of_every_kind_of_change_leaves_the_plan_whole(sample_plan_path, tmp_path):
    """Each change is killed at each point of its write path in turn, and the plan checked after every kill."""
    journal = tmp_path / "journal.txt"
    # First, one of each runs to completion, so every kind of committed change is in the journal.
    _complete_one_of_each(sample_plan_path, journal, tmp_path)
    _check(sample_plan_path, journal, tmp_path)
    run = 0
    for op, points in KILL_POINTS.items():
        for point in points:
            run += 1
            _killed_during(sample_plan_path, journal, tmp_path, op, point, str(run))
            _check(sample_plan_path, journal, tmp_path)
            # A change killed after its commit is there; one killed before it is not there at all.
            _, _, in_flight = _read_journal(journal)
            assert f"{run}.1" in in_flight
            if op != "export":
                assert _landed(sample_plan_path, op, f"{run}.1") == (point != "before-commit"), (op, point)
    # Nothing killed was left behind as a part file once the plan is opened again.
    open_plan_file(sample_plan_path).close()
    assert [p.name for p in tmp_path.iterdir() if ".part" in p.name and p.parent == sample_plan_path.parent] == []


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_revision_killed_before_its_backup_gets_it_when_the_plan_is_next_opened(sample_plan_path, tmp_path):
    from electionplan.db.backups import list_backups

    journal = tmp_path / "journal.txt"
    _killed_during(sample_plan_path, journal, tmp_path, "revise", "revision-issued", "9")
    with open_plan_file(sample_plan_path) as plan, plan.session() as session:
        number = session.scalars(select(m.Revision.number)).one()
    assert [b.reason for b in list_backups(sample_plan_path)] == [f"revision-{number}"]
