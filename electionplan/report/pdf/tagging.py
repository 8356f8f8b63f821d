"""Tagged PDF: marked content from the flowables, for a structure tree written after the document.

ReportLab draws but does not tag. Every document the project writes is laid
out by a TaggedDocTemplate in TaggedFrames on a TaggingCanvas, so whatever a
section puts in its story is tagged by what it is, with nothing asked of the
section: a paragraph in a heading style is H1-H3, any other paragraph P, a
bullet list L/LI, a table Table/TR with TH (header scope) and TD cells, a
drawing a Figure with alternative text, a fillable field a Form. Page
furniture (marking, headers, footers, page numbers) and the lines and fills of
tables are artifacts. The canvas records which structure element owns each
marked-content id on each page; `tag_tree` writes the tree once the PDF exists.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import BaseDocTemplate, Frame, Paragraph, Table

from electionplan.report.fonts import FONT

HEADING_LEVELS = {"Heading1": 1, "Heading2": 2, "Heading3": 3}


@dataclass(frozen=True, slots=True)
class Mark:
    """A marked-content sequence: its page (from 0) and its id on that page."""

    page: int
    mcid: int


@dataclass(frozen=True, slots=True)
class Widget:
    """A form field's widget annotation, known by the key it carries as /StructParent."""

    page: int
    key: int


class Leaf:
    """A structure element that owns one run of marked content and nothing else: a table cell.

    A national plan has a million, so a cell is one small object, not a node, a list and a mark."""

    __slots__ = ("role", "scope", "page", "mcid", "number")

    def __init__(self, role: str, scope: str, page: int, mcid: int):
        self.role, self.scope, self.page, self.mcid, self.number = role, scope, page, mcid, 0


@dataclass(eq=False, slots=True)
class Node:
    """A structure element; a national plan has a million (its table cells), so each is kept small."""

    role: str
    kids: list[Node | Leaf | Mark | Widget] = field(default_factory=list)
    alt: str = ""
    scope: str = ""  # a header cell's scope: Column or Row
    number: int = 0  # its object number, once the tree is written


class Tagger:
    """The structure tree as it is drawn: each node in reading order, and who owns each mark."""

    def __init__(self) -> None:
        self.root = Node("Document")
        self.marks: dict[int, list[Node | Leaf]] = {}  # page -> the element owning each MCID, by MCID
        self.widgets: list[tuple[Any, Node, int]] = []  # (annotation, its Form node, page)
        self.untagged: set[str] = set()  # kinds of flowable drawn as artifacts, for lack of a rule
        self._headings: list[tuple[int, int]] = []  # (style level, tagged level) of the headings still open

    def heading(self, style_level: int) -> str:
        """The heading's tag: one below the nearest heading of a higher style before it, as the outline
        hangs it, so no level is ever skipped (a Heading3 straight after a Heading1 is an H2)."""
        open_headings = self._headings
        while open_headings and open_headings[-1][0] >= style_level:
            open_headings.pop()
        level = open_headings[-1][1] + 1 if open_headings else 1
        open_headings.append((style_level, level))
        return f"H{min(level, 6)}"

    def add(self, role: str, parent: Node | None = None, alt: str = "", scope: str = "") -> Node:
        node = Node(role, alt=alt, scope=scope)
        (parent or self.root).kids.append(node)
        return node

    def leaf(self, role: str, parent: Node, page: int, scope: str = "") -> Leaf:
        owners = self.marks.setdefault(page, [])
        cell = Leaf(role, scope, page, len(owners))
        owners.append(cell)
        parent.kids.append(cell)
        return cell

    def mark(self, page: int, node: Node) -> int:
        owners = self.marks.setdefault(page, [])
        owners.append(node)
        node.kids.append(Mark(page, len(owners) - 1))
        return len(owners) - 1


class TaggingCanvas(pdfcanvas.Canvas):
    """A canvas that writes marked content and knows which element owns it; its base font is embedded."""

    def __init__(self, *args, **kwargs):
        # ReportLab starts each page in Helvetica, which is never embedded; nothing is drawn in it.
        kwargs["initialFontName"] = kwargs.get("initialFontName") or FONT
        super().__init__(*args, **kwargs)
        self.tagger = Tagger()
        self._form_node: Node | None = None

    @property
    def page_index(self) -> int:
        return self._pageNumber - 1

    def begin_marked(self, node: Node) -> None:
        mcid = self.tagger.mark(self.page_index, node)
        self._code.append(f"/{node.role} <</MCID {mcid}>> BDC")

    def begin_leaf(self, role: str, parent: Node, scope: str = "") -> None:
        cell = self.tagger.leaf(role, parent, self.page_index, scope)
        self._code.append(f"/{role} <</MCID {cell.mcid}>> BDC")

    def end_marked(self) -> None:
        self._code.append("EMC")

    def begin_artifact(self, kind: str = "Layout") -> None:
        self._code.append(f"/Artifact <</Type /{kind}>> BDC")

    def _setAnnotations(self, page):  # noqa: N802 (ReportLab API)
        super()._setAnnotations(page)
        # Each page names its entry in the parent tree, and its fields are visited in structure order.
        page.__NoDefault__ = [*page.__NoDefault__, "StructParents", "Tabs"]
        page.StructParents = self.page_index
        page.Tabs = pdfcanvas.pdfdoc.PDFName("S")

    def _addAnnotation(self, annotation, name=None, addtopage=1):  # noqa: N802 (ReportLab API)
        if self._form_node is not None:
            self.tagger.widgets.append((annotation, self._form_node, self.page_index))
        super()._addAnnotation(annotation, name, addtopage)

    def save(self):
        # A widget's key in the parent tree follows the pages' own keys, known only now.
        pages = self._pageNumber - 1
        for n, (annotation, node, page) in enumerate(self.tagger.widgets):
            annotation.dict["StructParent"] = pages + n
            node.kids.append(Widget(page, pages + n))
        super().save()


def tagger_of(canv) -> TaggingCanvas | None:
    return canv if isinstance(canv, TaggingCanvas) else None


@contextmanager
def marked(canv, role: str, parent: Node | None = None) -> Iterator[Node | None]:
    """Content drawn inside is one structure element of `role` (nothing, on an untagged canvas)."""
    tagging = tagger_of(canv)
    if tagging is None:
        yield None
        return
    node = tagging.tagger.add(role, parent)
    tagging.begin_marked(node)
    try:
        yield node
    finally:
        tagging.end_marked()


@contextmanager
def form_field(canv, tooltip: str) -> Iterator[None]:
    """The fields made inside are one Form element, read by its tooltip."""
    tagging = tagger_of(canv)
    if tagging is None:
        yield
        return
    tagging._form_node = tagging.tagger.add("Form", alt=tooltip)
    try:
        yield
    finally:
        tagging._form_node = None


@contextmanager
def artifact(canv, kind: str = "Layout") -> Iterator[None]:
    tagging = tagger_of(canv)
    if tagging is not None:
        tagging.begin_artifact(kind)
    try:
        yield
    finally:
        if tagging is not None:
            tagging.end_marked()


class TableTags:
    """Tags one table, and every piece it splits into across pages, as one Table element.

    Set as the table's render callback (ReportLab carries it to each piece). The
    repeated header at the top of a continued piece is an artifact: the header
    cells were read once, at the top of the table."""

    def __init__(self, header_rows: int, row_headers: bool):
        self.header_rows, self.row_headers = header_rows, row_headers
        self.node: Node | None = None
        self.pieces = 0
        self._row: Node | None = None
        self._skip = False

    def __call__(self, table: Table, event: str, *args: Any) -> None:
        canv = tagger_of(table.canv)
        if canv is None:
            return
        if event in ("startBG", "startLines"):
            canv.begin_artifact()
        elif event in ("endBG", "endLines"):
            canv.end_marked()
        elif event == "startTable" and self.node is None:
            self.node = canv.tagger.add("Table")
        elif event == "startRow":
            self._start_row(canv, args[0])
        elif event == "startCell" and not self._skip:
            self._start_cell(canv, args[0], args[1])
        elif event == "endCell" and not self._skip:
            canv.end_marked()
        elif event == "endRow" and self._skip:
            canv.end_marked()
        elif event == "endTable":
            self.pieces += 1

    def _start_row(self, canv: TaggingCanvas, row: int) -> None:
        self._skip = self.pieces > 0 and row < self.header_rows
        if self._skip:
            canv.begin_artifact("Pagination")
        else:
            self._row = canv.tagger.add("TR", self.node)

    def _start_cell(self, canv: TaggingCanvas, row: int, column: int) -> None:
        assert self._row is not None
        if row < self.header_rows and self.pieces == 0:
            canv.begin_leaf("TH", self._row, "Column")
        elif self.row_headers and column == 0:
            canv.begin_leaf("TH", self._row, "Row")
        else:
            canv.begin_leaf("TD", self._row)


def table_tags(table: Table) -> TableTags:
    """The tags a table is read with: its repeated rows are its column headers, unless it says otherwise."""
    header_rows = getattr(table, "tag_header_rows", None)
    if header_rows is None:
        header_rows = table.repeatRows if isinstance(table.repeatRows, int) else 0
    return TableTags(header_rows, bool(getattr(table, "tag_row_headers", False)))


def drawing_text(drawing: Drawing) -> str:
    """The words a drawing carries, in the order drawn: alternative text for a drawing given none."""
    words: list[str] = []

    def walk(group) -> None:
        for item in group.contents:
            if isinstance(item, String) and item.text.strip():
                words.append(item.text.strip())
            elif isinstance(item, Group):
                walk(item)
    walk(drawing)
    return "; ".join(words)


def figure(drawing: Drawing, alt: str) -> Drawing:
    """A drawing with the words a screen reader says for it: what the map or chart shows."""
    drawing.__dict__["alt_text"] = alt  # a Drawing refuses attributes it does not know of by assignment
    return drawing


def role_of(flowable: Any) -> tuple[str, str] | None:
    """(role, alternative text) for a flowable the frame tags whole; None for one that tags itself."""
    if getattr(flowable, "tags_itself", False) or isinstance(flowable, Table):
        return None
    if isinstance(flowable, Paragraph):
        return ("H" if flowable.style.name in HEADING_LEVELS else "P"), ""
    if isinstance(flowable, Drawing):
        alt = getattr(flowable, "alt_text", "") or drawing_text(flowable) or "A drawing with no words"
        return "Figure", alt
    return "", ""


class TaggedFrame(Frame):
    """A frame that tags each flowable it draws (see role_of); one that draws nothing leaves no tag."""

    def _add(self, flowable, canv, trySplit=0):  # noqa: N803 (ReportLab API)
        tagging = tagger_of(canv)
        if tagging is None:
            return super()._add(flowable, canv, trySplit)
        if isinstance(flowable, Table) and getattr(flowable, "_renderCB", None) is None:
            flowable._renderCB = table_tags(flowable)
        role = role_of(flowable)
        code = tagging._code
        start = len(code)
        drawn = super()._add(flowable, canv, trySplit)
        if drawn and role is not None and len(code) > start:
            kind, alt = role
            if not kind:  # a flowable with no rule: kept out of the reading order, and noted
                tagging.tagger.untagged.add(type(flowable).__name__)
                code.insert(start, "/Artifact <</Type /Layout>> BDC")
            else:
                if kind == "H":
                    kind = tagging.tagger.heading(HEADING_LEVELS[flowable.style.name])
                node = tagging.tagger.add(kind, alt=alt)
                code.insert(start, f"/{kind} <</MCID {tagging.tagger.mark(tagging.page_index, node)}>> BDC")
            code.append("EMC")
        return drawn

    add = _add


class TaggedDocTemplate(BaseDocTemplate):
    """Gives each table its tags before it can split, so its pieces are read as one table."""

    def handle_flowable(self, flowables):  # ReportLab API
        first = flowables[0] if flowables else None
        if isinstance(first, Table) and getattr(first, "_renderCB", None) is None:
            first._renderCB = table_tags(first)
        elif first is not None and hasattr(first, "tag_with") and first.tag_with is None:
            first.tag_with = TableTags(1, False)
        super().handle_flowable(flowables)
