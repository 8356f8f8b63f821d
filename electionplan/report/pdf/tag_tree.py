"""The structure tree, parent tree, XMP and catalog entries of a tagged PDF, written after it is drawn.

The drawn PDF is left as it is and the tree is appended as an incremental
update (PDF 1.7, 7.5.6), each element written as text: a national edition has
hundreds of thousands of table cells, and a PDF library's object for each, or
a parse and rewrite of the whole file, would cost more than drawing it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import zlib
from collections.abc import Iterator
from typing import cast
from xml.sax.saxutils import escape

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject
from reportlab.platypus import BaseDocTemplate

from electionplan.report.pdf.form_font import with_form_font
from electionplan.report.pdf.tagging import Leaf, Mark, Node, Tagger, TaggingCanvas

LANGUAGE = "en-GB"


def pdf_text(text: str) -> str:
    """A PDF text string: UTF-16 with its byte-order mark, as hex, so any letter and any bracket survive."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _number(root: Node, first: int) -> int:
    """Numbers each element (its object number) in reading order; gives the next number free."""
    number, stack = first, [root]
    while stack:
        node = stack.pop()
        node.number = number
        number += 1
        for kid in node.kids:
            if isinstance(kid, Leaf):
                kid.number, number = number, number + 1
        stack.extend(reversed([k for k in node.kids if isinstance(k, Node)]))
    return number


def _walk(root: Node) -> Iterator[tuple[Node, Node | None]]:
    stack: list[tuple[Node, Node | None]] = [(root, None)]
    while stack:
        node, parent = stack.pop()
        yield node, parent
        stack.extend(reversed([(k, node) for k in node.kids if isinstance(k, Node)]))


class _Writer:
    def __init__(self, reader: PdfReader, tagger: Tagger):
        self.tagger = tagger
        self.pages = _page_numbers(reader)
        self.widgets = _widget_numbers(reader, self.pages, tagger)
        self.next = _number(tagger.root, int(cast(int, reader.trailer["/Size"])))
        self.tree_root, self.parent_tree, self.metadata = self.next, self.next + 1, self.next + 2
        self.next += 3

    def element(self, node: Node, parent: int) -> str:
        marks = [k for k in node.kids if isinstance(k, Mark)]
        page = marks[0].page if marks else None
        kids = []
        for kid in node.kids:
            if isinstance(kid, (Node, Leaf)):
                kids.append(f"{kid.number} 0 R")
            elif isinstance(kid, Mark):
                kids.append(str(kid.mcid) if kid.page == page
                            else f"<</Type/MCR/Pg {self.pages[kid.page]} 0 R/MCID {kid.mcid}>>")
            else:
                kids.append(f"<</Type/OBJR/Pg {self.pages[kid.page]} 0 R/Obj {self.widgets[kid.key]} 0 R>>")
        # A single child is written alone, as most readers expect of a heading's one run of text.
        text = (f"<</Type/StructElem/S/{node.role}/P {parent} 0 R/K "
                + (kids[0] if len(kids) == 1 and not kids[0].startswith("<") else f"[{' '.join(kids)}]"))
        if page is not None:
            text += f"/Pg {self.pages[page]} 0 R"
        if node.alt:
            text += f"/Alt {pdf_text(node.alt)}"
        if node.scope:
            text += f"/A<</O/Table/Scope/{node.scope}>>"
        return text + ">>"

    def objects(self) -> Iterator[tuple[int, bytes]]:
        pages = self.pages
        for node, parent in _walk(self.tagger.root):
            owner = parent.number if parent is not None else self.tree_root
            yield node.number, self.element(node, owner).encode("ascii")
            for kid in node.kids:
                if isinstance(kid, Leaf):
                    yield kid.number, (f"<</Type/StructElem/S/{kid.role}/P {node.number} 0 R/K {kid.mcid}"
                                       f"/Pg {pages[kid.page]} 0 R"
                                       + (f"/A<</O/Table/Scope/{kid.scope}>>" if kid.scope else "") + ">>").encode()
        yield self.tree_root, (f"<</Type/StructTreeRoot/K {self.tagger.root.number} 0 R"
                               f"/ParentTree {self.parent_tree} 0 R/ParentTreeNextKey {self._next_key()}>>").encode()
        yield self.parent_tree, self._parent_tree().encode("ascii")

    def _next_key(self) -> int:
        return len(self.pages) + len(self.tagger.widgets)

    def _parent_tree(self) -> str:
        entries = []
        for page in range(len(self.pages)):
            owners = self.tagger.marks.get(page, [])
            entries.append(f"{page}[{' '.join(f'{n.number} 0 R' for n in owners)}]")
        for n, (_annotation, node, _page) in enumerate(self.tagger.widgets):
            entries.append(f"{len(self.pages) + n} {node.number} 0 R")
        return "<</Nums[" + " ".join(entries) + "]>>"


def _page_numbers(reader: PdfReader) -> list[int]:
    return [cast(IndirectObject, page.indirect_reference).idnum for page in reader.pages]


def _widget_numbers(reader: PdfReader, pages: list[int], tagger: Tagger) -> dict[int, int]:
    """Each tagged widget's object number, by the key it carries."""
    found: dict[int, int] = {}
    for page in sorted({page for _a, _n, page in tagger.widgets}):
        annotations = reader.pages[page].get("/Annots")
        for reference in cast(ArrayObject, annotations.get_object() if annotations else []):
            key = cast(DictionaryObject, reference.get_object()).get("/StructParent")
            if key is not None:
                found[int(key)] = reference.idnum
    return found


def xmp(title: str, author: str, subject: str, creator: str, producer: str, keywords: str) -> bytes:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(subject)}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>{LANGUAGE}</rdf:li></rdf:Bag></dc:language>
<dc:format>application/pdf</dc:format>
<pdf:Producer>{escape(producer)}</pdf:Producer><pdf:Keywords>{escape(keywords)}</pdf:Keywords>
<xmp:CreatorTool>{escape(creator)}</xmp:CreatorTool><xmp:MetadataDate>{stamp}</xmp:MetadataDate>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"""
    data = body.encode("utf-8")
    return f"<</Type/Metadata/Subtype/XML/Length {len(data)}>>stream\n".encode() + data + b"\nendstream"


def _info(reader: PdfReader) -> dict[str, str]:
    info = reader.metadata or DictionaryObject()
    return {key: str(info.get(f"/{name}", "")) for key, name in
            (("title", "Title"), ("author", "Author"), ("subject", "Subject"), ("creator", "Creator"),
             ("producer", "Producer"), ("keywords", "Keywords"))}


def _catalog(reader: PdfReader, writer: _Writer) -> tuple[int, bytes]:
    """The catalog as it was, claiming the tags and carrying the tree, language, metadata and title."""
    root = cast(IndirectObject, reader.trailer.raw_get("/Root"))
    catalog = cast(DictionaryObject, reader.root_object)
    out = io.BytesIO()
    kept = DictionaryObject({key: catalog.raw_get(key) for key in catalog
                             if key not in ("/MarkInfo", "/StructTreeRoot", "/Metadata", "/Lang", "/ViewerPreferences",
                                            "/Version")})
    kept.write_to_stream(out)
    text = out.getvalue().decode("latin-1").rstrip()
    assert text.endswith(">>")
    text = (text[:-2] + f"/MarkInfo<</Marked true>>/StructTreeRoot {writer.tree_root} 0 R/Metadata {writer.metadata} 0 R"
            f"/Lang {pdf_text(LANGUAGE)}/ViewerPreferences<</DisplayDocTitle true>>/Version/1.7>>")
    return root.idnum, text.encode("latin-1")


def tagged(pdf: bytes, tagger: Tagger) -> bytes:
    """The PDF with its structure tree, parent tree, XMP metadata and catalog entries appended."""
    reader = PdfReader(io.BytesIO(pdf))
    writer = _Writer(reader, tagger)
    update = _Update(pdf, writer.next)
    update.pack(writer.objects())
    number, catalog = _catalog(reader, writer)
    update.plain(number, catalog)
    update.plain(writer.metadata, xmp(**_info(reader)))
    return update.finish(reader)


# Objects packed into one compressed object stream: enough to compress well, few enough to hold at once.
PER_STREAM = 2000


class _Update:
    """An incremental update written as it is made: the tree's elements packed into compressed object
    streams, indexed by a cross-reference stream (PDF 1.5), so a national plan's million elements cost
    a few megabytes of file and are never all held at once."""

    def __init__(self, pdf: bytes, next_number: int):
        self.out = io.BytesIO()
        self.out.write(pdf if pdf.endswith(b"\n") else pdf + b"\n")
        self.prev = _last_cross_reference(pdf)
        self.next = next_number
        self.entries: dict[int, tuple[int, int, int]] = {}  # number -> (type, field 2, field 3) of its xref entry

    def plain(self, number: int, body: bytes) -> None:
        self.entries[number] = (1, self.out.tell(), 0)
        self.out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    def pack(self, objects: Iterator[tuple[int, bytes]]) -> None:
        batch: list[tuple[int, bytes]] = []
        for item in objects:
            batch.append(item)
            if len(batch) == PER_STREAM:
                self._stream(batch)
                batch = []
        if batch:
            self._stream(batch)

    def _stream(self, batch: list[tuple[int, bytes]]) -> None:
        number, self.next = self.next, self.next + 1
        offsets, bodies, at = [], [], 0
        for index, (member, body) in enumerate(batch):
            offsets.append(b"%d %d" % (member, at))
            bodies.append(body)
            at += len(body) + 1
            self.entries[member] = (2, number, index)
        head = b" ".join(offsets) + b"\n"
        data = zlib.compress(head + b"\n".join(bodies) + b"\n")
        self.plain(number, b"<</Type/ObjStm/N %d/First %d/Filter/FlateDecode/Length %d>>stream\n"
                   % (len(batch), len(head), len(data)) + data + b"\nendstream")

    def finish(self, reader: PdfReader) -> bytes:
        number, self.next = self.next, self.next + 1
        self.entries[number] = (1, self.out.tell(), 0)
        numbers = sorted(self.entries)
        index: list[int] = []
        for k, n in enumerate(numbers):  # runs of consecutive numbers
            if k and n == numbers[k - 1] + 1:
                index[-1] += 1
            else:
                index += [n, 1]
        rows = b"".join(struct.pack(">BIH", *self.entries[n]) for n in numbers)
        data = zlib.compress(rows)
        trailer = f"/Type/XRef/Size {self.next}/Prev {self.prev}/W[1 4 2]/Index[{' '.join(map(str, index))}]"
        for key in ("/Root", "/Info"):
            if key in reader.trailer:
                trailer += f"{key} {cast(IndirectObject, reader.trailer.raw_get(key)).idnum} 0 R"
        if "/ID" in reader.trailer:
            ids = cast(ArrayObject, reader.trailer["/ID"])
            trailer += "/ID[" + "".join(f"<{bytes(cast(bytes, i.original_bytes)).hex()}>" for i in ids) + "]"
        at = self.out.tell()
        self.out.write(f"{number} 0 obj\n<<{trailer}/Filter/FlateDecode/Length {len(data)}>>stream\n".encode()
                       + data + f"\nendstream\nendobj\nstartxref\n{at}\n%%EOF\n".encode())
        return self.out.getvalue()


def _last_cross_reference(pdf: bytes) -> int:
    found = re.findall(rb"startxref\s+(\d+)", pdf[-1024:])
    return int(found[-1])


def build_tagged(template: BaseDocTemplate, story: list, buffer: io.BytesIO, make_canvas) -> bytes:
    """Lays the story out on tagging canvases (`make_canvas`), then adds the form font and the tags."""
    made: list[TaggingCanvas] = []

    def canvas(*args, **kwargs) -> TaggingCanvas:
        made.append(make_canvas(*args, **kwargs))
        return made[-1]

    template.build(story, canvasmaker=canvas)
    tagger = made[-1].tagger
    # Every page is written: the canvas's copy of them is let go before the tree is written.
    made.clear()
    template.__dict__.pop("canv", None)
    return tagged(with_form_font(buffer.getvalue()), tagger)
