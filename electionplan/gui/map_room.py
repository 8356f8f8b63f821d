"""The room already taken on the app's map, in screen pixels: markers, labels, the scale bar and north arrow.

Kept as a list (area and ward names check it whole, being few) and in a coarse grid as well, so each of the
hundreds of station numbers a zoomed-in map may place is checked only against its neighbours.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF

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
