"""Tooltips that show a plan's text as text.

Qt renders a tooltip as rich text when it looks like markup, so a name typed
(or imported from another force's file) as "<b>…" or "<img …>" would be drawn
as formatting or a picture. Such text is escaped and shown as written; ordinary
text is left alone.
"""

from __future__ import annotations

from html import escape

from PySide6.QtGui import Qt


def plain_tip(text: str) -> str:
    if not text or not Qt.mightBeRichText(text):
        return text
    return "<p style='white-space:pre-wrap'>" + escape(text) + "</p>"
