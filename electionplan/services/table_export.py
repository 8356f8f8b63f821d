"""The plan's tables as CSV or XLSX for colleagues' spreadsheets.

Every text cell that a spreadsheet would run as a formula (starting =, +, -,
@ or a control character) is made plain text first.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from electionplan.domain.spreadsheet import neutralise_formula
from electionplan.risk.results import LEVEL_LABELS, RAG_LABELS, Assessment
from electionplan.report.audit_csv import write_csv
from electionplan.domain.display import station_address
from electionplan.system.files import atomic_output
from electionplan.domain.timefmt import parse_time
from electionplan.domain.timefmt import fmt_datetime


def plan_tables(snapshot: dict[str, Any], assessment: Assessment) -> dict[str, tuple[list[str], list[list[Any]]]]:
    stations = {s["id"]: s for s in snapshot["stations"]}
    venues = {v["id"]: v["name"] for v in snapshot["venues"]}
    station_rows = []
    for result in assessment.stations:
        s = stations[result.id]
        station_rows.append([s.get("station_number") or "", s["name"], station_address(s),
                             s.get("postcode") or "", s.get("electorate"), RAG_LABELS[result.rag],
                             result.presence.description if result.presence else "", " ".join(result.reasons)])
    event_rows = [[e.name, e.kind, fmt_datetime(parse_time(e.start)), venues.get(e.venue_id, ""), LEVEL_LABELS[e.level], e.score,
                   "Yes" if e.flashpoint else "No", e.presence.description if e.presence else "", " ".join(e.reasons)]
                  for e in assessment.events]
    demand_rows = [[d.date, d.shift, d.officers_required, d.officers_available, d.shortfall] for d in assessment.demand]
    return {
        "Stations": (["Number", "Station", "Address", "Postcode", "Electorate", "RAG", "Presence", "Reasons"], station_rows),
        "Events": (["Event", "Kind", "Starts", "Venue", "Risk", "Score", "Flashpoint", "Presence", "Reasons"], event_rows),
        "Demand": (["Date", "Shift", "Required", "Available", "Short by"], demand_rows),
    }


def export_csv(snapshot: dict[str, Any], assessment: Assessment, target: Path | str) -> int:
    """The stations table (what returning officers ask for most) as CSV."""
    header, rows = plan_tables(snapshot, assessment)["Stations"]
    write_csv(target, header, [["" if v is None else str(v) for v in row] for row in rows])
    return len(rows)


def export_xlsx(snapshot: dict[str, Any], assessment: Assessment, target: Path | str) -> int:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    total = 0
    for title, (header, rows) in plan_tables(snapshot, assessment).items():
        sheet = book.create_sheet(title)
        sheet.append(header)
        for row in rows:
            # Strings are stored as text, so openpyxl never writes them as formulas.
            sheet.append([neutralise_formula(v) if isinstance(v, str) else v for v in row])
            total += 1
        for cell in sheet[1]:
            cell.font = openpyxl.styles.Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    with atomic_output(Path(target)) as temp:
        temp.write_bytes(buffer.getvalue())
    return total
