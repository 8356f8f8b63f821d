"""First run asks who is working; the answer is saved as typed preferences."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from electionplan.gui.who_dialog import WhoIsWorkingDialog
from electionplan.system.preferences import load_preferences, preferences_path, save_preferences


def test_name_and_role_are_asked_and_saved(qtbot):
    preferences_path().unlink()  # the test set-up names a user; a first run has none
    assert not load_preferences().complete
    dialog = WhoIsWorkingDialog(load_preferences())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.buttons.button(QDialogButtonBox.Ok).click()
    assert dialog.preferences is None and "Enter your name" in dialog.error.text()
    qtbot.keyClicks(dialog.name, "PS Ian Kerrow")
    dialog.role.setCurrentText("Deputy SPOC")
    dialog.buttons.button(QDialogButtonBox.Ok).click()
    assert dialog.result() == WhoIsWorkingDialog.Accepted
    save_preferences(dialog.preferences)
    assert load_preferences().label == "PS Ian Kerrow (Deputy SPOC)"
    again = WhoIsWorkingDialog(load_preferences())
    qtbot.addWidget(again)
    assert again.name.text() == "PS Ian Kerrow" and again.role.currentText() == "Deputy SPOC"
