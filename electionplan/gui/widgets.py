"""Small shared widgets: risk chips, page headers and the table page."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from electionplan.domain.display import RISK_PALETTE
from electionplan.gui.table_models import LEVEL_ROLE, RecordTableModel, SearchProxyModel


class ChipDelegate(QStyledItemDelegate):
    """Paints a risk level or RAG rating as a coloured chip; the text stays readable."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex):  # noqa: N802
        # Bold text inside a rounded chip needs more room than plain text.
        hint = super().sizeHint(option, index)
        hint.setWidth(max(hint.width() + 28, 96))
        return hint

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        key = index.data(LEVEL_ROLE)
        if key not in RISK_PALETTE:
            return super().paint(painter, option, index)
        background, foreground = RISK_PALETTE[key]
        painter.save()
        painter.setRenderHint(QPainter.Antialiasing)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        rect = QRectF(option.rect).adjusted(4, 4, -4, -4)
        painter.setPen(Qt.NoPen)
        painter.setBrush(QColor(background))
        painter.drawRoundedRect(rect, 8, 8)
        painter.setPen(QPen(QColor(foreground)))
        font = option.font
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(rect, Qt.AlignCenter, index.data(Qt.DisplayRole) or "")
        painter.restore()


def page_title(text: str, subtitle: str = "") -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 4)
    title = QLabel(text)
    title.setObjectName("pageTitle")
    layout.addWidget(title)
    if subtitle:
        sub = QLabel(subtitle)
        sub.setObjectName("pageSubtitle")
        sub.setWordWrap(True)
        layout.addWidget(sub)
    return box


class TablePage(QWidget):
    """A searchable table with Add, Edit and Delete, over one RecordTableModel."""

    add_requested = Signal()
    edit_requested = Signal(dict)
    delete_requested = Signal(dict)
    selection_changed = Signal(dict)

    def __init__(self, title: str, subtitle: str, model: RecordTableModel, noun: str, editable: bool = True,
                 plural: str | None = None):
        super().__init__()
        self.model = model
        self.noun = noun
        self.plural = plural or f"{noun}s"
        self.proxy = SearchProxyModel(self)
        self.proxy.setSourceModel(model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        if title:
            layout.addWidget(page_title(title, subtitle))
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(f"Search {self.plural}…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(f"Search {self.plural}")
        self.search.textChanged.connect(self.proxy.set_search)
        self.search.textChanged.connect(self._update_count)
        bar.addWidget(self.search, 1)
        self.count_label = QLabel("")
        self.count_label.setObjectName("pageSubtitle")
        bar.addWidget(self.count_label)
        self.add_button = QPushButton(f"Add {noun}…")
        self.edit_button = QPushButton("Edit…")
        self.delete_button = QPushButton("Delete")
        for button in (self.add_button, self.edit_button, self.delete_button):
            button.setVisible(editable)
            bar.addWidget(button)
        layout.addLayout(bar)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        # Start in the order the rows were given (ranked, chronological), not by column 0.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.AscendingOrder)
        self.proxy.sort(-1)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        # Fixed row heights let Qt scroll 40,000 rows without measuring each one.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.table.horizontalHeader().setStretchLastSection(True)
        # Size columns from a sample of rows: measuring thousands would stall the window.
        self.table.horizontalHeader().setResizeContentsPrecision(150)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.table.setWordWrap(False)
        self.chips = ChipDelegate(self.table)
        for number, column in enumerate(model.columns):
            if column.kind in ("level", "rag"):
                self.table.setItemDelegateForColumn(number, self.chips)
            if column.width:
                self.table.setColumnWidth(number, column.width)
        self.table.doubleClicked.connect(lambda index: self._emit(self.edit_requested, index))
        self.table.selectionModel().currentRowChanged.connect(lambda index, _: self._emit(self.selection_changed, index))
        self.add_button.clicked.connect(self.add_requested)
        self.edit_button.clicked.connect(lambda: self._emit(self.edit_requested, self.table.currentIndex()))
        self.delete_button.clicked.connect(lambda: self._emit(self.delete_requested, self.table.currentIndex()))
        layout.addWidget(self.table, 1)
        self.footer = QHBoxLayout()
        layout.addLayout(self.footer)

    def _emit(self, signal, index: QModelIndex) -> None:
        if index.isValid():
            source = self.proxy.mapToSource(index)
            signal.emit(self.model.row_dict(source.row()))

    def set_rows(self, rows) -> None:
        self.model.set_rows(rows)
        if len(rows) <= 3000:
            # Fit columns to what they hold so nothing is cut off; very long text
            # is capped and shown in full as a tooltip. National tables keep the
            # preset widths, because measuring 40,000 rows would stall the window.
            self.table.resizeColumnsToContents()
            for number in range(self.model.columnCount()):
                if self.table.columnWidth(number) > 380:
                    self.table.setColumnWidth(number, 380)
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        noun = self.noun if total == 1 else self.plural
        self.count_label.setText(f"{shown:,} of {total:,}" if shown != total else f"{total:,} {noun}")

    def select_id(self, record_id: int) -> None:
        row = self.model.row_of_id(record_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.selectRow(index.row())
            self.table.scrollTo(index)
