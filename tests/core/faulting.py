"""A worker forked from the test process and armed to kill itself at one chosen fault point."""

from __future__ import annotations

import contextlib
import gc
import os
import signal

from electionplan.system import faults


def open_plan_files() -> list[str]:
    """The plan files (and their WAL and shared memory) this process holds open."""
    held = []
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            target = os.readlink(f"/proc/self/fd/{fd}")
            if target.endswith((".eplan", ".eplan-wal", ".eplan-shm")):
                held.append(target)
    return held


def fork() -> int:
    """os.fork(), holding no plan open. SQLite's rule is never to carry an open connection across a fork: a
    worker that did could lose its commits to that plan. A connection that only waits for the collector (a
    sqlite3 connection lives in a reference cycle) is collected first; one still in use fails the test here."""
    if os.path.isdir("/proc/self/fd") and open_plan_files():
        gc.collect()
        assert not open_plan_files(), f"a plan is still open in the test process: {open_plan_files()}"
    return os.fork()


def killed_at(point: str, work) -> None:
    """Run work in a forked worker armed to kill itself at point; it must die there."""
    pid = fork()
    if pid == 0:
        os.environ[faults.ENV] = point
        faults._passed.clear()
        try:
            work()
        finally:
            os._exit(3)  # reached only if the point was never passed
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, f"{point}: the worker was not killed"
