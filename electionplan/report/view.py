"""Everything a plan document says, gathered as plain data before drawing.

build_plan_view assembles the full (police) content from a snapshot and its
assessment; redaction.redact_for then removes what an edition may not hold.
The renderer only lays out what it is given and never touches the database.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import asdict
from typing import Any

from electionplan.domain.plandata import PlanSnapshot, ThreatReportRecord
from electionplan.report.mapscene import build_scene
from electionplan.risk.register import risk_register
from electionplan.risk.ruleset import Ruleset
from electionplan.risk.results import LEVEL_LABELS, PRESENCE_LABELS, RAG_LABELS, Assessment, event_dict
from electionplan.domain.display import grid_ref_of, station_address
from electionplan.domain.timefmt import parse_day, parse_time
from electionplan.domain.vocab import CONTACT_ROLES, PROMINENCE, event_kind_label
from electionplan.domain.timefmt import fmt_date, fmt_datetime, fmt_span

def natural_key(text: str) -> list:
    """'AS2' before 'AS10': digits compare as numbers."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", text or "")]


def _when(event) -> str:
    return fmt_span(parse_time(event.start), parse_time(event.end))


def build_plan_view(
    snapshot: PlanSnapshot,
    assessment: Assessment,
    rules: Ruleset,
    *,
    edition: str = "police",
    constituency_code: str | None = None,
    revision: dict[str, Any] | None = None,
    revisions: list[dict[str, Any]] | None = None,
    changes: dict[str, Any] | None = None,
    review_comments: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    election, plan = snapshot.election, snapshot.plan
    seats = list(snapshot.constituencies)
    if constituency_code:
        seats = [c for c in seats if c.gss_code == constituency_code]
    seat_ids = {c.id for c in seats}
    scoped = bool(constituency_code)

    def in_scope(record_constituency: int | None) -> bool:
        return not scoped or record_constituency in seat_ids

    venues = {v.id: v for v in snapshot.venues}
    stations_by_id = {s.id: s for s in snapshot.stations}
    events = [e for e in assessment.events if in_scope(e.constituency_id)]
    stations = [s for s in assessment.stations if in_scope(s.constituency_id)]
    candidates_by_id = {c.id: c for c in snapshot.candidates}
    candidate_results = [c for c in assessment.candidates if in_scope(c.constituency_id)]
    threats_by_candidate: dict[int, list[ThreatReportRecord]] = {}
    for threat in snapshot.threat_reports:
        threats_by_candidate.setdefault(threat.candidate_id, []).append(threat)

    def event_row(e) -> dict[str, Any]:
        venue = venues.get(e.venue_id) if e.venue_id is not None else None
        row = event_dict(e)
        row.update(
            kind=event_kind_label(e.kind),
            when=_when(e),
            venue=venue.name if venue else "No venue recorded",
            grid_ref=grid_ref_of(venue, missing=""),
            presence=e.presence.description if e.presence else "",
            presence_option=e.presence.option if e.presence else "none",
            officers=e.presence.officers if e.presence else 0,
        )
        return row

    event_rows = [event_row(e) for e in events]
    matrix = Counter((e.likelihood, e.impact) for e in events)
    rag_counts = Counter(s.rag for s in stations)
    demand = [
        {"date": d.date, "shift": d.shift, "required": d.officers_required, "available": d.officers_available,
         "shortfall": d.shortfall, "contributors": d.contributors}
        for d in assessment.demand
    ]
    by_day: dict[str, dict[str, int]] = {}
    for d in demand:
        day = by_day.setdefault(d["date"], {"required": 0, "available": 0, "shortfall": 0})
        day["required"] += d["required"]
        day["available"] += d["available"]
        day["shortfall"] += d["shortfall"]

    key_dates = [(label, d.isoformat()) for label, d in (
        ("Notice of election", election.notice_date), ("Polling day", election.polling_day),
        ("Verification and count", election.count_date)) if d]
    timeline = sorted(
        [{"date": d, "label": label, "kind": "key"} for label, d in key_dates if d]
        + [{"date": e.start[:10], "label": e.name, "kind": e.level, "time": e.start[11:]} for e in events
           if e.kind in ("hustings", "count", "declaration", "protest", "campaign_visit")],
        key=lambda item: (item["date"], item.get("time", "")),
    )

    threat_picture = []
    for seat in seats:
        seat_events = [e for e in events if e.constituency_id == seat.id]
        seat_stations = [s for s in stations if s.constituency_id == seat.id]
        seat_candidates = [c for c in candidate_results if c.constituency_id == seat.id]
        levels = Counter(e.level for e in seat_events)
        rags = Counter(s.rag for s in seat_stations)
        high_candidates = sum(1 for c in seat_candidates if c.level in ("high", "very_high"))
        flashpoints = [e for e in seat_events if e.flashpoint]
        incidents = [i for i in snapshot.incidents
                     if (i.station_id in stations_by_id and stations_by_id[i.station_id].constituency_id == seat.id)
                     or (i.venue_id in venues and venues[i.venue_id].constituency_id == seat.id)]
        summary = (
            f"{len(seat_events)} events are planned, of which {len(flashpoints)} are assessed as flashpoints "
            f"({levels.get('very_high', 0)} very high, {levels.get('high', 0)} high). "
            f"Of {len(seat_stations)} polling stations, {rags.get('red', 0)} are rated red and "
            f"{rags.get('amber', 0)} amber. {len(incidents)} earlier incident(s) are recorded in the area."
        )
        threat_picture.append(
            {
                "code": seat.gss_code,
                "name": seat.name,
                "electorate": seat.electorate,
                "returning_officer": seat.returning_officer or "",
                "summary": summary,
                "candidate_summary": f"{len(seat_candidates)} candidates stand; {high_candidates} carry a high or very high risk profile.",
                "flashpoints": [event_row(e) for e in flashpoints],
                "map": build_scene(snapshot, assessment, [seat.id]),
            }
        )

    station_rows = []
    for s in stations:
        record = stations_by_id[s.id]
        station_rows.append(
            {
                "id": s.id,
                "constituency_id": s.constituency_id,
                "number": record.station_number or "",
                "name": s.name,
                "address": station_address(record),
                "postcode": record.postcode or "",
                "grid_ref": grid_ref_of(record),
                "electorate": record.electorate,
                "rag": s.rag,
                "presence": s.presence.description if s.presence else "",
                "reasons": s.reasons if s.rag != "green" else [],
            }
        )
    station_rows.sort(key=lambda r: ({"red": 0, "amber": 1, "green": 2}[r["rag"]], natural_key(r["number"]), r["name"]))

    candidate_rows = []
    for c in candidate_results:
        record = candidates_by_id[c.id]
        candidate_rows.append(
            {
                "id": c.id,
                "name": c.name,
                "party": record.party or "",
                "level": c.level,
                "score": c.score,
                "factors": [f"{f.reason}" for f in c.factors],
                "sitting_mp": record.sitting_mp,
                "former_mp": record.former_mp,
                "prominence": PROMINENCE.get(record.prominence or 0, ""),
                "home_address": record.home_address or "",
                "intelligence_notes": record.intelligence_notes or "",
                "concerns_raised": record.concerns_raised or "",
                "protective_measures": list(record.protective_measures),
                "threats": [
                    {"date": fmt_date(t.reported_on), "kind": t.kind, "severity": t.severity,
                     "reported_to": t.reported_to or "", "reference": t.reference or "", "summary": t.summary or ""}
                    for t in sorted(threats_by_candidate.get(c.id, []), key=lambda t: t.reported_on)
                ],
                "police_contact": record.police_contact or "",
                "briefing_offered": fmt_date(record.briefing_offered),
                "briefing_accepted": fmt_date(record.briefing_accepted),
            }
        )
    briefing_rows = [
        {"name": c["name"], "party": c["party"], "offered": c["briefing_offered"] or "Not yet offered",
         "accepted": c["briefing_accepted"] or ("Not accepted" if c["briefing_offered"] else ""),
         "police_contact": c["police_contact"] or "To be named"}
        for c in sorted(candidate_rows, key=lambda r: r["name"])
    ]

    high_cands = sum(1 for c in candidate_rows if c["level"] in ("high", "very_high"))
    register = [
        asdict(entry)
        for entry in risk_register([e for e in events if e.flashpoint], rag_counts.get("red", 0), rag_counts.get("amber", 0),
                                   high_cands, assessment.shortfalls, rules)
    ]

    contacts = [
        {"role": CONTACT_ROLES.get(c.role, c.role), "name": c.name, "organisation": c.organisation or "",
         "phone": c.phone or "", "email": c.email or ""}
        for c in snapshot.contacts if not scoped or c.constituency_id in seat_ids or c.constituency_id is None
    ]
    for seat in seats:
        if seat.returning_officer and not any(c["name"] in seat.returning_officer for c in contacts):
            contacts.append({"role": f"Returning officer, {seat.name}", "name": seat.returning_officer,
                             "organisation": "", "phone": "", "email": seat.returning_officer_contact or ""})

    incidents = [
        {"when": fmt_datetime(i.occurred_at), "kind": i.kind, "severity": i.severity,
         "status": i.status or "", "reference": i.reference or "", "description": i.description or ""}
        for i in sorted(snapshot.incidents, key=lambda i: i.occurred_at)
    ]
    count_events = [row for row in event_rows if row["kind"] in (event_kind_label("count"), event_kind_label("declaration"))]

    revision = revision or {}
    return {
        "edition": edition,
        "marking": "OFFICIAL-SENSITIVE",
        "title": "Election policing plan",
        "force": election.force,
        "election": election.name,
        "election_kind": election.kind,
        "constituencies": [f"{c.name} ({c.gss_code})" for c in seats],
        "reference": plan.reference,
        "revision": revision.get("number") or "Draft",
        "revision_date": revision.get("date") or fmt_date(dt.date.fromisoformat(assessment.as_at)),
        "status": revision.get("status") or "Draft – not yet approved",
        "prepared_by": plan.prepared_by or "",
        "approved_by": plan.approved_by or ("Awaiting approval" if not revision.get("approved") else ""),
        "as_at": fmt_date(dt.date.fromisoformat(assessment.as_at)),
        "ruleset": assessment.ruleset,
        "next_review": fmt_date(plan.next_review_date),
        "review_interval": plan.review_interval_days,
        "distribution": list(plan.distribution),
        "revisions": revisions or [],
        "changes": changes,
        "review_comments": review_comments or [],
        "key_dates": [(label, fmt_date(parse_day(d))) for label, d in key_dates],
        "key_dates_iso": key_dates,
        "timeline": timeline,
        "counts": {
            "Constituencies": len(seats),
            "Polling stations": len(stations),
            "Events": len(events),
            "Flashpoints": sum(1 for e in events if e.flashpoint),
            "Candidates": len(candidate_rows),
            "Red / amber stations": f"{rag_counts.get('red', 0)} / {rag_counts.get('amber', 0)}",
        },
        "matrix": {f"{l},{i}": n for (l, i), n in matrix.items()},
        "events": event_rows,
        "flashpoints": [row for row in event_rows if row["flashpoint"]],
        "demand": demand,
        "demand_by_day": [{"date": d, **v} for d, v in sorted(by_day.items())],
        "threat_picture": threat_picture,
        "candidates": candidate_rows,
        "briefings": briefing_rows,
        "intention": plan.intention or "",
        "communications": plan.communications or "",
        "stations": station_rows,
        "count_events": count_events,
        "contacts": contacts,
        "register": register,
        "incidents": incidents,
        "contributions": [
            {"received": fmt_datetime(c.received_at),
             "from": ", ".join(p for p in (c.from_name, c.organisation) if p),
             "kind": (c.kind or "comment").capitalize(),
             "text": c.text + (f" (about {about})" if (about := (candidates_by_id[c.candidate_id].name if c.candidate_id in candidates_by_id else "")
                                                          or next((e.name for e in assessment.events if e.id == c.event_id), ""))
                                  else "")}
            for c in sorted(snapshot.contributions, key=lambda c: c.received_at)
        ],
        "labels": {"levels": LEVEL_LABELS, "rags": RAG_LABELS, "presence": PRESENCE_LABELS},
    }
