"""The text of each marked-content sequence on a PDF page, read as a screen reader reads it: qpdf parses each
content stream, and each string is decoded by its font's ToUnicode map (or, without one, its single-byte
encoding). Text drawn outside both tags and artifacts is returned apart, so a test can show there is none."""

from __future__ import annotations

import re
from collections.abc import Callable

import pikepdf

Decode = Callable[[bytes], str]

# Only the operators that mark content, choose a font, show text, move to a new line or draw a form: qpdf leaves
# the rest (paths, colours, images) unparsed.
_WANTED = "BDC BMC EMC Tf q Q Tj TJ Td TD T* Tm BT ET ' \" Do"
_NEW_LINE = frozenset(("Td", "TD", "T*", "Tm", "BT", "ET", "'", '"'))
_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")
_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])")


def _utf16(hexed: bytes) -> str:
    return bytes.fromhex(hexed.decode()).decode("utf-16-be", errors="replace")


def _ranges(block: bytes) -> dict[bytes, str]:
    """A bfrange block's codes: each range maps to consecutive characters from its first, or to a list."""
    table: dict[bytes, str] = {}
    for low, high, target in _RANGE.findall(block):
        start, end, size = int(low, 16), int(high, 16), len(low) // 2
        if target.startswith(b"["):
            texts = [_utf16(t) for t in _HEX.findall(target)]
        else:
            first = bytes.fromhex(target[1:-1].decode())
            base = int.from_bytes(first[-2:], "big")
            texts = [(first[:-2] + (base + i).to_bytes(2, "big")).decode("utf-16-be", errors="replace")
                     for i in range(end - start + 1)]
        table.update(((start + i).to_bytes(size, "big"), text) for i, text in enumerate(texts))
    return table


def _to_unicode(cmap: bytes) -> tuple[dict[bytes, str], int]:
    """A ToUnicode CMap's codes and their text, and how many bytes a code takes."""
    table: dict[bytes, str] = {}
    width = 1
    for block in re.findall(rb"begincodespacerange(.*?)endcodespacerange", cmap, re.S):
        codes = _HEX.findall(block)
        width = len(codes[0]) // 2 if codes else width
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        pairs = _HEX.findall(block)
        table.update((bytes.fromhex(code.decode()), _utf16(text)) for code, text in zip(pairs[::2], pairs[1::2], strict=True))
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        table.update(_ranges(block))
    return table, width


def _single_byte(raw: bytes) -> str:
    return raw.decode("cp1252", errors="replace")


def _decoder(font: pikepdf.Object | None) -> Decode:
    if font is None or "/ToUnicode" not in font:
        return _single_byte
    table, width = _to_unicode(font.ToUnicode.read_bytes())
    return lambda raw: "".join(table.get(raw[i:i + width], "") for i in range(0, len(raw), width))


class _Page:
    """One page's reading: the marked-content stack, each id's text so far, and the fonts met."""

    def __init__(self) -> None:
        self.texts: dict[int, str] = {}
        self.loose: list[str] = []
        self.stack: list[int | None] = []
        self.fonts: dict[tuple[int, str], Decode] = {}
        self.moved = False  # the text position moved since the last run, so the next run starts a new line

    def show(self, run: str) -> None:
        if run.strip():
            if not self.stack:
                self.loose.append(run)
            elif (key := self.stack[-1]) is not None:
                before = self.texts.get(key, "")
                self.texts[key] = before + ("\n" if before and self.moved else "") + run
        self.moved = False

    def font(self, resources: pikepdf.Object, name: str) -> Decode:
        key = (id(resources), name)
        if key not in self.fonts:
            fonts = resources.get("/Font")
            self.fonts[key] = _decoder(fonts.get(name) if fonts is not None else None)
        return self.fonts[key]

    def mark(self, operands: list, resources: pikepdf.Object) -> None:
        properties = operands[1]
        if isinstance(properties, pikepdf.Name):
            properties = resources.get("/Properties", pikepdf.Dictionary()).get(properties)
        mcid = properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) else None
        self.stack.append(None if mcid is None else int(mcid))

    def read(self, contents: pikepdf.Object | pikepdf.Page, resources: pikepdf.Object) -> None:
        decode: Decode = _single_byte
        saved: list[Decode] = []  # the font is part of the graphics state that q and Q save and restore
        for operands, operator in pikepdf.parse_content_stream(contents, _WANTED):
            op = str(operator)
            if op in ("Tj", "TJ"):
                shown = operands[0] if op == "TJ" else [operands[0]]
                self.show("".join(decode(bytes(s)) for s in shown if isinstance(s, pikepdf.String)))
            elif op in _NEW_LINE:
                self.moved = True
                if op in ("'", '"'):
                    self.show(decode(bytes(operands[-1])))
            elif op == "Tf":
                decode = self.font(resources, str(operands[0]))
            elif op == "BDC":
                self.mark(operands, resources)
            elif op == "BMC":
                self.stack.append(None)
            elif op == "EMC":
                self.stack.pop()
            elif op == "q":
                saved.append(decode)
            elif op == "Q" and saved:
                decode = saved.pop()
            elif op == "Do":
                form = resources.get("/XObject", pikepdf.Dictionary()).get(operands[0])
                if form is not None and form.get("/Subtype") == "/Form":
                    self.read(form, form.get("/Resources", resources))


def marked_text(page: pikepdf.Page) -> tuple[dict[int, str], list[str]]:
    """Each marked-content id's text on the page, and any text drawn outside both tags and artifacts."""
    reading = _Page()
    reading.read(page, page.obj.get("/Resources", pikepdf.Dictionary()))
    return reading.texts, reading.loose
