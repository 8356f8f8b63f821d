"""A printed contents page, with the page each section starts on.

The page is kept free while the document is laid out (a ContentsPage holds
it), and written once every page is known, when the canvas writes its pages
out: no second layout pass, which a national plan could not afford.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from electionplan.report.fonts import FONT, FONT_BOLD
from electionplan.report.pdf.tagging import Node, tagger_of
from electionplan.report.styles import GREY, NAVY

LINE = 13.5  # points a contents line takes
HEADING_ROOM = 40  # the page's own heading
SIZE = 9


@dataclass(frozen=True)
class ContentsLine:
    depth: int  # 0 for a section, 1 for its parts
    text: str
    page: int  # as printed in the footer, from 1


class ContentsPage(Flowable):
    """Holds a page for the contents; the canvas writes it at the end (see write_contents)."""

    tags_itself = True

    def wrap(self, availWidth, availHeight):  # noqa: N803 (ReportLab API)
        self.width, self.height = availWidth, availHeight - 1
        return self.width, self.height

    def draw(self):
        canv = self.canv
        tagging = tagger_of(canv)
        node = tagging.tagger.add("TOC") if tagging is not None else None
        # Where the lines go, in page space: the frame's top left, and the room below it.
        x, top = canv.absolutePosition(0, self.height)
        canv.contents_at = (canv.getPageNumber(), x, top, self.width, self.height, node)


def lines_that_fit(lines: list[ContentsLine], height: float) -> list[ContentsLine]:
    """Every section, and as many of their parts as the page holds, in document order."""
    room = int((height - HEADING_ROOM) // LINE)
    if len(lines) <= room:
        return lines
    return [line for line in lines if line.depth == 0][:room - 1]


def write_contents(canv, lines: list[ContentsLine]) -> None:
    """Draws the contents on the page held for them; the canvas is on that page."""
    page, x, top, width, height, node = canv.contents_at
    tagging = tagger_of(canv)
    heading = tagging.tagger.add("H1", node) if tagging is not None and node is not None else None
    _draw(canv, heading, lambda: (canv.setFont(FONT_BOLD, 15), canv.setFillColor(NAVY),
                                  canv.drawString(x, top - 16, "Contents")))
    y = top - HEADING_ROOM
    shown = lines_that_fit(lines, height)
    if len(shown) < len(lines):
        # Too many parts for one page: the sections here, each part (a constituency's chapter) in the bookmarks.
        shown = [*shown, ContentsLine(2, "Each section's parts, and each constituency's chapter, are in the "
                                         "document's bookmarks.", 0)]
    for line in shown:
        item = tagging.tagger.add("TOCI", node) if tagging is not None and node is not None else None
        font = FONT_BOLD if line.depth == 0 else FONT
        indent = 14 * min(line.depth, 1)
        number = str(line.page) if line.page else ""
        room = width - indent - stringWidth(number, FONT, SIZE) - 12
        text = line.text
        while stringWidth(text, font, SIZE) > room and len(text) > 4:
            text = text[:-2].rstrip() + "…"

        def draw(text=text, font=font, indent=indent, number=number, y=y, ink=NAVY if line.depth == 0 else GREY):
            canv.setFont(font, SIZE)
            canv.setFillColor(ink)
            canv.drawString(x + indent, y, text)
            canv.drawRightString(x + width, y, number)
        _draw(canv, item, draw)
        y -= LINE


def _draw(canv, node: Node | None, draw) -> None:
    tagging = tagger_of(canv)
    if tagging is None or node is None:
        draw()
        return
    tagging.begin_marked(node)
    draw()
    tagging.end_marked()
