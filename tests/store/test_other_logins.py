"""Other logins cannot crash or stall the editors, and a server restart is survived with one clear line or message."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time

import psycopg
import pytest

from electionplan.db import models as m
from electionplan.db import writelock
from electionplan.db.opening import open_store
from electionplan.system.faults import ENV, PAUSE_ENV
from tests.conftest import REPO, call_cli, run_cli

# These tests carry the sample from its file into PostgreSQL themselves.
pytestmark = pytest.mark.file_store


@pytest.fixture
def shared_url(sample_plan_path, database_url, cli):
    url = f"{database_url}?plan=wyvern_2026"
    assert cli("copy", sample_plan_path, url).returncode == 0
    return url


@pytest.fixture
def stranger(database_url):
    """A login with no rights on the plan at all, which may still take advisory locks and NOTIFY."""
    name = "x_" + database_url.rsplit("/", 1)[1]
    with psycopg.connect(database_url, autocommit=True) as db:
        db.execute(f"CREATE ROLE {name} LOGIN")
    with psycopg.connect(database_url.replace("postgresql://postgres@", f"postgresql://{name}@"),
                         autocommit=True) as connection:
        connection.execute("SET application_name = 'psql'")
        yield name, connection


def test_a_held_write_lock_says_who_holds_it_then_gives_one_line_to_try_again(shared_url, stranger, monkeypatch):
    name, connection = stranger
    connection.execute("SELECT pg_advisory_lock(hashtext('wyvern_2026'))")
    monkeypatch.setattr(writelock, "WRITE_WAIT_MS", 1000)
    result = call_cli("revise", shared_url, "-m", "Issued while someone held the lock")
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1 and len(lines) == 2, result.stderr
    assert lines[0] == f"electionplan: The plan is being changed by {name} (psql); waiting up to 1 seconds for them to finish…"
    assert "still being changed by" in lines[1] and "nothing was changed. Try again" in lines[1]
    connection.execute("SELECT pg_advisory_unlock_all()")
    done = call_cli("revise", shared_url, "-m", "Issued once the lock was let go")
    assert done.returncode == 0 and done.stderr == ""
    with open_store(shared_url, read_only=True) as plan, plan.session() as session:
        assert [r.note for r in session.query(m.Revision)] == ["Issued once the lock was let go"]


@pytest.mark.slow
def test_a_connection_lost_mid_command_is_one_clear_line(shared_url, postgres_server, tmp_path):
    held = tmp_path / "held"
    proc = subprocess.Popen([sys.executable, "-m", "electionplan.cli", "revise", shared_url, "-m", "Lost on the way"],
                            cwd=REPO, env={**os.environ, ENV: "before-commit", PAUSE_ENV: str(held)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    while not held.exists():
        assert proc.poll() is None, proc.stderr.read()
        time.sleep(0.05)
    postgres_server.kill_and_restart()
    held.unlink()
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 1 and len(err.strip().splitlines()) == 1, err
    assert err.startswith("electionplan: error: Lost the connection to the plan store") and "unexpected error" not in err
    with open_store(shared_url, read_only=True) as plan, plan.session() as session:
        assert session.query(m.Revision).count() == 0


@pytest.fixture
def window_on(qtbot, shared_url):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from electionplan.gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.shared_ctl.timer.stop()  # the test polls when it chooses
    window.open_plan(shared_url)
    yield window
    window.controller.undo_stack.setClean()
    window.controller.close()


def _colleague_edits(url: str, value: str) -> None:
    result = run_cli("edit", url, "candidate", "1", "--set", f"police_contact={value}")  # another process
    assert result.returncode == 0, result.stderr


def _shown(window, value: str) -> bool:
    return any(r.police_contact == value for r in window.candidates.model.rows)


def test_a_malformed_or_foreign_notice_is_ignored_and_logged_without_its_content(window_on, stranger, qtbot, caplog):
    window, (_, connection) = window_on, stranger
    for payload in ("not json", '{"entities": "Candidate"}', '{"entities": ["Secret"], "host": "h", "pid": 1}',
                    '{"entities": ["Candidate"], "host": "h", "pid": true}'):
        connection.execute("SELECT pg_notify('electionplan_wyvern_2026', %s)", (payload,))
    def ignored() -> list[str]:
        return [r.getMessage() for r in caplog.records if "not electionplan's" in r.getMessage()]

    with caplog.at_level(logging.WARNING, logger="electionplan.db.pgnotify"):
        qtbot.waitUntil(lambda: window.shared_ctl.poll() or len(ignored()) == 4, timeout=20_000)
    assert not any(word in " ".join(ignored()) for word in ("json", "Secret", "Candidate"))
    assert not window.controller.connection_lost
    # The app still hears a real change afterwards.
    _colleague_edits(window.controller.plan.identity.label, "PC After The Noise")

    def heard() -> bool:
        window.shared_ctl.poll()
        return _shown(window, "PC After The Noise")

    qtbot.waitUntil(heard, timeout=20_000)


@pytest.mark.slow
def test_the_app_reconnects_after_a_restart_says_so_and_shows_what_changed_meanwhile(window_on, postgres_server,
                                                                                      qtbot):
    window = window_on
    url = window.controller.plan.identity.label
    postgres_server.kill_and_restart()
    window.shared_ctl.poll()
    assert window.controller.connection_lost
    assert window.statusBar().currentMessage() == "Plan store connection lost; retrying…"
    _colleague_edits(url, "PC While The App Was Away")  # announced while the app could not hear
    window.shared_ctl.poll()
    assert not window.controller.connection_lost
    assert window.statusBar().currentMessage() == "Reconnected to the plan store; re-read."
    qtbot.waitUntil(lambda: _shown(window, "PC While The App Was Away"), timeout=20_000)
