"""Deployment at national scale (issue: deployment within capacity).

Makes the national synthetic plan with make_synthetic.py's own code (650
constituencies, 40,000 stations, 4,500 candidates, 5,000 events, seed 1), then
times `electionplan deploy PLAN --json` end to end, in process, against its
floor: reading and assessing the plan, which every deployment needs first.
Target: under 3 times the floor.

The floor and the deployment are timed in turn, a pair at a time, so a machine
shared with other work slows both alike rather than one run of three; each
figure is the median of its runs, and the ratio the median of the pairs'. The
processor time of each (this process's alone) is printed beside, as a check on
the wall-clock figures when others' work is running.
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
from electionplan.risk.group_cuts import forget_cuts
from electionplan.services.assessment import assess_plan_file


def timed(fn) -> tuple[float, float]:
    """Wall-clock and processor seconds of one run."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        plan = Path(folder) / "national.eplan"
        with contextlib.redirect_stdout(io.StringIO()):
            make_synthetic.main([str(plan), "--constituencies", "650", "--stations", "40000", "--candidates", "4500",
                                 "--events", "5000", "--seed", "1"])

        def floor() -> None:
            forget_cuts()  # each timed run cuts the patrols afresh, as a new `deploy` process does
            with open_plan_file(plan) as opened:
                assess_plan_file(opened)

        def deploy() -> None:
            forget_cuts()
            with contextlib.redirect_stdout(io.StringIO()) as out:
                assert cli_main(["deploy", str(plan), "--json"]) == 0
            assert '"total_residual_risk"' in out.getvalue()

        pairs = [(timed(floor), timed(deploy)) for _ in range(RUNS)]
    floor_s = statistics.median(f[0] for f, _ in pairs)
    deploy_s = statistics.median(d[0] for _, d in pairs)
    ratio = statistics.median(d[0] / f[0] for f, d in pairs)
    cpu = statistics.median(d[1] / f[1] for f, d in pairs)
    print(f"floor (read and assess the national plan): {floor_s:.2f} s")
    print(f"deploy --json, end to end:                 {deploy_s:.2f} s  (solver and output {deploy_s - floor_s:.2f} s)")
    print(f"each pair's ratio: {', '.join(f'{d[0] / f[0]:.2f}x' for f, d in pairs)} (processor time "
          f"{', '.join(f'{d[1] / f[1]:.2f}x' for f, d in pairs)})")
    print(f"target under 3x the floor ({3 * floor_s:.2f} s): {'met' if ratio < 3 else 'NOT met'} "
          f"({ratio:.2f}x, the median pair; {cpu:.2f}x in processor time)")
    return 0


RUNS = 3


if __name__ == "__main__":
    sys.exit(main())
