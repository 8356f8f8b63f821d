"""Table models for every list in the app, and the proxy that filters them.

One QAbstractTableModel class serves every table: a list of Column specs says
what each column shows. Rows are plain dicts from the plan snapshot and its
assessment. A precomputed search string per row keeps filtering 40,000 rows
quick, because the proxy never asks every cell for its text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from electionplan.risk.levels import LEVEL_ORDER
from electionplan.risk.results import LEVEL_LABELS, RAG_LABELS

LEVEL_ROLE = Qt.UserRole + 1  # the risk level or RAG key behind a chip
ROW_ROLE = Qt.UserRole + 2  # the whole row dict
SORT_ROLE = Qt.UserRole + 3
ID_ROLE = Qt.UserRole + 4


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: str = "text"  # text | number | level | rag | bool
    format: Callable[[Any], str] | None = None
    width: int | None = None


def chip_text(kind: str, value: Any) -> str:
    if kind == "level":
        return LEVEL_LABELS.get(value, value or "")
    if kind == "rag":
        return RAG_LABELS.get(value, value or "")
    return str(value)


class RecordTableModel(QAbstractTableModel):
    def __init__(self, columns: list[Column], parent=None):
        super().__init__(parent)
        self.columns = columns
        self.rows: list[dict[str, Any]] = []
        self._search: list[str] | None = []

    # --- data in ----------------------------------------------------------
    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self._search = None  # built on the first search, not on every refresh
        self.endResetModel()

    def row_dict(self, row: int) -> dict[str, Any]:
        return self.rows[row]

    def row_of_id(self, record_id: int) -> int | None:
        for number, row in enumerate(self.rows):
            if row.get("id") == record_id:
                return number
        return None

    def search_text(self, row: int) -> str:
        if self._search is None:
            # Raw values (and chip labels), joined once: formatting every cell of
            # 40,000 rows would make the first search slow.
            keys = [c.key for c in self.columns]
            chips = [(c.key, c.kind) for c in self.columns if c.kind in ("level", "rag")]
            self._search = [
                (" ".join(str(r.get(k, "")) for k in keys) + " " + " ".join(chip_text(kind, r.get(k)) for k, kind in chips)).lower()
                for r in self.rows
            ]
        return self._search[row]

    def _text(self, row: dict[str, Any], column: Column) -> str:
        value = row.get(column.key)
        if column.format is not None:
            return column.format(value)
        if value is None:
            return ""
        if column.kind in ("level", "rag"):
            return chip_text(column.kind, value)
        if column.kind == "bool":
            return "Yes" if value else "No"
        if column.kind == "number" and isinstance(value, (int, float)):
            return f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"
        return str(value)

    # --- Qt API ------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.DisplayRole, Qt.AccessibleTextRole, Qt.ToolTipRole):
            return self._text(row, column)
        if role == LEVEL_ROLE:
            return row.get(column.key) if column.kind in ("level", "rag") else None
        if role == SORT_ROLE:
            value = row.get(column.key)
            if column.kind == "level":
                return LEVEL_ORDER.index(value) if value in LEVEL_LABELS else -1
            if column.kind == "rag":
                return ["green", "amber", "red"].index(value) if value in RAG_LABELS else -1
            if value is None:
                return "" if column.kind == "text" else -1
            return value if isinstance(value, (int, float)) else str(value).lower()
        if role == ROW_ROLE:
            return row
        if role == ID_ROLE:
            return row.get("id")
        if role == Qt.TextAlignmentRole and column.kind == "number":
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.DisplayRole and orientation == Qt.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section].title
        return None


class SearchProxyModel(QSortFilterProxyModel):
    """Filters on every column at once, through the model's search strings."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._needle = ""
        self.setSortRole(SORT_ROLE)

    def set_search(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9 and later
            self.beginFilterChange()
            self._needle = text.strip().lower()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._needle = text.strip().lower()
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:  # noqa: N802
        if not self._needle:
            return True
        model = self.sourceModel()
        return self._needle in model.search_text(source_row)
