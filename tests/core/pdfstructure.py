"""A tagged PDF's structure tree read back as a screen reader reads it: each element's text from the
marked content it owns, in the tree's order."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
import pytest

from tests.core.marked_content import marked_text


@dataclass
class Element:
    role: str
    text: str
    alt: str
    scope: str
    kids: list[Element] = field(default_factory=list)


class StructureTree:
    """The document's structure tree, each element holding the text of the marked content it owns."""

    def __init__(self, path: Path):
        self.pdf = pikepdf.open(path)
        self.page_of = {page.obj.objgen: n for n, page in enumerate(self.pdf.pages)}
        self._texts: dict[int, dict[int, str]] = {}
        self.root = self._element(self.pdf.Root.StructTreeRoot.K)

    def texts(self, page: int) -> dict[int, str]:
        if page not in self._texts:
            self._texts[page] = marked_text(self.pdf.pages[page])[0]
        return self._texts[page]

    def _element(self, node: pikepdf.Dictionary) -> Element:
        kids = node.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else ([] if kids is None else [kids])
        page = self.page_of.get(node.Pg.objgen) if "/Pg" in node else None
        element = Element(str(node.S)[1:], "", str(node.get("/Alt", "")), "")
        if "/A" in node:
            element.scope = str(node.A.get("/Scope", ""))[1:]
        for kid in kids:
            if isinstance(kid, int):
                element.text += self.texts(page).get(kid, "")
            elif kid.get("/Type") == "/MCR":
                element.text += self.texts(self.page_of[kid.Pg.objgen]).get(int(kid.MCID), "")
            elif kid.get("/Type") == "/OBJR":
                element.kids.append(Element("OBJR", "", str(kid.Obj.get("/TU", "")), ""))
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
