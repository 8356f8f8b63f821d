"""Controllers need of the window only its small Shell: here they are driven with no main window at all."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtWidgets import QFileDialog, QWidget

from electionplan.domain.errors import ElectionPlanError
from electionplan.gui.controller import NO_PLAN_OPEN, PlanController
from electionplan.gui.controllers.revisions import RevisionsController
from electionplan.gui.controllers.shared import SHARED_ONLY_IN_FILES, SharedPlanController
from electionplan.gui.dialogs import RevisionDialog
from electionplan.gui.pages import RevisionsPage
from electionplan.gui.rows import AuditTableRow
from electionplan.gui.shell import Shell

T = TypeVar("T")


class RecordingShell:
    """The window as a controller sees it, and nothing more: what it is asked to say is kept."""

    def __init__(self, parent: QWidget) -> None:
        self.controller = PlanController(parent)
        self.dialog_parent = parent
        self.said: list[str] = []
        self.errors: list[str] = []

    def show_status(self, text: str, timeout_ms: int = 8000) -> None:
        self.said.append(text)

    def add_status_widget(self, widget: QWidget) -> None:
        widget.setParent(self.dialog_parent)

    def show_error(self, message: str) -> None:
        self.errors.append(message)

    def try_call(self, work: Callable[[], T]) -> T | None:
        try:
            return work()
        except ElectionPlanError as exc:
            self.show_error(str(exc))
            return None

    def refresh(self) -> None:
        pass

    def open_plan(self, location: Path | str) -> None:
        self.controller.open(location)

    def show_page(self, key: str) -> None:
        pass


@pytest.fixture
def shell(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    recording = RecordingShell(parent)
    typed: Shell = recording  # the controllers ask for no more than this
    yield typed, recording
    recording.controller.close()


def test_the_revisions_controller_issues_and_lists_through_the_shell_alone(shell, qtbot, sample_plan_path, monkeypatch):
    typed, recording = shell
    page = RevisionsPage()
    qtbot.addWidget(page)
    revisions = RevisionsController(typed, page)
    recording.open_plan(sample_plan_path)
    monkeypatch.setattr(RevisionDialog, "exec", lambda self: 1)
    monkeypatch.setattr(RevisionDialog, "values", property(lambda self: {"note": "Issued from the shell",
                                                                          "approve": False, "summary": ""}))
    revisions.issue_revision()
    revisions.refresh()
    assert recording.errors == []
    assert [row.number for row in page.table.model.rows] == ["0.1"]
    newest = page.audit_table.model.rows[0]
    assert isinstance(newest, AuditTableRow) and newest.action == "revise" and newest.entity == "Revision"


def test_a_call_with_no_plan_open_is_refused_in_words_through_the_shell(shell, qtbot, tmp_path, monkeypatch):
    typed, recording = shell
    page = RevisionsPage()
    qtbot.addWidget(page)
    revisions = RevisionsController(typed, page)
    target = tmp_path / "audit.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    revisions.export_audit()
    assert recording.errors == [NO_PLAN_OPEN] and not target.exists()


def test_a_file_only_action_on_a_shared_plan_is_refused_through_the_shell(shell, sample_plan_path):
    typed, recording = shell
    shared = SharedPlanController(typed)
    shared.timer.stop()
    recording.open_plan(sample_plan_path)
    refused = shared.refused_for_shared_plan("Save As")
    if recording.controller.is_file:
        assert not refused and recording.errors == []
    else:
        assert refused and recording.errors == [f"Save As works on plan files. {SHARED_ONLY_IN_FILES}"]
