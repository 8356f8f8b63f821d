"""The ruleset the plan is assessed by, read and edited as its TOML.

Every number a plan's assessment uses is in the ruleset, so a force that sets
its own keeps a copy in the plan, where a revision records it. What is typed
is checked as the assessment would read it before it can be kept; the national
default is one button away.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from electionplan.domain.errors import ElectionPlanError
from electionplan.domain.text import printable
from electionplan.risk.ruleset import Ruleset, default_ruleset_path, parse_ruleset


class RulesetDialog(QDialog):
    """`chosen` after OK: the TOML to keep in the plan, or None for the national default."""

    def __init__(self, current: Ruleset, force_copy: bool, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Ruleset")
        self.resize(820, 600)
        self.chosen: str | None = current.source if force_copy else None
        self.heading = QLabel(self._describe(current, force_copy))
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)  # a ruleset's name is its author's text, never markup
        self.text = QPlainTextEdit(current.source)
        self.text.setAccessibleName("Ruleset (TOML)")
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setTabChangesFocus(True)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName("Ruleset check")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton("Keep in the plan", QDialogButtonBox.ButtonRole.AcceptRole)
        self.load_button = QPushButton("Load from file…")
        self.default_button = QPushButton("National default")
        self.check_button = QPushButton("Check")
        for button in (self.load_button, self.default_button, self.check_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.clicked.connect(self._keep)
        self.load_button.clicked.connect(self._load)
        self.default_button.clicked.connect(self._use_default)
        self.check_button.clicked.connect(self.check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    @staticmethod
    def _describe(rules: Ruleset, force_copy: bool) -> str:
        whose = "the force's own copy, kept in the plan" if force_copy else "the national default"
        return (f"The plan is assessed by {rules.name}, version {rules.version} ({whose}; sha256 {rules.short_hash}). "
                "Party is not an input anywhere. A change is re-assessed at once and can be undone.")

    def check(self) -> Ruleset | None:
        """The typed ruleset as the assessment reads it, or None with the reason shown."""
        try:
            rules = parse_ruleset(self.text.toPlainText(), "the typed ruleset")
        except ElectionPlanError as error:
            self.status.setText(printable(str(error)))
            self.status.setStyleSheet("color: #b71c1c;")
            return None
        self.status.setText(f"Ready: {rules.name}, version {rules.version}.")
        self.status.setStyleSheet("")
        return rules

    def _keep(self) -> None:
        if self.check() is not None:
            typed = self.text.toPlainText()
            # Unchanged national default text stays the default, so a later national issue still reaches the plan.
            self.chosen = None if typed == default_ruleset_path().read_text(encoding="utf-8") else typed
            self.accept()

    def _load(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Load a ruleset", "", "Rulesets (*.toml)")
        if path:
            try:
                self.text.setPlainText(Path(path).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as error:
                self.status.setText(f"{Path(path).name} could not be read: {error.__class__.__name__}.")
                return
            self.check()

    def _use_default(self) -> None:
        self.text.setPlainText(default_ruleset_path().read_text(encoding="utf-8"))
        self.check()
