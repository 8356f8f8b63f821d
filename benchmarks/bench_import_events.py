"""Importing 5,000 events into the national synthetic plan, against its floor, measured in the same run (issue 27).

The list is what a force's hustings returns look like at a general election:
5,000 new events, half at venues the plan already holds (matched by name and
place), half at venues it does not (added), each with its constituency code
and two or three candidates named by id or by name with their seat. The floor
reads the same file with pandas, places its points in the constituencies with
one spatial join and reads the plan's events and venues. The import is timed
on a fresh copy of the plan each run (opening is not timed), and so is
importing the same list a second time, which changes nothing.

    python benchmarks/bench_import_events.py [PLAN]

It also times 1,500 threat reports (by candidate id and event name) into the same plan.

PLAN defaults to a synthetic national plan written first (650 seats, 40,000
stations, 4,500 candidates, 5,000 events, seed 1).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

import _path  # noqa: F401
import numpy as np
import pandas as pd
from bench_import import best_in_fresh_plans
from sqlalchemy import select

from electionplan.db import models as m
from electionplan.db.planfile import open_plan_file
from electionplan.importers.events import import_events
from electionplan.importers.station_store import constituency_of
from electionplan.services.imports import ImportRequest, run_import
from electionplan.services.synthetic import synthetic_snapshot, write_synthetic_plan

ROWS = 5_000
THREATS = 1_500  # a third of the candidates have a report, as the synthetic plan holds
RUNS = 3


def events_file(plan_path: Path, target: Path) -> Path:
    with open_plan_file(plan_path) as plan, plan.session() as session:
        venues = pd.DataFrame(session.execute(select(m.Venue.name, m.Venue.easting, m.Venue.northing,
                                                     m.Constituency.gss_code)
                                              .join(m.Constituency, m.Venue.constituency_id == m.Constituency.id)).all(),
                              columns=["venue", "easting", "northing", "code"])
        candidates = pd.DataFrame(session.execute(select(m.Candidate.id, m.Candidate.name, m.Constituency.gss_code,
                                                         m.Constituency.name)
                                                  .join(m.Constituency)).all(), columns=["id", "name", "code", "seat"])
    rng = np.random.default_rng(27)
    rows = venues.sample(ROWS, random_state=27, replace=True).reset_index(drop=True)
    new = np.arange(ROWS) % 2 == 1
    rows.loc[new, "venue"] = [f"Community hall {i}" for i in range(int(new.sum()))]
    rows.loc[new, "easting"] += 150.0  # a new hall near a known one, in the same seat
    day = pd.Timestamp("2029-04-01") + pd.to_timedelta(rng.integers(0, 30, ROWS), unit="D")
    hour = rng.integers(9, 20, ROWS)
    by_seat = candidates.groupby("code")
    named = []
    for i, code in enumerate(rows["code"]):
        people = by_seat.get_group(code).head(3) if code in by_seat.groups else candidates.head(0)
        named.append("; ".join(str(p.id) if i % 2 else f"{p.name} ({p.seat})" for p in people.itertuples()))
    frame = pd.DataFrame({
        "Event name": [f"Hustings {i}" for i in range(ROWS)], "Type": "Hustings",
        "Date": day.strftime("%d/%m/%Y"), "Start time": [f"{h:02d}:00" for h in hour],
        "End time": [f"{h + 2:02d}:00" for h in hour], "Venue": rows["venue"],
        "Easting": rows["easting"].round(0), "Northing": rows["northing"].round(0), "Constituency": rows["code"],
        "Expected attendance": rng.choice([40, 120, 300], ROWS), "Ticketed": np.where(rng.random(ROWS) < 0.3, "yes", "no"),
        "Outdoor": "no", "Organiser": "Churches Together", "Topics": "housing; NHS", "Candidates": named,
    })
    frame.to_csv(target, index=False)
    return target


def floor(path: Path, plan_path: Path) -> None:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    with open_plan_file(plan_path) as plan, plan.session() as session:
        points = pd.DataFrame({"easting": frame["Easting"].astype(float), "northing": frame["Northing"].astype(float)})
        constituency_of(session, points)
        session.execute(select(m.Event)).all()
        session.execute(select(m.Venue)).all()


def timed_import(path: Path, template: Path, folder: Path, twice: bool) -> float:
    timings = []
    for run in range(RUNS):
        target = folder / f"run{run}.eplan"
        shutil.copyfile(template, target)
        with open_plan_file(target) as plan:
            if twice:
                import_events(plan, path)
            start = time.perf_counter()
            report = import_events(plan, path)
            timings.append(time.perf_counter() - start)
            assert (report.added, report.changed) == ((0, 0) if twice else (ROWS, 0)), report
        target.unlink()
    return min(timings)


def threats_file(plan_path: Path, target: Path) -> Path:
    """Reports against candidates by id and against the plan's events by name, every severity."""
    with open_plan_file(plan_path) as plan, plan.session() as session:
        candidates = [row[0] for row in session.execute(select(m.Candidate.id).limit(THREATS))]
        events = [row[0] for row in session.execute(select(m.Event.name).limit(THREATS))]
    pd.DataFrame({"Candidate": candidates, "Severity": ["low", "medium", "high", "critical"] * (THREATS // 4),
                  "Reported": "01/11/2026", "Summary": [f"Report {i}" for i in range(THREATS)],
                  "Event": events}).to_csv(target, index=False)
    return target


def timed_threats(path: Path, template: Path, folder: Path) -> float:
    return best_in_fresh_plans(lambda plan: run_import(plan, ImportRequest("threats", (path,))), folder, template)


def main(argv: list[str]) -> int:
    folder = Path(tempfile.mkdtemp())
    template = Path(argv[0]) if argv else folder / "national.eplan"
    if not argv:
        write_synthetic_plan(synthetic_snapshot(constituencies=650, stations=40_000, candidates=4_500, events=5_000,
                                                seed=1), template)
    path = events_file(template, folder / "events.csv")
    floors = []
    for _ in range(RUNS):
        start = time.perf_counter()
        floor(path, template)
        floors.append(time.perf_counter() - start)
    first = timed_import(path, template, folder, twice=False)
    again = timed_import(path, template, folder, twice=True)
    print(f"events: {ROWS:,} rows into the national plan; floor {min(floors):.2f} s, import {first:.2f} s "
          f"(ratio {first / min(floors):.1f}x, target < 5 s), the same list again {again:.2f} s (changes nothing)")
    threats = timed_threats(threats_file(template, folder / "threats.csv"), template, folder)
    print(f"threats: {THREATS:,} reports into the national plan in {threats:.2f} s")
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
