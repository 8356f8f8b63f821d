"""Importing incidents logged during the campaign, from CSV or JSON.

Columns (case-insensitive): occurred_at (or date and time), kind, severity,
status, event, station, venue, candidate, location (grid reference,
'easting, northing', 'lat, lon' or a loaded postcode), reference, description.
Any bad row refuses the whole file, naming the row, the column and the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from electionplan.db import audit
from electionplan.db import models as m
from electionplan.db.records import create_in
from electionplan.db.store import PlanStore
from electionplan.domain.errors import ImportFailed, ValidationError
from electionplan.domain.text import clean_text
from electionplan.domain.timefmt import parse_datetime
from electionplan.geo.locations import parse_location
from electionplan.geo.postcodes import lookup_postcodes
from electionplan.importers.matching import NameIndex
from electionplan.importers.tabular import read_json_records, read_table


@dataclass
class IncidentImportReport:
    imported: int


def read_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    if path.suffix.lower() == ".json":
        return [(n + 1, {str(k).lower(): "" if v is None else str(v) for k, v in r.items()})
                for n, r in enumerate(read_json_records(path))]
    table = read_table(path)
    if table.problems:
        raise ImportFailed(f"{path.name} has rows that cannot be read; nothing was imported.", table.problems)
    return table.rows


def import_incidents(plan: PlanStore, path: Path | str) -> IncidentImportReport:
    path = Path(path)
    rows = read_rows(path)
    if not rows:
        raise ImportFailed(f"{path.name} holds no incidents.")
    if not any(key in rows[0][1] for key in ("occurred_at", "date", "when")) or "kind" not in rows[0][1]:
        raise ImportFailed(f"{path.name} is not an incident file: it needs occurred_at (or date and time) and kind columns.")
    problems: list[str] = []
    with plan.session(write=True) as session:
        names = NameIndex(session)
        postcodes = lookup_postcodes(session, [r.get("location", "") for _, r in rows])

        def by_postcode(text: str):
            return postcodes.get(text.replace(" ", "").upper())

        for line, row in rows:
            values: dict = {}
            try:
                when = row.get("occurred_at") or row.get("when") or f"{row.get('date', '')} {row.get('time', '00:00')}"
                values["occurred_at"] = parse_datetime(when, "occurred_at")
                values["kind"] = clean_text(row.get("kind", ""))
                values["severity"] = (row.get("severity") or "medium").lower()
                values["status"] = (row.get("status") or "open").lower()
                values["reference"] = clean_text(row.get("reference", ""))
                values["description"] = clean_text(row.get("description", ""))
                for column, table, key in (("event", names.events, "event_id"), ("station", names.stations, "station_id"),
                                           ("venue", names.venues, "venue_id"), ("candidate", names.candidates, "candidate_id")):
                    if row.get(column):
                        found = names.find(table, row[column])
                        if found is None:
                            raise ValidationError(f"no {column} called '{row[column]}' in the plan", column)
                        values[key] = found
                if row.get("location"):
                    values["easting"], values["northing"] = parse_location(row["location"], by_postcode)
                create_in(session, m.Incident, values, audit_action="import")
            except ValidationError as exc:
                column = exc.field or "?"
                problems.append(f"row {line}, column {column}: {str(exc).rstrip('.')}")
        if problems:
            session.rollback()
            raise ImportFailed(f"{path.name} has {len(problems)} row(s) with problems; nothing was imported.", problems)
        audit.record(session, "import", "Incident", None, "file", "", f"{len(rows)} incidents from {path.name}")
    return IncidentImportReport(imported=len(rows))
