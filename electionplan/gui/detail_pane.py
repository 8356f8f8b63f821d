"""The "why" pane beside a table: a record's rating, how it was reached, and its reasons.

It shows an Explanation from services.explain; every reason is listed in full
and the pane scrolls, so nothing is cut off at 1366×768.
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser

from electionplan.domain.display import RISK_PALETTE
from electionplan.services.explain import Explanation


def explanation_html(item: Explanation) -> str:
    background, foreground = RISK_PALETTE.get(item.rating_key, ("#5f6b76", "#ffffff"))
    parts = [
        f"<h3 style='margin:0'>{escape(item.title)}</h3>",
        f"<p style='color:#52606d; margin-top:2px'>{escape(item.subtitle)}</p>",
        f"<p><span style='background:{background}; color:{foreground}; font-weight:600'>&nbsp;{escape(item.rating)}&nbsp;</span>"
        f"&nbsp; {escape(item.headline)}</p>",
    ]
    for section in item.sections:
        parts.append(f"<p style='margin-bottom:2px'><b>{escape(section.heading)}</b></p>")
        if section.lines:
            parts.append("<ul style='margin-top:0'>" + "".join(f"<li>{escape(line)}</li>" for line in section.lines) + "</ul>")
        elif section.empty:
            parts.append(f"<p style='color:#52606d; margin-top:0'>{escape(section.empty)}</p>")
    return "".join(parts)


class DetailPane(QTextBrowser):
    """Read-only reasons for the selected record."""

    def __init__(self, accessible_name: str = "Details", placeholder: str = "Select a row to see why it is rated as it is.",
                 parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setAccessibleName(accessible_name)
        self.setMinimumWidth(280)
        self.document().setDocumentMargin(12)
        self._placeholder = placeholder
        self.explanation: Explanation | None = None
        self.clear_explanation()

    def show_explanation(self, item: Explanation) -> None:
        self.explanation = item
        self.setHtml(explanation_html(item))
        self.setAccessibleDescription(f"{item.title}: {item.rating}. {item.headline}")

    def clear_explanation(self) -> None:
        self.explanation = None
        self.setHtml(f"<p style='color:#52606d'>{escape(self._placeholder)}</p>")
