"""The front of the plan: cover, document control and summary."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, PageBreak, Spacer

from electionplan.domain.timefmt import fmt_date
from electionplan.report.editions import ASSESSMENT_WITHHELD
from electionplan.report.pdf.charts import counts_table, demand_chart, matrix_table, timeline_drawing
from electionplan.report.pdf.core import RendererCore, para

HANDLING_NOTE = (
    "This document is marked OFFICIAL-SENSITIVE. It must be stored and shared only as that marking requires, "
    "and only with those on the distribution list. Do not copy or forward it without the SPOC's agreement."
)


# More constituencies than this are counted on the cover, not listed: each has its own part of section 1.
COVER_LISTS_AT_MOST = 8


def _constituencies_line(seats: tuple[str, ...]) -> str:
    if not seats:
        return "None recorded"
    if len(seats) <= COVER_LISTS_AT_MOST:
        return "; ".join(seats)
    return f"{len(seats)} constituencies, each set out in section 1 (Information) and section 3 (Method)"


class FrontSections(RendererCore):
    def cover(self) -> list:
        c, edition = self.doc.cover, self.doc.edition
        story = [Spacer(1, 18 * mm), para(edition.marking, self.s["CoverMarking"]), Spacer(1, 14 * mm),
                 para(c.force, self.s["CoverForce"]), para(c.title, self.s["CoverTitle"]),
                 para(c.election, self.s["CoverSub"]), *self.operation_line(), Spacer(1, 4 * mm),
                 para(edition.label, self.s["CoverSub"]), Spacer(1, 12 * mm)]
        story.append(self.kv_table([
            ("Constituencies", _constituencies_line(c.constituencies)),
            ("Edition", edition.label),
            ("Protective marking", edition.marking),
            ("Plan reference", c.reference),
            ("Revision", f"{c.revision}, {c.revision_date}"),
            ("Status", c.status),
            ("Prepared by", c.prepared_by or "Not recorded"),
            ("Approved by", c.approved_by or "Not recorded"),
            ("Assessed as at", c.as_at),
        ]))
        story += [Spacer(1, 10 * mm), para(HANDLING_NOTE, self.s["Note"]), PageBreak()]
        return story

    def operation_line(self) -> list:
        order = self.doc.order
        if order is None or not order.operation_name:
            return []
        name = order.operation_name
        return [para(name if name.lower().startswith("operation ") else f"Operation {name}", self.s["CoverSub"])]

    def document_control(self) -> list:
        control = self.doc.control
        story = [para("Document control", self.s["Heading1"]), para("Revision history", self.s["Heading2"])]
        if control.revisions and any(r.hash for r in control.revisions):
            story.append(self.table(
                ["Revision", "Issued", "Author", "Status", "Note", "Content hash"],
                [[r.number, r.date, r.author, r.status, _revision_text(r), r.hash[:12]] for r in control.revisions],
                [0.1, 0.17, 0.15, 0.12, 0.32, 0.14], long=True))
        elif control.revisions:  # an edition outside the police, which is given no content hash
            story.append(self.table(
                ["Revision", "Issued", "Author", "Status", "Note"],
                [[r.number, r.date, r.author, r.status, _revision_text(r)] for r in control.revisions],
                [0.1, 0.17, 0.17, 0.14, 0.42], long=True))
        else:
            story.append(para("No revision has been issued yet; this is a working draft.", self.s["Body"]))
        story.append(para("Distribution", self.s["Heading2"]))
        story.append(self.table(["#", "Recipient"], [[i + 1, d] for i, d in enumerate(control.distribution)]
                                or [["–", "No distribution recorded"]], [0.06, 0.94]))
        story.append(para("Review", self.s["Heading2"]))
        interval = control.review_interval
        story.append(self.kv_table([
            ("Next review date", control.next_review or "Not set"),
            ("Review interval", f"Every {interval} days during the campaign" if interval else "Not set"),
            ("Ruleset", control.ruleset.label),
        ]))
        if control.review_comments:
            story.append(para("Returning officers' review comments", self.s["Heading2"]))
            story.append(self.table(["Revision", "Reviewer", "Date", "Comments"],
                                    [[c.revision, c.reviewer, c.date, c.comments] for c in control.review_comments],
                                    [0.09, 0.2, 0.11, 0.6]))
        return story  # the renderer ends the page, after what the order still lacks

    def summary(self) -> list:
        summary = self.doc.summary
        story = [para("Summary", self.s["Heading1"]), para("Key dates", self.s["Heading2"]), timeline_drawing(summary)]
        story += [para("The plan in numbers", self.s["Heading2"]), counts_table(summary.counts, self.s)]
        if not self.doc.edition.event_risk:
            # Outside the police: no matrix, flashpoint or demand, each of which moves with what is withheld.
            return story + [Spacer(1, 4 * mm), para(ASSESSMENT_WITHHELD, self.s["Body"]), PageBreak()]
        story += [CondPageBreak(70 * mm), para("Risk matrix", self.s["Heading2"]),
                  para("How many events fall in each cell of likelihood × impact.", self.s["Note"]),
                  matrix_table(summary, self.s)]
        story += self.top_flashpoints()
        story += [CondPageBreak(88 * mm), para("Officer demand in this constituency" if summary.demand_scoped
                                                   else "Officer demand against capacity", self.s["Heading2"]),
                  demand_chart(summary.demand, scoped=summary.demand_scoped)]
        short = [d for d in summary.demand if d.shortfall]
        if short:
            story.append(para("Shortfalls to be met by mutual aid, rest-day working or re-planning:", self.s["Body"]))
            story.append(self.table(
                ["Date", "Shift", "Required", "Available", "Short by", "Main demands"],
                [[fmt_date(d.date), d.shift.capitalize(), d.required, d.available, d.shortfall,
                  "; ".join(d.contributors[:3])] for d in short],
                [0.13, 0.09, 0.1, 0.1, 0.1, 0.48]))
        else:
            story.append(para("Demand is within capacity on every shift.", self.s["Body"]))
        story.append(PageBreak())
        return story

    def top_flashpoints(self) -> list:
        top = self.doc.summary.flashpoints[:5]
        story = [para("Top flashpoints", self.s["Heading2"])]
        if not top:
            return story + [para("No event reaches the flashpoint threshold.", self.s["Body"])]
        story.append(para("Numbered as on the key dates line above.", self.s["Note"]))
        story.append(self.table(
            ["#", "Event", "When", "Level", "Score", "Presence"],
            [[n + 1, e.name, e.when, self.chip(e.level), e.score, e.presence] for n, e in enumerate(top)],
            [0.05, 0.3, 0.19, 0.11, 0.07, 0.28]))
        return story


def _revision_text(line) -> str:
    """The internal note where the edition holds it, then the summary written for recipients."""
    if line.note and line.summary:
        return f"{line.note} (For recipients: {line.summary})"
    return line.note or line.summary
