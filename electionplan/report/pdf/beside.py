"""A figure with paragraphs beside it: a constituency's map and its figures in words, side by side.

It tags itself as the frame would tag each part alone: the paragraphs, then the figure with its alternative text.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Flowable, Paragraph

from electionplan.report.pdf.tagging import marked

GAP = 8.0  # points between the figure and the words


class Beside(Flowable):
    tags_itself = True

    def __init__(self, drawing: Drawing, alt: str, paragraphs: list[Paragraph]):
        super().__init__()
        self.drawing, self.alt, self.paragraphs = drawing, alt, paragraphs
        self._heights: list[float] = []

    def wrap(self, availWidth, availHeight):  # noqa: N803 (ReportLab API)
        room = availWidth - self.drawing.width - GAP
        self._heights = [p.wrap(room, availHeight)[1] + p.style.spaceBefore + p.style.spaceAfter
                         for p in self.paragraphs]
        self.width, self.height = availWidth, max(self.drawing.height, sum(self._heights))
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        x, y = self.drawing.width + GAP, self.height
        for paragraph, height in zip(self.paragraphs, self._heights, strict=True):
            y -= height
            with marked(canv, "P"):
                paragraph.drawOn(canv, x, y + paragraph.style.spaceAfter)
        with marked(canv, "Figure") as node:
            if node is not None:
                node.alt = self.alt
            self.drawing.drawOn(canv, 0, self.height - self.drawing.height)
