"""Start-up for the desktop app: paths, logging, crash handling, then Qt."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from electionplan.system.logsetup import configure_logging


def sample_plan_path() -> Path:
    from electionplan.system.paths import user_data_dir

    folder = user_data_dir() / "sample"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "wyvernbridge-sample.eplan"


def fresh_sample_plan() -> Path:
    """Write the sample afresh, so a user always starts from the bundled state."""
    from electionplan.services.sample import write_sample_plan

    path = sample_plan_path()
    write_sample_plan(path, overwrite=True).close()
    return path


def _qt_message(mode, _context, message: str) -> None:
    # Qt's own notes (an offscreen platform without window hints, a missing
    # font) belong in the log for the support desk, never on the user's screen.
    logging.getLogger("electionplan.qt").debug("Qt %s: %s", int(mode), message[:200])
    from PySide6.QtCore import QtMsgType

    if mode == QtMsgType.QtFatalMsg:
        # Qt aborts after a fatal message (no display plugin could start): one line, and a plain exit, instead.
        from electionplan.gui.platform_check import fatal_qt_message

        print(fatal_qt_message(), file=sys.stderr, flush=True)
        logging.shutdown()
        os._exit(1)


def run_gui(plan_path: str | None = None, sample: bool = False, screenshot: str | None = None, page: str = "overview",
            size: tuple[int, int] = (1366, 768)) -> int:
    configure_logging()
    if screenshot and not os.environ.get("QT_QPA_PLATFORM") and not os.environ.get("DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from electionplan.gui.crash import install_excepthooks
    from electionplan.gui.platform_check import platform_problem

    problem = platform_problem()
    if problem is not None:
        logging.getLogger("electionplan.gui").error("Qt's display plugin could not be loaded; the app did not start")
        print(problem, file=sys.stderr)
        return 1
    install_excepthooks()
    from PySide6.QtCore import QTimer, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    qInstallMessageHandler(_qt_message)

    from electionplan.domain.errors import ElectionPlanError
    from electionplan.gui.main_window import MainWindow

    existing = QApplication.instance()  # pytest-qt's, in the tests
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("electionplan")
    app.setOrganizationName("electionplan")
    from PySide6.QtGui import QIcon

    from electionplan.system.paths import resources_dir

    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "electionplan-256.png")))
    window = MainWindow()
    try:
        if sample:
            window.open_plan(fresh_sample_plan())
        elif plan_path:
            window.open_plan(plan_path)  # a file, or a shared plan's database address
    except ElectionPlanError as exc:
        if screenshot:
            print(f"electionplan: error: {exc}", file=sys.stderr)
            return 1
        window.show_error(str(exc))
    if screenshot:
        return window.save_screenshot(Path(screenshot), page, size)
    window.show()
    from electionplan.gui.who_dialog import saved_person

    if not saved_person().complete:
        # First run: who is working is asked once, before anything is changed in their name.
        QTimer.singleShot(0, window.who_is_working)
    return app.exec()


def main() -> int:
    parser = argparse.ArgumentParser(prog="electionplan-gui")
    parser.add_argument("plan", nargs="?")
    parser.add_argument("--sample", action="store_true")
    args = parser.parse_args()
    return run_gui(plan_path=args.plan, sample=args.sample)


if __name__ == "__main__":
    sys.exit(main())
