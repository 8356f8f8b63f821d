"""PDF export speed and memory (the operational order issue).

The sample by-election, then a force-sized synthetic plan of 75 constituencies
and 4,000 stations, each exported to the police edition from a real plan file,
against the floor of reading and assessing the same plan in the same run.
`--national` adds the national synthetic plan (650 constituencies, 40,000
stations, 4,500 candidates, 5,000 events) in both editions. Peak memory is the
process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from pathlib import Path

import _path  # noqa: F401

from electionplan.db.planfile import open_plan_file
from electionplan.services.assessment import assess_plan_file
from electionplan.services.export import export_pdf
from electionplan.services.sample import write_sample_plan
from electionplan.services.synthetic import synthetic_snapshot, write_synthetic_plan


def timed_export(plan_path: Path, target: Path, runs: int, edition: str = "police") -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        with open_plan_file(plan_path) as plan:
            export_pdf(plan, target, edition=edition)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def floor(plan_path: Path) -> float:
    """Reading and assessing the plan: what every export must do before it draws a page."""
    start = time.perf_counter()
    with open_plan_file(plan_path) as plan:
        assess_plan_file(plan)
    return time.perf_counter() - start


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def national(folder: Path) -> None:
    from pypdf import PdfReader

    plan = folder / "national.eplan"
    write_synthetic_plan(synthetic_snapshot(constituencies=650, stations=40_000, candidates=4_500, events=5_000,
                                            seed=1), plan)
    cpu = time.process_time()
    print(f"national plan floor (read and assess): {floor(plan):.1f} s ({time.process_time() - cpu:.1f} s CPU)")
    for edition in ("police", "returning-officer"):
        target = folder / f"national-{edition}.pdf"
        cpu = time.process_time()  # on a shared machine the CPU time is the steadier figure
        seconds = timed_export(plan, target, 1, edition)
        cpu = time.process_time() - cpu
        # Above the ruleset's size the PDF is written with its companion files, which the time includes.
        companions = ", ".join(f"{p.name} {p.stat().st_size // 1024:,} KB" for p in sorted(folder.glob(f"{target.stem}-data.*")))
        print(f"national plan, {edition} edition: {seconds:.1f} s ({cpu:.1f} s CPU), {len(PdfReader(str(target)).pages)} pages "
              f"(target under 330), with {companions or 'no companion files'}, peak RSS so far {peak_mb():.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--national", action="store_true", help="also export the national synthetic plan")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        sample = folder / "sample.eplan"
        write_sample_plan(sample).close()
        seconds = timed_export(sample, folder / "sample.pdf", 3)
        print(f"sample by-election: median {seconds:.2f} s, {(folder / 'sample.pdf').stat().st_size // 1024} KB")

        force = folder / "force.eplan"
        write_synthetic_plan(synthetic_snapshot(constituencies=75, stations=4_000, candidates=520, events=600, seed=3), force)
        print(f"force-sized plan floor (read and assess): {floor(force):.2f} s")
        seconds = timed_export(force, folder / "force.pdf", 1)
        from pypdf import PdfReader

        pages = len(PdfReader(str(folder / "force.pdf")).pages)
        print(f"force-sized plan (75 constituencies, 4,000 stations): {seconds:.1f} s, {pages} pages (under 150), "
              f"peak RSS {peak_mb():.0f} MB (target under 10 s)")
        if args.national:
            national(folder)


if __name__ == "__main__":
    main()
