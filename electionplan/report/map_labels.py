"""Where a map's labels go: beside their marks where there is room, out on a leader line where there is not.

Every box placed (a mark, a label) is kept in a coarse grid, so a label is
checked only against its neighbours: a national plan draws 650 maps.
"""

from __future__ import annotations

from collections.abc import Iterator

Box = tuple[float, float, float, float]

CELL = 24.0  # points; about two labels wide


class Placed:
    """The boxes already on the map, bucketed by grid cell."""

    def __init__(self, width: float, height: float):
        self.width, self.height = width, height
        self.cells: dict[tuple[int, int], list[Box]] = {}

    def _cells(self, box: Box) -> Iterator[tuple[int, int]]:
        for i in range(int(box[0] // CELL), int(box[2] // CELL) + 1):
            for j in range(int(box[1] // CELL), int(box[3] // CELL) + 1):
                yield i, j

    def add(self, box: Box) -> None:
        for cell in self._cells(box):
            self.cells.setdefault(cell, []).append(box)

    def free(self, box: Box) -> bool:
        """Whether the box is on the map and touches nothing placed."""
        x0, y0, x1, y1 = box
        if x0 < 0 or y0 < 0 or x1 > self.width or y1 > self.height:
            return False
        return not any(not (x1 < a0 or x0 > a1 or y1 < b0 or y0 > b1)
                       for cell in self._cells(box) for a0, b0, a1, b1 in self.cells.get(cell, ()))


# Directions to try, nearest first: right, left, above, below, then the diagonals.
DIRECTIONS = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1))
# How far out a label may go: beside its mark, then on a leader line.
REACHES = (0.0, 9.0, 16.0, 24.0, 34.0)


def label_box(px: float, py: float, mark: float, dx: int, dy: int, reach: float, text_w: float,
              text_h: float) -> Box:
    """The box of a label set out from a mark of half-size `mark` in a direction, `reach` points further."""
    gap = mark + 1.2 + reach
    cx = px + dx * (gap + text_w / 2) if dx else px
    cy = py + dy * (gap + text_h / 2) if dy else py
    return cx - text_w / 2 - 0.8, cy - text_h / 2 - 0.6, cx + text_w / 2 + 0.8, cy + text_h / 2 + 0.6


def _leader_steps(box: Box, px: float, py: float, mark: float) -> list[Box]:
    """Small boxes along a leader line from the rim of its mark to its label, 2 points apart."""
    ex, ey = leader_end(box, px, py)
    length = ((ex - px) ** 2 + (ey - py) ** 2) ** 0.5
    steps = []
    distance = mark + 0.8
    while distance < length - 0.8:
        t = distance / length
        x, y = px + (ex - px) * t, py + (ey - py) * t
        steps.append((x - 0.4, y - 0.4, x + 0.4, y + 0.4))
        distance += 2.0
    return steps


class MapSpace:
    """What a label must keep clear of: the marks, and the labels and leader lines already set."""

    def __init__(self, width: float, height: float):
        self.marks = Placed(width, height)
        self.labels = Placed(width, height)


def place_label(space: MapSpace, px: float, py: float, mark: float, text_w: float, text_h: float,
                reaches: tuple[float, ...] = REACHES, centred: bool = False) -> tuple[Box, bool] | None:
    """The first free box for a label, and whether it needs a leader line; None when there is no room.
    A label covers no mark, label or leader line; a leader line may pass over a mark but crosses no label
    or other leader line. A `centred` label (a name with no mark) is tried on its point first."""
    if centred:
        box = label_box(px, py, 0.0, 0, 0, 0.0, text_w, text_h)
        if space.labels.free(box) and space.marks.free(box):
            space.labels.add(box)
            return box, False
    for reach in reaches:
        for dx, dy in DIRECTIONS:
            box = label_box(px, py, mark, dx, dy, reach, text_w, text_h)
            if not (space.labels.free(box) and space.marks.free(box)):
                continue
            leader = _leader_steps(box, px, py, mark) if reach else []
            if all(space.labels.free(step) for step in leader):
                for taken in (box, *leader):
                    space.labels.add(taken)
                return box, reach > 0
    return None


def leader_end(box: Box, px: float, py: float) -> tuple[float, float]:
    """The point of a label's box nearest its mark, where the leader line meets it."""
    return min(max(px, box[0]), box[2]), min(max(py, box[1]), box[3])
