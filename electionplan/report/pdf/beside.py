"""A figure with paragraphs beside it: a constituency's map and its figures in words, side by side.

It tags itself as the frame would tag each part alone: the paragraphs, then the figure with its alternative text,
then the key to it, unless its page keys all its maps at once (see core.NumberedCanvas). The key is laid out for
the place that leaves the block shortest: under the words, under the map, or under both, in that order where they
tie.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Flowable, Paragraph

from electionplan.report.pdf.tagging import marked

GAP = 8.0  # points between the figure and the words
KEY_GAP = 2.0  # points between the map and a key set under it


class Beside(Flowable):
    tags_itself = True

    def __init__(self, drawing: Drawing, alt: str, paragraphs: list[Paragraph], key: Callable[[float], Drawing] | None,
                 key_alt: str, symbols: frozenset[tuple[str, str]] = frozenset()):
        """`key(width)` draws the key to the map wrapped to that width; with no key, the map's `symbols` are noted on
        the canvas, whose page then carries one key to all its maps."""
        super().__init__()
        self.drawing, self.alt, self.paragraphs, self.key_for, self.key_alt = drawing, alt, paragraphs, key, key_alt
        self.symbols = symbols
        self._heights: list[float] = []
        self.key = Drawing(0, 0)
        self._key_at = (0.0, 0.0)

    def wrap(self, availWidth, availHeight):  # noqa: N803 (ReportLab API)
        room = availWidth - self.drawing.width - GAP
        self._heights = [p.wrap(room, availHeight)[1] + p.style.spaceBefore + p.style.spaceAfter
                         for p in self.paragraphs]
        words, figure = sum(self._heights), self.drawing.height
        if self.key_for is None:
            self.width, self.height = availWidth, max(figure, words)
            return self.width, self.height
        places = []
        for place, width in (("words", room), ("map", self.drawing.width), ("both", availWidth)):
            key = self.key_for(width)
            bounds = key.getBounds()
            if bounds is not None and bounds[2] > width:  # a single symbol wider than the place: not there
                continue
            extra = key.height if bounds is not None else 0.0
            height = {"words": max(figure, words + extra), "map": max(figure + KEY_GAP + extra, words),
                      "both": max(figure, words) + KEY_GAP + extra}[place]
            places.append((height, place, key))
        height, place, self.key = min(places, key=lambda p: p[0])  # min keeps the first of equals
        self._key_at = {"words": (self.drawing.width + GAP, 0.0),
                        "map": (0.0, height - figure - KEY_GAP - self.key.height), "both": (0.0, 0.0)}[place]
        self.width, self.height = availWidth, height
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        x, y = self.drawing.width + GAP, self.height
        for paragraph, height in zip(self.paragraphs, self._heights, strict=True):
            y -= height
            with marked(canv, "P"):
                paragraph.drawOn(canv, x, y + paragraph.style.spaceAfter)
        figures: list[tuple[Drawing, str, tuple[float, float]]] = [
            (self.drawing, self.alt, (0.0, self.height - self.drawing.height))]
        page_keys = getattr(canv, "page_keys", None)
        if self.key_for is None and page_keys is not None:
            page_keys.setdefault(canv.getPageNumber(), set()).update(self.symbols)
        if self.key.getBounds() is not None:  # an empty key draws nothing, so it is no figure
            figures.append((self.key, self.key_alt, self._key_at))
        for drawing, alt, at in figures:
            with marked(canv, "Figure") as node:
                if node is not None:
                    node.alt = alt
                drawing.drawOn(canv, *at)
