"""The editor dialog for any record, built from a list of fields.

Messages appear beside the field they concern, as the SPOC types and when the
service refuses a value. The dialog only gathers values; the window applies
them through an undoable command.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from electionplan.domain.errors import ElectionPlanError, ValidationError
from electionplan.gui.date_field import DateField
from electionplan.gui.pickers import RecordPicker

# Longer lists of choices can be searched by typing (40,000 stations cannot be scrolled).
SEARCHABLE_FROM = 30


@dataclass
class FieldSpec:
    key: str
    label: str
    kind: str = "text"  # text | multiline | int | date | datetime | bool | choice | multi | list
    required: bool = False
    choices: list[tuple[Any, str]] = field(default_factory=list)
    maximum: int = 1_000_000
    help: str = ""
    optional_date: bool = False


class RecordDialog(QDialog):
    def __init__(self, title: str, fields: list[FieldSpec], values: dict[str, Any] | None = None,
                 submit: Callable[[dict[str, Any]], None] | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(620)
        self.fields = fields
        self.submit = submit
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.searches: dict[str, QLineEdit] = {}
        body = QWidget()
        grid = QGridLayout(body)
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(4)
        for row, spec in enumerate(fields):
            label = QLabel(spec.label + (" *" if spec.required else ""))
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            error = QLabel("")
            error.setObjectName("fieldError")
            error.setStyleSheet("color: #b71c1c; font-size: 12px;")
            error.setWordWrap(True)
            error.setMinimumWidth(180)
            widget = self._make(spec, error)
            label.setBuddy(widget)
            grid.addWidget(label, row, 0)
            grid.addWidget(self._with_search(spec, widget), row, 1)
            grid.addWidget(error, row, 2)
            self.widgets[spec.key] = widget
            self.errors[spec.key] = error
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        self.general_error = QLabel("")
        self.general_error.setStyleSheet("color: #b71c1c;")
        self.general_error.setWordWrap(True)
        layout.addWidget(self.general_error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if values:
            self.set_values(values)
        for spec in fields:
            if spec.required and spec.kind == "text":
                _line(self.widgets[spec.key]).textChanged.connect(lambda _t, s=spec: self._check_required(s))
        height = min(80 + 36 * len(fields) + sum(90 for f in fields if f.kind in ("multiline", "multi")), 760)
        # On a 1366×768 laptop the buttons must stay on screen: the fields scroll instead.
        available = self.screen().availableGeometry() if self.screen() is not None else None
        if available is not None:
            height = min(height, available.height() - 60)
        self.resize(min(760, available.width() - 40) if available is not None else 760, height)

    # --- widgets -------------------------------------------------------------
    def _make(self, spec: FieldSpec, error: QLabel) -> QWidget:
        widget: QWidget
        if spec.kind == "multiline":
            widget = QPlainTextEdit()
            widget.setFixedHeight(80)
            widget.setTabChangesFocus(True)  # Tab moves to the next field, as in every other field
        elif spec.kind == "int":
            widget = QSpinBox()
            widget.setRange(0, spec.maximum)
            widget.setGroupSeparatorShown(True)
        elif spec.kind in ("date", "datetime"):
            widget = DateField(spec.label, with_time=spec.kind == "datetime", optional=spec.optional_date,
                               blank_text="Not set" if spec.kind == "date" else "Not recorded", error=error)
        elif spec.kind == "bool":
            widget = QCheckBox()
        elif spec.kind == "choice" and len(spec.choices) > SEARCHABLE_FROM:
            widget = RecordPicker(spec.label)
            widget.set_choices(spec.choices)
        elif spec.kind == "choice":
            widget = QComboBox()
            for value, text in spec.choices:
                widget.addItem(text, value)
        elif spec.kind == "multi":
            widget = QListWidget()
            widget.setFixedHeight(110)
            for value, text in spec.choices:
                item = QListWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, value)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                widget.addItem(item)
        else:
            widget = QLineEdit()
        widget.setAccessibleName(spec.label)
        if spec.help:
            widget.setToolTip(spec.help)
        return widget

    def _with_search(self, spec: FieldSpec, widget: QWidget) -> QWidget:
        """A long checklist (4,500 candidates) gets a search box above it; the list keeps the values."""
        if spec.kind != "multi" or len(spec.choices) <= SEARCHABLE_FROM:
            return widget
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        search = QLineEdit()
        search.setPlaceholderText(f"Search {spec.label.lower()}…")
        search.setClearButtonEnabled(True)
        search.setAccessibleName(f"Search {spec.label.lower()}")
        layout.addWidget(search)
        layout.addWidget(widget)

        assert isinstance(widget, QListWidget)  # _make gives a "multi" field a checklist

        def hide_unmatched(text: str) -> None:
            needle = text.strip().lower()
            for item in _list_items(widget):
                # Ticked choices stay in view, so what is chosen is never hidden by a search.
                item.setHidden(bool(needle) and needle not in item.text().lower() and item.checkState() != Qt.CheckState.Checked)

        search.textChanged.connect(hide_unmatched)
        self.searches[spec.key] = search
        return box

    def set_values(self, values: dict[str, Any]) -> None:
        for spec in self.fields:
            if spec.key in values:
                _show(self.widgets[spec.key], spec, values[spec.key])

    @property
    def values(self) -> dict[str, Any]:
        return {spec.key: _read(self.widgets[spec.key], spec) for spec in self.fields}

    # --- validation ------------------------------------------------------------
    def _check_required(self, spec: FieldSpec) -> bool:
        empty = not _line(self.widgets[spec.key]).text().strip()
        self.errors[spec.key].setText(f"{spec.label} is required." if empty else "")
        return not empty

    def show_error(self, key: str | None, message: str) -> None:
        if key in self.errors:
            self.errors[key].setText(message)
            self.widgets[key].setFocus()
        else:
            self.general_error.setText(message)

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.setText("")
        self.general_error.setText("")

    def _accept(self) -> None:
        self.clear_errors()
        if not all(self._check_required(s) for s in self.fields if s.required and s.kind == "text"):
            return
        refused = [s.key for s in self.fields if s.kind in ("date", "datetime") and not _date(self.widgets[s.key]).check()]
        if refused:
            self.widgets[refused[0]].setFocus()
            return
        if self.submit is not None:
            try:
                self.submit(self.values)
            except ValidationError as exc:
                self.show_error(exc.field, str(exc))
                return
            except ElectionPlanError as exc:
                self.show_error(None, str(exc))
                return
        self.accept()


# How each kind of field shows and gives its value; the widget _make built for the kind says which.
def _checked_values(widget: QListWidget) -> list[Any]:
    return sorted(item.data(Qt.ItemDataRole.UserRole) for item in _list_items(widget)
                  if item.checkState() == Qt.CheckState.Checked)


def _list_items(widget: QListWidget) -> list[QListWidgetItem]:
    items = (widget.item(i) for i in range(widget.count()))
    return [item for item in items if item is not None]


def _read(widget: QWidget, spec: FieldSpec) -> Any:
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText().strip()
    if isinstance(widget, QSpinBox):
        return widget.value()
    if isinstance(widget, DateField):
        return widget.value_or_none()  # _accept refuses a date that is not one first
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QComboBox):
        return widget.currentData()
    if isinstance(widget, QListWidget):
        return _checked_values(widget)
    text = _line(widget).text()
    if spec.kind == "list":
        return [part.strip() for part in text.split(",") if part.strip()]
    return text.strip()


def _show(widget: QWidget, spec: FieldSpec, value: Any) -> None:
    if isinstance(widget, QPlainTextEdit):
        widget.setPlainText(value or "")
    elif isinstance(widget, QSpinBox):
        widget.setValue(int(value or 0))
    elif isinstance(widget, DateField):
        widget.set_value(value or None)  # an optional date not set shows its "Not set" placeholder
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QComboBox):
        found = widget.findData(value)
        if found >= 0:
            widget.setCurrentIndex(found)
    elif isinstance(widget, QListWidget):
        chosen = set(value or [])
        for item in _list_items(widget):
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in chosen
                               else Qt.CheckState.Unchecked)
    elif spec.kind == "list":
        _line(widget).setText(", ".join(value or []))
    else:
        _line(widget).setText("" if value is None else str(value))


def _date(widget: QWidget) -> DateField:
    assert isinstance(widget, DateField), type(widget).__name__
    return widget


def _line(widget: QWidget) -> QLineEdit:
    """A text or list field's widget: _make gives every other kind its own widget."""
    assert isinstance(widget, QLineEdit), type(widget).__name__
    return widget
