"""The "needs attention" page: every gap in the plan, each one a way to the record.

Layout only. set_items() takes AttentionItems from services.attention; opening
an item (double-click, Enter or the button) emits open_requested with its
Target, and the window shows that record.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QVBoxLayout, QWidget

from electionplan.domain.display import plural
from electionplan.gui.rows import AttentionRow
from electionplan.gui.table_models import Column, RecordTableModel
from electionplan.gui.widgets import TablePage, page_title
from electionplan.services.attention import AttentionItem, counts_by_category


class AttentionView(QWidget):
    open_requested = Signal(object)  # a services.attention.Target

    def __init__(self, parent=None):
        super().__init__(parent)
        self._items: list[AttentionItem] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(page_title("Needs attention", "Gaps in the plan as of the last assessment. "
                                                       "Double-click an item, or press Enter, to go to it."))
        self.summary = QLabel("")
        self.summary.setObjectName("pageSubtitle")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = TablePage("", "", RecordTableModel([
            Column("urgency", "Urgency", "rag", format=lambda v: "Urgent" if v else "", width=96), Column("category", "Category", width=280), Column("text", "What needs doing"),
        ]), "item", editable=False)
        self.table.page_layout.setContentsMargins(0, 0, 0, 0)
        self.table.table.setAccessibleName("Items that need attention")
        self.category = QComboBox()
        self.category.setAccessibleName("Show category")
        self.category.currentIndexChanged.connect(lambda _i: self._show())
        self.open_button = QPushButton("Go to item")
        self.table.needs_selection(self.open_button, "Go to the selected item (Enter)", "go to it")
        bar = self.table.bar
        bar.insertWidget(1, self.category)
        bar.addWidget(self.open_button)
        layout.addWidget(self.table, 1)
        self.table.edit_requested.connect(lambda row: self.open_requested.emit(row.item.target))
        self.open_button.clicked.connect(lambda: self.table._emit(self.table.edit_requested, self.table.table.currentIndex()))

    def set_items(self, items: Sequence[AttentionItem]) -> None:
        self._items = list(items)
        counts = counts_by_category(self._items)
        chosen = self.category.currentData()
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItem(f"All categories ({len(self._items):,})", None)
        for category, count in counts.items():
            self.category.addItem(f"{category} ({count:,})", category)
        found = self.category.findData(chosen)
        self.category.setCurrentIndex(max(found, 0))
        self.category.blockSignals(False)
        urgent = sum(1 for item in self._items if item.urgent)
        self.summary.setText("Nothing needs attention." if not self._items else
                             f"{plural(len(self._items), 'item')} in {len(counts)} "
                             f"categor{'ies' if len(counts) != 1 else 'y'}" + (f"; {urgent} urgent." if urgent else "."))
        self._show()

    def _show(self) -> None:
        chosen = self.category.currentData()
        self.table.set_rows([AttentionRow(n, item) for n, item in enumerate(self._items)
                             if chosen is None or item.category == chosen])

    def shown_items(self) -> list[AttentionItem]:
        proxy = self.table.proxy
        return [self.table.model.row_dict(proxy.mapToSource(proxy.index(r, 0)).row()).item for r in range(proxy.rowCount())]
