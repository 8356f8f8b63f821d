"""A day-by-day timeline of events: polling day marked, flashpoints outlined, clashes side by side.

Each day is a row; events are blocks along the hours of the day, coloured by
risk, in lanes so overlapping events sit one above the other. Clicking a block
emits event_clicked with the event's id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from electionplan.domain.display import RISK_PALETTE, plural
from electionplan.gui.tips import plain_tip
from electionplan.gui.widgets import page_title
from electionplan.services.timeline import PlacedEvent, TimelineEvent, lanes_per_day, place_events

FIRST_HOUR, LAST_HOUR = 0, 24  # the whole day: counts and night events run past midnight
DATE_COLUMN = 150
LANE_HEIGHT = 20
ROW_PADDING = 6
MAX_LANES = 6  # a busier day says how many more it has
POLLING_DAY = QColor("#fdecea")
WEEKEND = QColor("#f1f4f7")
INK = QColor("#1f2d3d")
GRID = QColor("#d9dee4")


class TimelineCanvas(QWidget):
    event_clicked = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setAccessibleName("Events by day")
        self.days: list[dt.date] = []
        self.placed: list[PlacedEvent] = []
        self.lanes: dict[dt.date, int] = {}
        self.polling_day: dt.date | None = None
        self._blocks: list[tuple[QRectF, TimelineEvent]] = []
        self._row_top: dict[dt.date, float] = {}

    def set_events(self, events: Sequence[TimelineEvent], first: dt.date, last: dt.date, polling_day: dt.date | None) -> None:
        self.polling_day = polling_day
        self.days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
        self.placed = place_events(events)
        self.lanes = lanes_per_day(self.placed)
        top = 28.0
        self._row_top = {}
        for day in self.days:
            self._row_top[day] = top
            top += self._row_height(day)
        self.setMinimumHeight(int(top) + 4)
        self._layout_blocks()
        self.updateGeometry()
        self.update()

    def _row_height(self, day: dt.date) -> float:
        least = 2 if day == self.polling_day else 1  # room for the "Polling day" line
        return ROW_PADDING * 2 + LANE_HEIGHT * max(least, min(self.lanes.get(day, 1), MAX_LANES + 1))

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(900, self.minimumHeight())

    def _x_of(self, moment: dt.datetime, day: dt.date) -> float:
        width = self.width() - DATE_COLUMN - 40  # room for the last hour's label
        hours = (moment - dt.datetime.combine(day, dt.time())).total_seconds() / 3600
        hours = min(max(hours, FIRST_HOUR), LAST_HOUR)
        return DATE_COLUMN + width * (hours - FIRST_HOUR) / (LAST_HOUR - FIRST_HOUR)

    def paintEvent(self, _event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        for day in self.days:
            self._paint_day(painter, day)
        self._paint_blocks(painter)
        self._paint_hours(painter)
        painter.end()

    def _paint_hours(self, painter: QPainter) -> None:
        # The hours stay at the top of what is in view, so a day scrolled to still has its times.
        top = self.visibleRegion().boundingRect().top()
        painter.fillRect(QRectF(0, top, self.width(), 24), QColor("white"))
        reference = dt.date(2000, 1, 3)
        for hour in range(FIRST_HOUR, LAST_HOUR + 1, 3):
            x = self._x_of(dt.datetime.combine(reference, dt.time()) + dt.timedelta(hours=hour), reference)
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(int(x), 24, int(x), self.height())
            painter.setPen(INK)
            painter.drawText(QRectF(x - 24, top + 4, 48, 18), Qt.AlignmentFlag.AlignCenter, f"{hour % 24:02d}:00")
        painter.setPen(QPen(GRID, 1))
        painter.drawLine(0, top + 24, self.width(), top + 24)

    def _paint_day(self, painter: QPainter, day: dt.date) -> None:
        top, height = self._row_top[day], self._row_height(day)
        row = QRectF(0, top, self.width(), height)
        if day == self.polling_day:
            painter.fillRect(row, POLLING_DAY)
        elif day.weekday() >= 5:
            painter.fillRect(row, WEEKEND)
        painter.setPen(QPen(GRID, 1))
        painter.drawLine(0, int(top), self.width(), int(top))
        font = QFont(self.font())
        font.setBold(day == self.polling_day)
        painter.setFont(font)
        painter.setPen(INK)
        label = f"{day:%a %d/%m/%Y}" + ("\nPolling day" if day == self.polling_day else "")
        painter.drawText(QRectF(8, top + 2, DATE_COLUMN - 12, height - 4), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label)
        painter.setFont(self.font())
        hidden = self.lanes.get(day, 0) - MAX_LANES
        if hidden > 0:
            painter.setPen(QColor("#52606d"))
            painter.drawText(QRectF(DATE_COLUMN, top + ROW_PADDING + MAX_LANES * LANE_HEIGHT, 760, LANE_HEIGHT),
                             Qt.AlignmentFlag.AlignVCenter, f"and {plural(hidden, 'more lane')} of events: "
                             "choose a constituency or Flashpoints only above to see every one")

    def _layout_blocks(self) -> None:
        """Where each event's block goes at the current width (flashpoints last, so on top)."""
        self._blocks = []
        for item in sorted(self.placed, key=lambda p: p.event.flashpoint):
            if item.lane >= MAX_LANES or item.day not in self._row_top:
                continue
            event = item.event
            left = self._x_of(event.start, item.day)
            end = event.end if event.end.date() == item.day else dt.datetime.combine(item.day, dt.time(23, 59))
            right = max(self._x_of(end, item.day), left + 6)
            top = self._row_top[item.day] + ROW_PADDING + item.lane * LANE_HEIGHT
            self._blocks.append((QRectF(left, top + 1, right - left, LANE_HEIGHT - 3), event))

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._layout_blocks()

    def _paint_blocks(self, painter: QPainter) -> None:
        metrics = QFontMetrics(self.font())
        for block, event in self._blocks:
            background, foreground = RISK_PALETTE.get(event.level, ("#9aa5b1", "#ffffff"))
            painter.setBrush(QColor(background))
            painter.setPen(QPen(INK, 2.5) if event.flashpoint else Qt.PenStyle.NoPen)
            painter.drawRoundedRect(block, 3, 3)
            painter.setPen(QColor(foreground))
            text = ("⚑ " if event.flashpoint else "") + event.name
            painter.drawText(block.adjusted(4, 0, -2, 0), Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0, int(block.width()) - 6)))

    def event_at(self, x: float, y: float) -> TimelineEvent | None:
        for block, event in reversed(self._blocks):
            if block.contains(x, y):
                return event
        return None

    def block_of(self, event_id: int) -> QRectF | None:
        return next((block for block, event in self._blocks if event.id == event_id), None)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        found = self.event_at(event.position().x(), event.position().y())
        self.setToolTip("" if found is None else plain_tip(
            f"{found.name}\n{found.start:%d/%m/%Y %H:%M}–{found.end:%H:%M}" + ("\nFlashpoint" if found.flashpoint else "")))

    def mousePressEvent(self, event) -> None:  # noqa: N802
        found = self.event_at(event.position().x(), event.position().y())
        if found is not None:
            self.event_clicked.emit(found.id)


class TimelineView(QWidget):
    """The timeline page: a heading, a note of what is shown, and the scrolling canvas."""

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(page_title("Timeline", "Events day by day. Flashpoints are outlined; events that overlap "
                                                "sit one above another. Click an event to open it."))
        self.note = QLabel("")
        self.note.setObjectName("pageSubtitle")
        bar = QHBoxLayout()
        bar.addWidget(self.note, 1)
        # A force's or the nation's hundreds of events a day are read one constituency at a time.
        self.seat = QComboBox()
        self.seat.setAccessibleName("Show constituency")
        self.seat.setMinimumWidth(260)
        self.flashpoints_only = QCheckBox("Flashpoints only")
        self.flashpoints_only.setAccessibleName("Show flashpoints only")
        bar.addWidget(self.seat)
        bar.addWidget(self.flashpoints_only)
        layout.addLayout(bar)
        self.seat.currentIndexChanged.connect(lambda _i: self._show())
        self.flashpoints_only.toggled.connect(lambda _on: self._show())
        self._all: list[TimelineEvent] = []
        self._span: tuple[dt.date, dt.date, dt.date | None] | None = None
        self.canvas = TimelineCanvas()
        self.event_clicked = self.canvas.event_clicked
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.canvas)
        scroll.setAccessibleName("Timeline of events")
        self.scroll_area = scroll
        # The hours row is drawn where the view's top is: redrawn whole on every scroll, never moved with the rows.
        scroll.verticalScrollBar().valueChanged.connect(lambda _value: self.canvas.update())
        layout.addWidget(scroll, 1)

    def set_seats(self, seats: Sequence[tuple[int, str]]) -> None:
        """The constituencies to choose from (id, name); the choice is kept when it still exists."""
        chosen = self.seat.currentData()
        self.seat.blockSignals(True)
        self.seat.clear()
        self.seat.addItem("All constituencies", None)
        for seat_id, name in sorted(seats, key=lambda s: s[1].lower()):
            self.seat.addItem(name, seat_id)
        self.seat.setCurrentIndex(max(0, self.seat.findData(chosen)))
        self.seat.blockSignals(False)
        self.seat.setVisible(len(seats) > 1)  # a by-election has one

    def set_events(self, events: Iterable[TimelineEvent], first: dt.date, last: dt.date, polling_day: dt.date | None) -> None:
        self._all, self._span = list(events), (first, last, polling_day)
        self._show()

    def _show(self) -> None:
        if self._span is None:
            return
        seat, only = self.seat.currentData(), self.flashpoints_only.isChecked()
        events = [e for e in self._all if (seat is None or e.constituency_id == seat) and (e.flashpoint or not only)]
        first, last, polling_day = self._span
        flashpoints = sum(1 for e in events if e.flashpoint)
        self.note.setText(f"{plural(len(events), 'event')}, {plural(flashpoints, 'flashpoint')}, "
                          f"{first:%d/%m/%Y} to {last:%d/%m/%Y}.")
        self.canvas.set_events(events, first, last, polling_day)

    def scroll_to_day(self, day: dt.date) -> None:
        top = self.canvas._row_top.get(day)
        if top is not None:
            self.scroll_area.verticalScrollBar().setValue(int(max(0, top - 30)))
