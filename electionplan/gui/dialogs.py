"""Dialogs: issue revision, restore, capacity, preferences and about.

Each gathers choices and shows results; the work itself is a callback the
window supplies, run off the GUI thread as a cancellable Task.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
)

from electionplan.domain.errors import ElectionPlanError


class RevisionDialog(QDialog):
    def __init__(self, next_draft: str, next_approved: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Issue a revision")
        self.resize(560, 380)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Internal note: what changed and why. Only the police edition prints it."))
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)  # Tab moves on; a tab character is never what is meant
        self.note.setAccessibleName("Internal revision note")
        layout.addWidget(self.note, 1)
        summary_label = QLabel("Summary for recipients (optional): what returning officers and candidates may read "
                               "about this revision. Write nothing you would not send them.")
        summary_label.setWordWrap(True)
        layout.addWidget(summary_label)
        self.summary = QPlainTextEdit()
        self.summary.setTabChangesFocus(True)  # Tab moves on; a tab character is never what is meant
        self.summary.setAccessibleName("Summary for recipients")
        layout.addWidget(self.summary, 1)
        self.approve = QCheckBox(f"Approve (issues {next_approved}; otherwise {next_draft})")
        layout.addWidget(self.approve)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #b71c1c;")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        if not self.note.toPlainText().strip():
            self.error.setText("Write a note saying what changed.")
            return
        self.accept()

    @property
    def values(self) -> dict[str, Any]:
        return {"note": self.note.toPlainText().strip(), "summary": self.summary.toPlainText().strip(),
                "approve": self.approve.isChecked()}


class RestoreDialog(QDialog):
    """Lists the plan's backups, newest first, and returns the one to restore."""

    def __init__(self, backups, parent=None):
        super().__init__(parent)
        from PySide6.QtWidgets import QListWidget

        self.setWindowTitle("Restore from a backup")
        self.resize(640, 380)
        self.backups = backups
        self.chosen = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Backups are taken before every upgrade, at every issued revision and before a restore. "
                                "The plan as it is now is backed up before it is replaced."))
        self.list = QListWidget()
        self.list.addItems([b.label for b in backups] or ["No backups found beside this plan."])
        self.list.setEnabled(bool(backups))
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(False)
        self.list.currentRowChanged.connect(lambda row: self.restore_button.setEnabled(bool(backups) and row >= 0))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.backups):
            self.chosen = self.backups[row].path
            self.accept()


class CapacityDialog(QDialog):
    """One shift's officers, and how many of them are sergeants (blank: not recorded).

    `submit` keeps the figures (an undoable edit); a refusal (more sergeants than officers) is said beneath the
    fields and the dialog stays open with what was typed, to correct it.
    """

    def __init__(self, label: str, officers: int, parent=None, sergeants: int | None = None,
                 submit: Callable[[int, int | None], None] | None = None):
        super().__init__(parent)
        self.setWindowTitle("Officer capacity")
        self._submit = submit
        form = QFormLayout(self)
        self.officers = QSpinBox()
        self.officers.setRange(0, 10_000)
        self.officers.setValue(officers)
        self.officers.setAccessibleName("Officers available")
        self.sergeants = QLineEdit("" if sergeants is None else str(sergeants))
        self.sergeants.setPlaceholderText("Not recorded")
        self.sergeants.setAccessibleName("Of whom sergeants")
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        self.problem.setObjectName("fieldError")
        self.problem.hide()
        form.addRow(QLabel(label))
        form.addRow("Officers available:", self.officers)
        form.addRow("Of whom sergeants:", self.sergeants)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.keep)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def keep(self) -> None:
        """OK: the figures kept, or the reason they were not said beneath them."""
        typed = self.sergeants.text().strip()
        if typed and not (typed.isascii() and typed.isdigit()):
            self._say(f"'{typed}' is not a number of sergeants: give a whole number, or leave it blank if they are "
                      "not recorded.")
            return
        try:
            if self._submit is not None:
                self._submit(self.officers.value(), int(typed) if typed else None)
        except ElectionPlanError as exc:
            self._say(str(exc))
            return
        self.accept()

    def _say(self, problem: str) -> None:
        self.problem.setText(problem)
        self.problem.show()


class PreferencesDialog(QDialog):
    def __init__(self, settings, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.settings = settings
        form = QFormLayout(self)
        self.recent = QSpinBox()
        self.recent.setRange(1, 20)
        self.recent.setValue(int(settings.value("recent/max", 8)))
        self.ruleset = QLabel(str(settings.value("ruleset/path", "National default (bundled)")))
        self.ruleset.setWordWrap(True)
        form.addRow("Recent plans to remember:", self.recent)
        form.addRow("Ruleset for new plans:", self.ruleset)
        form.addRow(QLabel("Edits are saved to the plan file as you make them; nothing is lost if the laptop loses power."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _accept(self) -> None:
        self.settings.setValue("recent/max", self.recent.value())
        self.accept()


def about_text(ruleset_name: str, ruleset_version: str) -> str:
    from electionplan import __version__

    return (
        f"<h3>electionplan {__version__}</h3>"
        "<p>Risk-assessed election policing plans for UK police forces.</p>"
        f"<p><b>Ruleset:</b> {escape(ruleset_name)}, version {escape(ruleset_version)}</p>"
        "<p><b>Bundled data and libraries</b></p><ul>"
        "<li>DejaVu fonts – Bitstream Vera / DejaVu licence (free to redistribute)</li>"
        "<li>Qt for Python (PySide6) – LGPL v3</li>"
        "<li>SQLAlchemy, Alembic – MIT</li>"
        "<li>ReportLab – BSD</li>"
        "<li>GeoPandas, Shapely, pyogrio – BSD; pyproj – MIT; PROJ data – MIT/X</li>"
        "<li>pypdf – BSD; openpyxl – MIT; platformdirs – MIT</li>"
        "<li>Boundary and postcode files you import remain under their own licences "
        "(ONS and OS data: Open Government Licence v3.0).</li>"
        "</ul><p>The bundled sample by-election is entirely fictional.</p>"
    )
