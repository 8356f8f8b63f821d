"""The export dialog: edition, constituency, content, format and file, then progress.

A file's default name says what it holds ("wyvern-returning-officer-1.1.pdf"),
and follows the choices until the user names the file themselves, so an
edition is never written over another under a name that hides which it is.
Replacing a file that exists asks first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from electionplan.gui.import_dialog import failure_message
from electionplan.gui.tasks import Task

# (label, suffix, file dialog filter). Only a PDF can be of an issued revision; the data files are of the plan now.
FORMATS = (
    ("PDF document", ".pdf", "PDF files (*.pdf)"),
    ("Spreadsheet (XLSX)", ".xlsx", "Excel workbooks (*.xlsx)"),
    ("Table (CSV)", ".csv", "CSV files (*.csv)"),
    ("GeoPackage, for GIS", ".gpkg", "GeoPackage (*.gpkg)"),
    ("JSON", ".json", "JSON files (*.json)"),
)
EDITIONS = (("Police edition (everything)", "police"), ("Returning officer's edition (redacted)", "returning-officer"))


def export_name(stem: str, edition: str, revision: str | None, constituency: str | None, suffix: str) -> str:
    """The file name an export is offered under: what it is, which edition and which revision."""
    parts = [stem, edition] + ([constituency] if constituency else []) + [revision or "draft"]
    return "-".join(parts) + suffix


class ExportDialog(QDialog):
    """Choose what to export and where; shows progress, then offers to open the file."""

    def __init__(self, run_export: Callable[[dict[str, Any], Callable[[], bool]], str],
                 constituencies: list[tuple[str, str]], revisions: list[str], stem: Path, suffix: str = ".pdf",
                 parent=None):
        super().__init__(parent)
        self.run_export = run_export
        self.task: Task | None = None
        self.stem = stem
        self.setWindowTitle("Export plan")
        self.resize(600, 320)
        self.edition = _combo(EDITIONS, "Edition")
        self.constituency = _combo([("All constituencies", None)] + [(f"{name} ({code})", code)
                                                                      for code, name in constituencies], "Constituency")
        self.revision = _combo([("The plan as it is now", None)] + [(f"Revision {n}", n) for n in revisions], "Content")
        self.format = _combo([(label, suffix_) for label, suffix_, _f in FORMATS], "Format")
        self.format.setCurrentIndex(max(self.format.findData(suffix), 0))
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName("File to write")
        self._offered = ""
        self._offer_name()
        for combo in (self.edition, self.constituency, self.revision, self.format):
            combo.currentIndexChanged.connect(self._choices_changed)
        self._choices_changed()
        self._lay_out()

    def _lay_out(self) -> None:
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        form = QFormLayout()
        for label, widget in (("Edition:", self.edition), ("Constituency:", self.constituency),
                              ("Content:", self.revision), ("Format:", self.format)):
            form.addRow(label, widget)
        form.addRow("Save as:", path_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button = self.buttons.addButton("Open file", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.hide()
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.clicked.connect(self._start)
        self.open_button.clicked.connect(self.open_file)
        self.close_button.clicked.connect(self._close_or_cancel)
        layout.addWidget(self.buttons)
        self.written: Path | None = None

    @property
    def suffix(self) -> str:
        return self.format.currentData()

    def _choices_changed(self) -> None:
        # Data files are always of the plan as it is now; only a PDF can be of an issued revision.
        is_pdf = self.suffix == ".pdf"
        if not is_pdf:
            self.revision.setCurrentIndex(0)
        self.revision.setEnabled(is_pdf)
        self._offer_name()

    def _offer_name(self) -> None:
        """Name the file after the choices, unless the user has named it; its type always follows the format."""
        current = self.path_edit.text().strip()
        offered = export_name(self.stem.name, self.edition.currentData(), self.revision.currentData(),
                              self.constituency.currentData(), self.suffix)
        # The offered name, in whatever folder it was put, still follows the choices: a name that says
        # "returning-officer" must never be kept for a police edition.
        if not current or Path(current).name == Path(self._offered).name:
            folder = Path(current).parent if current else self.stem.parent
            self.path_edit.setText(str(folder / offered))
        else:
            self.path_edit.setText(re.sub(r"\.(pdf|xlsx|csv|gpkg|json)$", "", current, flags=re.IGNORECASE) + self.suffix)
        self._offered = str(Path(self.path_edit.text()).parent / offered)

    def _browse(self) -> None:
        file_filter = next(f for _label, suffix, f in FORMATS if suffix == self.suffix)
        path, _ = QFileDialog.getSaveFileName(self, "Export to", self.path_edit.text(), file_filter)
        if path:
            self.path_edit.setText(path if path.lower().endswith(self.suffix) else path + self.suffix)

    def _resolved(self, text: str) -> str:
        """Where a typed name really goes: `~` is the user's home, and a bare or relative name sits
        beside the plan (where the offered name is), never in whatever folder the app was started from."""
        if not text:
            return ""
        path = Path(text).expanduser()
        return str(path if path.is_absolute() else self.stem.parent / path)

    @property
    def choices(self) -> dict[str, Any]:
        return {"edition": self.edition.currentData(), "constituency": self.constituency.currentData(),
                "revision": self.revision.currentData(), "path": self._resolved(self.path_edit.text().strip()),
                "suffix": self.suffix}

    def _start(self) -> None:
        choices = self.choices
        if not choices["path"]:
            self.status.setText("Choose where to save the file.")
            return
        if not choices["path"].lower().endswith(self.suffix):
            self.status.setText(f"The file name must end in {self.suffix} for this format.")
            return
        if Path(choices["path"]).exists() and not self.confirm_replace(Path(choices["path"])):
            self.status.setText("Nothing was written; choose another name, or export again to replace it.")
            return
        self.path_edit.setText(choices["path"])  # the folder it really goes to, in full
        self.export_button.setEnabled(False)
        self.open_button.hide()
        self.progress.show()
        self.status.setText("Exporting…")
        self.close_button.setText("Cancel")
        self.task = Task(lambda cancelled: self.run_export(choices, cancelled), self)
        self.task.done.connect(lambda text: self._done(text, Path(choices["path"])))
        self.task.error.connect(lambda exc: self._end(failure_message(exc)))
        self.task.cancelled.connect(lambda: self._end("Cancelled; no file was written."))
        self.task.start()

    def confirm_replace(self, path: Path) -> bool:
        answer = QMessageBox.question(self, "Replace file?", f"{path.name} already exists in {path.parent}.\n\n"
                                      "Replace it with this export?", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _done(self, text: str, path: Path) -> None:
        self.written = path
        self._end(text)
        self.open_button.show()

    def _end(self, text: str) -> None:
        self.progress.hide()
        self.status.setText(text)
        self.export_button.setEnabled(True)
        self.close_button.setText("Close")

    def open_file(self) -> None:
        if self.written is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written)))

    def _close_or_cancel(self) -> None:
        if self.task is not None and self.task.running:
            self.task.cancel()
            return
        self.accept()


def _combo(items, name: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    for label, data in items:
        combo.addItem(label, data)
    return combo
