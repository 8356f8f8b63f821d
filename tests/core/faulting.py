"""A worker forked from the test process and armed to kill itself at one chosen fault point."""

from __future__ import annotations

import os
import signal

from electionplan.system import faults


def killed_at(point: str, work) -> None:
    """Run work in a forked worker armed to kill itself at point; it must die there."""
    pid = os.fork()
    if pid == 0:
        os.environ[faults.ENV] = point
        faults._passed.clear()
        try:
            work()
        finally:
            os._exit(3)  # reached only if the point was never passed
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, f"{point}: the worker was not killed"
