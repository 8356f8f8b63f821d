"""The app on a shared plan in PostgreSQL: opened by its address, edited, and kept up to date with colleagues."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from electionplan.db import models as m  # noqa: E402
from electionplan.gui.commands import UpdateRecordCommand  # noqa: E402
from electionplan.gui.main_window import MainWindow  # noqa: E402
from tests.conftest import call_cli, run_cli  # noqa: E402

# These tests carry the sample from its file into PostgreSQL themselves.
pytestmark = pytest.mark.file_store


@pytest.mark.slow
def test_the_app_opens_a_shared_plan_and_redraws_when_a_colleague_saves(qtbot, sample_plan_path, database_url):
    url = f"{database_url}?plan=wyvern_2026"
    assert call_cli("copy", sample_plan_path, url).returncode == 0
    window = MainWindow()
    qtbot.addWidget(window)
    try:
        _drive(window, qtbot, url)
    finally:
        # The database is dropped after the test: the window's connections must be closed first.
        window.controller.undo_stack.setClean()
        window.controller.close()


def _drive(window, qtbot, url: str) -> None:
    window.open_plan(url)
    assert len(window.candidates.model.rows) == 7 and not window.controller.is_file
    assert "plan=wyvern_2026" in window.status_file.text()
    # An edit made in the app lands in the database.
    controller = window.controller
    controller.run(UpdateRecordCommand(controller, m.Candidate, 2, {"police_contact": "PC From The App"}, "Edit"))
    with controller.plan.session() as session:
        assert session.get(m.Candidate, 2).police_contact == "PC From The App"
    # A colleague's save, from another process, reaches the window without reopening.
    edited = run_cli("edit", url, "candidate", "1", "--set", "police_contact=PC From A Colleague")
    assert edited.returncode == 0, edited.stderr

    def redrawn() -> bool:
        window.shared_ctl.poll()
        return any(r.police_contact == "PC From A Colleague" for r in window.candidates.model.rows)

    qtbot.waitUntil(redrawn, timeout=20_000)
    assert "colleague changed" in window.statusBar().currentMessage()
    # File-only actions say where a shared plan does them instead.
    shown = []
    window.show_error = shown.append
    window.save_as()
    assert shown and "electionplan copy" in shown[0]
