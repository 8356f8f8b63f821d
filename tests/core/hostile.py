"""Running a command on a hostile file in a forked worker: its exit, its one line, and the memory it took."""

from __future__ import annotations

import contextlib
import io
import os

from electionplan.cli import main as cli_main
from tests.conftest import plan_fingerprint
from tests.core.faulting import fork

# Peak memory a hostile file may add to the process that reads it.
MEMORY_LIMIT_KB = 500 * 1024


def _rss_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def run_in_worker(tmp_path, *args) -> tuple[int, str, int]:
    """(exit code, stderr, peak memory added in KB) of one command run in a forked worker."""
    err_file = tmp_path / "stderr.txt"
    start = _rss_kb()
    pid = fork()
    if pid == 0:
        code = 99
        try:
            err = io.StringIO()
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
                try:
                    code = cli_main([str(a) for a in args])
                except SystemExit as exc:
                    code = int(exc.code or 0)
            err_file.write_text(err.getvalue())
        finally:
            os._exit(code)
    _, status, usage = os.wait4(pid, 0)
    return os.WEXITSTATUS(status), err_file.read_text() if err_file.exists() else "", usage.ru_maxrss - start


def unbounded_refusals(tmp_path, plan, cases: dict) -> dict:
    """Each case ((import arguments), words its refusal must say) that did not end in one line with those words,
    exit 1 and under the memory bound, with what it did instead."""
    failures = {}
    for case, (args, says) in cases.items():
        code, err, memory_kb = run_in_worker(tmp_path, "import", plan, *args)
        lines = err.strip().splitlines()
        if not (code == 1 and len(lines) == 1 and says in lines[0] and "unexpected" not in err
                and memory_kb < MEMORY_LIMIT_KB):
            failures[case] = (code, err.strip()[:300], memory_kb // 1024)
    return failures


def digest(location) -> str:
    return plan_fingerprint(location)
