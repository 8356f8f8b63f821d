"""What keeps a map readable whatever the zoom: legend, scale bar and north arrow.

Painted in screen pixels over the map (QGraphicsView.drawForeground), so they
neither grow nor shrink as the SPOC zooms.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from electionplan.domain.display import RISK_PALETTE, round_up_nice
from electionplan.risk.results import LEVEL_LABELS

INK = QColor("#1f2d3d")
PANEL = QColor(255, 255, 255, 225)
STATIONS = (
    ("station", "green", "Station: green"),
    ("station", "amber", "Station: amber"),
    ("station", "red", "Station: red"),
)
# A venue's square takes its highest event's level: the key names each level the map draws, and no other.
VENUES = tuple(("venue", level, f"Venue: {label.lower()} risk") for level, label in LEVEL_LABELS.items())
CLUSTER = (("cluster", "red", "Group (rim: worst inside)"),)
LEGEND = STATIONS + tuple(entry for entry in VENUES if entry[1] in ("medium", "very_high")) + CLUSTER


def scale_bar_metres(metres_per_pixel: float, max_pixels: int = 140) -> float:
    """A round distance that fits in at most max_pixels."""
    length = round_up_nice(max(metres_per_pixel * max_pixels * 0.6, 1.0), slack=0.6)
    while length / metres_per_pixel > max_pixels and length > 1:
        length /= 2
    return length


def distance_text(metres: float) -> str:
    return f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"


WARD_ENTRY = ("ward", "", "Ward boundary")
NUMBER_ENTRY = ("number", "green", "Station number, as in its table")
RVP_ENTRY = ("rvp", "", "RVP (rendezvous point)")


def draw_marker(painter: QPainter, kind: str, level: str, centre: QPointF, radius: float) -> None:
    if kind == "ward":  # as the map draws it: a thin grey-blue dashed line
        painter.setPen(QPen(QColor("#8497ab"), 1.2, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(centre.x() - 2 * radius, centre.y()), QPointF(centre.x() + 2 * radius, centre.y()))
        return
    if kind == "rvp":  # as the map draws it: a white square ringed in black with a black centre
        painter.setPen(QPen(INK, 2))
        painter.setBrush(QBrush(QColor("white")))
        painter.drawRect(QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(INK)
        painter.drawRect(QRectF(centre.x() - radius / 3, centre.y() - radius / 3, 2 * radius / 3, 2 * radius / 3))
        return
    if kind == "number":  # a small dot with a number beside it
        draw_marker(painter, "station", level, QPointF(centre.x() - radius * 0.4, centre.y()), radius * 0.8)
        painter.setPen(INK)
        painter.drawText(QRectF(centre.x() + radius * 0.8, centre.y() - 8, 18, 16), Qt.AlignmentFlag.AlignVCenter, "12")
        return
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


def draw_scale_bar(painter: QPainter, bottom_left: QPointF, metres_per_pixel: float) -> None:
    metres = scale_bar_metres(metres_per_pixel)
    pixels = metres / metres_per_pixel
    x, y = bottom_left.x(), bottom_left.y()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(PANEL)
    painter.drawRoundedRect(QRectF(x - 6, y - 26, pixels + 70, 34), 4, 4)
    painter.setPen(QPen(INK, 2))
    painter.drawLine(QPointF(x, y), QPointF(x + pixels, y))
    for end in (x, x + pixels):
        painter.drawLine(QPointF(end, y - 6), QPointF(end, y))
    painter.drawText(QRectF(x, y - 24, pixels + 60, 16), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, distance_text(metres))


def draw_north_arrow(painter: QPainter, top_centre: QPointF) -> None:
    x, y = top_centre.x(), top_centre.y()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(PANEL)
    painter.drawRoundedRect(QRectF(x - 16, y - 2, 32, 50), 4, 4)
    painter.setBrush(INK)
    painter.drawPolygon(QPolygonF([QPointF(x, y + 16), QPointF(x - 8, y + 42), QPointF(x, y + 36), QPointF(x + 8, y + 42)]))
    font = QFont(painter.font())
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(INK)
    painter.drawText(QRectF(x - 10, y, 20, 16), Qt.AlignmentFlag.AlignCenter, "N")


class MapLegend(QWidget):
    """The legend as a strip above the map, outside it: it never covers a marker, at any zoom."""

    LINE = 18

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: tuple[tuple[str, str, str], ...] = LEGEND
        self.set_wards(False)

    def set_wards(self, shown: bool, rvp: bool = False, numbers: bool = False,
                  venues: frozenset[str] | None = None) -> None:
        """The ward boundary, the station numbers, the RVP and each venue level join the legend while the map
        draws them, and leave it when it does not (`venues` None: the usual two levels)."""
        drawn = LEGEND if venues is None else (
            STATIONS + tuple(entry for entry in VENUES if entry[1] in venues) + CLUSTER)
        self.entries = (drawn + ((NUMBER_ENTRY,) if numbers else ()) + ((WARD_ENTRY,) if shown else ())
                        + ((RVP_ENTRY,) if rvp else ()))
        self.setAccessibleName("Map legend: " + "; ".join(text for _kind, _level, text in self.entries))
        self.update()

    def _entries(self, width: int) -> list[tuple[QPointF, tuple[str, str, str]]]:
        """Each entry's place, flowing onto as many lines as the width needs."""
        metrics = self.fontMetrics()
        x, y, placed = 8.0, 4.0, []
        for entry in self.entries:
            needed = 22 + _indent(entry[0]) + metrics.horizontalAdvance(entry[2]) + 14
            if x > 8 and x + needed > width:
                x, y = 8.0, y + self.LINE
            placed.append((QPointF(x, y), entry))
            x += needed
        return placed

    def height_for(self, width: int) -> int:
        return int(self._entries(width)[-1][0].y()) + self.LINE + 4

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), PANEL)
        for at, (kind, level, text) in self._entries(self.width()):
            draw_marker(painter, kind, level, QPointF(at.x() + 8, at.y() + self.LINE / 2), 4.5)
            painter.setPen(INK)
            left = at.x() + 20 + _indent(kind)
            painter.drawText(QRectF(left, at.y(), self.width() - left, self.LINE), Qt.AlignmentFlag.AlignVCenter, text)


def _indent(kind: str) -> int:
    """Room beyond the symbol for an entry's sample number."""
    return 14 if kind == "number" else 0
