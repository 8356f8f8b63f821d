"""Logging to the user's log folder.

Log lines carry record ids and counts, never field values: a plan holds home
addresses and threat reports, and log files are not protected like plans.
"""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler

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
