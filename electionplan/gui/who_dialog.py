"""Asks who is working: the name and role recorded against every change.

Shown on first run (when the saved preferences are not complete) and from
Preferences. The dialog only collects the values; the caller saves them.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit

from electionplan.domain.errors import ValidationError
from electionplan.system.preferences import (
    ROLES,
    UserPreferences,
    load_preferences,
    login_name,
    save_preferences,
    validated,
)


class WhoIsWorkingDialog(QDialog):
    def __init__(self, current: UserPreferences | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Who is working")
        self.setMinimumWidth(460)
        current = current or UserPreferences()
        form = QFormLayout(self)
        intro = QLabel("Your name is recorded against every change in the audit trail, and your name and role on "
                       "revisions you issue or approve.")
        intro.setWordWrap(True)
        form.addRow(intro)
        self.name = QLineEdit(current.name)
        self.name.setAccessibleName("Your name")
        self.name.setPlaceholderText("e.g. Insp. Rachel Donnelly")
        self.role = QComboBox()
        self.role.setEditable(True)
        self.role.addItems(ROLES)
        self.role.setAccessibleName("Your role")
        self.role.setCurrentText(current.role or ROLES[0])
        form.addRow("Name:", self.name)
        form.addRow("Role:", self.role)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #b71c1c;")
        self.error.setWordWrap(True)
        form.addRow(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.preferences: UserPreferences | None = None

    def _accept(self) -> None:
        try:
            self.preferences = validated(self.name.text(), self.role.currentText())
        except ValidationError as exc:
            self.error.setText(str(exc))
            (self.name if exc.field == "name" else self.role).setFocus()
            return
        self.accept()


def saved_person() -> UserPreferences:
    """Who the preferences name, or nobody when the file is missing or cannot be read."""
    try:
        return load_preferences()
    except ValidationError:
        return UserPreferences()


def ask_who_is_working(parent=None) -> UserPreferences | None:
    """Ask, and keep the answer in the user's preferences; None when cancelled."""
    dialog = WhoIsWorkingDialog(saved_person(), parent)
    if dialog.exec() and dialog.preferences is not None:
        save_preferences(dialog.preferences)
        return dialog.preferences
    return None


def person_text(person: UserPreferences) -> str:
    """The status bar's line: who changes are recorded against."""
    if person.complete:
        return f"Working as {person.label}"
    return f"Nobody named: changes are recorded as {login_name()} (Edit ▸ Who is working…)"
