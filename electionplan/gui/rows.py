"""Rows for the app's tables, built from a plan snapshot and its assessment.

Plain functions of plain data, so they are tested without a window.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from electionplan.domain.display import grid_ref_of
from electionplan.domain.plandata import PlanSnapshot
from electionplan.domain.timefmt import fmt_date, fmt_datetime
from electionplan.report import rows as shared_rows
from electionplan.risk.results import Assessment, StationResult

# A station's row as the last build made it, with what it was made from: the station,
# its constituency's name and its rating. An edit changes a few stations of 40,000;
# the others keep their rows, so a rebuild costs a comparison, not a new row, each.
StationRowCache = dict[int, tuple[tuple, dict[str, Any]]]


def _station_dict(r: shared_rows.StationRow) -> dict[str, Any]:
    # The table models hold mappings keyed by column; this takes the shared display
    # row (report.rows) and names the fields the stations table shows.
    return {"id": r.id, "number": r.number, "council": r.council, "name": r.name, "address": r.address, "postcode": r.postcode,
            "grid_ref": r.grid_ref_text, "electorate": r.electorate, "constituency": r.constituency, "rag": r.rag,
            "presence": r.presence, "reasons": " ".join(r.concern_reasons)}


def _rating_key(result: StationResult | None) -> tuple | None:
    if result is None:
        return None
    return result.rag, result.presence.description if result.presence else "", tuple(f.reason for f in result.factors)


def station_rows(snapshot: PlanSnapshot, assessment: Assessment,
                 previous: StationRowCache | None = None) -> tuple[list[dict[str, Any]], StationRowCache]:
    """The stations table's rows, reusing the previous build's row for every station unchanged since."""
    seats = {c.id: c.name for c in snapshot.constituencies}
    rated = {s.id: s for s in assessment.stations}
    previous = previous or {}
    rows: list[dict[str, Any]] = []
    cache: StationRowCache = {}
    for station in snapshot.stations:
        result = rated.get(station.id)
        source = (station, seats.get(station.constituency_id), _rating_key(result))  # type: ignore[arg-type]
        old = previous.get(station.id)
        row = old[1] if old is not None and old[0] == source else _station_dict(
            shared_rows.station_row(station, result, seats))
        rows.append(row)
        cache[station.id] = (source, row)
    return rows, cache


def event_rows(shown: list[shared_rows.EventRow]) -> list[dict[str, Any]]:
    """The events table's rows, from the shared display rows (report.rows.event_rows)."""
    rows = [
        {"id": r.id, "name": r.name, "kind": r.kind_label, "start": r.start_text, "start_iso": r.start_iso,
         "venue": r.venue or "No venue", "attendance": r.attendance, "level": r.level, "score": r.score,
         "flashpoint": "Flashpoint" if r.flashpoint else "", "presence": r.presence}
        for r in shown
    ]
    rows.sort(key=lambda r: r["start_iso"])
    return rows


def venue_rows(snapshot: PlanSnapshot) -> list[dict[str, Any]]:
    seats = {c.id: c.name for c in snapshot.constituencies}
    counts = Counter(e.venue_id for e in snapshot.events)
    return [{"id": v.id, "name": v.name, "address": v.address or "", "postcode": v.postcode or "",
             "grid_ref": grid_ref_of(v), "constituency": seats.get(v.constituency_id, "Unassigned"),  # type: ignore[arg-type]
             "events": counts.get(v.id, 0)} for v in snapshot.venues]


def candidate_rows(snapshot: PlanSnapshot, assessment: Assessment) -> list[dict[str, Any]]:
    return [
        {"id": r.id, "name": r.name, "party": r.party, "constituency": r.constituency, "status": r.status,
         "level": r.level, "score": r.score, "threats": r.threats,
         "briefing": fmt_date(r.briefing_offered) or "Not offered", "police_contact": r.police_contact}
        for r in shared_rows.candidate_rows(snapshot, assessment)
    ]


def constituency_rows(snapshot: PlanSnapshot, assessment: Assessment) -> list[dict[str, Any]]:
    stations = Counter(s.constituency_id for s in snapshot.stations)
    flashpoints = Counter(e.constituency_id for e in assessment.flashpoints)
    candidates = Counter(c.constituency_id for c in snapshot.candidates)
    return [{"id": c.id, "code": c.gss_code, "name": c.name, "electorate": c.electorate,
             "returning_officer": c.returning_officer or "", "stations": stations.get(c.id, 0),
             "candidates": candidates.get(c.id, 0), "flashpoints": flashpoints.get(c.id, 0),
             "boundary": "Yes" if c.boundary else "No"} for c in snapshot.constituencies]


def incident_rows(snapshot: PlanSnapshot) -> list[dict[str, Any]]:
    names = {
        "event_id": {e.id: e.name for e in snapshot.events},
        "station_id": {s.id: s.name for s in snapshot.stations},
        "venue_id": {v.id: v.name for v in snapshot.venues},
        "candidate_id": {c.id: c.name for c in snapshot.candidates},
    }
    rows = []
    for incident in sorted(snapshot.incidents, key=lambda i: i.occurred_at, reverse=True):
        where = next((names[k].get(getattr(incident, k)) for k in ("event_id", "station_id", "venue_id") if getattr(incident, k)), "")
        if not where and incident.easting is not None:
            where = grid_ref_of(incident)
        rows.append({"id": incident.id, "when": fmt_datetime(incident.occurred_at),
                     "kind": incident.kind, "severity": incident.severity.capitalize(),
                     "status": (incident.status or "").capitalize(), "where": where,
                     "candidate": names["candidate_id"].get(incident.candidate_id, ""),  # type: ignore[arg-type]
                     "reference": incident.reference or ""})
    return rows


def flashpoint_rows(shown: list[shared_rows.EventRow]) -> list[dict[str, Any]]:
    """The flashpoints, highest risk first, from the shared display rows of the events."""
    flashpoints = [r for r in shown if r.flashpoint]
    return [{"id": r.id, "rank": n + 1, "name": r.name, "when": r.start_text, "venue": r.venue or "No venue",
             "level": r.level, "score": r.score, "likelihood": r.likelihood, "impact": r.impact,
             "presence": r.presence, "venue_id": r.venue_id,
             "reasons": list(r.reasons)} for n, r in enumerate(flashpoints)]


def demand_rows(assessment: Assessment) -> list[dict[str, Any]]:
    return [{"id": n, "date": fmt_date(d.date), "date_iso": d.date.isoformat(), "shift": d.shift.capitalize(),
             "required": d.officers_required, "available": d.officers_available, "shortfall": d.shortfall,
             "status": "red" if d.shortfall else "green", "demands": "; ".join(d.contributors)}
            for n, d in enumerate(assessment.demand)]


def demand_by_day(assessment: Assessment) -> list[dict[str, Any]]:
    days: dict[dt.date, dict[str, int]] = {}
    for d in assessment.demand:
        day = days.setdefault(d.date, {"required": 0, "available": 0, "shortfall": 0})
        day["required"] += d.officers_required
        day["available"] += d.officers_available
        day["shortfall"] += d.shortfall
    return [{"date": date, **values} for date, values in sorted(days.items())]
