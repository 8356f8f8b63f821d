"""Plain table cells: text wrapped to its column here, not set as a paragraph.

A national plan has hundreds of thousands of cells; a paragraph for each (its
markup parsed, then broken into lines) was most of an export's time.
"""

from __future__ import annotations

import re

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from electionplan.report.fonts import FONT

NO_BREAK_SPACE = "\u00a0"


def unbroken(text: str) -> str:
    """Text read as one unit ("SJ 7936 9427", "01632 960 201") that must never wrap inside a cell."""
    return (text or "").replace(" ", NO_BREAK_SPACE)


BULLET = "\u2022 "


def cell_lines(items) -> str:
    """Lines for a table cell, set as plain text and wrapped to the column by the table."""
    return "\n".join(str(i) for i in items)


def cell_bullets(items) -> str:
    """A bulleted list for a table cell; each item's run-on lines hang under its first word."""
    return "\n".join(BULLET + str(i) for i in items)


def _at_punctuation(text: str, font: str, size: float, room: float) -> list[str]:
    """A word too long for its column (an email address, a web address) broken where a reader
    expects it to be: before an "@", after a dot, hyphen or slash; never inside a run of letters."""
    parts = re.findall(r"@?[^@./-]*[./-]?", text)
    lines: list[str] = []
    for part in filter(None, parts):
        if lines and stringWidth(lines[-1] + part, font, size) <= room:
            lines[-1] += part
        else:
            lines.append(part)
    return lines


def _split_at_spaces(line: str, font: str, size: float, room: float) -> list[str]:
    """Lines broken at ordinary spaces only: ReportLab's splitting breaks a TrueType font's text at a no-break
    space too, which would wrap a grid reference."""
    lines: list[str] = []
    for word in line.split(" "):
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and stringWidth(joined, font, size) <= room:
            lines[-1] = joined
        else:
            lines.append(word)
    return lines or [""]


def wrapped_line(line: str, size: float, room: float, font: str = FONT) -> list[str]:
    if not line.startswith(BULLET):
        pieces = (_split_at_spaces(line, font, size, room) if NO_BREAK_SPACE in line
                  else simpleSplit(line, font, size, room)) or [""]
        return [out for piece in pieces for out in
                (_at_punctuation(piece, font, size, room) if stringWidth(piece, font, size) > room else [piece])]
    # Spaces as wide as the bullet keep the run-on lines of an item under its text.
    hang = " " * max(1, round(stringWidth(BULLET, FONT, size) / stringWidth(" ", FONT, size)))
    pieces = simpleSplit(line[len(BULLET):], FONT, size, room - stringWidth(hang, FONT, size)) or [""]
    return [BULLET + pieces[0]] + [hang + piece for piece in pieces[1:]]
