"""Logging to the user's log folder.

Log lines carry record ids and counts, never field values: a plan holds home
addresses and threat reports, and log files are not protected like plans.
"""

from __future__ import annotations

import logging
import os
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

from electionplan.system.paths import user_log_dir

_configured = False


def log_file_path():
    return user_log_dir() / "electionplan.log"


def configure_logging(debug: bool = False) -> None:
    global _configured
    level = logging.DEBUG if debug or os.environ.get("ELECTIONPLAN_DEBUG") else logging.INFO
    root = logging.getLogger("electionplan")
    root.setLevel(level)
    if _configured:
        return
    try:
        handler: logging.Handler = RotatingFileHandler(log_file_path(), maxBytes=2_000_000, backupCount=3, encoding="utf-8")
        os.chmod(log_file_path(), 0o600)
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.propagate = False
    _configured = True


def log_failure(logger: logging.Logger, exc: BaseException, context: object = "") -> None:
    """Log where a failure happened, never what it said.

    An exception's message can quote plan data (a name in a ValueError, a
    statement's parameters), so the log keeps its type and the frames only.
    """
    frames = traceback.extract_tb(exc.__traceback__)
    where = " <- ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(frames[-12:]))
    logger.error("unexpected failure %s (%s) at %s", context, exc.__class__.__name__, where or "(no frames)")
