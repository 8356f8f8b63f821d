"""Write a synthetic plan file of any size, for benchmarks and for trying features at national scale.

    python benchmarks/make_synthetic.py PLAN --constituencies 650 --stations 40000 \
        --candidates 4500 --events 5000 --seed 1

The plan is invented (grid-shaped constituencies, generated names), the same
for the same options and seed, and written with the same code the app uses.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import _path  # noqa: F401

from electionplan.domain.errors import ElectionPlanError
from electionplan.services.synthetic import synthetic_snapshot, write_synthetic_plan


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic national-scale plan file.")
    parser.add_argument("plan", metavar="PLAN", help="the plan file to write (replaced if it exists)")
    parser.add_argument("--constituencies", type=int, default=650)
    parser.add_argument("--stations", type=int, default=40_000)
    parser.add_argument("--candidates", type=int, default=4_500)
    parser.add_argument("--events", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    counts = (args.constituencies, args.stations, args.candidates, args.events)
    if min(counts) < 0 or args.constituencies < 1:
        print("make_synthetic: counts must be 0 or more, with at least one constituency", file=sys.stderr)
        return 2
    start = time.perf_counter()
    try:
        snapshot = synthetic_snapshot(constituencies=args.constituencies, stations=args.stations,
                                      candidates=args.candidates, events=args.events, seed=args.seed)
        write_synthetic_plan(snapshot, Path(args.plan))
    except ElectionPlanError as exc:
        print(f"make_synthetic: {exc}", file=sys.stderr)
        return 1
    print(f"Wrote {args.plan}: {args.constituencies} constituencies, {args.stations} stations, "
          f"{args.candidates} candidates, {args.events} events (seed {args.seed}) in "
          f"{time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
