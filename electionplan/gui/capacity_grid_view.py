"""Capacity for the whole campaign on one screen: a day × shift grid.

Type officers straight into a cell, fill every day from a weekly pattern, or
copy one day forward; beside each day's officers, how many of them are
sergeants (a blank cell: not recorded). The editor emits capacity_changed with
only the cells that changed; the window writes them as one undoable edit, and
an edit the plan refuses (more sergeants than officers) is put back and said,
in words, beside the grid and on the cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from electionplan.domain.display import plural
from electionplan.gui.widgets import page_title
from electionplan.services.capacity_grid import (
    SHIFT_KEYS,
    WEEKDAYS,
    CapacityCell,
    SergeantsCell,
    apply_weekly_pattern,
    changes,
    copy_forward,
    pattern_from_week,
)

NO_PARENT = QModelIndex()
POLLING_DAY = QColor("#fdecea")
WEEKEND = QColor("#f1f4f7")
REFUSED = QColor("#fff1c2")  # a cell whose edit the plan refused: its reason is the cell's tooltip
NOT_RECORDED = ("", "-", "–")  # what a typed blank sergeants cell may hold


class _IntGridModel(QAbstractTableModel):
    """Whole numbers of officers in an editable grid; subclasses say what the rows are."""

    refused = Signal(str)  # a typed value that is not a number of officers, said instead of silently undone

    def __init__(self, row_count: int, parent=None):
        super().__init__(parent)
        self._row_count = row_count

    def rowCount(self, parent=NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else self._row_count

    def columnCount(self, parent=NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(SHIFT_KEYS)

    def flags(self, index):
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.isValid() else base

    def cell_value(self, row: int, shift: str) -> int | None:
        raise NotImplementedError

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        value = self.cell_value(index.row(), SHIFT_KEYS[index.column()])
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == Qt.ItemDataRole.DisplayRole:
            return "–" if value is None else f"{value:,}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def officers_from(value) -> int | None:
        try:
            officers = int(str(value).strip())
        except ValueError:
            return None
        return officers if 0 <= officers <= 100_000 else None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(SHIFT_KEYS):
            return SHIFT_KEYS[section].capitalize()
        return None


class CapacityGridModel(_IntGridModel):
    """Days down; each shift's officers across, then how many of them are sergeants; polling day stands out."""

    cells_changed = Signal(list)  # list[CapacityCell | SergeantsCell], only those that changed

    def __init__(self, days: Sequence[dt.date], grid: dict[tuple[dt.date, str], int], polling_day: dt.date | None = None,
                 parent=None, sergeants: dict[tuple[dt.date, str], int] | None = None):
        super().__init__(len(days), parent)
        self.days = list(days)
        self._rows = {day: n for n, day in enumerate(self.days)}
        self.grid = dict(grid)
        self.sergeants = dict(sergeants or {})
        self.polling_day = polling_day
        self._before: tuple[dict, dict] = (dict(self.grid), dict(self.sergeants))
        self._refusals: dict[tuple[dt.date, str, str], str] = {}

    def columnCount(self, parent=NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else 2 * len(SHIFT_KEYS)

    @staticmethod
    def is_sergeants(column: int) -> bool:
        return column >= len(SHIFT_KEYS)

    def cell_value(self, row: int, shift: str) -> int | None:
        return self.grid.get((self.days[row], shift))

    def sergeants_value(self, row: int, shift: str) -> int | None:
        return self.sergeants.get((self.days[row], shift))

    def _cell(self, index) -> tuple[dt.date, str, str]:
        column = index.column()
        return (self.days[index.row()], SHIFT_KEYS[column % len(SHIFT_KEYS)],
                "sergeants" if self.is_sergeants(column) else "officers")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        refusal = self._refusals.get(self._cell(index))
        if role == Qt.ItemDataRole.BackgroundRole:
            if refusal:
                return REFUSED
            day = self.days[index.row()]
            return POLLING_DAY if day == self.polling_day else (WEEKEND if day.weekday() >= 5 else None)
        if role == Qt.ItemDataRole.ToolTipRole and refusal:
            return refusal
        if not self.is_sergeants(index.column()):
            return super().data(index, role)
        value = self.sergeants_value(index.row(), SHIFT_KEYS[index.column() - len(SHIFT_KEYS)])
        if role == Qt.ItemDataRole.EditRole:
            return "" if value is None else str(value)  # text, so the cell may be cleared: not recorded
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Not recorded" if value is None else f"{value:,} of the shift's officers are sergeants"
        if role == Qt.ItemDataRole.DisplayRole:
            return "–" if value is None else f"{value:,}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.days):
            day = self.days[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{day:%a %d/%m/%Y}" + ("  Polling day" if day == self.polling_day else "")
            if role == Qt.ItemDataRole.FontRole and day == self.polling_day:
                font = QFont()
                font.setBold(True)
                return font
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and section < len(SHIFT_KEYS):
            return f"{SHIFT_KEYS[section].capitalize()}\nofficers"
        if orientation == Qt.Orientation.Horizontal and self.is_sergeants(section) and section < 2 * len(SHIFT_KEYS):
            shift = SHIFT_KEYS[section - len(SHIFT_KEYS)]
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{shift.capitalize()}\nsergeants"  # two lines, so six columns fit beside the pattern
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"Of the {shift} shift's officers, how many are sergeants (blank: not recorded)"
        return super().headerData(section, orientation, role)

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        day, shift, what = self._cell(index)
        if what == "sergeants":
            typed = str(value if value is not None else "").strip()
            sergeants = None if typed in NOT_RECORDED else self.officers_from(typed)
            if sergeants is None and typed not in NOT_RECORDED:
                self.refused.emit(f"'{typed}' was not kept: give a whole number of sergeants, or leave the cell blank "
                                  "if they are not recorded.")
                return False
            self.apply([SergeantsCell(day, shift, sergeants)])
            return True
        officers = self.officers_from(value)
        if officers is None:
            self.refused.emit(f"'{str(value).strip()}' was not kept: give a whole number of officers from 0 to 100,000.")
            return False
        self.apply([CapacityCell(day, shift, officers)])
        return True

    def apply(self, cells: Iterable[CapacityCell | SergeantsCell]) -> list[CapacityCell | SergeantsCell]:
        """Set cells; views hear about each changed cell, listeners once about them all."""
        cells = list(cells)
        self._before = (dict(self.grid), dict(self.sergeants))
        after = dict(self.grid)
        after.update({(c.day, c.shift): c.officers for c in cells if isinstance(c, CapacityCell)})
        changed: list[CapacityCell | SergeantsCell] = [*changes(self.grid, after)]
        self.grid = after
        for c in cells:
            if isinstance(c, SergeantsCell) and self.sergeants.get((c.day, c.shift)) != c.sergeants:
                changed.append(c)
                if c.sergeants is None:
                    self.sergeants.pop((c.day, c.shift), None)
                else:
                    self.sergeants[(c.day, c.shift)] = c.sergeants
        for cell in changed:
            self._refusals.pop(_key(cell), None)
            self._changed(cell)
        if changed:
            self.cells_changed.emit(changed)
        return changed

    def put_back(self, cells: Iterable[CapacityCell | SergeantsCell], reason: str) -> None:
        """The plan refused these cells: show them as they were, each carrying the reason."""
        self.grid, self.sergeants = (dict(held) for held in self._before)
        for cell in cells:
            self._refusals[_key(cell)] = reason
            self._changed(cell)

    def _changed(self, cell: CapacityCell | SergeantsCell) -> None:
        row = self._rows.get(cell.day)
        if row is not None:
            column = SHIFT_KEYS.index(cell.shift) + (len(SHIFT_KEYS) if isinstance(cell, SergeantsCell) else 0)
            index = self.index(row, column)
            self.dataChanged.emit(index, index)


def _key(cell: CapacityCell | SergeantsCell) -> tuple[dt.date, str, str]:
    return cell.day, cell.shift, "sergeants" if isinstance(cell, SergeantsCell) else "officers"


def cell_words(cell: CapacityCell | SergeantsCell) -> str:
    """A cell as its reader names it: "Thu 21/01/2027 early sergeants"."""
    return f"{cell.day:%a %d/%m/%Y} {cell.shift} {'sergeants' if isinstance(cell, SergeantsCell) else 'officers'}"


class WeeklyPatternModel(_IntGridModel):
    """Monday to Sunday down, shifts across."""

    def __init__(self, pattern: dict[tuple[int, str], int] | None = None, parent=None):
        super().__init__(7, parent)
        self.pattern = dict(pattern or {})

    def cell_value(self, row: int, shift: str) -> int | None:
        return self.pattern.get((row, shift))

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 7:
            return WEEKDAYS[section]
        return super().headerData(section, orientation, role)

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        officers = self.officers_from(value)
        if index.isValid() and role == Qt.ItemDataRole.EditRole and officers is None:
            self.refused.emit(f"'{str(value).strip()}' was not kept: give a whole number of officers from 0 to 100,000.")
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or officers is None:
            return False
        self.pattern[(index.row(), SHIFT_KEYS[index.column()])] = officers
        self.dataChanged.emit(index, index)
        return True


def _table(model, name: str) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    table.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.verticalHeader().setDefaultSectionSize(26)
    table.setTabKeyNavigation(False)
    return table


class CapacityGridEditor(QWidget):
    capacity_changed = Signal(list)  # list[CapacityCell | SergeantsCell]

    def __init__(self, days: Sequence[dt.date], cells: Iterable[CapacityCell], polling_day: dt.date | None = None, parent=None,
                 sergeants: dict[tuple[dt.date, str], int] | None = None):
        super().__init__(parent)
        grid = {(c.day, c.shift): c.officers for c in cells}
        self.model = CapacityGridModel(days, grid, polling_day, self, sergeants)
        self.model.cells_changed.connect(self.capacity_changed)
        first_monday = next((d for d in days if d.weekday() == 0), None)
        self.pattern = WeeklyPatternModel(pattern_from_week(grid, first_monday) if first_monday else {}, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(page_title("Officer capacity", "Officers available per shift for the whole campaign, and how "
                                                        "many of them are sergeants. Type into a cell (a blank sergeants "
                                                        "cell is not recorded), apply a weekly pattern, or copy a day "
                                                        "forward."))
        body = QHBoxLayout()
        self.grid_table = _table(self.model, "Capacity by day and shift")
        body.addWidget(self.grid_table, 3)
        side = QVBoxLayout()
        pattern_box = QGroupBox("Weekly pattern")
        pattern_layout = QVBoxLayout(pattern_box)
        self.pattern_table = _table(self.pattern, "Weekly pattern by weekday and shift")
        self.pattern_table.setMinimumHeight(26 * 8 + 8)
        pattern_layout.addWidget(self.pattern_table)
        self.apply_button = QPushButton("Apply pattern to every day")
        pattern_layout.addWidget(self.apply_button)
        side.addWidget(pattern_box)
        copy_box = QGroupBox("Copy forward")
        copy_layout = QVBoxLayout(copy_box)
        copy_layout.addWidget(QLabel("Repeat the selected day's shifts on each day up to:"))
        self.through = QDateEdit()
        self.through.setDisplayFormat("dd/MM/yyyy")
        self.through.setCalendarPopup(True)
        self.through.setAccessibleName("Copy forward up to")
        if days:
            self.through.setDateRange(_qdate(days[0]), _qdate(days[-1]))
            self.through.setDate(_qdate(days[-1]))
        copy_layout.addWidget(self.through)
        self.copy_button = QPushButton("Copy selected day forward")
        copy_layout.addWidget(self.copy_button)
        side.addWidget(copy_box)
        self.status = QLabel("")
        self.status.setObjectName("pageSubtitle")
        self.status.setWordWrap(True)
        side.addWidget(self.status)
        self.model.refused.connect(self.status.setText)
        self.pattern.refused.connect(self.status.setText)
        side.addStretch(1)
        body.addLayout(side, 2)
        layout.addLayout(body, 1)
        self.apply_button.clicked.connect(self.apply_pattern)
        self.copy_button.clicked.connect(self.copy_selected_forward)

    def refuse(self, cells: list, reason: str) -> None:
        """The plan refused an edit: the cells are put back, and the reason said beside the grid and on each cell."""
        self.model.put_back(cells, reason)
        where = cell_words(cells[0]) if len(cells) == 1 else f"{len(cells)} shifts"
        self.status.setText(f"Not saved ({where}): {reason}")

    def apply_pattern(self) -> list[CapacityCell | SergeantsCell]:
        # Polling day is never a typical weekday: its figures are set in its own row and kept.
        days = [d for d in self.model.days if d != self.model.polling_day]
        changed = self.model.apply(apply_weekly_pattern(self.model.grid, days, self.pattern.pattern))
        kept = " Polling day was kept as it was." if self.model.polling_day in self.model.days else ""
        self.status.setText(f"Pattern applied: {plural(len(changed), 'shift')} changed.{kept}")
        return changed

    def copy_selected_forward(self) -> list[CapacityCell | SergeantsCell]:
        index = self.grid_table.currentIndex()
        if not index.isValid():
            self.status.setText("Select a day to copy first.")
            return []
        through = self.through.date()
        changed = self.model.apply(copy_forward(self.model.grid, self.model.days[index.row()],
                                                dt.date(through.year(), through.month(), through.day())))
        self.status.setText(f"Copied forward: {plural(len(changed), 'shift')} changed.")
        return changed


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class CapacityGridDialog(QDialog):
    """The capacity grid in a window of its own; each change is kept as it is made, so it only closes."""

    def __init__(self, editor: CapacityGridEditor, parent: QWidget | None = None):
        super().__init__(parent)
        self.editor = editor
        self.setWindowTitle("Officer capacity")
        self.resize(1180, 660)  # within a 1366x768 screen with its task bar
        layout = QVBoxLayout(self)
        layout.addWidget(editor, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
