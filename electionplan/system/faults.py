"""Chosen points where a test may kill the process, to prove a kill there loses nothing.

With ELECTIONPLAN_FAULT set to NAME, or NAME#N, the process kills itself with
SIGKILL (no cleanup, no flushing, exactly as a crash or `kill -9` would) the
first, or the Nth, time it passes the point NAME. Tests set it in a forked
worker and then check the plan at every point in turn, instead of killing at
random moments and hoping to land inside the window that matters.

With ELECTIONPLAN_FAULT_PAUSE set to a path as well, the process instead
creates that file and waits there until the test removes it (or kills the
process): the test can stop the database server while the process holds a
transaction open at exactly that point, then let it carry on.

Unset, as it always is outside the tests, a point costs one lookup.
"""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from pathlib import Path

ENV = "ELECTIONPLAN_FAULT"
PAUSE_ENV = "ELECTIONPLAN_FAULT_PAUSE"
_passed: Counter[str] = Counter()


def fault_point(name: str) -> None:
    spec = os.environ.get(ENV)
    if not spec:
        return
    wanted, _, nth = spec.partition("#")
    if wanted != name:
        return
    _passed[name] += 1
    if _passed[name] == (int(nth) if nth.isdigit() else 1):
        pause = os.environ.get(PAUSE_ENV)
        if pause:
            Path(pause).touch()
            while Path(pause).exists():  # held here, transaction open, until the test lets go
                time.sleep(0.05)
            return
        os.kill(os.getpid(), signal.SIGKILL)


def passes(name: str) -> int:
    """How many times this process has passed the point NAME while a fault was armed for it."""
    return _passed[name]
