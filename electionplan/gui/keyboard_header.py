"""Column headings a keyboard can reach: Tab to them, Left and Right choose a column, Space sorts by it.

Qt's header sorts on a mouse click only; a SPOC working from the keyboard
(or a screen reader) could not sort a table at all.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import QHeaderView, QTableView

SORT_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter)


class KeyboardHeader(QHeaderView):
    """A table's horizontal header that takes focus and sorts from the keyboard."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(Qt.Orientation.Horizontal, table)
        self.table = table
        self.setSectionsClickable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Column headings")
        self.setAccessibleDescription("Left and Right choose a column; Space or Enter sorts by it, again to reverse.")
        self.chosen = 0

    def choose(self, section: int) -> None:
        """Make a column the chosen one, scrolled into view and announced by name."""
        if not 0 <= section < self.count():
            return
        self.chosen = section
        model = self.model()
        title = model.headerData(section, Qt.Orientation.Horizontal) if model is not None else ""
        self.setAccessibleName(f"Column headings: {title}")
        if model is not None and model.rowCount() > 0:
            self.table.scrollTo(model.index(0, section))
        self.viewport().update()

    def _step(self, direction: int) -> None:
        section = self.chosen + direction
        while 0 <= section < self.count() and self.isSectionHidden(section):
            section += direction
        self.choose(section)

    def sort_chosen(self) -> None:
        """Sort by the chosen column: ascending first, reversed when it is sorted that way already."""
        ascending = Qt.SortOrder.AscendingOrder
        order = (Qt.SortOrder.DescendingOrder if self.sortIndicatorSection() == self.chosen
                 and self.sortIndicatorOrder() == ascending else ascending)
        self.table.sortByColumn(self.chosen, order)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if event.key() == Qt.Key.Key_Left:
            self._step(-1)
        elif event.key() == Qt.Key.Key_Right:
            self._step(1)
        elif event.key() in SORT_KEYS:
            self.sort_chosen()
        else:
            super().keyPressEvent(event)

    def paintSection(self, painter: QPainter, rect: QRect, logical_index: int) -> None:  # noqa: N802 (Qt API)
        painter.save()
        super().paintSection(painter, rect, logical_index)
        painter.restore()
        if self.hasFocus() and logical_index == self.chosen:
            # The chosen heading is framed, so a keyboard user sees which column Space would sort.
            painter.save()
            painter.setPen(QPen(QColor("#1565c0"), 2))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
            painter.restore()
