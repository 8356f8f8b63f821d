"""Table models for every list in the app, and the proxy that sorts and filters them.

One QAbstractTableModel class serves every table: a list of Column specs says
what each column shows. Rows are plain records (dicts or dataclasses) from the
plan snapshot and its assessment. A refresh with the same records replaces only
the rows that changed, so an edit does not reset 40,000 rows.

Sorting and filtering work on keys precomputed once per column (the values of
SORT_ROLE) and on one search string per row. The proxy asks for them in bulk:
a Qt sort that calls data() from C++ for every comparison costs about 1.8 s on
40,000 rows in Python, where ranking the precomputed keys takes milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from electionplan.gui.keyed_proxy import KeyedTableModel, SearchProxyModel
from electionplan.gui.tips import plain_tip
from electionplan.risk.levels import LEVEL_ORDER
from electionplan.risk.results import LEVEL_LABELS, RAG_LABELS

LEVEL_ROLE = int(Qt.ItemDataRole.UserRole) + 1  # the risk level or RAG key behind a chip
ROW_ROLE = int(Qt.ItemDataRole.UserRole) + 2  # the whole row record
SORT_ROLE = int(Qt.ItemDataRole.UserRole) + 3
ID_ROLE = int(Qt.ItemDataRole.UserRole) + 4
TEXT_ROLES = frozenset(int(r) for r in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole))
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
HANDLED_ROLES = TEXT_ROLES | {LEVEL_ROLE, ROW_ROLE, SORT_ROLE, ID_ROLE, int(Qt.ItemDataRole.TextAlignmentRole)}
RIGHT_ALIGNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: str = "text"  # text | number | level | rag | bool
    format: Callable[[Any], str] | None = None
    width: int | None = None
    keep: int = 0  # the width a narrow window leaves it (the record's name): other columns give way first
    figures: bool = False  # text that reads as a figure ("24 + 5 mutual aid"): aligned with the numbers beside it


def chip_text(kind: str, value: Any) -> str:
    if kind == "level":
        return LEVEL_LABELS.get(value, value or "")
    if kind == "rag":
        return RAG_LABELS.get(value, value or "")
    return str(value)


def field_of(row: Any, key: str) -> Any:
    """A value from a row, whether the row is a dict or a dataclass."""
    if isinstance(row, dict):
        return row.get(key)
    return getattr(row, key, None)


def row_label(row: Any) -> str:
    """What a row is called in a question about it: its name, else its kind, else when it is."""
    return str(field_of(row, "name") or field_of(row, "kind") or field_of(row, "when") or "")


LEVEL_RANK = {key: n for n, key in enumerate(LEVEL_ORDER)}
RAG_ORDER = {key: n for n, key in enumerate(RAG_LABELS)}


def sort_key(column: Column, value: Any) -> Any:
    """What a column sorts on: risk order for chips, numbers as numbers, text without case."""
    if column.kind == "level":
        return LEVEL_RANK.get(value, -1)
    if column.kind == "rag":
        return RAG_ORDER.get(value, -1)
    if column.kind in ("number", "bool"):
        return float(value) if isinstance(value, (int, float)) else -1.0
    return "" if value is None else str(value).lower()


def dense_ranks(keys: list[Any]) -> np.ndarray:
    """Equal keys share a rank, so a descending sort keeps ties in their given order."""
    if not keys:
        return np.zeros(0, dtype=np.int64)
    _, inverse = np.unique(np.asarray(keys), return_inverse=True)
    return inverse.astype(np.int64).reshape(-1)


# The invisible root index, shared as the default parent of the Qt API calls.
_ROOT = QModelIndex()


class RecordTableModel(KeyedTableModel):
    def __init__(self, columns: list[Column], parent=None):
        super().__init__(parent)
        self.columns = columns
        self.rows: list[Any] = []
        self._search: list[str | None] = []
        self._ranks: dict[int, np.ndarray] = {}
        self._row_of_id: dict[Any, int] | None = None

    # --- data in ----------------------------------------------------------
    def set_rows(self, rows: Sequence[Any]) -> None:
        """Replace every row (a reset: views lose their selection)."""
        self.beginResetModel()
        self.rows = list(rows)
        self._forget_derived()
        self.endResetModel()

    def replace_rows(self, rows: Sequence[Any]) -> list[int]:
        """Take a fresh list of rows, telling views only about the rows that changed.

        When the same records come back in the same order (an edit, an incident,
        an undo), each changed row is announced with dataChanged, so the view
        keeps its sort, filter, selection and scroll position. Returns the
        numbers of the rows that changed; a different set of records resets.
        """
        rows = list(rows)
        if _ids(rows) != _ids(self.rows):
            self.set_rows(rows)
            return list(range(len(rows)))
        changed = [n for n, (old, new) in enumerate(zip(self.rows, rows, strict=True)) if old is not new and old != new]
        self.rows = rows
        if not changed:
            return changed
        self._ranks.clear()
        for n in changed:
            if n < len(self._search):
                self._search[n] = None
        last = self.columnCount() - 1
        for first, final in _runs(changed):
            self.dataChanged.emit(self.index(first, 0), self.index(final, last))
        return changed

    def _forget_derived(self) -> None:
        self._search = []
        self._ranks.clear()
        self._row_of_id = None

    def row_dict(self, row: int) -> Any:
        """The record a row shows: a typed row (a station, an event...), or a mapping in the small tables."""
        return self.rows[row]

    def row_of_id(self, record_id: Any) -> int | None:
        if self._row_of_id is None:
            self._row_of_id = {}
            for number, row in enumerate(self.rows):
                self._row_of_id.setdefault(field_of(row, "id"), number)
        return self._row_of_id.get(record_id)

    def search_text(self, row: int) -> str:
        if len(self._search) != len(self.rows):
            # Built on the first search, not on every refresh.
            self._search = [None] * len(self.rows)
        text = self._search[row]
        if text is None:
            record = self.rows[row]
            # Raw values and chip labels: formatting every cell would make searching slow.
            values = [str(field_of(record, c.key) or "") for c in self.columns]
            values += [chip_text(c.kind, field_of(record, c.key)) for c in self.columns if c.kind in ("level", "rag")]
            text = self._search[row] = " ".join(values).lower()
        return text

    @property
    def search_ready(self) -> bool:
        return len(self._search) == len(self.rows) and None not in self._search

    def prepare_search(self, budget: int = 4000) -> bool:
        """Build up to `budget` missing search strings; True once all are built.

        Called in idle moments so the first keystroke in a 40,000-row table
        finds them ready instead of building them all at once.
        """
        if len(self._search) != len(self.rows):
            self._search = [None] * len(self.rows)
        built = 0
        for n, text in enumerate(self._search):
            if text is None:
                self.search_text(n)
                built += 1
                if built >= budget:
                    return None not in self._search
        return True

    def search_texts(self) -> list[str]:
        """Every row's search string; only rows new or changed since the last search are rebuilt."""
        if len(self._search) != len(self.rows) or None in self._search:
            for n in range(len(self.rows)):
                self.search_text(n)
        return self._search  # type: ignore[return-value]

    def sort_ranks(self, column: int) -> np.ndarray:
        """One rank per row for a column's sort keys, computed once per set of rows."""
        ranks = self._ranks.get(column)
        if ranks is None:
            spec = self.columns[column]
            ranks = self._ranks[column] = dense_ranks([sort_key(spec, field_of(r, spec.key)) for r in self.rows])
        return ranks

    def _text(self, row: Any, column: Column) -> str:
        value = field_of(row, column.key)
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
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Roles are compared as plain ints: the view asks for thousands of cells a
        # second, and comparing Qt enum objects costs more than drawing the text.
        role = int(role)
        if role not in HANDLED_ROLES:
            return None
        row_number = index.row()
        if not index.isValid() or not (0 <= row_number < len(self.rows)):
            return None
        row = self.rows[row_number]
        column = self.columns[index.column()]
        if role in TEXT_ROLES:
            text = self._text(row, column)
            return plain_tip(text) if role == TOOLTIP else text
        if role == LEVEL_ROLE:
            return field_of(row, column.key) if column.kind in ("level", "rag") else None
        if role == SORT_ROLE:
            return sort_key(column, field_of(row, column.key))
        if role == ROW_ROLE:
            return row
        if role == ID_ROLE:
            return field_of(row, "id")
        return RIGHT_ALIGNED if column.kind == "number" or column.figures else None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return self.columns[section].title
        return None


def _ids(rows: list[Any]) -> list[Any]:
    if rows and isinstance(rows[0], dict):
        return [row.get("id") for row in rows]
    return [getattr(row, "id", None) for row in rows]


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as (first, last) runs, so one signal covers each run."""
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and runs[-1][1] == n - 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


__all__ = ["Column", "RecordTableModel", "SearchProxyModel", "LEVEL_ROLE", "ROW_ROLE", "SORT_ROLE", "ID_ROLE"]
