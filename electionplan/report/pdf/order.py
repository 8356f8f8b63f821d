"""The operational order's own parts in the plan PDF.

Each method returns nothing when the document carries no order (a revision
issued before the order was plan data prints as it was issued) and says plainly
what is not yet written, so a commander reading a draft sees the gaps.
"""

from __future__ import annotations

from reportlab.platypus import PageBreak

from electionplan.report.document import OrderSection, StandardText
from electionplan.report.pdf.core import RendererCore, para, written
from electionplan.report.pdf.lists import bullets

NOT_WRITTEN = "Not yet written."


def template_paragraphs(paragraphs: tuple[str, ...], style) -> list:
    """A template section's paragraphs, where one starting "- " is a bullet; bullets in a row are one list."""
    story: list = []
    items: list[str] = []
    for paragraph in (*paragraphs, ""):
        if paragraph.startswith("- "):
            items.append(paragraph[2:])
            continue
        if items:
            story.append(bullets(items, style))
            items = []
        if paragraph:
            story.append(para(paragraph, style))
    return story


class OrderSections(RendererCore):
    @property
    def order(self) -> OrderSection | None:
        return self.doc.order

    @property
    def _whole(self) -> bool:
        """The police edition: a part not written yet is shown as a gap, not left out."""
        return self.doc.edition.key == "police"

    def _text(self, heading: str, text: str) -> list:
        if not text and not self._whole:  # withheld from this edition, or not written
            return []
        return [para(heading, self.s["Heading2"]), *written(text or NOT_WRITTEN, self.s["Body"])]

    def order_gaps(self) -> list:
        """On the document control page: what the order still lacks, for whoever approves it."""
        order = self.order
        if order is None or not order.gaps or not self._whole:
            return []
        return [para("The order does not yet say", self.s["Heading2"]),
                bullets([gap[0].upper() + gap[1:] for gap in order.gaps], self.s["Body"])]

    def order_intention(self) -> list:
        """Gold's strategy and the tactical parameters Silver works within."""
        order = self.order
        if order is None:
            return []
        return (self._text("Gold strategy", order.gold_strategy)
                + self._text("Tactical parameters", order.tactical_parameters))

    def _listing(self, heading: str, header: list[str], rows: list[list[str]], widths: list[float],
                 empty: str) -> list:
        """A heading and its table; in the police edition an empty one says so, elsewhere it is left out."""
        if not (rows or self._whole):
            return []
        shown = self.table(header, rows, widths, long=True) if rows else para(empty, self.s["Body"])
        return [para(heading, self.s["Heading2"]), shown]

    def command_structure(self) -> list:
        order = self.order
        if order is None:
            return []
        return self._listing("Command structure", ["Role", "Name", "Call sign", "Contact"],
                             [[c.role, c.name or "Not named", c.call_sign, c.contact] for c in order.command],
                             [0.34, 0.26, 0.14, 0.26], "No command role is named yet.")

    def briefing_schedule(self) -> list:
        order = self.order
        if order is None:
            return []
        return self._listing("Briefing schedule", ["When", "Where", "Who attends", "Led by"],
                             [[b.when, b.place, b.audience, b.lead] for b in order.briefings],
                             [0.18, 0.3, 0.32, 0.2], "No briefing is scheduled yet.")

    def channels(self) -> list:
        order = self.order
        if order is None:
            return []
        return self._text("Escalation", order.escalation) + self._listing(
            "Channels and call signs", ["Name", "Channel", "Call sign", "Used for"],
            [[c.name, c.channel, c.call_sign, c.purpose] for c in order.channels],
            [0.24, 0.16, 0.14, 0.46], "No channel is recorded yet.")

    def _standard(self, section: StandardText) -> list:
        return [para(section.title, self.s["Heading2"]), *template_paragraphs(section.paragraphs, self.s["Body"])]

    def standard_sections(self) -> list:
        order = self.order
        if order is None or not order.standard:
            return []
        story = [PageBreak(), para("8. Standard sections", self.s["Heading1"]),
                 para(f"From {order.template}.", self.s["Note"])]
        for section in order.standard:
            if section.key not in ("human_rights", "count_security"):  # printed in sections 7 and 3
                story += self._standard(section)
        return story

    def glossary(self) -> list:
        order = self.order
        if order is None or not order.glossary:
            return []
        rows = [[term, meaning] for term, meaning in order.glossary]
        return [para("Glossary", self.s["Heading2"]),
                self.table(["Term", "Meaning"], rows, [0.22, 0.78], long=True)]
