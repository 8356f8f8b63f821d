"""A bulleted list that a screen reader announces as a list: L, with an LI for each item."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, Paragraph

from electionplan.report.pdf.tagging import Node, marked, tagger_of


class BulletList(Flowable):
    """Items as bulleted paragraphs, split between items across pages and read as one list."""

    tags_itself = True

    def __init__(self, items: list[Paragraph], holder: list[Node] | None = None):
        super().__init__()
        self.items = items
        self._holder: list[Node] = holder if holder is not None else []  # the list's element, once drawn
        self._heights: list[float] = []

    def wrap(self, availWidth, availHeight):  # noqa: N803 (ReportLab API)
        self.width = availWidth
        self._heights = [item.wrap(availWidth, availHeight)[1] + item.getSpaceAfter() for item in self.items]
        self.height = sum(self._heights)
        return self.width, self.height

    def split(self, availWidth, availHeight):  # noqa: N803 (ReportLab API)
        self.wrap(availWidth, availHeight)
        used, count = 0.0, 0
        for height in self._heights:
            if used + height > availHeight:
                break
            used, count = used + height, count + 1
        if count == 0:
            # The part kept here carries the item's space after it, so it must fit with that space.
            parts = self.items[0].split(availWidth, availHeight - self.items[0].getSpaceAfter())
            if len(parts) < 2:
                return []
            return [BulletList([parts[0]], self._holder), BulletList([parts[1], *self.items[1:]], self._holder)]
        return [BulletList(self.items[:count], self._holder), BulletList(self.items[count:], self._holder)]

    def draw(self):
        canv = self.canv
        tagging = tagger_of(canv)
        if tagging is not None and not self._holder:
            self._holder.append(tagging.tagger.add("L"))
        parent = self._holder[0] if self._holder else None
        y = self.height
        for item, height in zip(self.items, self._heights, strict=True):
            y -= height
            item_node = tagging.tagger.add("LI", parent) if tagging is not None else None
            with marked(canv, "LBody", item_node):
                item.drawOn(canv, 0, y + item.getSpaceAfter())


def bullets(items, style) -> BulletList:
    return BulletList([Paragraph(f"\u2022 {escape(str(i))}", style) for i in items])
