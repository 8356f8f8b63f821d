"""A tagged PDF's structure tree read back as a screen reader reads it: each element's text from the
marked content it owns, in the tree's order."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject


@dataclass
class Element:
    role: str
    text: str
    alt: str
    scope: str
    kids: list[Element] = field(default_factory=list)


def marked_text(page) -> tuple[dict[int, str], list[str]]:
    """Each marked-content id's text on the page, and any text drawn outside both tags and artifacts."""
    texts: dict[int, str] = {}
    stack: list[object] = []
    loose: list[str] = []

    def before(op, args, _cm, _tm):
        if op == b"BDC":
            properties = args[1]
            stack.append(properties.get("/MCID") if hasattr(properties, "get") else None)
        elif op == b"BMC":
            stack.append(None)
        elif op == b"EMC":
            stack.pop()

    def text(run, *_):
        if not run.strip():
            return
        if not stack:
            loose.append(run)
        elif stack[-1] is not None:
            texts[int(stack[-1])] = texts.get(int(stack[-1]), "") + run

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return texts, loose


class StructureTree:
    def __init__(self, path: Path):
        self.reader = PdfReader(str(path))
        self.page_of = {page.indirect_reference.idnum: n for n, page in enumerate(self.reader.pages)}
        self._texts: dict[int, dict[int, str]] = {}
        root = self.reader.root_object["/StructTreeRoot"]
        self.root = self._element(root["/K"].get_object())

    def texts(self, page: int) -> dict[int, str]:
        if page not in self._texts:
            self._texts[page] = marked_text(self.reader.pages[page])[0]
        return self._texts[page]

    def _element(self, node: DictionaryObject) -> Element:
        kids = node.get("/K")
        kids = list(kids) if isinstance(kids, ArrayObject) else ([] if kids is None else [kids])
        page = self.page_of.get(node.raw_get("/Pg").idnum) if "/Pg" in node else None
        element = Element(str(node["/S"])[1:], "", str(node.get("/Alt", "")), "")
        if "/A" in node:
            element.scope = str(node["/A"].get("/Scope", ""))[1:]
        for kid in kids:
            kid = kid.get_object()
            if isinstance(kid, int):
                element.text += self.texts(page).get(kid, "")
            elif kid.get("/Type") == "/MCR":
                element.text += self.texts(self.page_of[kid.raw_get("/Pg").idnum]).get(int(kid["/MCID"]), "")
            elif kid.get("/Type") == "/OBJR":
                element.kids.append(Element("OBJR", "", str(kid["/Obj"].get("/TU", "")), ""))
            else:
                element.kids.append(self._element(kid))
        return element

    def walk(self) -> list[Element]:
        order, stack = [], [self.root]
        while stack:
            element = stack.pop()
            order.append(element)
            stack.extend(reversed(element.kids))
        return order


def words(text: str) -> str:
    return " ".join(text.split())


def accessibility_findings(path: Path) -> list[str]:
    """Every error pdfua and outloud report on the PDF (skipped where either is not installed)."""
    pdfua = pytest.importorskip("pdfua")
    outloud = pytest.importorskip("outloud")
    report = pdfua.validate(str(path))
    found = [f"pdfua {f.rule_id}: {f.message}" for f in report.findings if f.severity == pdfua.Severity.ERROR]
    result = outloud.check(str(path))
    assert result.error is None, result.error
    return found + [f"outloud {f.rule} p.{f.page}: {f.message}" for f in result.findings if f.severity == "error"]
