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
    # A SPOC names themselves once (first run, or `electionplan whoami`); tests
    # start as such a user, and the tests of an unnamed user remove it.
    from electionplan.system.preferences import UserPreferences, act_as, save_preferences

    act_as(None)
    save_preferences(UserPreferences("Insp Test Officer", "Election SPOC"))
    yield
    act_as(None)


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


def call_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the command line in this process (the same entry point, without a new interpreter).

    The desktop app (`gui`) still gets a process of its own: it starts Qt.
    """
    import contextlib
    import io

    from electionplan.cli import main as cli_main

    if args and str(args[0]) == "gui":
        return run_cli(*args, cwd=cwd, env=env)
    out, err = io.StringIO(), io.StringIO()
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    os.environ.update(env or {})
    try:
        os.chdir(cwd or REPO)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli_main([str(a) for a in args])
            except SystemExit as exc:  # argparse's usage errors and --help
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return subprocess.CompletedProcess([str(a) for a in args], code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli():
    """The command line, in process; tests where the process boundary is the point use run_cli."""
    return call_cli


AS_AT = __import__("datetime").date(2026, 11, 21)


def assess_stored(snapshot, rules, as_at):
    """Assess a snapshot given in its stored (revision JSON) form, which tests edit freely."""
    from electionplan.domain.plancodec import decode_snapshot
    from electionplan.risk.engine import assess_plan

    return assess_plan(decode_snapshot(snapshot), rules, as_at)


@pytest.fixture(scope="session")
def sample_snapshot_template(sample_plan_template):
    """The sample plan's snapshot in the form a revision stores it."""
    from electionplan.db.planfile import open_plan_file
    from electionplan.db.snapshot import load_snapshot
    from electionplan.domain.plancodec import encode_snapshot

    with open_plan_file(sample_plan_template) as plan, plan.session() as session:
        return encode_snapshot(load_snapshot(session))


@pytest.fixture
def sample_snapshot(sample_snapshot_template):
    import copy

    return copy.deepcopy(sample_snapshot_template)


@pytest.fixture(scope="session")
def rules():
    from electionplan.risk.ruleset import load_ruleset

    return load_ruleset()
