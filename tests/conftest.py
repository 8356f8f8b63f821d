"""Shared fixtures: every test gets its own plan files and user folders."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def _private_user_dirs(tmp_path_factory, monkeypatch):
    # Keep logs, samples and QSettings out of the developer's own folders.
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    yield


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA


@pytest.fixture(scope="session")
def sample_plan_template(tmp_path_factory) -> Path:
    from electionplan.services.sample import write_sample_plan

    path = tmp_path_factory.mktemp("template") / "sample.eplan"
    write_sample_plan(path).close()
    return path


@pytest.fixture
def sample_plan_path(sample_plan_template, tmp_path) -> Path:
    """A fresh copy of the sample plan for one test."""
    import shutil

    target = tmp_path / "sample.eplan"
    shutil.copyfile(sample_plan_template, target)
    return target


@pytest.fixture
def sample_plan(sample_plan_path):
    from electionplan.db.planfile import open_plan_file

    plan = open_plan_file(sample_plan_path)
    yield plan
    plan.close()


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the command line in a real process, as a user would."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "electionplan.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or REPO,
        env=full_env,
        timeout=600,
    )


@pytest.fixture
def cli():
    return run_cli


AS_AT = __import__("datetime").date(2026, 11, 21)


@pytest.fixture(scope="session")
def sample_snapshot_template(sample_plan_template):
    from electionplan.db.planfile import open_plan_file
    from electionplan.db.snapshot import load_snapshot

    with open_plan_file(sample_plan_template) as plan, plan.session() as session:
        return load_snapshot(session)


@pytest.fixture
def sample_snapshot(sample_snapshot_template):
    import copy

    return copy.deepcopy(sample_snapshot_template)


@pytest.fixture(scope="session")
def rules():
    from electionplan.risk.ruleset import load_ruleset

    return load_ruleset()
