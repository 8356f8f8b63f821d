"""A full assessment of a national-scale synthetic plan (issue: risk engine).

650 constituencies, 40,000 stations, 4,500 candidates, 5,000 events. Reports
the engine alone, and the engine with the snapshot read from a real plan file.
"""

from __future__ import annotations

import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _path  # noqa: F401
from sqlalchemy import select

from electionplan.db.planfile import open_plan_file
from electionplan.db.snapshot import TABLES, load_snapshot
from electionplan.domain.plancodec import encode_snapshot
from electionplan.risk.engine import assess_plan
from electionplan.risk.group_cuts import forget_cuts
from electionplan.risk.ruleset import load_ruleset
from electionplan.services.synthetic import synthetic_snapshot, write_synthetic_plan

AS_AT = dt.date(2029, 4, 1)


def timed(fn, runs=3):
    timings, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        timings.append(time.perf_counter() - start)
    return result, statistics.median(timings)


def main() -> None:
    rules = load_ruleset()
    snapshot = synthetic_snapshot()
    assessment, engine_s = timed(lambda: assess_plan(snapshot, rules, AS_AT))
    _, json_s = timed(lambda: assessment.to_dict())
    print(f"plan: {len(snapshot.constituencies)} constituencies, {len(snapshot.stations):,} stations, "
          f"{len(snapshot.candidates):,} candidates, {len(snapshot.events):,} events")
    print(f"engine (assess_plan): median {engine_s:.2f} s; to JSON document: {json_s:.2f} s")
    print(f"result: {len(assessment.flashpoints)} flashpoints, {len(assessment.shortfalls)} shortfalls")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "national.eplan"
        write_synthetic_plan(snapshot, path)
        with open_plan_file(path) as plan:
            def full():
                forget_cuts()  # each run cuts the patrols afresh, as the command's own process does
                with plan.session() as session:
                    snap = load_snapshot(session)
                return assess_plan(snap, rules, AS_AT)

            def read():
                with plan.session() as session:
                    return load_snapshot(session)

            def floor():
                # The same tables read as bare rows, with no records built.
                with plan.session() as session:
                    for model in TABLES.values():
                        session.execute(select(*model.__table__.columns)).all()

            _, read_s = timed(read)
            _, floor_s = timed(floor)
            _, full_s = timed(full)
        # The command a script runs, start to finish in its own process, its document thrown away.
        command = [sys.executable, "-m", "electionplan.cli", "assess", str(path), "--json", "--as-at", AS_AT.isoformat()]
        _, cli_s = timed(lambda: subprocess.run(command, stdout=subprocess.DEVNULL, check=True))
        _, encode_s = timed(lambda: encode_snapshot(snapshot))
    print(f"snapshot read alone: median {read_s:.2f} s (floor, bare rows of the same tables: {floor_s:.2f} s); "
          f"encoded for a revision: {encode_s:.2f} s")
    print(f"full assessment from the plan file (read snapshot + assess): median {full_s:.2f} s")
    print(f"`electionplan assess --json`, end to end: median {cli_s:.2f} s = {cli_s / full_s:.1f}x the full assessment "
          f"(target under 2x)")


if __name__ == "__main__":
    main()
