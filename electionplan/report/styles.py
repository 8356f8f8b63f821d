"""The plan document's named paragraph styles and colours, in one place."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle, StyleSheet1

from electionplan.domain.display import RISK_PALETTE
from electionplan.report.fonts import FONT, FONT_BOLD, FONT_ITALIC

NAVY = colors.HexColor("#1f2d3d")
GREY = colors.HexColor("#52606d")
RULE = colors.HexColor("#c5ccd3")
HEADER_BG = colors.HexColor("#e4e9ef")
ZEBRA = colors.HexColor("#f6f8fa")

LEVEL_COLOURS = {level: colors.HexColor(background) for level, (background, _) in RISK_PALETTE.items()}
LEVEL_TEXT = {level: colors.HexColor(text) for level, (_, text) in RISK_PALETTE.items()}


def stylesheet() -> StyleSheet1:
    sheet = StyleSheet1()
    sheet.add(ParagraphStyle("Body", fontName=FONT, fontSize=9, leading=12.5, spaceAfter=5, textColor=colors.black))
    sheet.add(ParagraphStyle("Small", parent=sheet["Body"], fontSize=8, leading=10, spaceAfter=0))
    sheet.add(ParagraphStyle("SmallBold", parent=sheet["Small"], fontName=FONT_BOLD))
    sheet.add(ParagraphStyle("Compact", parent=sheet["Small"], spaceAfter=2.5))  # a chapter's words beside its map
    sheet.add(ParagraphStyle("Cell", parent=sheet["Body"], fontSize=8, leading=9.8, spaceAfter=0))
    sheet.add(ParagraphStyle("CellBold", parent=sheet["Cell"], fontName=FONT_BOLD))
    sheet.add(ParagraphStyle("CellHead", parent=sheet["Cell"], fontName=FONT_BOLD, textColor=NAVY))
    sheet.add(ParagraphStyle("CellCentre", parent=sheet["Cell"], alignment=TA_CENTER))
    sheet.add(ParagraphStyle("Note", parent=sheet["Body"], fontName=FONT_ITALIC, fontSize=8, textColor=GREY))
    sheet.add(ParagraphStyle("Heading1", fontName=FONT_BOLD, fontSize=15, leading=19, spaceBefore=4, spaceAfter=8, textColor=NAVY))
    sheet.add(ParagraphStyle("Heading2", fontName=FONT_BOLD, fontSize=11.5, leading=15, spaceBefore=10, spaceAfter=5, textColor=NAVY))
    sheet.add(ParagraphStyle("Heading3", fontName=FONT_BOLD, fontSize=9.5, leading=13, spaceBefore=7, spaceAfter=3, textColor=NAVY))
    sheet.add(ParagraphStyle("CoverMarking", fontName=FONT_BOLD, fontSize=14, leading=18, alignment=TA_CENTER, textColor=colors.HexColor("#8a1c1c")))
    sheet.add(ParagraphStyle("CoverForce", fontName=FONT_BOLD, fontSize=13, leading=17, alignment=TA_CENTER, textColor=GREY))
    sheet.add(ParagraphStyle("CoverTitle", fontName=FONT_BOLD, fontSize=24, leading=30, alignment=TA_CENTER, textColor=NAVY, spaceBefore=6))
    sheet.add(ParagraphStyle("CoverSub", fontName=FONT, fontSize=13, leading=18, alignment=TA_CENTER, textColor=NAVY, spaceAfter=4))
    return sheet


def _luminance(colour: colors.Color) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(colour.red) + 0.7152 * channel(colour.green) + 0.0722 * channel(colour.blue)


def contrast(a: colors.Color, b: colors.Color) -> float:
    """The WCAG contrast ratio of two opaque colours (1 to 21)."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def over_white(colour: colors.Color, alpha: float) -> colors.Color:
    """A fill of `colour` at `alpha`, as it shows on a white page."""
    return colors.Color(*(alpha * v + (1 - alpha) for v in (colour.red, colour.green, colour.blue)))


def ink_on(fill: colors.Color) -> colors.Color:
    """Black or white, whichever reads better on the fill: text on a coloured cell is always at least 4.5:1."""
    return colors.black if contrast(colors.black, fill) >= contrast(colors.white, fill) else colors.white
