"""A long table built a page at a time.

ReportLab splits a long table at each page by making a new table of every row
still to come, and applies its style to each of their cells again, so a table
of thousands of rows (a national plan's candidates, briefings or timeline)
costs the square of its length. A PagedTable holds its rows as plain data and
makes a table only of the rows one page can take, with the header, so each
page costs the same however long the table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.platypus import Flowable, Table

# Rows made into a table at first; doubled until they overfill the page.
CHUNK = 24

MakeTable = Callable[[Sequence[list[Any]], bool], Table]


class PagedTable(Flowable):
    """`make(rows, first)` gives the table of those rows with its header; `first` is the table's first page."""

    tags_itself = True  # each page's table is tagged as a piece of one table (see tagging)

    def __init__(self, make: MakeTable, rows: Sequence[list[Any]], first: bool = True, tag_with: Any = None):
        super().__init__()
        self.make, self.rows, self.first = make, rows, first
        self.tag_with = tag_with
        self._made: tuple[Table, int, tuple[float, float]] | None = None  # (table, its rows, the room it had)

    def _table(self, avail_width: float, avail_height: float) -> tuple[Table, int]:
        # The frame asks for the size and then for the split, with the same room: made once for both.
        if self._made is not None and self._made[2] == (avail_width, avail_height):
            return self._made[0], self._made[1]
        # Enough rows to overfill the page, or all that are left.
        count = CHUNK
        while True:
            table = self.make(self.rows[:count], self.first)
            table._renderCB = self.tag_with
            _w, height = table.wrap(avail_width, avail_height)
            if height > avail_height or count >= len(self.rows):
                self._made = (table, min(count, len(self.rows)), (avail_width, avail_height))
                return table, min(count, len(self.rows))
            count *= 2

    def wrap(self, availWidth, availHeight):  # noqa: N803 (ReportLab API)
        table, count = self._table(availWidth, availHeight)
        width, height = table.wrap(availWidth, availHeight)
        # With rows still to come it is taller than the page, so the frame splits it.
        self.width, self.height = width, height if count >= len(self.rows) else max(height, availHeight + 1)
        return self.width, self.height

    def split(self, availWidth, availHeight):  # noqa: N803 (ReportLab API)
        table, _count = self._table(availWidth, availHeight)
        parts = table.split(availWidth, availHeight)
        if not parts:
            return []  # not even one row fits here: the frame tries the next page
        page = parts[0]
        taken = len(page._cellvalues) - 1  # its first row is the header
        rest = self.rows[taken:]
        return [page, PagedTable(self.make, rest, first=False, tag_with=self.tag_with)] if rest else [page]

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802, N803 (ReportLab API)
        # Drawn only when it fits whole; the table it was sized with draws itself.
        table = self._made[0] if self._made is not None else self.make(self.rows, self.first)
        table._renderCB = self.tag_with
        table.drawOn(canvas, x, y, _sW)
