"""The desktop app at national scale (issue: desktop app).

Opens a synthetic plan of 650 constituencies and 40,000 stations in the real
main window offscreen, times until the stations table is shown, then times
filtering those 40,000 rows from the search box.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import _path  # noqa: F401,E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from electionplan.services.synthetic import synthetic_snapshot, write_synthetic_plan  # noqa: E402


def main() -> None:
    app = QApplication.instance() or QApplication([])
    from electionplan.gui.main_window import MainWindow

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "national.eplan"
        write_synthetic_plan(synthetic_snapshot(), path)
        window = MainWindow()
        window.resize(1280, 800)
        start = time.perf_counter()
        window.open_plan(path)
        window.show_page("stations")
        window.show()
        app.processEvents()
        opened = time.perf_counter() - start
        rows = window.stations.proxy.rowCount()
        timings = []
        for needle in ("Station 12", "Station 3999", "synthetic street", "zzz", ""):
            start = time.perf_counter()
            window.stations.search.setText(needle)
            app.processEvents()
            timings.append(time.perf_counter() - start)
        print(f"open a national plan and show its stations table ({rows:,} rows): {opened:.2f} s")
        print(f"filter 40,000 rows from the search box: median {statistics.median(timings) * 1000:.0f} ms, "
              f"worst {max(timings) * 1000:.0f} ms over {len(timings)} searches")
        window.controller.undo_stack.setClean()
        window.close()


if __name__ == "__main__":
    main()
