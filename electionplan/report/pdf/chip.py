"""A level or RAG chip: a coloured badge with its label, drawn directly.

A national plan has tens of thousands of them. Drawn as a paragraph on a cell
background, each cost a markup parse and two table style commands, and
ReportLab re-reads every style command at every page a long table splits
over, so their cost grew with the square of the table.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from electionplan.report.styles import FONT_BOLD, LEVEL_COLOURS, LEVEL_TEXT
from electionplan.risk.results import LEVEL_LABELS, RAG_LABELS

CHIP_SIZE = 8
CHIP_LEADING = 10
CHIP_PAD = 2


class Chip(Flowable):
    """A level's label, bold and centred on its colour; a level with no colour is plain bold text."""

    def __init__(self, value: str):
        super().__init__()
        self.value = value
        self.label = LEVEL_LABELS.get(value) or RAG_LABELS.get(value) or value
        self.fill = LEVEL_COLOURS.get(value)
        self.ink = LEVEL_TEXT.get(value, colors.white) if self.fill is not None else colors.black
        self._lines = [self.label]

    def wrap(self, availWidth, availHeight):
        # A narrow column wraps the label ("Very / high") rather than letting it overrun the badge.
        self._lines = simpleSplit(self.label, FONT_BOLD, CHIP_SIZE, max(availWidth - 2 * CHIP_PAD, 1)) or [""]
        self.width = availWidth
        self.height = len(self._lines) * CHIP_LEADING + 2 * CHIP_PAD
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        if self.fill is not None:
            canvas.setFillColor(self.fill)
            canvas.roundRect(0, 0, self.width, self.height, 2, stroke=0, fill=1)
        canvas.setFillColor(self.ink)
        canvas.setFont(FONT_BOLD, CHIP_SIZE)
        top = self.height - CHIP_PAD - CHIP_SIZE
        for n, line in enumerate(self._lines):
            canvas.drawCentredString(self.width / 2, top - n * CHIP_LEADING + 1, line)

    def minimum_width(self) -> float:
        return max(stringWidth(word, FONT_BOLD, CHIP_SIZE) for word in self.label.split() or [""]) + 2 * CHIP_PAD
