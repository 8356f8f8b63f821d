"""A plan another live process has open is never replaced under it."""

from __future__ import annotations

import hashlib
import socket
import subprocess
import sys

import pytest

from electionplan.db import openers
from electionplan.domain.timefmt import now_london
from tests.conftest import call, ok

# A plan file another process holds open.
pytestmark = pytest.mark.file_store


@pytest.fixture
def held_open(sample_plan_path):
    """The sample plan, marked open by another live process on this machine."""
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    openers._write(sample_plan_path, [openers.Opener("dsmith", socket.gethostname(), other.pid,
                                                     now_london().isoformat())])
    yield sample_plan_path
    other.kill()
    other.wait()


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_restore_sample_and_copy_refuse_to_replace_a_plan_open_elsewhere(held_open, tmp_path):
    plan = held_open
    ok("revise", plan, "-m", "One to restore")
    before = digest(plan)
    source = tmp_path / "source.eplan"
    ok("sample", source)
    for args in (["restore", plan, "1"], ["sample", plan, "--force"], ["copy", source, plan, "--force"]):
        code, out, err = call(*args)
        assert code == 1 and "is open in electionplan by dsmith" in err and len(err.strip().splitlines()) == 1, (args, err)
        assert digest(plan) == before, args
    # Knowingly, with --force, a restore goes ahead.
    ok("restore", plan, "1", "--force")

