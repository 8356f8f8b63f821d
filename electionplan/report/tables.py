"""The plan's tables as CSV or XLSX for colleagues' spreadsheets.

Every text cell that a spreadsheet would run as a formula (starting =, +, -,
@ or a control character) is made plain text first.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from electionplan.domain.plandata import PlanSnapshot
from electionplan.domain.spreadsheet import neutralise_formula
from electionplan.report import rows as display_rows
from electionplan.report.audit_csv import write_csv
from electionplan.risk.results import LEVEL_LABELS, RAG_LABELS, Assessment
from electionplan.system.files import atomic_output

STATION_HEADER = ["Number", "Council", "Constituency", "Polling district", "Station", "Address", "Postcode", "Electorate", "RAG", "Presence",
                  "Reasons"]


def _public_events(snapshot: PlanSnapshot, assessment: Assessment) -> tuple[list[str], list[list[Any]]]:
    """Events as an edition outside the police has them: public facts, and presence at the count and declaration."""
    rows = [[e.name, e.kind, e.start_text, e.venue, e.organiser, e.attendance, e.presence]
            for e in display_rows.event_rows(snapshot, assessment)]
    return ["Event", "Kind", "Starts", "Venue", "Organiser", "Expected attendance", "Presence"], rows


def plan_tables(snapshot: PlanSnapshot, assessment: Assessment,
                assessed: bool = True) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """The tables; with `assessed` False (outside the police) events carry no assessment and demand is left out."""
    # Stations in the assessment's order: red first, then amber, then green.
    by_id = {row.id: row for row in display_rows.station_rows(snapshot, assessment)}
    # A station's number is unique only within its council, so its council and constituency go with it.
    station_rows = [[s.number, s.council, s.constituency, s.district, s.name, s.address, s.postcode, s.electorate,
                     RAG_LABELS[s.rag], s.presence, " ".join(s.reasons)]
                    for s in (by_id[result.id] for result in assessment.stations)]
    if not assessed:
        return {"Stations": (STATION_HEADER, station_rows), "Events": _public_events(snapshot, assessment)}
    event_rows = [[e.name, e.kind, e.start_text, e.venue, LEVEL_LABELS[e.level], e.score,
                   "Yes" if e.flashpoint else "No", e.presence, " ".join(e.reasons)]
                  for e in display_rows.event_rows(snapshot, assessment)]
    demand_rows = [[d.date.isoformat(), d.shift, d.officers_required, d.officers_available, d.shortfall] for d in assessment.demand]
    return {
        "Stations": (STATION_HEADER, station_rows),
        "Events": (["Event", "Kind", "Starts", "Venue", "Risk", "Score", "Flashpoint", "Presence", "Reasons"], event_rows),
        "Demand": (["Date", "Shift", "Required", "Available", "Short by"], demand_rows),
    }


def export_csv(snapshot: PlanSnapshot, assessment: Assessment, target: Path | str, assessed: bool = True) -> int:
    """The stations table (what returning officers ask for most) as CSV."""
    header, rows = plan_tables(snapshot, assessment, assessed)["Stations"]
    write_csv(target, header, [["" if v is None else str(v) for v in row] for row in rows])
    return len(rows)


def export_xlsx(snapshot: PlanSnapshot, assessment: Assessment, target: Path | str, assessed: bool = True) -> int:
    return write_xlsx(plan_tables(snapshot, assessment, assessed), target)


def write_xlsx(tables: dict[str, tuple[list[str], list[list[Any]]]], target: Path | str) -> int:
    """Each table a sheet, its header bold; the rows written, not counting headers."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    # Write-only: a national plan's sheets stream to the file rather than building every cell in memory.
    book = openpyxl.Workbook(write_only=True)
    bold = openpyxl.styles.Font(bold=True)
    total = 0
    for title, (header, rows) in tables.items():
        sheet = book.create_sheet(title)
        heads = []
        for name in header:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = bold
            heads.append(cell)
        sheet.append(heads)
        for row in rows:
            # Strings are stored as text, so openpyxl never writes them as formulas.
            sheet.append([neutralise_formula(v) if isinstance(v, str) else v for v in row])
            total += 1
    buffer = io.BytesIO()
    book.save(buffer)
    with atomic_output(Path(target)) as temp:
        temp.write_bytes(buffer.getvalue())
    return total
