"""Companion data files: every row a plan PDF at scale leaves out, in a spreadsheet and a GeoPackage beside it.

Above the ruleset's size (`report.rows_in_full`) the PDF prints the exceptions
and counts the rest. The rest is written by the project's own exporters
(`report.tables.export_xlsx`, `report.gpkg.export_geopackage`) from the same
edition's view of the plan, with the sheets the PDF shortens taken from the
edition's own document, so a file beside the returning officer's edition holds
only what that edition may show.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from electionplan.report.document import CompanionFile, CompanionPart, PlanDocument
from electionplan.risk.results import LEVEL_LABELS

Table = tuple[list[str], list[list[Any]]]

# What each sheet and layer holds, in the words the PDF prints.
HOLDS = {
    "Stations": "every polling station: council, constituency, district, address, rating, presence and reasons",
    "Events": "every event with its date, venue and presence (its assessment in the police edition)",
    "Demand": "officers required and available, by day and shift",
    "Accepted risks": "every item a shift does not fully cover, with its cover and why",
    "Patrol routes": "every polling-day patrol, stop by stop, with its visiting times",
    "Briefings": "every candidate's briefing offer, acceptance and named police contact",
    "Candidates": "every candidate's risk profile: level, score, factors, measures and threat reports",
    "Risk register": "every entry of the risk register",
    "Timeline": "every dated item of the timeline",
    "Contacts": "every named contact, with whom it serves",
    "Incidents": "every incident in the log, with where it was recorded and its description",
    "constituencies": "each constituency's boundary",
    "polling_stations": "each polling station as a point, with its rating and presence",
    "venues": "each venue as a point",
    "events": "each event at its venue",
}


def companion_names(pdf: Path) -> tuple[Path, Path]:
    """The spreadsheet and the GeoPackage written beside a PDF."""
    return pdf.with_name(f"{pdf.stem}-data.xlsx"), pdf.with_name(f"{pdf.stem}-data.gpkg")


def _seat_names(document: PlanDocument) -> dict[int | None, str]:
    return {seat.id: seat.name for seat in document.information.threat_picture} | {None: "No constituency"}


def _deployment_tables(document: PlanDocument) -> dict[str, Table]:
    section, seats = document.deployment, _seat_names(document)
    if section is None:
        return {}
    tables: dict[str, Table] = {}
    if section.accepted:
        tables["Accepted risks"] = (
            ["Date", "Shift", "Constituency", "Item", "Kind", "Level", "Cover", "Listed as", "Why"],
            [[a.date, a.shift, seats.get(a.constituency_id, ""), a.item, a.kind, a.level, a.cover, a.category,
              a.reason] for a in section.accepted])
    if section.patrols:
        rows = []
        for p in section.patrols:
            head = [p.date, p.shift, seats.get(p.constituency_id, ""), p.patrol, p.officers]
            rows += ([[*head, n + 1, s.number, s.name, s.council, s.postcode, s.grid_ref, s.visits, s.times]
                      for n, s in enumerate(p.stops)] or [[*head, "", "", p.stations, "", "", "", "", ""]])
        tables["Patrol routes"] = (["Date", "Shifts", "Constituency", "Patrol", "Officers", "Stop", "Station number",
                                    "Station", "Council", "Postcode", "Grid ref", "Visits", "Times"], rows)
    return tables


def _candidate_table(document: PlanDocument) -> dict[str, Table]:
    candidates = document.information.candidates
    if not (document.edition.candidate_risk_summary and candidates):
        return {}
    rows = [[c.name, c.party, LEVEL_LABELS.get(c.level, c.level), round(c.score, 1), "; ".join(c.factors),
             c.prominence, c.home_address, "; ".join(c.protective_measures), c.intelligence_notes, c.concerns_raised,
             "; ".join(f"{t.date} {t.severity} {t.kind}: {t.summary}" for t in c.threats)] for c in candidates]
    return {"Candidates": (["Candidate", "Party (identification)", "Level", "Score", "Factors", "Prominence",
                            "Home address", "Protective measures", "Intelligence notes", "Concerns raised",
                            "Threat reports"], rows)}


def document_tables(document: PlanDocument) -> dict[str, Table]:
    """The sheets a PDF at scale shortens, from the edition's own document."""
    admin = document.administration
    tables = _deployment_tables(document)
    tables["Briefings"] = (["Constituency", "Candidate", "Description", "Briefing offered", "Accepted",
                            "Named police contact"],
                           [[b.constituency, b.name, b.party, b.offered, b.accepted, b.police_contact]
                            for b in admin.briefings])
    tables |= _candidate_table(document)
    if document.edition.event_risk:
        tables["Risk register"] = (["Risk", "Likelihood", "Impact", "Score", "Controls", "Residual", "Owner"],
                                   [[r.risk, r.likelihood, r.impact, r.score, r.controls,
                                     LEVEL_LABELS.get(r.residual, r.residual), r.owner] for r in document.register])
    tables["Timeline"] = (["Date", "Time", "Item"], [[f"{t.date:%d/%m/%Y}", t.time, t.label] for t in admin.timeline])
    tables["Contacts"] = (["Role", "Name", "Organisation", "Serves", "Telephone", "Email"],
                          [[c.role, c.name, c.organisation, c.serves or "Whole force", c.phone, c.email]
                           for c in admin.contacts])
    tables["Incidents"] = (["When", "Where", "Kind", "Severity", "Status", "Reference", "Description"],
                           [[i.when, i.where, i.kind, i.severity, i.status, i.reference, i.description]
                            for i in document.incidents])
    return {name: table for name, table in tables.items() if table[1]}


def describe_companions(pdf: Path, sheets: dict[str, int], layers: dict[str, int]) -> tuple[CompanionFile, ...]:
    """The files as the PDF names them: each sheet and layer, its rows and what it holds."""
    xlsx, gpkg = companion_names(pdf)
    return (CompanionFile(xlsx.name, "Spreadsheet (XLSX)",
                          tuple(CompanionPart(name, rows, HOLDS.get(name, "")) for name, rows in sheets.items())),
            CompanionFile(gpkg.name, "GeoPackage for GIS (British National Grid, EPSG:27700)",
                          tuple(CompanionPart(name, rows, HOLDS.get(name, "")) for name, rows in layers.items())))
