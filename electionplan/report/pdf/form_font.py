"""Fillable fields set in the embedded DejaVu Sans, so "Rhŷs" typed into a form shows as typed.

ReportLab's forms take only the fourteen standard fonts, which have no ŵ or ŷ
and are not embedded. Once the PDF is built, its fields are pointed at the
whole DejaVu Sans (not a subset: a form must show whatever is typed later),
as a TrueType font whose encoding is Windows' Western one with the letters of
Welsh and of other names on British electoral rolls put in its unused codes.
The change is appended to the PDF as an incremental update (PDF 1.7, 7.5.6),
so a 5,000-page edition is not parsed and written out again for a few objects.
Only an edition with a form is changed.
"""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path
from typing import cast

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)
from reportlab.pdfbase import pdfmetrics

from electionplan.report.fonts import FONT, register_fonts

FORM_FONT = "/DejaVu"
FIELD_APPEARANCE = f"{FORM_FONT} 10 Tf 0 g"
FIRST_CODE, LAST_CODE = 1, 255
# Codes Windows-1252 leaves unused, and the control codes nobody types, given the
# letters a name may need beyond it (Welsh first, then central European ones).
EXTRA_LETTERS = {
    0x81: "Ŵ", 0x8D: "ŵ", 0x8F: "Ŷ", 0x90: "ŷ", 0x9D: "ł",
    0x01: "Ł", 0x02: "ś", 0x03: "Ś", 0x04: "ż", 0x05: "Ż", 0x06: "ź", 0x07: "Ź", 0x08: "ą", 0x09: "ę",
    0x0A: "ć", 0x0B: "Ć", 0x0C: "ń", 0x0D: "Ń", 0x0E: "ő", 0x0F: "ű", 0x10: "č", 0x11: "Č", 0x12: "ř",
    0x13: "ě", 0x14: "ă", 0x15: "ș", 0x16: "ț", 0x17: "ğ", 0x18: "ı", 0x19: "ş", 0x1A: "Ş", 0x1B: "İ",
}


def _code_to_char(code: int) -> str:
    if code in EXTRA_LETTERS:
        return EXTRA_LETTERS[code]
    if code < 0x20:
        return ""
    try:
        return bytes([code]).decode("cp1252")
    except UnicodeDecodeError:
        return ""


@cache
def _glyph_names() -> dict[str, str]:
    """PDF glyph names of the added letters, as the Adobe Glyph List spells them."""
    return {"Ŵ": "Wcircumflex", "ŵ": "wcircumflex", "Ŷ": "Ycircumflex", "ŷ": "ycircumflex", "ł": "lslash",
            "Ł": "Lslash", "ś": "sacute", "Ś": "Sacute", "ż": "zdotaccent", "Ż": "Zdotaccent", "ź": "zacute",
            "Ź": "Zacute", "ą": "aogonek", "ę": "eogonek", "ć": "cacute", "Ć": "Cacute", "ń": "nacute",
            "Ń": "Nacute", "ő": "ohungarumlaut", "ű": "uhungarumlaut", "č": "ccaron", "Č": "Ccaron",
            "ř": "rcaron", "ě": "ecaron", "ă": "abreve", "ș": "uni0219", "ț": "uni021B", "ğ": "gbreve",
            "ı": "dotlessi", "ş": "scedilla", "Ş": "Scedilla", "İ": "Idotaccent"}


def _font_objects(update: _Update):
    register_fonts()
    face = pdfmetrics.getFont(FONT).face
    data = Path(face.filename).read_bytes()
    plain = DecodedStreamObject()
    plain.set_data(data)
    plain[NameObject("/Length1")] = NumberObject(len(data))
    font_file = plain.flate_encode()
    descriptor = DictionaryObject({
        NameObject("/Type"): NameObject("/FontDescriptor"), NameObject("/FontName"): NameObject("/DejaVuSans"),
        NameObject("/Flags"): NumberObject(32), NameObject("/ItalicAngle"): NumberObject(0),
        NameObject("/FontBBox"): ArrayObject(FloatObject(round(v, 3)) for v in face.bbox),
        NameObject("/Ascent"): FloatObject(round(face.ascent, 3)), NameObject("/Descent"): FloatObject(round(face.descent, 3)),
        NameObject("/CapHeight"): FloatObject(round(face.capHeight, 3)), NameObject("/StemV"): NumberObject(int(face.stemV)),
        NameObject("/FontFile2"): update.add(font_file),
    })
    names = _glyph_names()
    differences = ArrayObject()
    for code in sorted(EXTRA_LETTERS):
        differences += [NumberObject(code), NameObject("/" + names[EXTRA_LETTERS[code]])]
    widths = ArrayObject(
        FloatObject(round(face.charWidths.get(ord(ch), face.defaultWidth), 3)) if (ch := _code_to_char(code)) else NumberObject(0)
        for code in range(FIRST_CODE, LAST_CODE + 1))
    return DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/TrueType"),
        NameObject("/BaseFont"): NameObject("/DejaVuSans"), NameObject("/FirstChar"): NumberObject(FIRST_CODE),
        NameObject("/LastChar"): NumberObject(LAST_CODE), NameObject("/Widths"): widths,
        NameObject("/Encoding"): DictionaryObject({
            NameObject("/Type"): NameObject("/Encoding"), NameObject("/BaseEncoding"): NameObject("/WinAnsiEncoding"),
            NameObject("/Differences"): differences}),
        NameObject("/FontDescriptor"): update.add(descriptor),
    })


def with_form_font(pdf: bytes) -> bytes:
    """The PDF with every fillable field set in DejaVu Sans; a PDF with no fields comes back as it was."""
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer.raw_get("/Root")
    catalog = cast(DictionaryObject, reader.root_object)
    if "/AcroForm" not in catalog:
        return pdf
    update = _Update(reader)
    stored_form = catalog.raw_get("/AcroForm")
    form = cast(DictionaryObject, stored_form.get_object())
    font = update.add(_font_objects(update))
    form[NameObject("/DR")] = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject(FORM_FONT): font})})
    form[NameObject("/DA")] = TextStringObject(FIELD_APPEARANCE)
    # The viewer draws each field afresh in the new font; the stored look was drawn in Helvetica.
    form[NameObject("/NeedAppearances")] = BooleanObject(True)
    update.replace(stored_form if isinstance(stored_form, IndirectObject) else root,
                   form if isinstance(stored_form, IndirectObject) else catalog)
    for reference in cast(ArrayObject, form["/Fields"]):
        field = cast(DictionaryObject, reference.get_object())
        field[NameObject("/DA")] = TextStringObject(FIELD_APPEARANCE)
        field.pop("/AP", None)
        update.replace(reference, field)
    return update.appended_to(pdf)


class _Update:
    """Objects added or replaced, written after the original PDF with their own cross-reference section."""

    def __init__(self, reader: PdfReader):
        self.trailer = reader.trailer
        self.next_number = int(cast(int, reader.trailer["/Size"]))
        self.objects: dict[int, PdfObject] = {}

    def add(self, obj: PdfObject) -> IndirectObject:
        number = self.next_number
        self.next_number += 1
        self.objects[number] = obj
        return IndirectObject(number, 0, None)  # written as "N 0 R", never resolved

    def replace(self, reference: IndirectObject, obj: PdfObject) -> None:
        self.objects[reference.idnum] = obj

    def appended_to(self, pdf: bytes) -> bytes:
        out = io.BytesIO()
        out.write(pdf if pdf.endswith(b"\n") else pdf + b"\n")
        offsets = {}
        for number in sorted(self.objects):
            offsets[number] = out.tell()
            out.write(f"{number} 0 obj\n".encode())
            self.objects[number].write_to_stream(out)
            out.write(b"\nendobj\n")
        cross_reference = out.tell()
        # One subsection per object; each entry exactly 20 bytes, as the format requires.
        out.write(b"xref\n" + b"".join(f"{n} 1\n{offsets[n]:010d} 00000 n \n".encode() for n in sorted(offsets)))
        trailer = DictionaryObject({NameObject("/Size"): NumberObject(self.next_number),
                                    NameObject("/Prev"): NumberObject(_last_cross_reference(pdf))})
        for key in ("/Root", "/Info", "/ID"):
            if key in self.trailer:
                trailer[NameObject(key)] = self.trailer.raw_get(key)
        out.write(b"trailer\n")
        trailer.write_to_stream(out)
        out.write(f"\nstartxref\n{cross_reference}\n%%EOF\n".encode())
        return out.getvalue()


def _last_cross_reference(pdf: bytes) -> int:
    found = re.findall(rb"startxref\s+(\d+)", pdf[-1024:])
    return int(found[-1])
