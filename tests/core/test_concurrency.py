"""Two real processes editing the same candidate: neither edit is silently lost."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

import pytest
from sqlalchemy import select

from electionplan.db import models as m
from electionplan.db.openers import claim, clear, current, release
from electionplan.db.opening import open_store

EDITOR = textwrap.dedent('''
    import sys, time
    from pathlib import Path
    from electionplan.db import models as m
    from electionplan.db.opening import open_store
    from electionplan.domain.errors import ConflictError
    from electionplan.db.records import record_version, update_record

    plan_path, candidate_id, value, ready, go = sys.argv[1:6]
    plan = open_store(plan_path)
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
def test_two_processes_editing_one_candidate_never_lose_an_edit_silently(sample_plan_path, tmp_path):
    with open_store(sample_plan_path) as plan, plan.session() as s:
        candidate = s.scalars(select(m.Candidate).where(m.Candidate.name == "Daniel Okafor")).one()
    go = tmp_path / "go"
    procs = []
    for name in ("first", "second"):
        ready = tmp_path / f"ready-{name}"
        procs.append((name, ready, subprocess.Popen(
            [sys.executable, "-c", EDITOR, str(sample_plan_path), str(candidate.id), f"PC {name}", str(ready), str(go)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ})))
    for _, ready, proc in procs:
        while not ready.exists():
            assert proc.poll() is None, proc.stderr.read()
            time.sleep(0.01)
    go.touch()
    results = {name: (proc.wait(timeout=120), proc.stdout.read()) for name, _, proc in procs}
    saved = [name for name, (code, out) in results.items() if code == 0 and "saved" in out]
    refused = [name for name, (code, out) in results.items() if code == 1 and "changed by someone else" in out]
    assert len(saved) == 1 and len(refused) == 1, results
    with open_store(sample_plan_path) as plan, plan.session() as s:
        stored = s.get(m.Candidate, candidate.id).police_contact
    assert stored == f"PC {saved[0]}"  # the refused writer was told, and the saved value is intact


def test_conflict_from_the_command_line_is_one_clear_line(sample_plan_path, cli):
    first = cli("edit", sample_plan_path, "candidate", "1", "--set", "agent=Alice", "--expect-version", "1")
    assert first.returncode == 0, first.stderr
    second = cli("edit", sample_plan_path, "candidate", "1", "--set", "agent=Bob", "--expect-version", "1")
    assert second.returncode == 1
    assert len(second.stderr.strip().splitlines()) == 1 and "changed by someone else" in second.stderr


def test_open_markers_show_colleagues_and_clear_stale_ones(tmp_path):
    plan = tmp_path / "p.eplan"
    plan.write_bytes(b"")
    assert claim(plan) == []
    marker = plan.with_name("p.eplan.inuse")
    assert marker.exists() and oct(marker.stat().st_mode & 0o777) == "0o600"
    # A marker left by a crashed process on this machine (a pid that is not running).
    import json
    import socket

    entries = json.loads(marker.read_text())
    entries.append({"user": "colleague", "host": socket.gethostname(), "pid": 999_999_9, "since": "2027-01-10T09:00:00"})
    entries.append({"user": "remote", "host": "other-laptop", "pid": 1, "since": "2027-01-10T09:00:00"})
    marker.write_text(json.dumps(entries))
    live = current(plan)
    assert {o.user for o in live} == {entries[0]["user"], "remote"}  # the stale local one is gone
    release(plan)
    assert [o.user for o in current(plan)] == ["remote"]
    assert [o.user for o in clear(plan)] == ["remote"]
    assert not marker.exists()


def test_every_edit_add_and_delete_is_a_write_session_so_it_queues_behind_a_colleagues_import(sample_plan_path):
    # A write session takes the plan's write lock before it reads (the store's advisory lock, the file's
    # IMMEDIATE transaction): single-record edits queue behind an import or a revision instead of racing it.
    from electionplan.db.records import create_record, delete_record, update_record

    with open_store(sample_plan_path) as plan:
        asked: list[bool] = []
        real = plan.session

        def watched(*, write: bool = False):
            asked.append(write)
            return real(write=write)

        plan.session = watched  # type: ignore[method-assign]
        venue = create_record(plan, m.Venue, {"name": "Scout hut", "address": "Mill Lane"})
        update_record(plan, m.Venue, venue, {"notes": "Side door only"})
        delete_record(plan, m.Venue, venue)
    assert len(asked) >= 3 and all(asked)
