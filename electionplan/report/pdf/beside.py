"""A figure with paragraphs beside it: a constituency's map and its figures in words, side by side.

It tags itself as the frame would tag each part alone: the paragraphs, then the figure with its alternative text,
then the key to it, set under the words where it fits and under both where it does not.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Flowable, Paragraph

from electionplan.report.pdf.tagging import marked

GAP = 8.0  # points between the figure and the words


class Beside(Flowable):
    tags_itself = True

    def __init__(self, drawing: Drawing, alt: str, paragraphs: list[Paragraph], key: Drawing, key_alt: str):
        super().__init__()
        self.drawing, self.alt, self.paragraphs, self.key, self.key_alt = drawing, alt, paragraphs, key, key_alt
        self._heights: list[float] = []
        self._key_beside = self._key_empty = False

    def wrap(self, availWidth, availHeight):  # noqa: N803 (ReportLab API)
        room = availWidth - self.drawing.width - GAP
        self._heights = [p.wrap(room, availHeight)[1] + p.style.spaceBefore + p.style.spaceAfter
                         for p in self.paragraphs]
        words = sum(self._heights)
        # The key is one line as wide as its symbols and words, whatever width it was given (no bounds: a map with
        # nothing on it has an empty key).
        bounds = self.key.getBounds()
        self._key_empty = bounds is None
        self._key_beside = bounds is None or bounds[2] <= room
        if self._key_beside:
            self.width, self.height = availWidth, max(self.drawing.height, words + self.key.height)
        else:
            self.width, self.height = availWidth, max(self.drawing.height, words) + self.key.height + 2
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        x, y = self.drawing.width + GAP, self.height
        for paragraph, height in zip(self.paragraphs, self._heights, strict=True):
            y -= height
            with marked(canv, "P"):
                paragraph.drawOn(canv, x, y + paragraph.style.spaceAfter)
        figures = [(self.drawing, self.alt, (0, self.height - self.drawing.height))]
        if not self._key_empty:  # an empty key draws nothing, so it is no figure
            figures.append((self.key, self.key_alt, (x, 0) if self._key_beside else (0, 0)))
        for drawing, alt, at in figures:
            with marked(canv, "Figure") as node:
                if node is not None:
                    node.alt = alt
                drawing.drawOn(canv, *at)
