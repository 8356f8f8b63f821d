"""The national view as a PDF, laid out for election night.

Forces come in order of need, one line each, with a force whose share of
candidates offered a briefing is below the ruleset's line flagged; then every
high and very high flashpoint with its date, place and force; then the shifts
short, force by force. The ruleset is named once, and only forces that use
another are flagged. Marked OFFICIAL-SENSITIVE on every page. It is fed the
national roll-up's plain facts, so no restricted field can reach it.
"""

from __future__ import annotations

import datetime as dt
import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, PageTemplate, Paragraph, Spacer, TableStyle

from electionplan import __version__
from electionplan.domain.national import ForceSummary, NationalView, ShortShift
from electionplan.domain.timefmt import fmt_date, fmt_datetime
from electionplan.report.fonts import FONT, FONT_BOLD
from electionplan.report.pdf.tag_tree import build_tagged
from electionplan.report.pdf.tagging import TaggedDocTemplate, TaggedFrame, TaggingCanvas, artifact
from electionplan.report.styles import GREY, HEADER_BG, NAVY, RULE, ZEBRA, stylesheet

MARKING = "OFFICIAL-SENSITIVE"
PAGE_W, PAGE_H = landscape(A4)
MARGIN = 12 * mm
CONTENT_W = PAGE_W - 2 * MARGIN
WARNING = colors.HexColor("#8a1c1c")
# The plan reference is in the JSON; on paper every column left is one a commander acts on.
HEADER = ["#", "Force", "Latest revision", "Next review", "RO reviews", "Candidates",
          "Offered a briefing", "Flashpoints VH/H/M/L", "Shifts short", "Ruleset if not as above"]
WIDTHS = [22 / 774, 105 / 774, 95 / 774, 140 / 774, 45 / 774, 58 / 774, 112 / 774, 64 / 774, 40 / 774, 93 / 774]
BRIEFING_COL, REVIEW_COL, RULESET_COL = 6, 3, 9
FLASHPOINT_HEADER = ["Date", "Time", "Level", "Force", "Place", "Event"]
FLASHPOINT_WIDTHS = [0.08, 0.05, 0.09, 0.18, 0.30, 0.30]
LEVEL_NAMES = {"very_high": "Very high", "high": "High", "medium": "Medium", "low": "Low"}
SHIFT_NAMES = {"early": "early", "late": "late", "night": "night"}


def _date(iso: str | None) -> str:
    return fmt_date(dt.date.fromisoformat(iso)) if iso else "none"


def _levels(counts: dict[str, int]) -> str:
    return " / ".join(str(counts[level]) for level in ("very_high", "high", "medium", "low"))


def _ruleset_name(ruleset: dict[str, str]) -> str:
    return f"{ruleset['name']} {ruleset['version']} (sha256 {ruleset['hash'][:12]})"


def force_row(rank: int, force: ForceSummary, differs: bool) -> list[str]:
    revision = (f"{force.revision} {force.revision_status}, {_date(force.revision_date)}" if force.revision
                else "none issued")
    next_review = f"overdue since {_date(force.next_review)}" if force.review_overdue else _date(force.next_review)
    offered = f"{force.briefings_offered} ({force.briefings_offered_pct:.0f}%)"
    if force.briefings_below_threshold:
        offered += f" below {force.briefing_threshold_pct:.0f}%"
    ruleset = f"{force.ruleset['version']} ({force.ruleset['hash'][:8]})" if differs else ""
    return [str(rank), force.force, revision, next_review,
            str(force.returning_officer_reviews), str(force.candidates), offered, _levels(force.flashpoints),
            str(force.shifts_short), ruleset]


def _short_shift_text(shifts: list[ShortShift]) -> str:
    return "; ".join(f"{_date(s.date)} {SHIFT_NAMES.get(s.shift, s.shift)} short by {s.short_by}" for s in shifts)


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
        self.s.add(ParagraphStyle("CellFlag", parent=self.s["Cell"], fontName=FONT_BOLD, textColor=WARNING))

    def _p(self, text: str, style: str = "Cell") -> Paragraph:
        return Paragraph(escape(text), self.s[style])

    def _table(self, rows: list[list[str]], widths: list[float], flagged: set[tuple[int, int]] | None = None,
               total: bool = False) -> LongTable:
        """A table whose flagged (row, column) cells stand out in bold red, and whose last row may be a total."""
        flagged = flagged or set()
        data = [[self._p(cell, "CellHead" if n == 0 or (total and n == len(rows) - 1)
                         else "CellFlag" if (n, c) in flagged else "Cell") for c, cell in enumerate(row)]
                for n, row in enumerate(rows)]
        table = LongTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        style = [("BACKGROUND", (0, 0), (-1, 0), HEADER_BG), ("LINEBELOW", (0, 0), (-1, 0), 0.8, NAVY),
                 ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
                 ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                 ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
        style += [("BACKGROUND", (0, r), (-1, r), ZEBRA) for r in range(2, len(data) - (1 if total else 0), 2)]
        if total:
            style.append(("LINEABOVE", (0, -1), (-1, -1), 0.8, NAVY))
        table.setStyle(TableStyle(style))
        return table

    def forces_table(self) -> LongTable:
        view, totals = self.view, self.view.totals
        total_row = ["", f"National: {totals.forces} plans", f"{totals.plans_without_revision} without a revision",
                     f"{totals.reviews_overdue} overdue", str(totals.returning_officer_reviews),
                     str(totals.candidates), f"{totals.briefings_offered} ({totals.briefings_offered_pct:.0f}%)",
                     _levels(totals.flashpoints), str(totals.shifts_short),
                     "differ" if view.rulesets_differ else "the same"]
        rows = [HEADER] + [force_row(n, f, view.differs(f)) for n, f in enumerate(view.forces, start=1)] + [total_row]
        # Widths chosen so a force is one line, its flags included.
        widths = [w * CONTENT_W for w in WIDTHS]
        flags = {(r, col) for r, force in enumerate(view.forces, start=1)
                 for col, flagged in ((REVIEW_COL, force.review_overdue), (BRIEFING_COL, force.briefings_below_threshold),
                                      (RULESET_COL, view.differs(force))) if flagged}
        return self._table(rows, widths, flags, total=True)

    def flashpoints_table(self) -> LongTable | Paragraph:
        # Election night looks ahead: flashpoints already past are in each force's own plan.
        lines = sorted((f for force in self.view.forces for f in force.flashpoint_list if f.start[:10] >= self.view.as_at),
                       key=lambda f: (f.start, f.force))
        if not lines:
            return self._p(f"No force has a high or very high flashpoint from {_date(self.view.as_at)}.", "Body")
        rows = [FLASHPOINT_HEADER] + [
            [_date(f.start[:10]), f.start[11:16], LEVEL_NAMES.get(f.level, f.level), f.force, f.place, f.event]
            for f in lines]
        very_high = {(r, 2) for r, f in enumerate(lines, start=1) if f.level == "very_high"}
        return self._table(rows, [w * CONTENT_W for w in FLASHPOINT_WIDTHS], very_high)

    def short_shifts_table(self) -> LongTable | Paragraph:
        short = [f for f in self.view.forces if f.short_shifts]
        if not short:
            return self._p("No force is short of officers on any shift.", "Body")
        rows = [["Force", "Shifts short", "Shifts short of officers"]] + [
            [f.force, str(len(f.short_shifts)), _short_shift_text(f.short_shifts)] for f in short]
        return self._table(rows, [0.18 * CONTENT_W, 0.08 * CONTENT_W, 0.74 * CONTENT_W])

    def story(self) -> list:
        view = self.view
        made = fmt_datetime(dt.datetime.fromisoformat(view.generated_at)) if view.generated_at else "not recorded"
        lines = {f.briefing_threshold_pct for f in view.forces}
        line = (f"{min(lines):.0f}%, the ruleset's line" if len(lines) == 1 else
                "each force's own ruleset's line: " + " or ".join(f"{pct:.0f}%" for pct in sorted(lines)))
        intro = (f"{view.totals.forces} force plans, assessed as at {_date(view.as_at)}; made {made}. Forces are in "
                 "order of need: very high, then high flashpoints, shifts short of officers, then the share of "
                 f"candidates offered a security briefing (flagged below {line}). Each plan was "
                 "read without being changed. No candidate's personal details or intelligence.")
        story = [self._p("Election policing plans: national view", "Heading1"), self._p(intro, "Body")]
        if view.common_ruleset:
            others = sum(1 for f in view.forces if view.differs(f))
            same = view.totals.forces - others
            said = (f"used by {same} force{'' if same == 1 else 's'}; {others} {'uses' if others == 1 else 'use'} "
                    "another, flagged in the last column." if view.rulesets_differ else "used by every force.")
            story.append(self._p(f"Ruleset: {_ruleset_name(view.common_ruleset)}, {said}", "Heading3"))
        return story + [Spacer(1, 2 * mm), self.forces_table(),
                        self._p(f"High and very high flashpoints from {_date(view.as_at)}", "Heading2"),
                        self.flashpoints_table(),
                        self._p("Shifts short of officers, by force", "Heading2"), self.short_shifts_table()]

    def render(self) -> bytes:
        buffer = io.BytesIO()
        doc = TaggedDocTemplate(buffer, pagesize=landscape(A4), leftMargin=MARGIN, rightMargin=MARGIN,
                                topMargin=14 * mm, bottomMargin=12 * mm, title="Election policing plans: national view",
                                subject=MARKING, creator=f"electionplan {__version__}", lang="en-GB",
                                displayDocTitle=1)
        frame = TaggedFrame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_decorate)])
        return build_tagged(doc, self.story(), buffer, TaggingCanvas)
