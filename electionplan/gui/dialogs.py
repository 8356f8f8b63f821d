"""Dialogs: import, export, issue revision, preferences and about.

Each gathers choices and shows results; the work itself is a callback the
window supplies, run off the GUI thread as a cancellable Task.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from electionplan.domain.errors import ElectionPlanError, ImportFailed
from electionplan.gui.tasks import Task
from electionplan.importers.preview import preview_file
from electionplan.importers.stations import STATION_FIELDS

FILE_FILTERS = {
    "boundaries": "Boundary files (*.geojson *.json *.gpkg *.shp *.zip);;All files (*)",
    "stations": "Station files (*.csv *.tsv *.txt *.xlsx *.json);;All files (*)",
    "candidates": "Candidate lists (*.csv *.tsv *.txt);;All files (*)",
    "postcodes": "Postcode files (*.csv *.txt);;All files (*)",
    "incidents": "Incident logs (*.csv *.json);;All files (*)",
}


def _message(exc: Exception) -> str:
    if isinstance(exc, ImportFailed) and exc.problems:
        return f"{exc}\n" + "\n".join(f"• {p}" for p in exc.problems[:30])
    if isinstance(exc, ElectionPlanError):
        return str(exc)
    return f"Something went wrong ({exc.__class__.__name__}). Nothing was changed."


class ImportDialog(QDialog):
    """Choose a file, check the preview and mapping, import, read the report."""

    def __init__(self, kind: str, run_import: Callable[[dict[str, Any], Callable[[], bool]], str],
                 constituencies: list[tuple[str, str]] | None = None, parent=None,
                 outside_lookup: Callable[[str, dict[str, str]], list[str]] | None = None):
        super().__init__(parent)
        self.kind = kind
        self.run_import = run_import
        self.outside_lookup = outside_lookup
        self.task: Task | None = None
        self.setWindowTitle(f"Import {kind}")
        self.resize(900, 640)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("Choose a file…")
        self.path_edit.setAccessibleName("File to import")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row.addWidget(QLabel("File:"))
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        self.format_label = QLabel("Format: –")
        self.format_label.setObjectName("sectionTitle")
        layout.addWidget(self.format_label)
        self.note_label = QLabel("")
        self.note_label.setObjectName("pageSubtitle")
        layout.addWidget(self.note_label)
        self.preview = QTableWidget()
        self.preview.setMinimumHeight(180)
        layout.addWidget(self.preview, 1)
        self.options = QFormLayout()
        self.constituency = QComboBox()
        self.ballot = QLineEdit()
        self.only = QLineEdit()
        self.only.setPlaceholderText("e.g. E14001455, E14001446 (leave empty for all)")
        if kind == "candidates":
            self.constituency.addItem("Every constituency in the plan (national list)", None)
            for code, name in constituencies or []:
                self.constituency.addItem(f"{name} ({code})", code)
            self.options.addRow("Constituency:", self.constituency)
            self.options.addRow("or ballot id:", self.ballot)
        if kind == "boundaries":
            self.options.addRow("Only these seats:", self.only)
        layout.addLayout(self.options)
        self.mapping_box = QGroupBox("Column mapping")
        self.mapping_grid = QGridLayout(self.mapping_box)
        self.mapping_combos: dict[str, QComboBox] = {}
        self.mapping_box.hide()
        layout.addWidget(self.mapping_box)
        # Shown before anything is written, so the SPOC can leave strays out.
        self.outside_box = QGroupBox("Stations outside every boundary in the plan")
        outside_layout = QVBoxLayout(self.outside_box)
        self.outside_list = QPlainTextEdit()
        self.outside_list.setReadOnly(True)
        self.outside_list.setMaximumHeight(90)
        self.leave_out = QCheckBox("Leave these stations out of the import")
        outside_layout.addWidget(self.outside_list)
        outside_layout.addWidget(self.leave_out)
        self.outside_box.hide()
        layout.addWidget(self.outside_box)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setPlaceholderText("The import report appears here.")
        self.report.setMaximumHeight(150)
        layout.addWidget(self.report)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton("Import", QDialogButtonBox.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.Close)
        self.import_button.clicked.connect(self._start)
        self.cancel_button.clicked.connect(self._close_or_cancel)
        self.import_button.setEnabled(False)
        layout.addWidget(self.buttons)
        self.path_edit.editingFinished.connect(self._load_preview)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, f"Import {self.kind}", "", FILE_FILTERS.get(self.kind, "All files (*)"))
        if path:
            self.set_path(path)

    def set_path(self, path: str) -> None:
        self.path_edit.setText(path)
        self._load_preview()

    def _load_preview(self) -> None:
        path = self.path_edit.text().strip()
        if not path:
            return
        try:
            preview = preview_file(self.kind, path)
        except ElectionPlanError as exc:
            self.format_label.setText("Format: not recognised")
            self.report.setPlainText(_message(exc))
            self.import_button.setEnabled(False)
            return
        self.format_label.setText(f"Format: {preview.format}")
        self.note_label.setText(preview.note)
        self.preview.clear()
        self.preview.setColumnCount(len(preview.header))
        self.preview.setHorizontalHeaderLabels(preview.header)
        self.preview.setRowCount(len(preview.rows))
        for r, values in enumerate(preview.rows):
            for c, value in enumerate(values):
                self.preview.setItem(r, c, QTableWidgetItem(value))
        self._show_mapping(preview)
        self._show_outside()
        self.report.clear()
        self.import_button.setEnabled(True)

    def _show_outside(self) -> None:
        outside: list[str] = []
        if self.kind == "stations" and self.outside_lookup is not None:
            try:
                outside = self.outside_lookup(self.path_edit.text().strip(), self.choices["mapping"])
            except ElectionPlanError:
                outside = []  # the import itself reports why the file cannot be read
        self.outside_list.setPlainText("\n".join(outside))
        self.outside_box.setTitle(f"{len(outside)} station(s) outside every boundary in the plan")
        self.outside_box.setVisible(bool(outside))

    def _show_mapping(self, preview) -> None:
        while self.mapping_grid.count():
            self.mapping_grid.takeAt(0).widget().deleteLater()
        self.mapping_combos.clear()
        if not preview.mapping:
            self.mapping_box.hide()
            return
        self.mapping_box.show()
        self.mapping_box.setTitle("Column mapping (check and correct)" if preview.mapping_editable else "Column mapping (detected)")
        fields = [f for f in STATION_FIELDS if preview.mapping_editable or preview.mapping.get(f)]
        for n, field in enumerate(fields):
            combo = QComboBox()
            combo.addItem("—", "")
            for column in preview.header:
                combo.addItem(column, column.lower())
            combo.setCurrentIndex(max(0, combo.findData(preview.mapping.get(field, ""))))
            combo.setEnabled(preview.mapping_editable)
            combo.setAccessibleName(f"Column for {field}")
            combo.currentIndexChanged.connect(self._show_outside)
            self.mapping_grid.addWidget(QLabel(field.replace("_", " ").capitalize()), n // 3, (n % 3) * 2)
            self.mapping_grid.addWidget(combo, n // 3, (n % 3) * 2 + 1)
            self.mapping_combos[field] = combo

    @property
    def choices(self) -> dict[str, Any]:
        mapping = {f: c.currentData() for f, c in self.mapping_combos.items() if c.isEnabled() and c.currentData()}
        return {
            "path": self.path_edit.text().strip(),
            "mapping": mapping,
            "constituency": self.constituency.currentData() if self.kind == "candidates" and not self.ballot.text().strip() else None,
            "ballot": self.ballot.text().strip() or None,
            "only": [p.strip() for p in self.only.text().split(",") if p.strip()] or None,
            "leave_out_outside": self.outside_box.isVisibleTo(self) and self.leave_out.isChecked(),
        }

    def _start(self) -> None:
        choices = self.choices
        self.import_button.setEnabled(False)
        self.progress.show()
        self.report.setPlainText("Importing…")
        self.task = Task(lambda cancelled: self.run_import(choices, cancelled), self)
        self.task.done.connect(self._done)
        self.task.error.connect(self._failed)
        self.task.cancelled.connect(lambda: self._finish("Cancelled; nothing was imported."))
        self.task.start()

    def _done(self, text: str) -> None:
        self._finish(text)
        self.cancel_button.setText("Close")

    def _failed(self, exc) -> None:
        self._finish("Nothing was imported.\n" + _message(exc))
        self.import_button.setEnabled(True)

    def _finish(self, text: str) -> None:
        self.progress.hide()
        self.report.setPlainText(text)

    def _close_or_cancel(self) -> None:
        if self.task is not None and self.task.running:
            self.task.cancel()
            return
        self.accept()


class ExportDialog(QDialog):
    """Choose edition, constituency and path; shows progress, then offers Open PDF."""

    def __init__(self, run_export: Callable[[dict[str, Any], Callable[[], bool]], str],
                 constituencies: list[tuple[str, str]], revisions: list[str], default_path: str, parent=None):
        super().__init__(parent)
        self.run_export = run_export
        self.task: Task | None = None
        self.setWindowTitle("Export plan as PDF")
        self.resize(560, 300)
        form = QFormLayout()
        self.edition = QComboBox()
        self.edition.addItem("Police edition (everything)", "police")
        self.edition.addItem("Returning officer's edition (redacted)", "returning-officer")
        self.constituency = QComboBox()
        self.constituency.addItem("All constituencies", None)
        for code, name in constituencies:
            self.constituency.addItem(f"{name} ({code})", code)
        self.revision = QComboBox()
        self.revision.addItem("The plan as it is now", None)
        for number in revisions:
            self.revision.addItem(f"Revision {number}", number)
        path_row = QHBoxLayout()
        self.path_edit = QLineEdit(default_path)
        self.path_edit.setAccessibleName("PDF file")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        form.addRow("Edition:", self.edition)
        form.addRow("Constituency:", self.constituency)
        form.addRow("Content:", self.revision)
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
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.AcceptRole)
        self.open_button = self.buttons.addButton("Open PDF", QDialogButtonBox.ActionRole)
        self.open_button.hide()
        self.close_button = self.buttons.addButton(QDialogButtonBox.Close)
        self.export_button.clicked.connect(self._start)
        self.open_button.clicked.connect(self.open_pdf)
        self.close_button.clicked.connect(self._close_or_cancel)
        layout.addWidget(self.buttons)
        self.written: Path | None = None

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save PDF", self.path_edit.text(), "PDF files (*.pdf)")
        if path:
            self.path_edit.setText(path if path.lower().endswith(".pdf") else path + ".pdf")

    @property
    def choices(self) -> dict[str, Any]:
        return {"edition": self.edition.currentData(), "constituency": self.constituency.currentData(),
                "revision": self.revision.currentData(), "path": self.path_edit.text().strip()}

    def _start(self) -> None:
        choices = self.choices
        if not choices["path"]:
            self.status.setText("Choose where to save the PDF.")
            return
        self.export_button.setEnabled(False)
        self.open_button.hide()
        self.progress.show()
        self.status.setText("Exporting…")
        self.close_button.setText("Cancel")
        self.task = Task(lambda cancelled: self.run_export(choices, cancelled), self)
        self.task.done.connect(lambda text: self._done(text, Path(choices["path"])))
        self.task.error.connect(self._failed)
        self.task.cancelled.connect(lambda: self._end("Cancelled; no file was written."))
        self.task.start()

    def _done(self, text: str, path: Path) -> None:
        self.written = path
        self._end(text)
        self.open_button.show()

    def _failed(self, exc) -> None:
        self._end(_message(exc))

    def _end(self, text: str) -> None:
        self.progress.hide()
        self.status.setText(text)
        self.export_button.setEnabled(True)
        self.close_button.setText("Close")

    def open_pdf(self) -> None:
        if self.written is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written)))

    def _close_or_cancel(self) -> None:
        if self.task is not None and self.task.running:
            self.task.cancel()
            return
        self.accept()


class RevisionDialog(QDialog):
    def __init__(self, next_draft: str, next_approved: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Issue a revision")
        self.resize(520, 260)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("What changed in this revision? The note appears in the document control table."))
        self.note = QPlainTextEdit()
        self.note.setAccessibleName("Revision note")
        layout.addWidget(self.note, 1)
        self.approve = QCheckBox(f"Approve (issues {next_approved}; otherwise {next_draft})")
        layout.addWidget(self.approve)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #b71c1c;")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
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
        return {"note": self.note.toPlainText().strip(), "approve": self.approve.isChecked()}


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
        buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        self.restore_button = buttons.addButton("Restore", QDialogButtonBox.AcceptRole)
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
    def __init__(self, label: str, officers: int, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Officer capacity")
        form = QFormLayout(self)
        self.officers = QSpinBox()
        self.officers.setRange(0, 10_000)
        self.officers.setValue(officers)
        self.officers.setAccessibleName("Officers available")
        form.addRow(QLabel(label))
        form.addRow("Officers available:", self.officers)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


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
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
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
        f"<p><b>Ruleset:</b> {ruleset_name}, version {ruleset_version}</p>"
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
