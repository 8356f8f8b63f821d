"""The room already taken on the app's map, in screen pixels: markers, labels, the scale bar and north arrow.

Kept as a list (area and ward names check it whole, being few) and in a coarse grid as well, so each of the
hundreds of station numbers a zoomed-in map may place is checked only against its neighbours.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRectF
from PySide6.QtGui import QTransform
from PySide6.QtWidgets import QGraphicsItem

from electionplan.report.map_labels import Placed


class Taken(list[QRectF]):
    def __init__(self, width: float, height: float, boxes: tuple[QRectF, ...] = ()) -> None:
        super().__init__()
        self.grid = Placed(width, height)
        for box in boxes:
            self.append(box)

    def append(self, rect: QRectF) -> None:
        super().append(rect)
        self.grid.add((rect.left(), rect.top(), rect.right(), rect.bottom()))

    def clear_of(self, rect: QRectF) -> bool:
        """Whether the box lies wholly in view and covers nothing taken."""
        return self.grid.free((rect.left(), rect.top(), rect.right(), rect.bottom()))


def place_clear(label: QGraphicsItem, anchor: QPoint, size: QRectF, taken: Taken, steps: tuple[float, ...]) -> None:
    """Centre the label on its anchor at the first of the vertical steps (in label heights) where it covers
    nothing already placed; it stays hidden where every step would."""
    for dy in steps:
        screen = QRectF(anchor.x() - size.width() / 2, anchor.y() + dy * size.height(), size.width(), size.height())
        if taken.clear_of(screen):  # wholly in view: a name cut at the edge misleads
            label.setTransform(QTransform.fromTranslate(-size.width() / 2, dy * size.height()))
            label.setVisible(True)
            taken.append(screen)
            return
