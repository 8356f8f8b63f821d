"""What keeps a map readable whatever the zoom: legend, scale bar and north arrow.

Painted in screen pixels over the map (QGraphicsView.drawForeground), so they
neither grow nor shrink as the SPOC zooms.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen, QPolygonF

from electionplan.domain.display import RISK_PALETTE, round_up_nice

INK = QColor("#1f2d3d")
PANEL = QColor(255, 255, 255, 225)
LEGEND = (
    ("station", "green", "Station: green"),
    ("station", "amber", "Station: amber"),
    ("station", "red", "Station: red"),
    ("venue", "medium", "Venue: medium risk"),
    ("venue", "very_high", "Venue: very high risk"),
    ("cluster", "red", "Group (rim: worst inside)"),
)


def scale_bar_metres(metres_per_pixel: float, max_pixels: int = 140) -> float:
    """A round distance that fits in at most max_pixels."""
    length = round_up_nice(max(metres_per_pixel * max_pixels * 0.6, 1.0), slack=0.6)
    while length / metres_per_pixel > max_pixels and length > 1:
        length /= 2
    return length


def distance_text(metres: float) -> str:
    return f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"


def draw_marker(painter: QPainter, kind: str, level: str, centre: QPointF, radius: float) -> None:
    colour = QColor(RISK_PALETTE.get(level, ("#888888",))[0])
    if kind == "cluster":
        painter.setBrush(QBrush(QColor("#4a6178")))
        painter.setPen(QPen(colour, 2.5))
    else:
        painter.setBrush(QBrush(colour))
        painter.setPen(QPen(INK, 1))
    if kind == "venue":
        painter.drawRect(QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius))
    else:
        painter.drawEllipse(centre, radius * (1.5 if kind == "cluster" else 1), radius * (1.5 if kind == "cluster" else 1))


def draw_legend(painter: QPainter, top_left: QPointF) -> QRectF:
    line = 18
    box = QRectF(top_left.x(), top_left.y(), 200, line * len(LEGEND) + 12)
    painter.setPen(QPen(QColor("#c5ccd3"), 1))
    painter.setBrush(PANEL)
    painter.drawRoundedRect(box, 4, 4)
    for n, (kind, level, text) in enumerate(LEGEND):
        y = box.top() + 6 + n * line + line / 2
        draw_marker(painter, kind, level, QPointF(box.left() + 14, y), 4.5)
        painter.setPen(INK)
        painter.drawText(QRectF(box.left() + 28, y - line / 2, box.width() - 32, line), Qt.AlignVCenter, text)
    return box


def draw_scale_bar(painter: QPainter, bottom_left: QPointF, metres_per_pixel: float) -> None:
    metres = scale_bar_metres(metres_per_pixel)
    pixels = metres / metres_per_pixel
    x, y = bottom_left.x(), bottom_left.y()
    painter.setPen(Qt.NoPen)
    painter.setBrush(PANEL)
    painter.drawRoundedRect(QRectF(x - 6, y - 26, pixels + 70, 34), 4, 4)
    painter.setPen(QPen(INK, 2))
    painter.drawLine(QPointF(x, y), QPointF(x + pixels, y))
    for end in (x, x + pixels):
        painter.drawLine(QPointF(end, y - 6), QPointF(end, y))
    painter.drawText(QRectF(x, y - 24, pixels + 60, 16), Qt.AlignLeft | Qt.AlignVCenter, distance_text(metres))


def draw_north_arrow(painter: QPainter, top_centre: QPointF) -> None:
    x, y = top_centre.x(), top_centre.y()
    painter.setPen(Qt.NoPen)
    painter.setBrush(PANEL)
    painter.drawRoundedRect(QRectF(x - 16, y - 2, 32, 50), 4, 4)
    painter.setBrush(INK)
    painter.drawPolygon(QPolygonF([QPointF(x, y + 16), QPointF(x - 8, y + 42), QPointF(x, y + 36), QPointF(x + 8, y + 42)]))
    font = QFont(painter.font())
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(INK)
    painter.drawText(QRectF(x - 10, y, 20, 16), Qt.AlignCenter, "N")
