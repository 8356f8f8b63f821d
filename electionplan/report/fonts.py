"""The PDF's fonts: DejaVu Sans, shipped in resources/, so £, –, ’ and Welsh ŵ, ŷ print."""

from __future__ import annotations

from reportlab.graphics.shapes import STATE_DEFAULTS
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus.tables import CellStyle

from electionplan.system.paths import resources_dir

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"


def register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = resources_dir() / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_ITALIC, str(folder / "DejaVuSans-Oblique.ttf")))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT_ITALIC)
    addMapping(FONT, 1, 1, FONT_BOLD)
    # A table cell given no font of its own is set in DejaVu Sans, not ReportLab's Helvetica, which
    # is never embedded: a tagged document (PDF/UA) embeds every font it uses.
    CellStyle.fontname = FONT
    STATE_DEFAULTS["fontName"] = FONT  # and so is a drawing's starting font


register_fonts()
