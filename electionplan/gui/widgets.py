"""Small shared widgets: risk chips, page headers and the table page."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QPainter, QPen, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from electionplan.domain.display import RISK_PALETTE
from electionplan.gui.keyboard_header import KeyboardHeader
from electionplan.gui.table_models import LEVEL_ROLE, RecordTableModel, SearchProxyModel


class ChipDelegate(QStyledItemDelegate):
    """Paints a risk level or RAG rating as a coloured chip; the text stays readable."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        # Bold text inside a rounded chip needs more room than plain text.
        hint = super().sizeHint(option, index)
        hint.setWidth(max(hint.width() + 28, 96))
        return hint

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        key = index.data(LEVEL_ROLE)
        if key not in RISK_PALETTE:
            return super().paint(painter, option, index)
        background, foreground = RISK_PALETTE[key]
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        rect = QRectF(option.rect).adjusted(4, 4, -4, -4)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(background))
        painter.drawRoundedRect(rect, 8, 8)
        painter.setPen(QPen(QColor(foreground)))
        font = option.font
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, index.data(Qt.ItemDataRole.DisplayRole) or "")
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


EDIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2)
MIN_COLUMN = 90  # below this a column's text says too little even with a tooltip
IDLE_SEARCH_FROM = 5000  # larger tables prepare their search strings in idle moments
# Search strings built per idle step: about 1,000 rows is 15 ms on a laptop core, so a click or keystroke
# arriving mid-build never waits long, even with another process keeping a core busy.
SEARCH_STEP_ROWS = 1000
DELETE_KEYS = (Qt.Key.Key_Delete,)
SORT_ORDER_KEYS = {Qt.Key.Key_Up: Qt.SortOrder.AscendingOrder, Qt.Key.Key_Down: Qt.SortOrder.DescendingOrder}


class TablePage(QWidget):
    """A searchable table with Add, Edit and Delete, over one RecordTableModel.

    Desktop habits: Ctrl+F searches, Enter or F2 edits, Delete deletes (the
    window asks first), several rows can be selected, a context menu offers
    the same actions and Copy, and Tab moves on from the table.
    """

    add_requested = Signal()
    edit_requested = Signal(object)
    delete_requested = Signal(object)
    delete_many_requested = Signal(list)  # more than one row selected
    selection_changed = Signal(object)

    def __init__(self, title: str, subtitle: str, model: RecordTableModel, noun: str, editable: bool = True,
                 plural: str | None = None):
        super().__init__()
        self.model = model
        self.noun = noun
        self.plural = plural or f"{noun}s"
        self.proxy = SearchProxyModel(self)
        self.proxy.setSourceModel(model)
        layout = self.page_layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        if title:
            layout.addWidget(page_title(title, subtitle))
        bar = self.bar = QHBoxLayout()  # search, count and buttons: pages add their own buttons here
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
        self.editable = editable
        for button in (self.add_button, self.edit_button, self.delete_button):
            button.setVisible(editable)
            bar.addWidget(button)
        layout.addLayout(bar)
        self._build_table(model, title)
        layout.addWidget(self.table, 1)
        # The bar's buttons, then the column headings, then the rows.
        QWidget.setTabOrder(self.delete_button, self.table.horizontalHeader())
        QWidget.setTabOrder(self.table.horizontalHeader(), self.table)
        self.footer = QHBoxLayout()
        layout.addLayout(self.footer)

    def _build_table(self, model: RecordTableModel, title: str) -> None:
        self.table = QTableView()
        self.header = KeyboardHeader(self.table)
        self.table.setHorizontalHeader(self.header)  # Tab reaches the headings; Space sorts
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        # Start in the order the rows were given (ranked, chronological), not by column 0.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._install_habits(title)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        # Fixed row heights let Qt scroll 40,000 rows without measuring each one.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setStretchLastSection(True)
        # Size columns from a sample of rows: measuring thousands would stall the window.
        self.table.horizontalHeader().setResizeContentsPrecision(150)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # A narrowed column's title ends in "…" (its full title is the tooltip), never cut at both ends.
        self.table.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
        # Bold set on the font, not in the style sheet: Qt measures the elided title with this font.
        header_font = self.table.horizontalHeader().font()
        header_font.setBold(True)
        self.table.horizontalHeader().setFont(header_font)
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
        self.delete_button.clicked.connect(self.request_delete)
        # A button that needs a chosen row is greyed out until there is one, and says so.
        self._needing_selection: list[tuple[QPushButton, str, str]] = []
        self.needs_selection(self.edit_button, f"Edit the selected {self.noun} (Enter)", "edit it")
        self.needs_selection(self.delete_button, f"Delete the selected {self.plural} (Delete)", "delete it")
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_selection_actions())
        for signal in (self.proxy.modelReset, self.proxy.layoutChanged, self.proxy.rowsRemoved):
            signal.connect(lambda *_: self._update_selection_actions())

    def needs_selection(self, button: QPushButton, tip: str, doing: str) -> None:
        """Keep `button` enabled only while a row is selected; greyed out, its tooltip says what to do first."""
        self._needing_selection.append((button, tip, doing))
        self._update_selection_actions()

    def _update_selection_actions(self) -> None:
        chosen = self.table.selectionModel().hasSelection()
        for button, tip, doing in self._needing_selection:
            button.setEnabled(chosen)
            button.setToolTip(tip if chosen else f"Select a {self.noun} in the table first to {doing}.")

    # --- desktop habits ---------------------------------------------------------
    def _install_habits(self, title: str) -> None:
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table rather than walking its cells
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)  # the full text is the cell's tooltip
        self.table.setAccessibleName(f"{title or self.plural.capitalize()} table")
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(lambda pos: self.context_menu().exec(self.table.viewport().mapToGlobal(pos)))
        self.table.installEventFilter(self)
        self._natural_widths: list[int] = []
        self._measure_pending = False  # rows arrived while the page was hidden: measure them when shown
        self._search_builder = QTimer(self)
        self._search_builder.setInterval(0)
        self._search_builder.timeout.connect(self._build_search_step)
        find = QShortcut(QKeySequence.StandardKey.Find, self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.focus_search)

    def sort_by_current_column(self, order: Qt.SortOrder) -> None:
        """Sort by the column of the current cell (Alt+Up ascending, Alt+Down descending)."""
        column = max(self.table.currentIndex().column(), 0)
        self.header.choose(column)
        self.table.sortByColumn(column, order)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if (watched is self.table and event.type() == QEvent.Type.KeyPress and event.modifiers() == Qt.KeyboardModifier.AltModifier
                and event.key() in SORT_ORDER_KEYS):
            self.sort_by_current_column(SORT_ORDER_KEYS[event.key()])
            return True
        if watched is self.table and event.type() == QEvent.Type.KeyPress and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            if event.key() in EDIT_KEYS and self.table.currentIndex().isValid():
                self._emit(self.edit_requested, self.table.currentIndex())
                return True
            if event.key() in DELETE_KEYS and self.editable:
                self.request_delete()
                return True
        return super().eventFilter(watched, event)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def selected_records(self) -> list:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.row_dict(self.proxy.mapToSource(self.proxy.index(row, 0)).row()) for row in rows]

    def request_delete(self) -> None:
        chosen = self.selected_records()
        if len(chosen) > 1:
            self.delete_many_requested.emit(chosen)
        elif self.table.currentIndex().isValid():
            self._emit(self.delete_requested, self.table.currentIndex())

    def copy_selection(self) -> str:
        """The selected rows as tab-separated text, as shown, for a spreadsheet or an email."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        columns = range(self.proxy.columnCount())
        lines = ["\t".join(str(self.proxy.headerData(c, Qt.Orientation.Horizontal) or "") for c in columns)]
        lines += ["\t".join(str(self.proxy.index(row, c).data() or "") for c in columns) for row in rows]
        text = "\n".join(lines)
        QApplication.clipboard().setText(text)
        return text

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        has_row = self.table.currentIndex().isValid()
        if self.editable:
            menu.addAction(f"Add {self.noun}…", self.add_requested.emit)
        edit = menu.addAction("Edit…" if self.editable else "Open", lambda: self._emit(self.edit_requested, self.table.currentIndex()))
        edit.setEnabled(has_row)
        if self.editable:
            delete = menu.addAction("Delete…", self.request_delete)
            delete.setEnabled(has_row)
        menu.addSeparator()
        menu.addAction("Copy", self.copy_selection).setEnabled(has_row)
        column = max(self.table.currentIndex().column(), 0)
        title = self.proxy.headerData(column, Qt.Orientation.Horizontal) or ""
        menu.addSeparator()
        menu.addAction(f"Sort by {title}, ascending\tAlt+Up", lambda: self.sort_by_current_column(Qt.SortOrder.AscendingOrder))
        menu.addAction(f"Sort by {title}, descending\tAlt+Down", lambda: self.sort_by_current_column(Qt.SortOrder.DescendingOrder))
        return menu

    def _emit(self, signal, index: QModelIndex) -> None:
        if index.isValid():
            source = self.proxy.mapToSource(index)
            signal.emit(self.model.row_dict(source.row()))

    def set_rows(self, rows) -> None:
        # The same records again (after an edit) change only the rows that
        # changed, so the sort, filter, selection and scroll position stay put.
        first_fill = self.model.rowCount() == 0
        changed = self.model.replace_rows(rows)
        if changed and (first_fill or len(changed) == len(rows)) and len(rows) <= 3000:
            # Fit columns to what they hold so nothing is cut off; very long text
            # is capped and shown in full as a tooltip. National tables keep the
            # preset widths, because measuring 40,000 rows would stall the window.
            # A page not on screen is measured when it is shown: a plan opening
            # fills every table at once, and measuring them all would hold it up.
            self._measure_pending = True
            if self.isVisible():
                self._measure_columns()
        if changed and len(rows) > IDLE_SEARCH_FROM:
            self._search_builder.start()
        self._update_count()

    def show_column(self, key: str, shown: bool) -> None:
        """Show or hide a column by its key (a plan with one seat needs no constituency column)."""
        number = next(n for n, column in enumerate(self.model.columns) if column.key == key)
        if self.table.isColumnHidden(number) == shown:
            self.table.setColumnHidden(number, not shown)
            self.fit_columns()

    def _build_search_step(self) -> None:
        # A slice at a time between events, so the window never waits for all 40,000.
        if self.model.prepare_search(SEARCH_STEP_ROWS):
            self._search_builder.stop()

    def fit_columns(self) -> None:
        """Every column in view: the widest ones give way first, eliding with the full text as a tooltip."""
        widths = self._natural_widths or [self.table.columnWidth(n) or 100 for n in range(self.model.columnCount())]
        self._natural_widths = widths
        available = self.table.viewport().width() - 2
        if not widths or available <= 0:
            return
        shown = [n for n in range(len(widths)) if not self.table.isColumnHidden(n)]  # a hidden column takes no room
        floors = {n: min(widths[n], max(MIN_COLUMN, self.model.columns[n].keep)) for n in shown}
        cap = max(widths)
        while sum(max(min(widths[n], cap), floors[n]) for n in shown) > available and cap > MIN_COLUMN:
            cap -= 10
        for n in shown:
            self.table.setColumnWidth(n, max(min(widths[n], cap), floors[n]))

    def _measure_columns(self) -> None:
        self._measure_pending = False
        self.table.resizeColumnsToContents()
        self._natural_widths = [min(self.table.columnWidth(n), 380) for n in range(self.model.columnCount())]
        self.fit_columns()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._measure_pending:
            self._measure_columns()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        # After the layout has given the table its new size, not before.
        QTimer.singleShot(0, self.fit_columns)

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
