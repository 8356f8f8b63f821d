"""The desktop app's memory over many edits of a national plan (issue 33).

Opens the synthetic national plan (650 constituencies, 40,000 stations, 4,500
candidates, 5,000 events) in the real main window offscreen, makes a few
edits to warm every cache, then 50 more, each saved, re-assessed and shown as
the SPOC's would be, and reports how much the process grew per edit
(target: under 1 MB). The resident set is read from /proc after a collection.

    python benchmarks/bench_gui_memory.py [PLAN] [--edits 50] [--json]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import _path  # noqa: F401,E402
from bench_gui import edit_and_wait  # noqa: E402
from PySide6.QtCore import qInstallMessageHandler  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

WARM_UP = 5


def resident_mb() -> float:
    gc.collect()
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def measure(app: QApplication, path: Path, edits: int) -> dict[str, float]:
    from electionplan.gui.main_window import MainWindow

    window = MainWindow()
    window.resize(1366, 768)
    window.show()
    window.open_plan(path)
    window.wait_until_shown()
    window.show_page("stations")
    stations = [s.id for s in window.controller.snapshot.stations[:WARM_UP + edits]]
    for station_id in stations[:WARM_UP]:
        edit_and_wait(app, window, station_id)
    start = resident_mb()
    for station_id in stations[WARM_UP:]:
        edit_and_wait(app, window, station_id)
    end = resident_mb()
    window.controller.undo_stack.setClean()
    window.close()
    return {"edits": edits, "rss_start_mb": round(start, 1), "rss_end_mb": round(end, 1),
            "mb_per_edit": round((end - start) / edits, 3)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("plan", nargs="?", help="a national plan (made afresh in a temporary folder if not given)")
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    qInstallMessageHandler(lambda *_: None)
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(args.plan) if args.plan else Path(folder) / "national.eplan"
        if not args.plan:
            from electionplan.services.synthetic import synthetic_snapshot, write_synthetic_plan

            write_synthetic_plan(synthetic_snapshot(), path)
        figures = measure(app, path, args.edits)
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"{figures['edits']} edits: {figures['rss_start_mb']} MB -> {figures['rss_end_mb']} MB, "
              f"{figures['mb_per_edit']} MB per edit (target under 1 MB)")


if __name__ == "__main__":
    main()
