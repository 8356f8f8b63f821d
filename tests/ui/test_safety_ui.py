"""The app's side of concurrent editing and backups."""

from __future__ import annotations

import json
import socket

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from electionplan.db import models as m
from electionplan.db.opening import open_store
from electionplan.db.planfile import open_plan_file
from electionplan.db.records import update_record
from electionplan.gui.dialogs import RestoreDialog
from electionplan.gui.main_window import MainWindow
from electionplan.gui.record_dialog import RecordDialog


def test_a_colleagues_edit_is_not_overwritten_and_yours_is_kept_for_retry(window, monkeypatch, sample_plan_path):
    candidate = next(r for r in window.candidates.model.rows if r.name == "Daniel Okafor")
    outcome = {}

    def exec_(dialog: RecordDialog):
        dialog.widgets["police_contact"].setText("PC From This Laptop")
        # A colleague saves the same candidate from another copy of the app meanwhile.
        with open_store(sample_plan_path) as other:
            update_record(other, m.Candidate, candidate.id, {"police_contact": "PC From Colleague"})
        dialog.buttons.button(QDialogButtonBox.Ok).click()
        outcome["first"] = (dialog.result(), dialog.general_error.text(), dialog.widgets["police_contact"].text())
        dialog.buttons.button(QDialogButtonBox.Ok).click()  # retry, knowingly
        outcome["second"] = dialog.result()
        return dialog.result()

    monkeypatch.setattr(RecordDialog, "exec", exec_)
    window.edit_record("candidate", candidate.id)
    result, message, kept = outcome["first"]
    assert result == 0 and "Someone else changed this candidate" in message
    assert kept == "PC From This Laptop"
    assert outcome["second"] == 1
    with open_store(sample_plan_path) as plan, plan.session() as s:
        assert s.get(m.Candidate, candidate.id).police_contact == "PC From This Laptop"


@pytest.mark.file_store  # the open-by marker beside a plan file
def test_a_colleague_with_the_plan_open_is_shown(qtbot, sample_plan_path):
    marker = sample_plan_path.with_name(sample_plan_path.name + ".inuse")
    marker.write_text(json.dumps([{"user": "dsmith", "host": "laptop-99" if socket.gethostname() != "laptop-99" else "x",
                                   "pid": 1, "since": "2027-01-10T09:00:00"}]))
    win = MainWindow()
    qtbot.addWidget(win)
    win.open_plan(sample_plan_path)
    assert not win.presence_banner.isHidden()
    assert "dsmith" in win.presence_banner.text()
    win.controller.undo_stack.setClean()


@pytest.mark.file_store  # backups are the plan file's
def test_restore_from_backup_in_the_app(window, monkeypatch, sample_plan_path):
    from electionplan.services.revisions import issue_revision

    issue_revision(window.controller.plan, "kept")
    window.controller.reassess()
    target = window.venues.model.rows[0]
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.question", lambda *a, **k: 16384)  # Yes
    window.delete_record("venue", target.id, target.name)
    assert not any(r.id == target.id for r in window.venues.model.rows)

    def exec_(dialog: RestoreDialog):
        assert dialog.list.count() >= 1
        dialog.list.setCurrentRow(0)
        dialog._accept()
        return dialog.result()

    monkeypatch.setattr(RestoreDialog, "exec", exec_)
    window.restore_from_backup()
    assert any(r.id == target.id for r in window.venues.model.rows)


@pytest.mark.file_store  # a plan file replaced on disk
def test_a_plan_replaced_under_the_app_is_reloaded_before_the_next_edit(window, sample_plan_path):
    """A restore forced from elsewhere: the app's next edit is not reported saved into a file nobody reads."""
    from electionplan.db.backups import restore_backup
    from electionplan.gui.commands import UpdateRecordCommand
    from electionplan.gui.controller import PlanReplaced

    controller = window.controller
    backup = controller.plan.backup("before-test")
    with open_plan_file(sample_plan_path) as other:
        update_record(other, m.Candidate, 2, {"police_contact": "PC Before Restore"})
    restore_backup(sample_plan_path, backup, force=True)  # as another process would, with --force
    problems = []
    controller.problem.connect(problems.append)
    command = UpdateRecordCommand(controller, m.Candidate, 2, {"police_contact": "PC Lost Edit"}, "Edit candidate")
    with pytest.raises(PlanReplaced):
        controller.run(command)
    assert controller.undo_stack.count() == 0
    # Reloaded: the app now shows the restored file, and the edit made again lands in it.
    again = UpdateRecordCommand(controller, m.Candidate, 2, {"police_contact": "PC Made Again"}, "Edit candidate")
    controller.run(again)
    with open_plan_file(sample_plan_path) as plan, plan.session() as s:
        assert s.get(m.Candidate, 2).police_contact == "PC Made Again"
