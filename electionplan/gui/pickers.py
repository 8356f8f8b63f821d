"""Pickers that stay usable with 40,000 choices: type to find, and only the relevant few shown.

RecordPicker is a combo box you can type into: a completer matches any part
of a name, without case. AttendeesPicker lists the candidates standing in an
event's constituency (others on request), with a search box, so choosing who
attends never means scrolling 4,500 names.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCheckBox, QComboBox, QCompleter, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

CHOICE_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class CandidateChoice:
    id: int
    name: str
    constituency_id: int | None
    constituency: str = ""


def distinct_labels(choices: Sequence[tuple[Any, str]]) -> list[str]:
    """Labels that tell apart two choices of the same name (two 'Village Hall' stations)."""
    seen: dict[str, int] = {}
    for _, label in choices:
        seen[label] = seen.get(label, 0) + 1
    return [label if seen[label] == 1 else f"{label} (#{value})" for value, label in choices]


class RecordPicker(QComboBox):
    """A combo box you can search by typing any part of a name."""

    picked = Signal(object)  # the chosen value (a record id, or None)

    def __init__(self, accessible_name: str = "", parent=None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(14)
        # Long names must not make the combo box wider than a dialog.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(24)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(14)
        self.setCompleter(completer)
        self._completer = completer
        line = self.lineEdit()
        assert line is not None  # an editable combo box always has its line edit
        line.setPlaceholderText("Type to search…")
        if accessible_name:
            self.setAccessibleName(accessible_name)
        # The stubs type a signal as not indexable, though Qt's overloaded signals are chosen by index.
        completer.activated[str].connect(self._completed)  # type: ignore[index]
        self.activated.connect(lambda _i: self.picked.emit(self.currentData()))

    def set_choices(self, choices: Sequence[tuple[Any, str]]) -> None:
        """Fill with (value, label) pairs in one model swap rather than one insert per item."""
        model = QStandardItemModel(self)
        for (value, _name), label in zip(choices, distinct_labels(choices), strict=True):
            item = QStandardItem(label)
            item.setData(value, CHOICE_ROLE)
            model.appendRow(item)
        self.setModel(model)
        self._completer.setModel(model)

    def _completed(self, text: str) -> None:
        found = self.findText(text, Qt.MatchFlag.MatchExactly)
        if found >= 0:
            self.setCurrentIndex(found)
            self.picked.emit(self.currentData())

    def current_value(self) -> Any:
        return self.currentData()

    def set_current_value(self, value: Any) -> bool:
        found = self.findData(value)
        if found >= 0:
            self.setCurrentIndex(found)
        return found >= 0


class AttendeesPicker(QWidget):
    """Tick who attends an event: its constituency's candidates first, anyone on request."""

    changed = Signal()

    def __init__(self, candidates: Iterable[CandidateChoice], constituency_id: int | None = None, parent=None):
        super().__init__(parent)
        self._constituency_id = constituency_id
        self.model = QStandardItemModel(self)
        for candidate in sorted(candidates, key=lambda c: (c.name.lower(), c.id)):
            label = candidate.name + (f" – {candidate.constituency}" if candidate.constituency else "")
            item = QStandardItem(label)
            item.setData(candidate.id, CHOICE_ROLE)
            item.setData(candidate.constituency_id, CHOICE_ROLE + 1)
            item.setCheckable(True)
            item.setEditable(False)
            self.model.appendRow(item)
        self.model.itemChanged.connect(lambda _item: self._checked_changed())
        self.proxy = _AttendeesFilter(self.model, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search candidates…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search candidates")
        self.search.textChanged.connect(self._refilter)
        layout.addWidget(self.search)
        self.show_all = QCheckBox("Show candidates from every constituency")
        self.show_all.toggled.connect(self._refilter)
        layout.addWidget(self.show_all)
        self.list = QListView()
        self.list.setModel(self.proxy)
        self.list.setAccessibleName("Candidates attending")
        self.list.setUniformItemSizes(True)
        layout.addWidget(self.list, 1)
        self.summary = QLabel("")
        self.summary.setObjectName("pageSubtitle")
        layout.addWidget(self.summary)
        self.set_constituency(constituency_id)

    def set_constituency(self, constituency_id: int | None) -> None:
        self._constituency_id = constituency_id
        self.show_all.setChecked(constituency_id is None)
        self._refilter()

    def _refilter(self, *_args) -> None:
        self.proxy.configure(None if self.show_all.isChecked() else self._constituency_id, self.search.text())
        self._update_summary()

    def _checked_changed(self) -> None:
        self._update_summary()
        self.changed.emit()

    def _update_summary(self) -> None:
        chosen = len(self.selected_ids())
        self.summary.setText(f"{self.proxy.rowCount():,} shown · {chosen} attending")

    def selected_ids(self) -> list[int]:
        return sorted(self.model.item(n).data(CHOICE_ROLE) for n in range(self.model.rowCount())
                      if self.model.item(n).checkState() == Qt.CheckState.Checked)

    def set_selected_ids(self, ids: Iterable[int]) -> None:
        chosen = set(ids)
        for n in range(self.model.rowCount()):
            item = self.model.item(n)
            item.setCheckState(Qt.CheckState.Checked if item.data(CHOICE_ROLE) in chosen else Qt.CheckState.Unchecked)
        self._refilter()

    def shown_ids(self) -> list[int]:
        return [self.proxy.index(r, 0).data(CHOICE_ROLE) for r in range(self.proxy.rowCount())]


class _AttendeesFilter(QSortFilterProxyModel):
    """The constituency's candidates, plus anyone already ticked, matching the search."""

    def __init__(self, items: QStandardItemModel, parent: QWidget | None = None):
        super().__init__(parent)
        self._items = items
        self.setSourceModel(items)
        self._constituency_id: int | None = None
        self._needle = ""

    def configure(self, constituency_id: int | None, text: str) -> None:
        self._constituency_id, self._needle = constituency_id, text.strip().lower()
        self.invalidate()

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:  # noqa: N802
        item = self._items.item(source_row)
        if self._needle and self._needle not in item.text().lower():
            return False
        if self._constituency_id is None or item.checkState() == Qt.CheckState.Checked:
            return True
        return item.data(CHOICE_ROLE + 1) == self._constituency_id
