"""The import dialog: choose a file, check its preview and mapping, import, read the report.

The import itself is a callback the window supplies (the same application
function the command line uses), run off the GUI thread as a cancellable Task.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
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
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from electionplan.domain.display import plural
from electionplan.domain.errors import ElectionPlanError, ImportFailed
from electionplan.gui.tasks import Task
from electionplan.importers.preview import preview_file
from electionplan.importers.stations import STATION_FIELDS

# What File > Import offers, in its order (every kind the command line imports).
IMPORT_MENU = (("boundaries", "&Boundaries…"), ("stations", "Polling &stations…"), ("candidates", "&Candidates…"),
               ("postcodes", "&Postcodes…"), ("events", "&Events (hustings, visits)…"),
               ("threats", "&Threat reports…"), ("capacity", "Duty c&apacity…"), ("incidents", "&Incidents…"),
               ("contributions", "Candidates' and parties' c&ontributions…"),
               ("review", "Returning officer's &review (filled PDF)…"), ("wards", "&Wards (drawn on the maps)…"))

FILE_FILTERS = {
    "boundaries": "Boundary files (*.geojson *.json *.gpkg *.shp *.zip);;All files (*)",
    "stations": "Station files (*.csv *.tsv *.txt *.xlsx *.json);;All files (*)",
    "candidates": "Candidate lists (*.csv *.tsv *.txt);;All files (*)",
    "postcodes": "Postcode files (*.csv *.txt);;All files (*)",
    "events": "Events lists (*.csv *.tsv *.txt *.xlsx);;All files (*)",
    "threats": "Threat reports (*.csv *.tsv *.txt *.xlsx);;All files (*)",
    "capacity": "Duty capacity (*.csv *.tsv *.txt *.xlsx);;All files (*)",
    "incidents": "Incident logs (*.csv *.json);;All files (*)",
    "contributions": "Contributions (*.csv *.json);;All files (*)",
    "review": "Returned sign-off forms (*.pdf);;All files (*)",
    "wards": "Ward boundary files (*.geojson *.json *.gpkg *.shp *.zip);;All files (*)",
}


def failure_message(exc: Exception) -> str:
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
        self._build_file_row(layout)
        self._build_options(layout, constituencies or [])
        self._build_outside(layout)
        self._build_report(layout)
        self.path_edit.editingFinished.connect(self._load_preview)

    def _build_file_row(self, layout: QVBoxLayout) -> None:
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
        self.note_label.setWordWrap(True)  # a sent list's note names every column it reads
        layout.addWidget(self.note_label)
        self.preview = QTableWidget()
        self.preview.setMinimumHeight(180)
        layout.addWidget(self.preview, 1)

    def _build_options(self, layout: QVBoxLayout, constituencies: list[tuple[str, str]]) -> None:
        self.options = QFormLayout()
        self.constituency = QComboBox()
        self.ballot = QLineEdit()
        self.only = QLineEdit()
        self.only.setPlaceholderText("e.g. E14001455, E14001446 (leave empty for all)")
        if self.kind == "candidates":
            self.constituency.addItem("Every constituency in the plan (national list)", None)
            for code, name in constituencies:
                self.constituency.addItem(f"{name} ({code})", code)
            self.options.addRow("Constituency:", self.constituency)
            self.options.addRow("or ballot id:", self.ballot)
        self.layer = QComboBox()
        self.layer.setAccessibleName("Layer of the boundary file")
        self.layer.currentIndexChanged.connect(lambda _i: self._load_preview())
        if self.kind in ("boundaries", "wards"):
            self.options.addRow("Layer:", self.layer)
            self.options.setRowVisible(self.layer, False)  # shown for a file with several layers
        if self.kind == "boundaries":
            self.options.addRow("Only these seats:", self.only)
        layout.addLayout(self.options)
        self.mapping_box = QGroupBox("Column mapping")
        self.mapping_grid = QGridLayout(self.mapping_box)
        self.mapping_combos: dict[str, QComboBox] = {}
        self.mapping_box.hide()
        layout.addWidget(self.mapping_box)

    def _build_outside(self, layout: QVBoxLayout) -> None:
        # Shown before anything is written, so the SPOC can leave strays out.
        self.outside_box = QGroupBox("Stations outside every boundary in the plan")
        outside_layout = QVBoxLayout(self.outside_box)
        self.outside_list = QPlainTextEdit()
        self.outside_list.setTabChangesFocus(True)  # Tab moves on; a tab character is never what is meant
        self.outside_list.setReadOnly(True)
        self.outside_list.setMaximumHeight(90)
        self.leave_out = QCheckBox("Leave these stations out of the import")
        outside_layout.addWidget(self.outside_list)
        outside_layout.addWidget(self.leave_out)
        self.outside_box.hide()
        layout.addWidget(self.outside_box)

    def _build_report(self, layout: QVBoxLayout) -> None:
        self.report = QPlainTextEdit()
        self.report.setTabChangesFocus(True)  # Tab moves on; a tab character is never what is meant
        self.report.setReadOnly(True)
        self.report.setPlaceholderText("The import report appears here.")
        self.report.setMaximumHeight(150)
        layout.addWidget(self.report)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.import_button.clicked.connect(self._start)
        self.cancel_button.clicked.connect(self._close_or_cancel)
        self.import_button.setEnabled(False)
        layout.addWidget(self.buttons)

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
            preview = preview_file(self.kind, path, self.layer.currentData() or None)
        except ElectionPlanError as exc:
            self.format_label.setText("Format: not recognised")
            self.report.setPlainText(failure_message(exc))
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
        self._fit_preview_columns(preview.header)
        self._show_layers(preview.layers)
        self._show_mapping(preview)
        self._show_outside()
        self.report.clear()
        self.import_button.setEnabled(True)

    def _fit_preview_columns(self, header: list[str]) -> None:
        """Each column as wide as its title and values (a preview is a few rows); a long one ends in "…", never cut at both ends."""
        heading = self.preview.horizontalHeader()
        heading.setTextElideMode(Qt.TextElideMode.ElideRight)
        heading.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.preview.resizeColumnsToContents()
        for column, title in enumerate(header):
            self.preview.setColumnWidth(column, min(self.preview.columnWidth(column), 260))
            heading_item = self.preview.horizontalHeaderItem(column)
            if heading_item is not None:  # set by the preview's own setHorizontalHeaderLabels
                heading_item.setToolTip(title)

    def _show_layers(self, layers: list[str]) -> None:
        if self.kind not in ("boundaries", "wards") or [self.layer.itemData(i) for i in range(self.layer.count())] == layers:
            return
        self.layer.blockSignals(True)
        self.layer.clear()
        for name in layers:
            self.layer.addItem(name, name)
        self.layer.blockSignals(False)
        self.options.setRowVisible(self.layer, bool(layers))

    def _show_outside(self) -> None:
        outside: list[str] = []
        if self.kind == "stations" and self.outside_lookup is not None:
            try:
                outside = self.outside_lookup(self.path_edit.text().strip(), self.choices["mapping"])
            except ElectionPlanError:
                outside = []  # the import itself reports why the file cannot be read
        self.outside_list.setPlainText("\n".join(outside))
        self.outside_box.setTitle(f"{plural(len(outside), 'station')} outside every boundary in the plan")
        self.outside_box.setVisible(bool(outside))

    def _show_mapping(self, preview) -> None:
        while (item := self.mapping_grid.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
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
            "layer": self.layer.currentData() if self.kind in ("boundaries", "wards") else None,
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
        self._finish("Nothing was imported.\n" + failure_message(exc))
        self.import_button.setEnabled(True)

    def _finish(self, text: str) -> None:
        self.progress.hide()
        self.report.setPlainText(text)

    def _close_or_cancel(self) -> None:
        if self.task is not None and self.task.running:
            self.task.cancel()
            return
        self.accept()
