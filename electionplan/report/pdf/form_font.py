"""Fillable fields set in the embedded DejaVu Sans, so "Rhŷs" typed into a form shows as typed.

ReportLab's forms take only the fourteen standard fonts, which have no ŵ or ŷ
and are not embedded. Once the PDF is built, its fields are pointed at the
whole DejaVu Sans (not a subset: a form must show whatever is typed later),
as a TrueType font whose encoding is Windows' Western one with the letters of
Welsh and of other names on British electoral rolls put in its unused codes.
Only an edition with a form is rewritten (about 2 s for 5,000 pages).
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import cast

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
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


def _font_objects(writer: PdfWriter):
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
        NameObject("/FontFile2"): writer._add_object(font_file),
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
        NameObject("/FontDescriptor"): writer._add_object(descriptor),
    })


def with_form_font(pdf: bytes) -> bytes:
    """The PDF with every fillable field set in DejaVu Sans; a PDF with no fields comes back as it was."""
    reader = PdfReader(io.BytesIO(pdf))
    if "/AcroForm" not in reader.root_object:
        return pdf
    writer = PdfWriter(clone_from=reader)
    form = cast(DictionaryObject, writer.root_object["/AcroForm"].get_object())
    font = writer._add_object(_font_objects(writer))
    resources = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject(FORM_FONT): font})})
    form[NameObject("/DR")] = resources
    form[NameObject("/DA")] = TextStringObject(FIELD_APPEARANCE)
    # The viewer draws each field afresh in the new font; the stored look was drawn in Helvetica.
    form[NameObject("/NeedAppearances")] = BooleanObject(True)
    for reference in cast(ArrayObject, form["/Fields"]):
        field = cast(DictionaryObject, reference.get_object())
        field[NameObject("/DA")] = TextStringObject(FIELD_APPEARANCE)
        field.pop("/AP", None)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
