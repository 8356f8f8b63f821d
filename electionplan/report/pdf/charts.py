"""The summary's drawings: key dates, officer demand, the risk matrix and the counts."""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

from electionplan.domain.display import chart_ticks
from electionplan.domain.timefmt import fmt_date
from electionplan.report.document import DemandLine, Summary
from electionplan.report.fonts import FONT, FONT_BOLD
from electionplan.report.pdf.core import CONTENT_W, para
from electionplan.report.pdf.tagging import figure
from electionplan.report.rows import EventRow
from electionplan.report.styles import GREY, HEADER_BG, LEVEL_COLOURS, LEVEL_TEXT, NAVY, RULE, ink_on, over_white
from electionplan.risk.levels import level_for

SHORT_RED = colors.HexColor("#b71c1c")
AVAILABLE_BLUE = colors.HexColor("#9fb3c8")


COUNT_PT = 15  # a figure's size in "The plan in numbers", made smaller only where it would wrap


def counts_table(counts: tuple[tuple[str, str], ...], styles) -> Table:
    """Each figure under its label: the labels head the columns, and a figure never wraps onto itself."""
    width = CONTENT_W / len(counts)
    room = width - 12
    size = min([COUNT_PT] + [COUNT_PT * room / stringWidth(str(v), FONT_BOLD, COUNT_PT) for _, v in counts
                             if stringWidth(str(v), FONT_BOLD, COUNT_PT) > room])
    labels = [Paragraph(f'<font color="#52606d">{escape(label)}</font>', styles["CellCentre"]) for label, _ in counts]
    values = [Paragraph(f'<font size="{size:.1f}"><b>{escape(str(value))}</b></font>',
                        ParagraphStyle("CountValue", parent=styles["CellCentre"], leading=size * 1.25))
              for _, value in counts]
    table = Table([labels, values], colWidths=[width] * len(counts), hAlign="LEFT")
    table.tag_header_rows = 1
    table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.5, RULE), ("INNERGRID", (0, 0), (-1, -1), 0.5, RULE),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    return table


def matrix_table(summary: Summary, styles) -> Table:
    header = [para("Likelihood ↓ / Impact →", styles["CellHead"])] + [para(str(i), styles["CellCentre"]) for i in range(1, 6)]
    data = [header]
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.white), ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
             ("BACKGROUND", (0, 0), (0, -1), HEADER_BG), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("ALIGN", (1, 1), (-1, -1), "CENTER")]
    for likelihood in range(5, 0, -1):
        row = [para(str(likelihood), styles["CellCentre"])]
        for impact in range(1, 6):
            count = summary.matrix.get((likelihood, impact), 0)
            r, c = 6 - likelihood, impact
            level = level_for(likelihood * impact, summary.bands)
            alpha = 0.35 if not count else 0.85
            ink = ink_on(over_white(LEVEL_COLOURS[level], alpha)).hexval()[2:]
            shown = f"<b>{count}</b>" if count else "–"
            row.append(Paragraph(f'<font color="#{ink}">{shown}</font>', styles["CellCentre"]))
            style.append(("BACKGROUND", (c, r), (c, r), LEVEL_COLOURS[level].clone(alpha=alpha)))
        data.append(row)
    table = Table(data, colWidths=[46 * mm] + [18 * mm] * 5, rowHeights=[7 * mm] * 6, hAlign="LEFT")
    table.tag_header_rows, table.tag_row_headers = 1, True
    table.setStyle(TableStyle(style))
    return table


def _week_ticks(d: Drawing, first: dt.date, last: dt.date, x_of, y: float) -> None:
    week = first
    while week <= last:
        x = x_of(week)
        d.add(Line(x, y - 3, x, y, strokeColor=GREY, strokeWidth=0.5))
        label = f"{week:%d/%m}"
        width = stringWidth(label, FONT, 8) + 2
        d.add(Rect(x - width / 2, y - 13, width, 10, fillColor=colors.white, strokeColor=None))
        d.add(String(x, y - 11, label, fontName=FONT, fontSize=8, textAnchor="middle", fillColor=GREY))
        week += dt.timedelta(days=7)


def _key_date_labels(d: Drawing, key_dates, x_of, y: float) -> None:
    rows_used: list[tuple[float, int]] = []
    placed = []
    for label, day in key_dates:
        x = x_of(day)
        row = 0
        while any(abs(px - x) < 75 and r == row for px, r in rows_used):
            row += 1
        rows_used.append((x, row))
        placed.append((label, day, x, y + 16 + row * 20))
    # Every stalk first, then every label on its white ground: a raised label's stalk passes
    # behind the label below it, never through its words.
    for _label, _day, x, top_y in placed:
        d.add(Line(x, y, x, top_y - 2, strokeColor=NAVY, strokeWidth=0.8))
    for label, day, x, top_y in placed:
        label_w = max(stringWidth(label, FONT_BOLD, 8) + 6, 44)
        d.add(Rect(x - label_w / 2, top_y - 2.5, label_w, 18, fillColor=colors.white, strokeColor=None))
        d.add(String(x, top_y + 8, label, fontName=FONT_BOLD, fontSize=8, textAnchor="middle", fillColor=NAVY))
        d.add(String(x, top_y, fmt_date(day), fontName=FONT, fontSize=8, textAnchor="middle", fillColor=GREY))


def _flashpoint_markers(d: Drawing, top: list[tuple[int, EventRow]], x_of, y: float) -> None:
    placed: list[tuple[float, int]] = []
    for number, event in top:
        x = x_of(event.start.date())
        # The lowest row with no marker within a marker's width: markers never touch or overlap.
        level = 0
        while any(abs(px - x) < 14 and row == level for px, row in placed):
            level += 1
        placed.append((x, level))
        cy = y - 24 - level * 13
        colour = LEVEL_COLOURS.get(event.level, GREY)
        d.add(Line(x, y, x, cy + 5, strokeColor=RULE, strokeWidth=0.5))
        d.add(Circle(x, cy, 6, fillColor=colour, strokeColor=colors.white, strokeWidth=0.6))
        d.add(String(x, cy - 2.8, str(number), fontName=FONT_BOLD, fontSize=8, textAnchor="middle",
                     fillColor=LEVEL_TEXT.get(event.level, colors.white)))


def timeline_drawing(summary: Summary) -> Drawing:
    """Key dates on a line, with the top flashpoints as numbered markers."""
    top = [(n + 1, e) for n, e in enumerate(summary.flashpoints[:5])]
    width, height = CONTENT_W, 40 * mm
    d = Drawing(width, height)
    days = [day for _, day in summary.key_dates] + [e.start.date() for _, e in top]
    if not days:
        return figure(d, "No key dates are recorded.")
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    x0, x1, y = 45, width - 70, 16 * mm

    def x_of(day: dt.date) -> float:
        return x0 + (x1 - x0) * (day - first).days / span

    d.add(Line(x0, y, x1, y, strokeColor=NAVY, strokeWidth=1.4))
    # Markers first: the week labels are drawn over their stalks, on a white ground, and stay legible.
    _flashpoint_markers(d, top, x_of, y)
    _week_ticks(d, first, last, x_of, y)
    _key_date_labels(d, summary.key_dates, x_of, y)
    d.translate(0, 8)
    return figure(d, timeline_words(summary.key_dates, top))


def timeline_words(key_dates, top: list[tuple[int, EventRow]]) -> str:
    """The key dates line in words, in date order, with the flashpoints it numbers."""
    dates = "; ".join(f"{label} {fmt_date(day)}" for label, day in sorted(key_dates, key=lambda k: k[1]))
    text = f"Key dates on a line: {dates}." if dates else "No key dates are recorded."
    if top:
        text += " Top flashpoints, numbered: " + "; ".join(
            f"{n} {e.name}, {fmt_date(e.start.date())}, {e.level.replace('_', ' ')}" for n, e in top) + "."
    return text


def _cut_sentence(lines: list[DemandLine], scoped: bool) -> str:
    cut, peak = _scale_top(lines, scoped)
    if peak is None:
        return "."
    return (f"; the scale is cut at {chart_ticks(cut)[-1]:,.0f} so that the other days read, and "
            f"{fmt_date(peak.date)} runs beyond it.")


def demand_words(lines: list[DemandLine], scoped: bool) -> str:
    """The demand chart in words: its span, its busiest shift, and every shift short of officers."""
    first, last = min(x.date for x in lines), max(x.date for x in lines)
    peak = max(lines, key=lambda x: x.required)
    short = [x for x in lines if x.shortfall]
    text = (f"Bar chart of officers {'this constituency requires' if scoped else 'required against officers available'}"
            f" on each shift from {fmt_date(first)} to {fmt_date(last)}. The most is {peak.required} on the "
            f"{peak.shift} shift of {fmt_date(peak.date)}"
            + _cut_sentence(lines, scoped))
    if short:
        text += f" {len(short)} shift{'s are' if len(short) != 1 else ' is'} short: " + "; ".join(
            f"{fmt_date(x.date)} {x.shift}, short by {x.shortfall}" for x in short[:10]) + ("…" if len(short) > 10 else ".")
    else:
        text += " No shift is short of officers."
    return text


LABEL_PT = 8  # no chart text is smaller than this


def _demand_legend(d: Drawing, left: float, scoped: bool = False) -> None:
    x = left
    keys = [(NAVY, "Officers this constituency requires (one bar a shift)" if scoped
             else "Officers required (one bar a shift)", False), (SHORT_RED, "Shift short of officers", False)]
    keys += [] if scoped else [(AVAILABLE_BLUE, "Officers available on that shift", True)]
    for colour, text, line in keys:
        if line:
            d.add(Line(x, 9, x + 10, 9, strokeColor=colour, strokeWidth=2))
        else:
            d.add(Rect(x, 6, 8, 6, fillColor=colour, strokeColor=None))
        d.add(String(x + 13, 6.5, text, fontName=FONT, fontSize=LABEL_PT))
        x += 26 + stringWidth(text, FONT, LABEL_PT)


def _label_step(days: int, slot: float) -> int:
    """Label every n-th day, so that date labels never overprint however long the campaign."""
    label = stringWidth("00/00", FONT_BOLD, LABEL_PT) + 4
    return max(1, -(-int(label) // max(int(slot), 1)))


def _scale_top(lines: list[DemandLine], scoped: bool) -> tuple[int, DemandLine | None]:
    """The chart's scale, and the day it cuts off: the largest figure, unless one day (polling day) dwarfs
    every other, when the rest set the scale and that day's bars are broken at the top, so every other
    shift stays readable."""
    by_day: dict[dt.date, int] = {}
    for x in lines:
        by_day[x.date] = max(by_day.get(x.date, 0), x.required, 0 if scoped else x.available)
    ranked = sorted(by_day.items(), key=lambda item: item[1], reverse=True)
    if len(ranked) > 1 and ranked[1][1] > 0 and ranked[0][1] > 2 * ranked[1][1]:
        peak = max((x for x in lines if x.date == ranked[0][0]), key=lambda x: (x.required, x.available))
        return round(ranked[1][1] * 1.25) or 1, peak
    return (ranked[0][1] if ranked else 0) or 1, None


def demand_chart(demand: tuple[DemandLine, ...], scoped: bool = False) -> Drawing:
    """Each day's shifts side by side: a bar of officers required, a line at officers available.

    A day's shifts are never summed, so a short late shift shows even when the day as a whole has enough.
    For one constituency (`scoped`) the bars are its own demand, drawn to their own scale; the force's
    officers on a shift serve every constituency, so they are not drawn against them.
    """
    lines = [x for x in demand if x.required or x.shortfall]
    width, height = CONTENT_W, 66 * mm
    d = Drawing(width, height)
    if not lines:
        d.add(String(4, height / 2, "No officer demand recorded.", fontName=FONT, fontSize=LABEL_PT))
        return figure(d, "Chart of officer demand: no officer demand is recorded.")
    # Every calendar day from the first demand to the last has its place, so the gaps between busy
    # days read as time, not as neighbours.
    first, last = min(x.date for x in lines), max(x.date for x in lines)
    days = [first + dt.timedelta(days=k) for k in range((last - first).days + 1)]
    shifts = list(dict.fromkeys(x.shift for x in lines))
    left, bottom, top = 32, 30, height - 10
    cut, peak = _scale_top(lines, scoped)
    ticks = chart_ticks(cut)
    scale = (top - bottom) / ticks[-1]
    ceiling = ticks[-1]
    slot = (width - left - 10) / len(days)
    bar = min(slot * 0.8 / len(shifts), 10)
    for value in ticks:
        yy = bottom + value * scale
        d.add(Line(left, yy, width - 10, yy, strokeColor=RULE, strokeWidth=0.3))
        d.add(String(left - 4, yy - 3, f"{value:.0f}", fontName=FONT, fontSize=LABEL_PT, textAnchor="end",
                     fillColor=GREY))
    place = {day: left + k * slot + (slot - bar * len(shifts)) / 2 for k, day in enumerate(days)}
    for x in lines:
        x0 = place[x.date] + shifts.index(x.shift) * bar
        short = x.shortfall > 0
        d.add(Rect(x0, bottom, bar * 0.9, min(x.required, ceiling) * scale, fillColor=SHORT_RED if short else NAVY,
                   strokeColor=None))
        if not scoped:
            d.add(Line(x0 - 0.5, bottom + min(x.available, ceiling) * scale, x0 + bar * 0.9 + 0.5,
                       bottom + min(x.available, ceiling) * scale, strokeColor=AVAILABLE_BLUE, strokeWidth=1.6))
        if x.required > ceiling:  # a bar beyond the scale is broken at the top
            d.add(Line(x0 - 0.5, top - 6, x0 + bar * 0.9 + 0.5, top - 4, strokeColor=colors.white, strokeWidth=1.5))
    short_days = {x.date for x in lines if x.shortfall}
    step = _label_step(len(days), slot)
    for k, day in enumerate(days):
        if k % step == 0:
            d.add(String(left + k * slot + slot / 2, bottom - 11, fmt_date(day)[:5], textAnchor="middle",
                         fontName=FONT_BOLD if day in short_days else FONT, fontSize=LABEL_PT,
                         fillColor=SHORT_RED if day in short_days else GREY))
    if peak is not None:
        words = _cut_words(lines, peak, ceiling, scoped)
        d.add(Rect(left + 2, top + 0.5, stringWidth(words, FONT, LABEL_PT) + 4, LABEL_PT + 1, fillColor=colors.white,
                   strokeColor=None))
        d.add(String(left + 4, top + 2.5, words, fontName=FONT, fontSize=LABEL_PT, fillColor=GREY))
    _demand_legend(d, left, scoped)
    return figure(d, demand_words(lines, scoped))


def _cut_words(lines: list[DemandLine], peak: DemandLine, ceiling: float, scoped: bool) -> str:
    day = [x for x in lines if x.date == peak.date]
    said = f"Scale cut at {ceiling:,.0f}: on {fmt_date(peak.date)} up to {max(x.required for x in day):,} required"
    return said + ("" if scoped else f" and {max(x.available for x in day):,} available") + ", beyond the scale."
