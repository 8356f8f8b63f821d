"""The national view as a PDF: one row a force, then the national totals.

Marked OFFICIAL-SENSITIVE on every page. It is fed the national roll-up's
plain facts (counts and document facts), so no restricted field can reach it.
"""

from __future__ import annotations

import datetime as dt
import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, PageTemplate, Paragraph, Spacer, TableStyle

from electionplan import __version__
from electionplan.domain.national import ForceSummary, NationalView
from electionplan.domain.timefmt import fmt_date
from electionplan.report.fonts import FONT, FONT_BOLD
from electionplan.report.pdf.core import fit_columns
from electionplan.report.pdf.tag_tree import build_tagged
from electionplan.report.pdf.tagging import TaggedDocTemplate, TaggedFrame, TaggingCanvas, artifact
from electionplan.report.styles import GREY, HEADER_BG, NAVY, RULE, ZEBRA, stylesheet

MARKING = "OFFICIAL-SENSITIVE"
PAGE_W, PAGE_H = landscape(A4)
MARGIN = 12 * mm
CONTENT_W = PAGE_W - 2 * MARGIN
WARNING = colors.HexColor("#8a1c1c")
HEADER = ["Force", "Plan reference", "Latest revision", "Last review", "Next review", "RO reviews",
          "Candidates", "Briefings offered", "Flashpoints L / M / H / VH", "Shifts short", "Ruleset"]
WIDTHS = [0.12, 0.10, 0.09, 0.07, 0.09, 0.06, 0.08, 0.08, 0.10, 0.06, 0.15]


def _date(iso: str | None) -> str:
    return fmt_date(dt.date.fromisoformat(iso)) if iso else "none"


def _levels(counts: dict[str, int]) -> str:
    return " / ".join(str(counts[level]) for level in ("low", "medium", "high", "very_high"))


def force_row(force: ForceSummary) -> list[str]:
    revision = f"{force.revision} {force.revision_status}" if force.revision else "none issued"
    next_review = _date(force.next_review) + (f" OVERDUE by {force.days_overdue} days" if force.review_overdue else "")
    ruleset = force.ruleset
    return [force.force, force.plan_reference, revision, _date(force.last_review), next_review,
            str(force.returning_officer_reviews), str(force.candidates),
            f"{force.briefings_offered} ({force.briefings_offered_pct:.1f}%)", _levels(force.flashpoints),
            str(force.shifts_short), f"{ruleset['name']} {ruleset['version']} ({ruleset['hash'][:12]})"]


def _decorate(canvas, doc) -> None:
    with artifact(canvas, "Pagination"):
        _furniture(canvas, doc)


def _furniture(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont(FONT_BOLD, 10)
    canvas.setFillColor(WARNING)
    canvas.drawCentredString(PAGE_W / 2, PAGE_H - 8 * mm, MARKING)
    canvas.drawCentredString(PAGE_W / 2, 6 * mm, MARKING)
    canvas.setFont(FONT, 7.5)
    canvas.setFillColor(GREY)
    canvas.drawString(MARGIN, 6 * mm, "National view")
    canvas.drawRightString(PAGE_W - MARGIN, 6 * mm, f"Page {doc.page}")
    canvas.restoreState()


class NationalPdfRenderer:
    def __init__(self, view: NationalView):
        self.view = view
        self.s = stylesheet()

    def _p(self, text: str, style: str = "Cell") -> Paragraph:
        return Paragraph(escape(text), self.s[style])

    def forces_table(self) -> LongTable:
        totals = self.view.totals
        total_row = ["National", f"{totals.forces} plans", f"{totals.plans_without_revision} without a revision",
                     "", f"{totals.reviews_overdue} overdue", str(totals.returning_officer_reviews),
                     str(totals.candidates), f"{totals.briefings_offered} ({totals.briefings_offered_pct:.1f}%)",
                     _levels(totals.flashpoints), str(totals.shifts_short),
                     "DIFFER between forces" if self.view.rulesets_differ else "the same in every force"]
        rows = [HEADER] + [force_row(f) for f in self.view.forces] + [total_row]
        data = [[self._p(cell, "CellHead" if n in (0, len(rows) - 1) else "Cell") for cell in row]
                for n, row in enumerate(rows)]
        # No word broken in a cell (ReportLab's default cell padding is 6 points a side).
        widths = fit_columns(HEADER, rows[1:], [w * CONTENT_W for w in WIDTHS], padding=12)
        table = LongTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        style = [("BACKGROUND", (0, 0), (-1, 0), HEADER_BG), ("LINEBELOW", (0, 0), (-1, 0), 0.8, NAVY),
                 ("LINEABOVE", (0, -1), (-1, -1), 0.8, NAVY), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                 ("LINEBELOW", (0, 1), (-1, -2), 0.3, RULE)]
        style += [("BACKGROUND", (0, r), (-1, r), ZEBRA) for r in range(2, len(data) - 1, 2)]
        for r, force in enumerate(self.view.forces, start=1):
            if force.review_overdue:
                style.append(("TEXTCOLOR", (4, r), (4, r), WARNING))
        if self.view.rulesets_differ:
            style.append(("TEXTCOLOR", (-1, -1), (-1, -1), WARNING))
        table.setStyle(TableStyle(style))
        return table

    def story(self) -> list:
        view = self.view
        intro = (f"{view.totals.forces} force plans, as at {_date(view.as_at)}. Each plan was read without being "
                 "changed. Counts and document facts only: no candidate's personal details or intelligence.")
        story = [self._p(MARKING, "CoverMarking"), Spacer(1, 3 * mm),
                 self._p("Election policing plans: national view", "Heading1"), self._p(intro, "Body")]
        if view.rulesets_differ:
            names = "; ".join(f"{r['name']} {r['version']} ({r['hash'][:12]})" for r in view.rulesets)
            story.append(self._p(f"Forces assess risk with different rulesets: {names}.", "Heading3"))
        return story + [Spacer(1, 3 * mm), self.forces_table()]

    def render(self) -> bytes:
        buffer = io.BytesIO()
        doc = TaggedDocTemplate(buffer, pagesize=landscape(A4), leftMargin=MARGIN, rightMargin=MARGIN,
                                topMargin=14 * mm, bottomMargin=12 * mm, title="Election policing plans: national view",
                                subject=MARKING, creator=f"electionplan {__version__}", lang="en-GB",
                                displayDocTitle=1)
        frame = TaggedFrame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_decorate)])
        return build_tagged(doc, self.story(), buffer, TaggingCanvas)
