"""PlanPdfRenderer: a plan view laid out as a police planning document.

It is fed a (redacted) view and draws it; it never reads the database. Each
section is one small method, in the order of police planning practice: cover,
document control, summary, IIMARCH, risk register, human rights, changes and
sign-off.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    LongTable,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from electionplan import __version__
from electionplan.report.fonts import FONT, FONT_BOLD
from electionplan.report.map_drawing import legend_drawing, map_drawing
from electionplan.report.styles import (
    GREY,
    HEADER_BG,
    LEVEL_COLOURS,
    LEVEL_TEXT,
    NAVY,
    RULE,
    ZEBRA,
    stylesheet,
)
from electionplan.domain.display import chart_ticks
from electionplan.domain.timefmt import fmt_date

PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
CONTENT_W = PAGE_W - 2 * MARGIN
SIGN_OFF_FIELDS = ("ro_name", "ro_role", "ro_date", "ro_comments", "ro_decision")


def _p(text: Any, style) -> Paragraph:
    return Paragraph(escape(str(text)) if text is not None else "", style)


def _lines(items: list[str], style) -> Paragraph:
    return Paragraph("<br/>".join(escape(i) for i in items), style)


def _bullets(items: list[str], style) -> Paragraph:
    return Paragraph("<br/>".join(f"• {escape(i)}" for i in items), style)


class NumberedCanvas(pdfcanvas.Canvas):
    """Draws the marking and 'Page N of M' once the page count is known."""

    def __init__(self, *args, view: dict[str, Any] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self._view = view or {}

    def showPage(self):  # noqa: N802 (ReportLab API)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._decorate(total)
            super().showPage()
        super().save()

    def _decorate(self, total: int) -> None:
        view = self._view
        marking = view.get("marking", "OFFICIAL-SENSITIVE")
        self.saveState()
        self.setFont(FONT_BOLD, 10)
        self.setFillColor(colors.HexColor("#8a1c1c"))
        self.drawCentredString(PAGE_W / 2, PAGE_H - 10 * mm, marking)
        self.drawCentredString(PAGE_W / 2, 7 * mm, marking)
        self.setFillColor(GREY)
        self.setFont(FONT, 7.5)
        self.drawString(MARGIN, PAGE_H - 10 * mm, view.get("edition_label", ""))
        self.drawRightString(PAGE_W - MARGIN, PAGE_H - 10 * mm, view.get("force", ""))
        self.drawString(MARGIN, 12 * mm, f"{view.get('reference', '')} · revision {view.get('revision', '')}")
        self.drawRightString(PAGE_W - MARGIN, 12 * mm, f"Page {self._pageNumber} of {total}")
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN, PAGE_H - 12.5 * mm, PAGE_W - MARGIN, PAGE_H - 12.5 * mm)
        self.line(MARGIN, 15.5 * mm, PAGE_W - MARGIN, 15.5 * mm)
        self.restoreState()


class _PlanDoc(BaseDocTemplate):
    """Adds a bookmark and outline entry for every section heading."""

    def afterFlowable(self, flowable):  # noqa: N802 (ReportLab API)
        if isinstance(flowable, Paragraph) and flowable.style.name in ("Heading1", "Heading2"):
            level = 0 if flowable.style.name == "Heading1" else 1
            text = flowable.getPlainText()
            key = f"h{id(flowable)}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)


class SignOffFields(Flowable):
    """The fillable sign-off form the app reads back later."""

    def __init__(self, styles):
        super().__init__()
        self.styles = styles
        self.height = 118 * mm

    def wrap(self, available_width, available_height):
        return CONTENT_W, self.height

    def draw(self):
        form = self.canv.acroForm
        c = self.canv
        rows = [("Name", "ro_name", 9 * mm), ("Role", "ro_role", 9 * mm), ("Date (DD/MM/YYYY)", "ro_date", 9 * mm),
                ("Decision (e.g. Agreed / Agreed with comments / Not agreed)", "ro_decision", 9 * mm),
                ("Comments", "ro_comments", 55 * mm)]
        y = self.height
        for label, name, height in rows:
            y -= 5 * mm
            c.setFont(FONT_BOLD, 8.5)
            c.setFillColor(NAVY)
            c.drawString(0, y, label)
            y -= height + 2 * mm
            form.textfield(
                name=name, tooltip=label, x=0, y=y, width=CONTENT_W, height=height, relative=True,
                borderColor=RULE, fillColor=colors.HexColor("#fbfcfd"), textColor=colors.black,
                fontName="Helvetica", fontSize=10, borderWidth=0.8,
                fieldFlags="multiline" if name == "ro_comments" else "",
            )


class PlanPdfRenderer:
    def __init__(self, view: dict[str, Any]):
        self.view = view
        self.s = stylesheet()

    # --- tables ------------------------------------------------------------
    def table(self, header: list[str], rows: list[list[Any]], widths: list[float], *, long: bool = False,
              level_cols: dict[int, list[str]] | None = None) -> Table:
        data = [[_p(h, self.s["CellHead"]) for h in header]]
        for row in rows:
            data.append([cell if isinstance(cell, Flowable) else _p(cell, self.s["Cell"]) for cell in row])
        cls = LongTable if long else Table
        table = cls(data, colWidths=[w * CONTENT_W for w in widths], repeatRows=1, hAlign="LEFT")
        style = [
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, NAVY),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ]
        for r in range(2, len(data), 2):
            style.append(("BACKGROUND", (0, r), (-1, r), ZEBRA))
        for col, values in (level_cols or {}).items():
            for r, value in enumerate(values, start=1):
                if value in LEVEL_COLOURS:
                    style.append(("BACKGROUND", (col, r), (col, r), LEVEL_COLOURS[value]))
                    style.append(("TEXTCOLOR", (col, r), (col, r), LEVEL_TEXT.get(value, colors.white)))
        table.setStyle(TableStyle(style))
        return table

    def chip(self, value: str) -> Paragraph:
        label = self.view["labels"]["levels"].get(value) or self.view["labels"]["rags"].get(value) or value
        colour = LEVEL_TEXT.get(value, colors.white)
        return Paragraph(f'<font color="{colour.hexval()}"><b>{escape(label)}</b></font>', self.s["CellCentre"])

    def kv_table(self, pairs: list[tuple[str, str]], widths=(0.3, 0.7)) -> Table:
        data = [[_p(k, self.s["CellBold"]), _p(v, self.s["Cell"])] for k, v in pairs]
        table = Table(data, colWidths=[w * CONTENT_W for w in widths], hAlign="LEFT")
        table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
        return table

    # --- sections ----------------------------------------------------------
    def cover(self) -> list:
        v = self.view
        story = [Spacer(1, 18 * mm), _p(v["marking"], self.s["CoverMarking"]), Spacer(1, 14 * mm),
                 _p(v["force"], self.s["CoverForce"]), _p(v["title"], self.s["CoverTitle"]),
                 _p(v["election"], self.s["CoverSub"]), Spacer(1, 4 * mm),
                 _p(v["edition_label"], self.s["CoverSub"]), Spacer(1, 12 * mm)]
        story.append(self.kv_table([
            ("Constituencies", "; ".join(v["constituencies"]) or "None recorded"),
            ("Edition", v["edition_label"]),
            ("Protective marking", v["marking"]),
            ("Plan reference", v["reference"]),
            ("Revision", f"{v['revision']}, {v['revision_date']}"),
            ("Status", v["status"]),
            ("Prepared by", v["prepared_by"] or "Not recorded"),
            ("Approved by", v["approved_by"] or "Not recorded"),
            ("Assessed as at", v["as_at"]),
        ]))
        story += [Spacer(1, 10 * mm), _p(
            "This document is marked OFFICIAL-SENSITIVE. It must be stored and shared only as that marking requires, "
            "and only with those on the distribution list. Do not copy or forward it without the SPOC's agreement.",
            self.s["Note"]), PageBreak()]
        return story

    def document_control(self) -> list:
        v = self.view
        story = [_p("Document control", self.s["Heading1"]), _p("Revision history", self.s["Heading2"])]
        if v["revisions"]:
            story.append(self.table(
                ["Revision", "Issued", "Author", "Status", "Note", "Content hash"],
                [[r["number"], r["date"], r["author"], r["status"], r["note"], r["hash"][:12]] for r in v["revisions"]],
                [0.1, 0.17, 0.15, 0.12, 0.32, 0.14], long=True))
        else:
            story.append(_p("No revision has been issued yet; this is a working draft.", self.s["Body"]))
        story.append(_p("Distribution", self.s["Heading2"]))
        story.append(self.table(["#", "Recipient"], [[i + 1, d] for i, d in enumerate(v["distribution"])] or [["–", "No distribution recorded"]], [0.06, 0.94]))
        story.append(_p("Review", self.s["Heading2"]))
        story.append(self.kv_table([
            ("Next review date", v["next_review"] or "Not set"),
            ("Review interval", f"Every {v['review_interval']} days during the campaign" if v["review_interval"] else "Not set"),
            ("Ruleset", f"{v['ruleset']['name']}, version {v['ruleset']['version']}"),
        ]))
        if v["review_comments"]:
            story.append(_p("Returning officers' review comments", self.s["Heading2"]))
            story.append(self.table(["Revision", "Reviewer", "Date", "Comments"],
                                    [[c["revision"], c["reviewer"], c["date"], c["comments"]] for c in v["review_comments"]],
                                    [0.1, 0.25, 0.13, 0.52]))
        story.append(PageBreak())
        return story

    def summary(self) -> list:
        v = self.view
        story = [_p("Summary", self.s["Heading1"]), _p("Key dates", self.s["Heading2"]), self.timeline_drawing()]
        counts = list(v["counts"].items())
        story += [_p("The plan in numbers", self.s["Heading2"]), self.counts_table(counts)]
        story += [CondPageBreak(70 * mm), _p("Risk matrix", self.s["Heading2"]),
                  _p("How many events fall in each cell of likelihood × impact.", self.s["Note"]), self.matrix_table()]
        top = v["flashpoints"][:5]
        story.append(_p("Top flashpoints", self.s["Heading2"]))
        if top:
            story.append(_p("Numbered as on the key dates line above.", self.s["Note"]))
            story.append(self.table(
                ["#", "Event", "When", "Level", "Score", "Presence"],
                [[n + 1, e["name"], e["when"], self.chip(e["level"]), e["score"], e["presence"]] for n, e in enumerate(top)],
                [0.05, 0.3, 0.19, 0.11, 0.07, 0.28], level_cols={3: [e["level"] for e in top]}))
        else:
            story.append(_p("No event reaches the flashpoint threshold.", self.s["Body"]))
        story += [CondPageBreak(75 * mm), _p("Officer demand against capacity", self.s["Heading2"]),
                  self.demand_chart()]
        short = [d for d in v["demand"] if d["shortfall"]]
        if short:
            story.append(_p("Shortfalls to be met by mutual aid, rest-day working or re-planning:", self.s["Body"]))
            story.append(self.table(
                ["Date", "Shift", "Required", "Available", "Short by", "Main demands"],
                [[fmt_date_iso(d["date"]), d["shift"].capitalize(), d["required"], d["available"], d["shortfall"],
                  "; ".join(d["contributors"][:3])] for d in short],
                [0.13, 0.09, 0.1, 0.1, 0.1, 0.48]))
        else:
            story.append(_p("Demand is within capacity on every shift.", self.s["Body"]))
        story.append(PageBreak())
        return story

    def counts_table(self, counts) -> Table:
        cells = [[Paragraph(f'<font size="15"><b>{escape(str(value))}</b></font><br/>'
                            f'<font color="#52606d">{escape(label)}</font>', self.s["CellCentre"])
                  for label, value in counts]]
        table = Table(cells, colWidths=[CONTENT_W / len(counts)] * len(counts), hAlign="LEFT")
        table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.5, RULE), ("INNERGRID", (0, 0), (-1, -1), 0.5, RULE),
                                   ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
        return table

    def matrix_table(self) -> Table:
        matrix = self.view["matrix"]
        header = [_p("Likelihood ↓ / Impact →", self.s["CellHead"])] + [_p(str(i), self.s["CellCentre"]) for i in range(1, 6)]
        data = [header]
        style = [("GRID", (0, 0), (-1, -1), 0.5, colors.white), ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
                 ("BACKGROUND", (0, 0), (0, -1), HEADER_BG), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                 ("ALIGN", (1, 1), (-1, -1), "CENTER")]
        bands = self.view_bands()
        for likelihood in range(5, 0, -1):
            row = [_p(str(likelihood), self.s["CellCentre"])]
            for impact in range(1, 6):
                count = matrix.get(f"{likelihood},{impact}", 0)
                row.append(Paragraph(f"<b>{count}</b>" if count else "–", self.s["CellCentre"]))
                r, c = 6 - likelihood, impact
                level = bands(likelihood * impact)
                style.append(("BACKGROUND", (c, r), (c, r), LEVEL_COLOURS[level].clone(alpha=0.35 if not count else 0.85)))
            data.append(row)
        table = Table(data, colWidths=[40 * mm] + [18 * mm] * 5, rowHeights=[7 * mm] * 6, hAlign="LEFT")
        table.setStyle(TableStyle(style))
        return table

    def view_bands(self):
        thresholds = self.view.get("bands") or {"low": 1, "medium": 5, "high": 10, "very_high": 16}

        def band(score: int) -> str:
            level = "low"
            for name in ("medium", "high", "very_high"):
                if score >= thresholds[name]:
                    level = name
            return level

        return band

    def timeline_drawing(self) -> Drawing:
        """Key dates on a line, with the top flashpoints as numbered markers."""
        import datetime as dt

        key_dates = [(label, dt.date.fromisoformat(iso)) for label, iso in self.view["key_dates_iso"]]
        top = [(n + 1, e) for n, e in enumerate(self.view["flashpoints"][:5])]
        width, height = CONTENT_W, 40 * mm
        d = Drawing(width, height)
        days = [day for _, day in key_dates] + [dt.date.fromisoformat(e["start"][:10]) for _, e in top]
        if not days:
            return d
        first, last = min(days), max(days)
        span = max((last - first).days, 1)
        x0, x1, y = 45, width - 70, 16 * mm

        def x_of(day):
            return x0 + (x1 - x0) * (day - first).days / span

        d.add(Line(x0, y, x1, y, strokeColor=NAVY, strokeWidth=1.4))
        week = first
        while week <= last:
            x = x_of(week)
            d.add(Line(x, y - 3, x, y, strokeColor=GREY, strokeWidth=0.5))
            d.add(String(x, y - 11, f"{week:%d/%m}", fontName=FONT, fontSize=6, textAnchor="middle", fillColor=GREY))
            week += dt.timedelta(days=7)
        rows_used: list[tuple[float, int]] = []
        for label, day in key_dates:
            x = x_of(day)
            row = 0
            while any(abs(px - x) < 75 and r == row for px, r in rows_used):
                row += 1
            rows_used.append((x, row))
            top_y = y + 16 + row * 20
            d.add(Line(x, y, x, top_y - 2, strokeColor=NAVY, strokeWidth=0.8))
            label_w = max(len(label) * 4.1, 40)
            d.add(Rect(x - label_w / 2, top_y - 2.5, label_w, 18, fillColor=colors.white, strokeColor=None))
            d.add(String(x, top_y + 8, label, fontName=FONT_BOLD, fontSize=7, textAnchor="middle", fillColor=NAVY))
            d.add(String(x, top_y, fmt_date(day), fontName=FONT, fontSize=6.5, textAnchor="middle", fillColor=GREY))
        stacks: dict[int, int] = {}
        for number, event in top:
            day = dt.date.fromisoformat(event["start"][:10])
            x = x_of(day)
            slot = round(x / 9)
            level = stacks.get(slot, 0)
            stacks[slot] = level + 1
            cy = y - 24 - level * 11
            colour = LEVEL_COLOURS.get(event["level"], GREY)
            from reportlab.graphics.shapes import Circle

            d.add(Line(x, y, x, cy + 5, strokeColor=RULE, strokeWidth=0.5))
            d.add(Circle(x, cy, 5, fillColor=colour, strokeColor=colors.white, strokeWidth=0.6))
            d.add(String(x, cy - 2.3, str(number), fontName=FONT_BOLD, fontSize=6.5, textAnchor="middle",
                         fillColor=LEVEL_TEXT.get(event["level"], colors.white)))
        d.translate(0, 8)
        return d

    def demand_chart(self) -> Drawing:
        days = [d for d in self.view["demand_by_day"] if d["required"] or d["shortfall"]]
        width, height = CONTENT_W, 62 * mm
        d = Drawing(width, height)
        if not days:
            d.add(String(4, height / 2, "No officer demand recorded.", fontName=FONT, fontSize=8))
            return d
        left, bottom, top = 30, 26, height - 14
        ticks = chart_ticks(max(max(x["required"], x["available"]) for x in days))
        scale = (top - bottom) / ticks[-1]
        slot = (width - left - 10) / len(days)
        bar = min(slot * 0.36, 14)
        for value in ticks:
            yy = bottom + value * scale
            d.add(Line(left, yy, width - 10, yy, strokeColor=RULE, strokeWidth=0.3))
            d.add(String(left - 4, yy - 2, f"{value:.0f}", fontName=FONT, fontSize=6, textAnchor="end", fillColor=GREY))
        for k, day in enumerate(days):
            x = left + k * slot + slot / 2
            short = day["shortfall"] > 0
            d.add(Rect(x - bar, bottom, bar, day["required"] * scale,
                       fillColor=colors.HexColor("#b71c1c") if short else NAVY, strokeColor=None))
            d.add(Rect(x, bottom, bar, day["available"] * scale, fillColor=colors.HexColor("#9fb3c8"), strokeColor=None))
            label = fmt_date_iso(day["date"])[:5]
            d.add(String(x, bottom - 9, label, fontName=FONT_BOLD if short else FONT, fontSize=6, textAnchor="middle",
                         fillColor=colors.HexColor("#b71c1c") if short else GREY))
        x = left
        for colour, text in ((NAVY, "Officers required (all shifts)"), (colors.HexColor("#9fb3c8"), "Officers available (all shifts)"),
                             (colors.HexColor("#b71c1c"), "Day with a shift short of officers")):
            d.add(Rect(x, 6, 8, 6, fillColor=colour, strokeColor=None))
            d.add(String(x + 11, 7, text, fontName=FONT, fontSize=6.5))
            x += 24 + stringWidth(text, FONT, 6.5)
        return d

    def information(self) -> list:
        v = self.view
        story = [_p("1. Information", self.s["Heading1"]), _p("Threat picture", self.s["Heading2"])]
        for seat in v["threat_picture"]:
            story.append(_p(f"{seat['name']} ({seat['code']})", self.s["Heading3"]))
            text = seat["summary"]
            if seat["candidate_summary"]:
                text += " " + seat["candidate_summary"]
            story.append(_p(text, self.s["Body"]))
        if v.get("candidate_risk_summary") and v["candidates"]:
            story.append(_p("Candidates' risk summary", self.s["Heading2"]))
            story.append(_p("OFFICIAL-SENSITIVE personal data (DPA 2018 Part 3, sensitive processing). Party is shown "
                            "for identification only and plays no part in any score.", self.s["Note"]))
            rows = [[c["name"], c["party"], self.chip(c["level"]), f"{c['score']:.1f}", _bullets(c["factors"] or ["No risk factors recorded."], self.s["Cell"])]
                    for c in v["candidates"]]
            story.append(self.table(["Candidate", "Party (identification)", "Level", "Score", "Factors and weights"], rows,
                                    [0.18, 0.16, 0.1, 0.07, 0.49], level_cols={2: [c["level"] for c in v["candidates"]]}))
        story.append(PageBreak())
        return story

    def intention(self) -> list:
        return [_p("2. Intention", self.s["Heading1"]), _p(self.view["intention"], self.s["Body"])]

    def method(self) -> list:
        v = self.view
        story = [CondPageBreak(60 * mm), _p("3. Method", self.s["Heading1"])]
        for seat in v["threat_picture"]:
            story += [_p(f"{seat['name']} ({seat['code']})", self.s["Heading2"]),
                      KeepTogether([map_drawing(seat["map"], CONTENT_W, 118 * mm), Spacer(1, 2 * mm), legend_drawing(CONTENT_W)]),
                      Spacer(1, 3 * mm), _p("Flashpoints", self.s["Heading3"])]
            if seat["flashpoints"]:
                story.append(self.event_table(seat["flashpoints"]))
            else:
                story.append(_p("No flashpoints are assessed in this constituency.", self.s["Body"]))
        others = [e for e in v["events"] if not e["flashpoint"]]
        story += [_p("Other events", self.s["Heading2"])]
        story.append(self.event_table(others) if others else _p("None.", self.s["Body"]))
        story += [_p("Polling stations", self.s["Heading2"]),
                  _p("Stations are rated red, amber or green by the ruleset; reasons are given for every station that is not green. "
                     "Grid references are 8-figure OS references.", self.s["Note"])]
        flagged = [r for r in v["stations"] if r["rag"] != "green"]
        quiet = [r for r in v["stations"] if r["rag"] == "green"]
        story.append(_p("Rated red or amber", self.s["Heading3"]))
        if flagged:
            rows = [[r["number"], _lines([r["name"], ", ".join(p for p in (r["address"], r["postcode"]) if p)], self.s["Cell"]),
                     r["grid_ref"], f"{r['electorate']:,}" if r["electorate"] else "", self.chip(r["rag"]), r["presence"],
                     _bullets(r["reasons"], self.s["Cell"])] for r in flagged]
            story.append(self.table(["No.", "Station", "Grid ref", "Electors", "RAG", "Presence", "Reasons"], rows,
                                    [0.07, 0.24, 0.12, 0.09, 0.08, 0.16, 0.24], long=True,
                                    level_cols={4: [r["rag"] for r in flagged]}))
        else:
            story.append(_p("No station is rated red or amber.", self.s["Body"]))
        story.append(_p(f"Rated green ({len(quiet)})", self.s["Heading3"]))
        if quiet:
            rows = [[r["number"], r["name"], ", ".join(p for p in (r["address"], r["postcode"]) if p), r["grid_ref"],
                     f"{r['electorate']:,}" if r["electorate"] else "", r["presence"]] for r in quiet]
            story.append(self.table(["No.", "Station", "Address", "Grid ref", "Electors", "Presence"], rows,
                                    [0.07, 0.27, 0.30, 0.12, 0.09, 0.15], long=True))
        story += [_p("Verification, count and declaration", self.s["Heading2"])]
        if v["count_events"]:
            for e in v["count_events"]:
                story.append(self.kv_table([("Event", e["name"]), ("When", e["when"]), ("Venue", f"{e['venue']} ({e['grid_ref']})"),
                                            ("Assessed risk", f"{v['labels']['levels'][e['level']]} (score {e['score']})"),
                                            ("Presence", e["presence"])]))
                story.append(Spacer(1, 3 * mm))
            story.append(_p("Officers attend from the close of poll until the declaration and the venue is clear. Entry is "
                            "by the returning officer's accreditation only; a search regime is agreed with the returning officer. "
                            "Candidates with a high risk profile are met on arrival and escorted between the car park and the hall.",
                            self.s["Body"]))
        else:
            story.append(_p("No count or declaration has been entered yet.", self.s["Body"]))
        return story

    def event_table(self, events: list[dict[str, Any]]) -> Table:
        rows = [[_lines([e["name"], e["kind"], e["when"], e["venue"] + (f" ({e['grid_ref']})" if e["grid_ref"] else "")], self.s["Cell"]),
                 self.chip(e["level"]), e["score"], _bullets(e["reasons"], self.s["Cell"]), e["presence"]] for e in events]
        return self.table(["Event", "Level", "Score", "Reasons", "Presence"], rows, [0.26, 0.09, 0.07, 0.4, 0.18],
                          long=True, level_cols={1: [e["level"] for e in events]})

    def administration(self) -> list:
        v = self.view
        story = [PageBreak(), _p("4. Administration", self.s["Heading1"]), _p("Briefings", self.s["Heading2"]),
                 _p("All officers deployed receive a briefing from this plan before each shift, covering the flashpoints of the "
                    "day, the polling stations they cover and the named contacts below. Every candidate is offered a security "
                    "briefing and a named police contact:", self.s["Body"])]
        story.append(self.table(["Candidate", "Description", "Security briefing offered", "Accepted", "Named police contact"],
                                [[b["name"], b["party"], b["offered"], b["accepted"], b["police_contact"]] for b in v["briefings"]]
                                or [["–", "", "", "", ""]], [0.24, 0.2, 0.18, 0.14, 0.24]))
        story.append(_p("Timeline", self.s["Heading2"]))
        story.append(self.table(["Date", "Time", "Item"],
                                [[fmt_date_iso(t["date"]), t.get("time", ""), t["label"]] for t in v["timeline"]],
                                [0.15, 0.1, 0.75], long=True))
        contacts = self.table(["Role", "Name", "Organisation", "Telephone", "Email"],
                              [[c["role"], c["name"], c["organisation"], c["phone"], c["email"]] for c in v["contacts"]]
                              or [["–", "", "", "", ""]], [0.22, 0.2, 0.2, 0.14, 0.24])
        # A short contact list stays on one page with its heading.
        block = [_p("Named contacts", self.s["Heading2"]), contacts]
        story.append(KeepTogether(block) if len(v["contacts"]) <= 20 else block[0])
        if len(v["contacts"]) > 20:
            story.append(contacts)
        return story

    def risk_register(self) -> list:
        v = self.view
        rows = [[r["risk"], r["likelihood"], r["impact"], r["score"], r["controls"], self.chip(r["residual"]), r["owner"]]
                for r in v["register"]]
        return [PageBreak(), _p("5. Risk assessment", self.s["Heading1"]),
                _p("Likelihood and impact are scored 1 to 5; residual risk is the level once the controls are in place.", self.s["Note"]),
                self.table(["Risk", "L", "I", "Score", "Controls", "Residual", "Owner"], rows,
                           [0.26, 0.04, 0.04, 0.06, 0.34, 0.1, 0.16], long=True,
                           level_cols={5: [r["residual"] for r in v["register"]]})]

    def communications(self) -> list:
        return [_p("6. Communications", self.s["Heading1"]), _p(self.view["communications"], self.s["Body"])]

    def human_rights(self) -> list:
        r = self.view["ruleset"]
        return [
            _p("7. Human rights and impartiality", self.s["Heading1"]),
            _p("Article 10 (freedom of expression) and Article 11 (freedom of assembly and association) of the European "
               "Convention on Human Rights are engaged by hustings, canvassing, campaign events and protest. Any restriction "
               "on them must be lawful, necessary and proportionate. Police will facilitate peaceful protest, including "
               "protest near hustings and counts, and will act only where there is a risk of disorder, intimidation, "
               "harassment or a criminal offence.", self.s["Body"]),
            _p("This plan gives no political advantage to any candidate or party. Risk is assessed by a published, "
               "versioned ruleset from facts about candidates' circumstances, events and places; a candidate's party is "
               "recorded only to identify them and is never an input to any score. The same ruleset applies to every "
               "candidate.", self.s["Body"]),
            self.kv_table([("Ruleset", r["name"]), ("Version", r["version"]), ("SHA-256", r["hash"]),
                           ("Produced by", f"electionplan {__version__}")]),
        ]

    def changes(self) -> list:
        changes = self.view.get("changes")
        story = [PageBreak()]
        if changes is None:
            return story + [_p("Changes since the previous revision", self.s["Heading1"]),
                            _p("This is the first revision: there is no earlier revision to compare.", self.s["Body"])]
        story.append(_p(f"Changes since revision {changes['since']}", self.s["Heading1"]))
        sections = [("Added", changes["added"], lambda c: [c["entity_label"], c["name"], ""]),
                    ("Removed", changes["removed"], lambda c: [c["entity_label"], c["name"], ""]),
                    ("Changed", changes["changed"], lambda c: [c["entity_label"], c["name"], f"{c['field_label']}: {c['old']} → {c['new']}"]),
                    ("Risk levels and RAG ratings that moved", changes["moved"],
                     lambda c: [c["entity_label"], c["name"], f"{c['old']} → {c['new']}. {c.get('reason', '')}"])]
        any_rows = False
        for title, rows, fmt in sections:
            if rows:
                any_rows = True
                story += [_p(title, self.s["Heading2"]),
                          self.table(["Item", "Name", "Detail"], [fmt(c) for c in rows], [0.16, 0.3, 0.54], long=True)]
        if not any_rows:
            story.append(_p("Nothing has changed since that revision.", self.s["Body"]))
        return story

    def annexes(self) -> list:
        v = self.view
        story = []
        if v["candidates"] and v.get("candidate_risk_summary"):
            story += [PageBreak(), _p("Annex A. Candidate risk profiles", self.s["Heading1"]),
                      _p("Restricted: police edition only.", self.s["Note"])]
            for c in v["candidates"]:
                pairs = [("Party (identification only)", c["party"]), ("Level and score", f"{v['labels']['levels'][c['level']]}, {c['score']:.1f}"),
                         ("Home address", c["home_address"] or "Not recorded"),
                         ("Protective measures", "; ".join(c["protective_measures"]) or "None"),
                         ("Intelligence notes", c["intelligence_notes"] or "None"),
                         ("Concerns raised", c["concerns_raised"] or "None")]
                block = [_p(c["name"], self.s["Heading3"]), self.kv_table(pairs)]
                if c["threats"]:
                    block.append(Spacer(1, 2 * mm))
                    block.append(self.table(["Reported", "Kind", "Severity", "Reported to", "Reference", "Summary"],
                                            [[t["date"], t["kind"], t["severity"], t["reported_to"], t["reference"], t["summary"]] for t in c["threats"]],
                                            [0.11, 0.15, 0.09, 0.17, 0.14, 0.34]))
                story.append(KeepTogether(block))
        if v["incidents"]:
            story += [_p("Annex B. Incident log", self.s["Heading1"]),
                      self.table(["When", "Kind", "Severity", "Status", "Reference", "Description"],
                                 [[i["when"], i["kind"], i["severity"], i["status"], i["reference"], i["description"]] for i in v["incidents"]],
                                 [0.14, 0.15, 0.09, 0.11, 0.13, 0.38], long=True)]
        if v["contributions"]:
            story += [_p("Annex C. Contributions from candidates and parties", self.s["Heading1"]),
                      self.table(["Received", "From", "Kind", "Contribution"],
                                 [[c["received"], c["from"], c["kind"], c["text"]] for c in v["contributions"]],
                                 [0.14, 0.22, 0.12, 0.52], long=True)]
        return story

    def sign_off(self) -> list:
        v = self.view
        return [PageBreak(), _p("Returning officer's review and sign-off", self.s["Heading1"]),
                _p(f"Plan {v['reference']}, revision {v['revision']}. Please record your comments below, save the PDF and "
                   "return it to the election SPOC; the comments are read back into the plan against this revision.",
                   self.s["Body"]), Spacer(1, 3 * mm), SignOffFields(self.s)]

    # --- assembly ----------------------------------------------------------
    def story(self) -> list:
        return (self.cover() + self.document_control() + self.summary() + self.information() + self.intention()
                + self.method() + self.administration() + self.risk_register() + self.communications()
                + self.human_rights() + self.changes() + self.annexes() + self.sign_off())

    def render(self) -> bytes:
        buffer = io.BytesIO()
        v = self.view
        doc = _PlanDoc(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=20 * mm, bottomMargin=20 * mm,
                       title=f"{v['title']}: {v['election']} ({v['edition_label']}, revision {v['revision']})",
                       author=v["prepared_by"] or v["force"], subject=f"{v['marking']} · {v['reference']}",
                       creator=f"electionplan {__version__}",
                       keywords=f"electionplan;ref={v['reference']};revision={v['revision']};edition={v['edition']}")
        frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        doc.build(self.story(), canvasmaker=lambda *a, **k: NumberedCanvas(*a, view=v, **k))
        return buffer.getvalue()


def fmt_date_iso(text: str) -> str:
    import datetime as dt

    return fmt_date(dt.date.fromisoformat(text)) if text else ""
