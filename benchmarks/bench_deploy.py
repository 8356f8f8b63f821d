"""Deployment at national scale (issue: deployment within capacity).

Makes the national synthetic plan with make_synthetic.py's own code (650
constituencies, 40,000 stations, 4,500 candidates, 5,000 events, seed 1), then
times `electionplan deploy PLAN --json` end to end, in process, against its
floor: reading and assessing the plan, which every deployment needs first.
Target: under 3 times the floor.
"""

from __future__ import annotations

import contextlib
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

import _path  # noqa: F401
import make_synthetic

from electionplan.cli import main as cli_main
from electionplan.db.planfile import open_plan_file
from electionplan.services.assessment import assess_plan_file


def timed(fn, runs: int = 3) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        plan = Path(folder) / "national.eplan"
        with contextlib.redirect_stdout(io.StringIO()):
            make_synthetic.main([str(plan), "--constituencies", "650", "--stations", "40000", "--candidates", "4500",
                                 "--events", "5000", "--seed", "1"])

        def floor() -> None:
            with open_plan_file(plan) as opened:
                assess_plan_file(opened)

        def deploy() -> None:
            with contextlib.redirect_stdout(io.StringIO()) as out:
                assert cli_main(["deploy", str(plan), "--json"]) == 0
            assert '"total_residual_risk"' in out.getvalue()

        floor_s, deploy_s = timed(floor), timed(deploy)
    print(f"floor (read and assess the national plan): {floor_s:.2f} s")
    print(f"deploy --json, end to end:                 {deploy_s:.2f} s  (solver and output {deploy_s - floor_s:.2f} s)")
    print(f"target under 3x the floor ({3 * floor_s:.2f} s): {'met' if deploy_s < 3 * floor_s else 'NOT met'} "
          f"({deploy_s / floor_s:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
