"""The crash dialog, installed as sys.excepthook and threading.excepthook.

Its details hold the exception type and the code location only: a traceback's
text can carry field values (a home address in a ValueError), so messages are
left out of what the user copies.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback

log = logging.getLogger(__name__)


def crash_details(exc_type, exc_value, tb) -> str:
    frames = traceback.extract_tb(tb)
    lines = [f"{exc_type.__module__}.{exc_type.__qualname__}"]
    for frame in frames[-12:]:
        lines.append(f"  {frame.filename.rsplit('electionplan', 1)[-1]}:{frame.lineno} in {frame.name}")
    from electionplan import __version__

    lines.append(f"electionplan {__version__}, Python {sys.version.split()[0]}")
    return "\n".join(lines)


def _show(exc_type, exc_value, tb) -> None:
    details = crash_details(exc_type, exc_value, tb)
    log.error("unhandled exception:\n%s", details)
    try:
        from PySide6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is None:
            raise RuntimeError
        box = QMessageBox()
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("electionplan has met a problem")
        box.setText(
            "Something went wrong. Your plan is saved up to the last completed change.\n"
            "Copy the details below into a report to the system administrator."
        )
        box.setDetailedText(details)
        box.exec()
    except Exception:
        print(details, file=sys.stderr)


def install_excepthooks() -> None:
    sys.excepthook = _show
    threading.excepthook = lambda args: _show(args.exc_type, args.exc_value, args.exc_traceback)
