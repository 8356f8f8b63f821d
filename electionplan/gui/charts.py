"""Officer demand against capacity per day, drawn as bars; short days in red."""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from electionplan.domain.display import chart_ticks
from electionplan.domain.timefmt import fmt_date
from electionplan.gui.rows import DayDemand

REQUIRED = QColor("#1f2d3d")
AVAILABLE = QColor("#9fb3c8")
SHORT = QColor("#b71c1c")
LEFT, RIGHT = 44, 12  # the least room for the axis figures, and the margin after the last bar


class DemandChart(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.days: list[DayDemand] = []
        self.setMinimumHeight(190)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Officer demand against capacity per day")

    def set_days(self, days: list[DayDemand]) -> None:
        self.days = [d for d in days if d.required or d.shortfall]
        names = ", ".join(fmt_date(d.date) for d in self.days if d.shortfall)
        self.setToolTip(f"Days short of officers: {names}" if names else "Demand is within capacity on every day.")
        self.update()

    def _ticks(self) -> list[float]:
        return chart_ticks(max(max(d.required, d.available) for d in self.days))

    def _left(self) -> int:
        """Room left of the bars for the axis figures: the longest ("15,000" on a national plan) in this font."""
        widest = max(self.fontMetrics().horizontalAdvance(f"{value:,.0f}") for value in self._ticks())
        return max(LEFT, widest + 12)

    def date_labels(self) -> list[tuple[QRectF, str, bool]]:
        """Where each date is written under the bars: as many as fit side by side, short days first.

        Five weeks of days on a laptop leave each bar less room than its date
        needs; every date written would run into the next.
        """
        if not self.days:
            return []
        left = self._left()
        slot = (self.width() - left - RIGHT) / len(self.days)
        width = self.fontMetrics().horizontalAdvance("00/00") + 10
        step = max(1, math.ceil(width / slot))
        short = [n for n, day in enumerate(self.days) if day.shortfall > 0]
        # Short days claim room first, then the regular scale fills what is left; a date is written only where
        # it clears every other, so a campaign short on most days still reads (the tooltip names them all).
        chosen: list[int] = []
        for n in [*short, *range(0, len(self.days), step)]:
            if all(abs(n - c) >= step for c in chosen):
                chosen.append(n)
        y = self.height() - 44 + 4
        return [(QRectF(left + n * slot + slot / 2 - width / 2, y, width, 16),
                 self.days[n].date.strftime("%d/%m"), n in short) for n in sorted(chosen)]

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        if not self.days:
            painter.setPen(QColor("#52606d"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No officer demand yet.")
            return
        ticks = self._ticks()
        left, right, top, bottom = self._left(), RIGHT, 14, self.height() - 44
        scale = (bottom - top) / ticks[-1]
        painter.setPen(QPen(QColor("#d9dee4")))
        for value in ticks:
            y = bottom - value * scale
            painter.drawLine(left, int(y), self.width() - right, int(y))
            painter.setPen(QColor("#52606d"))
            painter.drawText(QRectF(0, y - 8, left - 6, 16), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{value:,.0f}")
            painter.setPen(QPen(QColor("#d9dee4")))
        slot = (self.width() - left - right) / len(self.days)
        bar = min(slot * 0.36, 18)
        for n, day in enumerate(self.days):
            x = left + n * slot + slot / 2
            short = day.shortfall > 0
            painter.fillRect(QRectF(x - bar, bottom - day.required * scale, bar, day.required * scale),
                             SHORT if short else REQUIRED)
            painter.fillRect(QRectF(x, bottom - day.available * scale, bar, day.available * scale), AVAILABLE)
        for rect, label, short in self.date_labels():
            painter.setPen(SHORT if short else QColor("#52606d"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
        legend_y = self.height() - 18
        offset = left
        for colour, text in ((REQUIRED, "Required (all shifts)"), (AVAILABLE, "Available (all shifts)"),
                             (SHORT, "Day with a shift short of officers")):
            painter.fillRect(QRectF(offset, legend_y, 12, 10), colour)
            painter.setPen(QColor("#1f2d3d"))
            text_width = painter.fontMetrics().horizontalAdvance(text)
            painter.drawText(QRectF(offset + 16, legend_y - 4, text_width + 4, 18), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            offset += text_width + 40
