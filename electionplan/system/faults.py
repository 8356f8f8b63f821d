"""Chosen points where a test may kill the process, to prove a kill there loses nothing.

With ELECTIONPLAN_FAULT set to NAME, or NAME#N, the process kills itself with
SIGKILL (no cleanup, no flushing, exactly as a crash or `kill -9` would) the
first, or the Nth, time it passes the point NAME. Tests set it in a forked
worker and then check the plan at every point in turn, instead of killing at
random moments and hoping to land inside the window that matters.

Unset, as it always is outside the tests, a point costs one lookup.
"""

from __future__ import annotations

import os
import signal
from collections import Counter

ENV = "ELECTIONPLAN_FAULT"
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
        os.kill(os.getpid(), signal.SIGKILL)


def passes(name: str) -> int:
    """How many times this process has passed the point NAME while a fault was armed for it."""
    return _passed[name]
