"""The national view over 43 synthetic force plans at national scale (target: under 30 s).

The forces together hold about 650 constituencies and 40,000 polling stations.
The floor is opening every plan read-only and reading its snapshot, the least
any roll-up must do; the national view adds each force's assessment and counts.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

import _path  # noqa: F401

from electionplan.db.opening import open_store
from electionplan.db.snapshot import load_snapshot
from electionplan.report.national_pdf import NationalPdfRenderer
from electionplan.services.national import national_view
from electionplan.services.synthetic_forces import write_force_plans

AS_AT = dt.date(2029, 4, 1)
TARGET_S = 30.0


def floor(paths: list[Path]) -> int:
    rows = 0
    for path in paths:
        with open_store(path, read_only=True) as plan, plan.session() as session:
            rows += len(load_snapshot(session).stations)
    return rows


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        forces = write_force_plans(Path(folder), as_at=AS_AT)
        paths = [force.path for force in forces]
        print(f"wrote {len(paths)} force plans in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        stations = floor(paths)
        floor_s = time.perf_counter() - start
        start = time.perf_counter()
        view = national_view(paths, AS_AT)
        view_s = time.perf_counter() - start
        start = time.perf_counter()
        pdf = NationalPdfRenderer(view).render()
        pdf_s = time.perf_counter() - start
    totals = view.totals
    print(f"plans: {totals.forces} forces, {stations:,} stations, {totals.candidates:,} candidates, "
          f"{sum(totals.flashpoints.values()):,} flashpoints")
    print(f"floor (open read-only and read every snapshot): {floor_s:.2f} s")
    print(f"national view (assess and count every plan): {view_s:.2f} s; PDF ({len(pdf) // 1024} KB): {pdf_s:.2f} s")
    verdict = "within" if view_s + pdf_s < TARGET_S else "OVER"
    print(f"total {view_s + pdf_s:.2f} s, {verdict} the {TARGET_S:.0f} s target")


if __name__ == "__main__":
    main()
