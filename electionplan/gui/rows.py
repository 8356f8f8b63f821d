"""Rows for the app's tables, built from a plan snapshot and its assessment.

Plain functions of plain data, so they are tested without a window.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from electionplan.risk.results import Assessment
from electionplan.domain.display import grid_ref_of, station_address
from electionplan.domain.timefmt import parse_day, parse_time
from electionplan.domain.vocab import EVENT_KINDS
from electionplan.domain.timefmt import fmt_date, fmt_datetime


def station_rows(snapshot: dict[str, Any], assessment: Assessment) -> list[dict[str, Any]]:
    seats = {c["id"]: c["name"] for c in snapshot["constituencies"]}
    rated = {s.id: s for s in assessment.stations}
    rows = []
    for station in snapshot["stations"]:
        result = rated.get(station["id"])
        rows.append({
            "id": station["id"],
            "number": station.get("station_number") or "",
            "name": station["name"],
            "address": station_address(station),
            "postcode": station.get("postcode") or "",
            "grid_ref": grid_ref_of(station),
            "electorate": station.get("electorate"),
            "constituency": seats.get(station.get("constituency_id"), "Unassigned"),
            "rag": result.rag if result else "",
            "presence": result.presence.description if result and result.presence else "",
            "reasons": " ".join(result.reasons) if result and result.rag != "green" else "",
        })
    return rows


def event_rows(snapshot: dict[str, Any], assessment: Assessment) -> list[dict[str, Any]]:
    venues = {v["id"]: v["name"] for v in snapshot["venues"]}
    assessed = {e.id: e for e in assessment.events}
    rows = []
    for event in snapshot["events"]:
        result = assessed.get(event["id"])
        rows.append({
            "id": event["id"],
            "name": event["name"],
            "kind": EVENT_KINDS.get(event["kind"], event["kind"]),
            "start": fmt_datetime(parse_time(event["start"])),
            "start_iso": event["start"],
            "venue": venues.get(event.get("venue_id"), "No venue"),
            "attendance": event.get("expected_attendance") or 0,
            "level": result.level if result else "",
            "score": result.score if result else None,
            "flashpoint": "Flashpoint" if result and result.flashpoint else "",
            "presence": result.presence.description if result and result.presence else "",
        })
    rows.sort(key=lambda r: r["start_iso"])
    return rows


def venue_rows(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    seats = {c["id"]: c["name"] for c in snapshot["constituencies"]}
    counts = Counter(e.get("venue_id") for e in snapshot["events"])
    return [{"id": v["id"], "name": v["name"], "address": v.get("address") or "", "postcode": v.get("postcode") or "",
             "grid_ref": grid_ref_of(v), "constituency": seats.get(v.get("constituency_id"), "Unassigned"),
             "events": counts.get(v["id"], 0)} for v in snapshot["venues"]]


def candidate_rows(snapshot: dict[str, Any], assessment: Assessment) -> list[dict[str, Any]]:
    seats = {c["id"]: c["name"] for c in snapshot["constituencies"]}
    assessed = {c.id: c for c in assessment.candidates}
    threats = Counter(t["candidate_id"] for t in snapshot["threat_reports"])
    rows = []
    for cand in snapshot["candidates"]:
        result = assessed.get(cand["id"])
        status = "Sitting MP" if cand.get("sitting_mp") else ("Former MP" if cand.get("former_mp") else "")
        rows.append({
            "id": cand["id"], "name": cand["name"], "party": cand.get("party") or "",
            "constituency": seats.get(cand.get("constituency_id"), ""), "status": status,
            "level": result.level if result else "", "score": result.score if result else None,
            "threats": threats.get(cand["id"], 0),
            "briefing": fmt_date(parse_day(cand.get("briefing_offered"))) or "Not offered",
            "police_contact": cand.get("police_contact") or "",
        })
    return rows


def constituency_rows(snapshot: dict[str, Any], assessment: Assessment) -> list[dict[str, Any]]:
    stations = Counter(s.get("constituency_id") for s in snapshot["stations"])
    flashpoints = Counter(e.constituency_id for e in assessment.flashpoints)
    candidates = Counter(c.get("constituency_id") for c in snapshot["candidates"])
    return [{"id": c["id"], "code": c["gss_code"], "name": c["name"], "electorate": c.get("electorate"),
             "returning_officer": c.get("returning_officer") or "", "stations": stations.get(c["id"], 0),
             "candidates": candidates.get(c["id"], 0), "flashpoints": flashpoints.get(c["id"], 0),
             "boundary": "Yes" if c.get("boundary") else "No"} for c in snapshot["constituencies"]]


def incident_rows(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    names = {
        "event_id": {e["id"]: e["name"] for e in snapshot["events"]},
        "station_id": {s["id"]: s["name"] for s in snapshot["stations"]},
        "venue_id": {v["id"]: v["name"] for v in snapshot["venues"]},
        "candidate_id": {c["id"]: c["name"] for c in snapshot["candidates"]},
    }
    rows = []
    for incident in sorted(snapshot["incidents"], key=lambda i: i["occurred_at"], reverse=True):
        where = next((names[k].get(incident.get(k)) for k in ("event_id", "station_id", "venue_id") if incident.get(k)), "")
        if not where and incident.get("easting") is not None:
            where = grid_ref_of(incident)
        rows.append({"id": incident["id"], "when": fmt_datetime(parse_time(incident["occurred_at"])),
                     "kind": incident["kind"], "severity": incident["severity"].capitalize(),
                     "status": (incident.get("status") or "").capitalize(), "where": where,
                     "candidate": names["candidate_id"].get(incident.get("candidate_id"), ""),
                     "reference": incident.get("reference") or ""})
    return rows


def flashpoint_rows(snapshot: dict[str, Any], assessment: Assessment) -> list[dict[str, Any]]:
    venues = {v["id"]: v["name"] for v in snapshot["venues"]}
    return [{"id": e.id, "rank": n + 1, "name": e.name, "when": fmt_datetime(parse_time(e.start)),
             "venue": venues.get(e.venue_id, "No venue"), "level": e.level, "score": e.score,
             "presence": e.presence.description if e.presence else "", "venue_id": e.venue_id,
             "reasons": e.reasons} for n, e in enumerate(assessment.flashpoints)]


def demand_rows(assessment: Assessment) -> list[dict[str, Any]]:
    return [{"id": n, "date": fmt_date(parse_day(d.date)), "date_iso": d.date, "shift": d.shift.capitalize(),
             "required": d.officers_required, "available": d.officers_available, "shortfall": d.shortfall,
             "status": "red" if d.shortfall else "green", "demands": "; ".join(d.contributors)}
            for n, d in enumerate(assessment.demand)]


def demand_by_day(assessment: Assessment) -> list[dict[str, Any]]:
    days: dict[str, dict[str, int]] = {}
    for d in assessment.demand:
        day = days.setdefault(d.date, {"required": 0, "available": 0, "shortfall": 0})
        day["required"] += d.officers_required
        day["available"] += d.officers_available
        day["shortfall"] += d.shortfall
    return [{"date": date, **values} for date, values in sorted(days.items())]
