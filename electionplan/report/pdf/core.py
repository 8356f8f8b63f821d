"""Page furniture and table helpers every section of the plan PDF uses.

NumberedCanvas draws the protective marking, the edition, the plan reference
and 'Page N of M' on every page once the page count is known.
"""

from __future__ import annotations

from typing import Any, Protocol
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    LongTable,
    Paragraph,
    Table,
    TableStyle,
)

from electionplan.report.document import Cover, Edition, PlanDocument
from electionplan.report.fonts import FONT, FONT_BOLD
from electionplan.report.map_key import legend_drawing, legend_words
from electionplan.report.pdf.cells import wrapped_line
from electionplan.report.pdf.chip import Chip
from electionplan.report.pdf.contents import ContentsLine, write_contents
from electionplan.report.pdf.paged_table import CHUNK, PagedTable
from electionplan.report.pdf.tagging import TaggedDocTemplate, TaggingCanvas, artifact, marked
from electionplan.report.styles import GREY, HEADER_BG, NAVY, RULE, ZEBRA, stylesheet

PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
# Where a page's running key to its maps sits: its one line between the header's rule and the frame.
RUNNING_KEY_TOP = 19.4 * mm
CONTENT_W = PAGE_W - 2 * MARGIN
SIGN_OFF_FIELDS = ("ro_name", "ro_role", "ro_date", "ro_comments", "ro_decision")


# Cells longer than this are set as paragraphs, which can run on across a page break.
PLAIN_CELL_LIMIT = 1200


def para(text: Any, style) -> Paragraph:
    # A line break typed into the app or a file is kept: a list of names, an address.
    return Paragraph(escape(str(text)).replace("\n", "<br/>") if text is not None else "", style)


_BULLET_MARKS = ("- ", "* ", "\u2022 ")


def written(text: str, style) -> list[Paragraph]:
    """Text as its author laid it out: a blank line starts a paragraph, "- " starts a bullet."""
    blocks = [block.strip("\n") for block in text.replace("\r\n", "\n").split("\n\n")]
    return [Paragraph("<br/>".join(_written_line(line) for line in block.split("\n")), style)
            for block in blocks if block.strip()]


def _written_line(line: str) -> str:
    stripped = line.strip()
    for mark in _BULLET_MARKS:
        if stripped.startswith(mark):
            return "\u2022 " + escape(stripped[len(mark):].strip())
    return escape(stripped)


class Marked(Protocol):
    """What the page furniture reads of a document: its edition and cover."""

    @property
    def edition(self) -> Edition: ...

    @property
    def cover(self) -> Cover: ...


class NumberedCanvas(TaggingCanvas):
    """Draws the marking and 'Page N of M' once the page count is known."""

    def __init__(self, *args, document: Marked, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self._document = document
        # Page number -> bookmarks made on it. Pages reach the file only at
        # save, so a bookmark is placed then, on its own page, not on page 1.
        self._bookmarks: dict[int, list[tuple[str, dict[str, Any]]]] = {}
        # Page number -> the symbols its small maps draw, for the one key under its header (see at_scale).
        self.page_keys: dict[int, set[tuple[str, str]]] = {}

    def showPage(self):  # noqa: N802 (ReportLab API)
        symbols = frozenset(self.page_keys.get(self._pageNumber, ()))
        if symbols:
            # A page of chapter maps keys them once, under its header, naming only what they draw: content, so a
            # figure read after the page's maps.
            with marked(self, "Figure") as node:
                if node is not None:
                    node.alt = legend_words(symbols=symbols, flagged_only=True, subject="the maps on this page")
                legend_drawing(CONTENT_W, symbols=symbols, flagged_only=True, compact=True).drawOn(
                    self, MARGIN, PAGE_H - RUNNING_KEY_TOP)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def bookmarkPage(self, key, **kwargs):  # noqa: N802 (ReportLab API)
        self._bookmarks.setdefault(len(self._pages), []).append((key, kwargs))

    def save(self):
        total = len(self._pages)
        bookmarks = self._bookmarks
        # Known only now: the page held for the contents, and the page of every section.
        contents_at, contents = getattr(self, "contents_at", None), list(getattr(self, "contents_lines", []))
        for number, state in enumerate(self._pages):
            self.__dict__.update(state)
            self._decorate(total)
            if contents_at is not None and contents_at[0] == number + 1:
                self.contents_at = contents_at
                write_contents(self, contents)
            for key, kwargs in bookmarks.get(number, []):
                super().bookmarkPage(key, **kwargs)
            super().showPage()
        super().save()

    def _decorate(self, total: int) -> None:
        edition, cover = self._document.edition, self._document.cover
        with artifact(self, "Pagination"):
            self._furniture(edition, cover, total)

    def _furniture(self, edition: Edition, cover: Cover, total: int) -> None:
        self.saveState()
        self.setFont(FONT_BOLD, 10)
        self.setFillColor(colors.HexColor("#8a1c1c"))
        self.drawCentredString(PAGE_W / 2, PAGE_H - 10 * mm, edition.marking)
        self.drawCentredString(PAGE_W / 2, 7 * mm, edition.marking)
        self.setFillColor(GREY)
        self.setFont(FONT, 8)
        self.drawString(MARGIN, PAGE_H - 10 * mm, edition.label)
        self.drawRightString(PAGE_W - MARGIN, PAGE_H - 10 * mm, cover.force)
        self.drawString(MARGIN, 12 * mm, f"{cover.reference} · revision {cover.revision}")
        self.drawRightString(PAGE_W - MARGIN, 12 * mm, f"Page {self._pageNumber} of {total}")
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN, PAGE_H - 12.5 * mm, PAGE_W - MARGIN, PAGE_H - 12.5 * mm)
        self.line(MARGIN, 15.5 * mm, PAGE_W - MARGIN, 15.5 * mm)
        self.restoreState()


# The room a heading needs below it, or it starts a new page: a heading is
# never left alone at the foot of a page with its text overleaf.
ROOM_BELOW_HEADING = {"Heading1": 45 * mm, "Heading2": 32 * mm, "Heading3": 40 * mm}


# Headings that are bookmarked, and their depth in the outline: a section, its parts, and their parts.
OUTLINE_LEVELS = {"Heading1": 0, "Heading2": 1, "Heading3": 2}


def _first_row_height(flowable: Any, width: float) -> float:
    """The height of a table's header and first row; 0 for anything else."""
    if isinstance(flowable, PagedTable):
        flowable = flowable.make(flowable.rows[:1], flowable.first)
    if not isinstance(flowable, Table) or flowable._nrows > CHUNK + 1:
        return 0.0
    flowable.wrap(width, PAGE_H)
    return float(sum(flowable._rowHeights[:2]))


class PlanDocTemplate(TaggedDocTemplate):
    """Adds a bookmark and outline entry for every section heading, and keeps headings off the foot of a page."""

    def handle_flowable(self, flowables):  # ReportLab API
        first = flowables[0] if flowables else None
        room = ROOM_BELOW_HEADING.get(first.style.name) if isinstance(first, Paragraph) else None
        if room and not getattr(first, "_room_checked", False):
            first._room_checked = True  # type: ignore[union-attr]
            # A table's first row may be taller than the usual room (an event with many reasons): the heading
            # then waits for a page with room for it, the table's header and that row.
            following = flowables[1] if len(flowables) > 1 else None
            rows = _first_row_height(following, self.frame._aW)
            if rows and isinstance(first, Paragraph):
                heading = first.wrap(self.frame._aW, PAGE_H)[1] + first.style.spaceBefore + first.style.spaceAfter
                room = max(room, heading + rows)
            flowables.insert(0, CondPageBreak(room))
        super().handle_flowable(flowables)

    def beforeDocument(self):  # noqa: N802 (ReportLab API)
        # (style level, outline depth) of the headings an outline entry may hang under.
        self._open_headings: list[tuple[int, int]] = []

    def _outline_depth(self, style_level: int) -> int:
        """Where a heading hangs: one below the nearest heading of a higher style before it.

        An outline never skips a level, so a Heading3 straight after a Heading1
        hangs at the second level, and so do the Heading3s after it (siblings,
        not each other's children)."""
        open_headings = self._open_headings
        while open_headings and open_headings[-1][0] >= style_level:
            open_headings.pop()
        depth = open_headings[-1][1] + 1 if open_headings else 0
        open_headings.append((style_level, depth))
        return depth

    def afterFlowable(self, flowable):  # noqa: N802 (ReportLab API)
        if isinstance(flowable, Paragraph) and flowable.style.name in OUTLINE_LEVELS:
            level = self._outline_depth(OUTLINE_LEVELS[flowable.style.name])
            text = flowable.getPlainText()
            key = f"h{id(flowable)}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)
            if level <= 1:
                lines = self.canv.__dict__.setdefault("contents_lines", [])
                lines.append(ContentsLine(level, text, self.canv.getPageNumber()))


# A row estimated taller than this is allowed to run on to the next page; other
# rows are kept whole, as a reader expects.
LONG_ROW_POINTS = 400


def _has_page_long_row(rows: list[list[Any]], col_widths: list[float]) -> bool:
    """Whether a row (a pasted contribution, say) may be too tall for a page, from its text length alone."""
    for row in rows:
        for cell, width in zip(row, col_widths, strict=False):
            if isinstance(cell, str) and len(cell) * 3.9 / max(width - 8, 20) * 9.2 > LONG_ROW_POINTS:
                return True
    return False


CELL_PADDING = 8  # left and right padding of a table cell, in points
# A single word wider than this (a long email address) may still wrap: no column is widened past it.
WIDEST_WORD = 0.3 * CONTENT_W


def _longest_word(texts) -> str:
    # Split at ordinary spaces only: a no-break space holds a grid reference together as one word.
    return max((max(str(t).replace("\n", " ").split(" "), key=len, default="") for t in texts if t),
               key=len, default="")


def _words_of(cell: Any) -> str:
    """The text a column must find room for: a chip's label, plain text; a paragraph wraps itself."""
    if isinstance(cell, Chip):
        return cell.label
    return str(cell) if isinstance(cell, (str, int)) else ""


def fit_columns(header: list[str], rows: list[list[Any]], widths: list[float],
                padding: float = CELL_PADDING) -> list[float]:
    """Widen any column too narrow for its longest word (a header's "Score", a cell's "investigation"),
    taking the room from the column with most to spare, so no word is ever broken inside a cell."""
    widths = list(widths)
    needs = []
    for col, head in enumerate(header):
        cell_word = _longest_word(_words_of(row[col]) for row in rows if col < len(row))
        needs.append(min(max(stringWidth(w, FONT_BOLD, 8) for w in (*head.split(), cell_word) if w) + padding + 2,
                         WIDEST_WORD))
    for col, need in enumerate(needs):
        while widths[col] < need:
            spare = [(widths[c] - needs[c], c) for c in range(len(widths)) if c != col]
            room, donor = max(spare)
            if room <= 0.5:
                break
            take = min(room, need - widths[col])
            widths[donor] -= take
            widths[col] += take
    return widths


class RendererCore:
    """The document, the stylesheet and the table helpers the section groups share."""

    def __init__(self, document: PlanDocument):
        self.doc = document
        self.s = stylesheet()

    @property
    def at_scale(self) -> bool:
        """Above the ruleset's size: the exceptions print, and every row is in the companion files."""
        return bool(self.doc.companion)

    def table(self, header: list[str], rows: list[list[Any]], widths: list[float], *, long: bool = False,
              total_first: bool = False, tight: bool = False) -> Flowable:
        """A table with a repeated header; `total_first` sets the first row as the totals, in bold under the header;
        `tight` with less padding in its cells (a chapter's at scale, printed 650 times).

        A long one is made a page at a time (see paged_table), unless a row is longer than a page."""
        col_widths = fit_columns(header, rows, [w * CONTENT_W for w in widths])
        # Cells are set as plain text wrapped to their column: a national plan has hundreds of
        # thousands of them, and a paragraph for each (parsed, then broken into lines) was most of
        # the export's time.
        room = [w - CELL_PADDING - 1 for w in col_widths]
        head = [self._cell(h, room[n], FONT_BOLD) for n, h in enumerate(header)]
        data = [[cell if isinstance(cell, Flowable) else self._cell(cell, room[n], FONT_BOLD if total_first and not k
                                                                     else FONT)
                 for n, cell in enumerate(row)] for k, row in enumerate(rows)]
        split_in_row = _has_page_long_row(rows, col_widths)
        style = self._table_style(total_first, tight)

        def make(chunk, first: bool) -> Table:
            table = (LongTable if long else Table)([head, *chunk], colWidths=col_widths, repeatRows=1, hAlign="LEFT",
                                                   splitInRow=int(split_in_row))
            table.setStyle(style if first else self._table_style(False, tight))
            return table

        if long and not split_in_row and len(data) > CHUNK:
            return PagedTable(make, data)
        return make(data, True)

    def _table_style(self, total_first: bool, tight: bool = False) -> TableStyle:
        # A fixed handful of style commands, none per row: ReportLab re-reads them all at every
        # page a long table splits over.
        size, leading = self.s["Cell"].fontSize, self.s["Cell"].leading
        return TableStyle([
            ("FONT", (0, 0), (-1, 0), FONT_BOLD, size, leading),
            ("TEXTCOLOR", (0, 0), (-1, 0), NAVY),
            ("FONT", (0, 1), (-1, -1), FONT, size, leading),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA]),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, NAVY),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 2 if tight else 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2 if tight else 3),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ] + ([("FONT", (0, 1), (-1, 1), FONT_BOLD, size, leading),
              ("LINEBELOW", (0, 1), (-1, 1), 0.8, NAVY)] if total_first else []))

    def _cell(self, value: Any, room: float, font: str = FONT) -> Any:
        """Plain text, wrapped here, wherever it fits the column; a paragraph only for what does not.

        A national plan has hundreds of thousands of cells, and a paragraph for each
        (parsed as markup, then broken into lines) was most of the export's time."""
        text = "" if value is None else str(value)
        size = self.s["Cell"].fontSize
        style = self.s["CellBold" if font == FONT_BOLD else "Cell"]
        if "\n" not in text and len(text) * size * 0.7 <= room and stringWidth(text, font, size) <= room:
            return text
        if len(text) > PLAIN_CELL_LIMIT:  # long enough that it may need to run on across pages
            return para(text, style)
        wrapped = [piece for line in text.split("\n") for piece in wrapped_line(line, size, room, font)]
        if any(stringWidth(piece, font, size) > room for piece in wrapped):
            return para(text, style)  # a word wider than the column: a paragraph breaks it
        return "\n".join(wrapped)

    def chip(self, value: str) -> Chip:
        return Chip(value)

    def kv_table(self, pairs: list[tuple[str, str]], widths=(0.3, 0.7)) -> Flowable:
        col_widths = [w * CONTENT_W for w in widths]
        if _has_page_long_row([[v] for _, v in pairs], col_widths[1:]):
            # A value longer than a page (a pasted intelligence note) is set as running text, which
            # flows across pages; a table cell cannot.
            # (A maxHeight above any page lets the group split where it falls, with no page break first.)
            return KeepTogether([item for k, v in pairs for item in (para(k, self.s["CellBold"]), para(v, self.s["Body"]))],
                                maxHeight=10 * A4[1])
        room = [w - CELL_PADDING - 1 for w in col_widths]
        data = [[self._cell(k, room[0], FONT_BOLD), self._cell(v, room[1])] for k, v in pairs]
        table = Table(data, colWidths=col_widths, hAlign="LEFT")
        table.tag_header_rows, table.tag_row_headers = 0, True  # each key heads its row
        size, leading = self.s["Cell"].fontSize, self.s["Cell"].leading
        table.setStyle(TableStyle([("FONT", (0, 0), (0, -1), FONT_BOLD, size, leading),
                                   ("FONT", (1, 0), (1, -1), FONT, size, leading),
                                   ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4)]))
        return table
