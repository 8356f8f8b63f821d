"""PDF export speed and memory (issue: the plan as PDF).

The sample by-election, then a force-sized synthetic plan of 75 constituencies
and 4,000 stations, each exported to the police edition from a real plan file.
Peak memory is the process's maximum resident set size.
"""

from __future__ import annotations

import resource
import statistics
import tempfile
import time
from pathlib import Path

import _path  # noqa: F401

from electionplan.db.planfile import open_plan_file
from electionplan.services.export import export_pdf
from electionplan.services.sample import write_sample_plan
from electionplan.services.synthetic import synthetic_snapshot, write_synthetic_plan


def timed_export(plan_path: Path, target: Path, runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        with open_plan_file(plan_path) as plan:
            export_pdf(plan, target)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        sample = folder / "sample.eplan"
        write_sample_plan(sample).close()
        seconds = timed_export(sample, folder / "sample.pdf", 3)
        print(f"sample by-election: median {seconds:.2f} s, {(folder / 'sample.pdf').stat().st_size // 1024} KB")

        force = folder / "force.eplan"
        write_synthetic_plan(synthetic_snapshot(constituencies=75, stations=4_000, candidates=520, events=600, seed=3), force)
        seconds = timed_export(force, folder / "force.pdf", 1)
        from pypdf import PdfReader

        pages = len(PdfReader(str(folder / "force.pdf")).pages)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"force-sized plan (75 constituencies, 4,000 stations): {seconds:.1f} s, {pages} pages, peak RSS {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
