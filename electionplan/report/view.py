"""Everything a plan document says, gathered as plain data before drawing.

build_plan_view assembles the full (police) content from a snapshot and its
assessment; redaction.redact_for then removes what an edition may not hold.
The renderer only lays out what it is given and never touches the database.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

from electionplan.report.mapscene import build_scene
from electionplan.risk.results import LEVEL_LABELS, PRESENCE_LABELS, RAG_LABELS, Assessment, event_dict
from electionplan.domain.display import grid_ref_of, station_address
from electionplan.domain.timefmt import parse_day, parse_time
from electionplan.domain.vocab import CONTACT_ROLES, PROMINENCE, event_kind_label
from electionplan.domain.timefmt import fmt_date, fmt_datetime

LEVEL_ORDER = ["low", "medium", "high", "very_high"]


def natural_key(text: str) -> list:
    """'AS2' before 'AS10': digits compare as numbers."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", text or "")]


def _when(event) -> str:
    start, end = parse_time(event.start), parse_time(event.end)
    if start.date() == end.date():
        return f"{fmt_date(start)} {start:%H:%M}–{end:%H:%M}"
    return f"{fmt_datetime(start)} – {fmt_datetime(end)}"


def _residual(level: str, presence: str) -> str:
    # Controls lower a risk by one band when officers are physically present.
    index = LEVEL_ORDER.index(level)
    if presence in ("dedicated", "public_order", "patrol") and index > 0:
        index -= 1
    return LEVEL_ORDER[index]


def build_plan_view(
    snapshot: dict[str, Any],
    assessment: Assessment,
    *,
    edition: str = "police",
    constituency_code: str | None = None,
    revision: dict[str, Any] | None = None,
    revisions: list[dict[str, Any]] | None = None,
    changes: dict[str, Any] | None = None,
    review_comments: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    election, plan = snapshot["election"], snapshot["plan"]
    seats = snapshot["constituencies"]
    if constituency_code:
        seats = [c for c in seats if c["gss_code"] == constituency_code]
    seat_ids = {c["id"] for c in seats}
    scoped = bool(constituency_code)

    def in_scope(record_constituency: int | None) -> bool:
        return not scoped or record_constituency in seat_ids

    venues = {v["id"]: v for v in snapshot["venues"]}
    stations_by_id = {s["id"]: s for s in snapshot["stations"]}
    events = [e for e in assessment.events if in_scope(e.constituency_id)]
    stations = [s for s in assessment.stations if in_scope(s.constituency_id)]
    candidates_by_id = {c["id"]: c for c in snapshot["candidates"]}
    candidate_results = [c for c in assessment.candidates if in_scope(c.constituency_id)]
    threats_by_candidate: dict[int, list] = {}
    for threat in snapshot["threat_reports"]:
        threats_by_candidate.setdefault(threat["candidate_id"], []).append(threat)

    def event_row(e) -> dict[str, Any]:
        venue = venues.get(e.venue_id) or {}
        row = event_dict(e)
        row.update(
            kind=event_kind_label(e.kind),
            when=_when(e),
            venue=venue.get("name", "No venue recorded"),
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

    key_dates = [("Notice of election", election.get("notice_date")), ("Polling day", election["polling_day"]),
                 ("Verification and count", election.get("count_date"))]
    timeline = sorted(
        [{"date": d, "label": label, "kind": "key"} for label, d in key_dates if d]
        + [{"date": e.start[:10], "label": e.name, "kind": e.level, "time": e.start[11:]} for e in events
           if e.kind in ("hustings", "count", "declaration", "protest", "campaign_visit")],
        key=lambda item: (item["date"], item.get("time", "")),
    )

    threat_picture = []
    for seat in seats:
        seat_events = [e for e in events if e.constituency_id == seat["id"]]
        seat_stations = [s for s in stations if s.constituency_id == seat["id"]]
        seat_candidates = [c for c in candidate_results if c.constituency_id == seat["id"]]
        levels = Counter(e.level for e in seat_events)
        rags = Counter(s.rag for s in seat_stations)
        high_candidates = sum(1 for c in seat_candidates if c.level in ("high", "very_high"))
        flashpoints = [e for e in seat_events if e.flashpoint]
        incidents = [i for i in snapshot["incidents"]
                     if (stations_by_id.get(i.get("station_id")) or {}).get("constituency_id") == seat["id"]
                     or (venues.get(i.get("venue_id")) or {}).get("constituency_id") == seat["id"]]
        summary = (
            f"{len(seat_events)} events are planned, of which {len(flashpoints)} are assessed as flashpoints "
            f"({levels.get('very_high', 0)} very high, {levels.get('high', 0)} high). "
            f"Of {len(seat_stations)} polling stations, {rags.get('red', 0)} are rated red and "
            f"{rags.get('amber', 0)} amber. {len(incidents)} earlier incident(s) are recorded in the area."
        )
        threat_picture.append(
            {
                "code": seat["gss_code"],
                "name": seat["name"],
                "electorate": seat.get("electorate"),
                "returning_officer": seat.get("returning_officer") or "",
                "summary": summary,
                "candidate_summary": f"{len(seat_candidates)} candidates stand; {high_candidates} carry a high or very high risk profile.",
                "flashpoints": [event_row(e) for e in flashpoints],
                "map": build_scene(snapshot, assessment, [seat["id"]]),
            }
        )

    station_rows = []
    for s in stations:
        record = stations_by_id[s.id]
        station_rows.append(
            {
                "id": s.id,
                "constituency_id": s.constituency_id,
                "number": record.get("station_number") or "",
                "name": s.name,
                "address": station_address(record),
                "postcode": record.get("postcode") or "",
                "grid_ref": grid_ref_of(record),
                "electorate": record.get("electorate"),
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
                "party": record.get("party") or "",
                "level": c.level,
                "score": c.score,
                "factors": [f"{f.reason}" for f in c.factors],
                "sitting_mp": record.get("sitting_mp"),
                "former_mp": record.get("former_mp"),
                "prominence": PROMINENCE.get(record.get("prominence") or 0, ""),
                "home_address": record.get("home_address") or "",
                "intelligence_notes": record.get("intelligence_notes") or "",
                "concerns_raised": record.get("concerns_raised") or "",
                "protective_measures": record.get("protective_measures") or [],
                "threats": [
                    {"date": fmt_date(parse_day(t["reported_on"])), "kind": t["kind"], "severity": t["severity"],
                     "reported_to": t.get("reported_to") or "", "reference": t.get("reference") or "", "summary": t.get("summary") or ""}
                    for t in sorted(threats_by_candidate.get(c.id, []), key=lambda t: t["reported_on"])
                ],
                "police_contact": record.get("police_contact") or "",
                "briefing_offered": fmt_date(parse_day(record.get("briefing_offered"))),
                "briefing_accepted": fmt_date(parse_day(record.get("briefing_accepted"))),
            }
        )
    briefing_rows = [
        {"name": c["name"], "party": c["party"], "offered": c["briefing_offered"] or "Not yet offered",
         "accepted": c["briefing_accepted"] or ("Not accepted" if c["briefing_offered"] else ""),
         "police_contact": c["police_contact"] or "To be named"}
        for c in sorted(candidate_rows, key=lambda r: r["name"])
    ]

    register = []
    for e in [row for row in event_rows if row["flashpoint"]]:
        register.append(
            {
                "risk": f"Disorder, intimidation or harm at {e['name']} ({e['when']})",
                "likelihood": e["likelihood"],
                "impact": e["impact"],
                "score": e["score"],
                "controls": f"{e['presence']}. Liaison with organiser; candidates' named contacts informed; "
                            "dynamic risk assessment on the day.",
                "residual": _residual(e["level"], e["presence_option"]),
                "owner": "Tactical commander (Silver)" if e["presence_option"] == "public_order" else "Election SPOC",
            }
        )
    red = rag_counts.get("red", 0)
    amber = rag_counts.get("amber", 0)
    register.append({
        "risk": "Intimidation of voters, tellers or staff at polling stations",
        "likelihood": 3 if red else 2, "impact": 3, "score": (3 if red else 2) * 3,
        "controls": f"Dedicated officers at {red} red station(s); patrol visits to {amber} amber station(s); "
                    "presiding officers briefed on how to call for help.",
        "residual": "low" if not red else "medium", "owner": "Election SPOC",
    })
    high_cands = sum(1 for c in candidate_rows if c["level"] in ("high", "very_high"))
    register.append({
        "risk": "Threats, harassment or violence against candidates while campaigning",
        "likelihood": 4 if high_cands else 2, "impact": 4, "score": (4 if high_cands else 2) * 4,
        "controls": "Security briefings offered to all candidates; named police contacts; Operation Bridger "
                    "liaison; protective measures reviewed for high-risk candidates.",
        "residual": "medium" if high_cands else "low", "owner": "Operation Bridger / FEOA contact",
    })
    shortfalls = [d for d in demand if d["shortfall"]]
    register.append({
        "risk": "Insufficient officers to meet planned demand",
        "likelihood": 4 if shortfalls else 1, "impact": 3, "score": (4 if shortfalls else 1) * 3,
        "controls": ("Shortfalls on " + ", ".join(f"{fmt_date(parse_day(d['date']))} ({d['shift']}, {d['shortfall']})" for d in shortfalls[:6])
                     + "; mutual aid or rest-day working to be requested.") if shortfalls else "Demand is within capacity on every shift.",
        "residual": "medium" if shortfalls else "low", "owner": "Resource management unit",
    })
    register.sort(key=lambda r: -r["score"])

    contacts = [
        {"role": CONTACT_ROLES.get(c["role"], c["role"]), "name": c["name"], "organisation": c.get("organisation") or "",
         "phone": c.get("phone") or "", "email": c.get("email") or ""}
        for c in snapshot["contacts"] if not scoped or c.get("constituency_id") in seat_ids or c.get("constituency_id") is None
    ]
    for seat in seats:
        if seat.get("returning_officer") and not any(c["name"] in seat["returning_officer"] for c in contacts):
            contacts.append({"role": f"Returning officer, {seat['name']}", "name": seat["returning_officer"],
                             "organisation": "", "phone": "", "email": seat.get("returning_officer_contact") or ""})

    incidents = [
        {"when": fmt_datetime(parse_time(i["occurred_at"])), "kind": i["kind"], "severity": i["severity"],
         "status": i.get("status") or "", "reference": i.get("reference") or "", "description": i.get("description") or ""}
        for i in sorted(snapshot["incidents"], key=lambda i: i["occurred_at"])
    ]
    count_events = [row for row in event_rows if row["kind"] in (event_kind_label("count"), event_kind_label("declaration"))]

    revision = revision or {}
    return {
        "edition": edition,
        "marking": "OFFICIAL-SENSITIVE",
        "title": "Election policing plan",
        "force": election["force"],
        "election": election["name"],
        "election_kind": election["kind"],
        "constituencies": [f"{c['name']} ({c['gss_code']})" for c in seats],
        "reference": plan["reference"],
        "revision": revision.get("number") or "Draft",
        "revision_date": revision.get("date") or fmt_date(dt.date.fromisoformat(assessment.as_at)),
        "status": revision.get("status") or "Draft – not yet approved",
        "prepared_by": plan.get("prepared_by") or "",
        "approved_by": plan.get("approved_by") or ("Awaiting approval" if not revision.get("approved") else ""),
        "as_at": fmt_date(dt.date.fromisoformat(assessment.as_at)),
        "ruleset": assessment.ruleset,
        "next_review": fmt_date(parse_day(plan.get("next_review_date"))),
        "review_interval": plan.get("review_interval_days"),
        "distribution": plan.get("distribution") or [],
        "revisions": revisions or [],
        "changes": changes,
        "review_comments": review_comments or [],
        "key_dates": [(label, fmt_date(parse_day(d))) for label, d in key_dates if d],
        "key_dates_iso": [(label, d) for label, d in key_dates if d],
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
        "intention": plan.get("intention") or "",
        "communications": plan.get("communications") or "",
        "stations": station_rows,
        "count_events": count_events,
        "contacts": contacts,
        "register": register,
        "incidents": incidents,
        "contributions": [
            {"received": fmt_datetime(parse_time(c["received_at"])),
             "from": ", ".join(p for p in (c["from_name"], c.get("organisation")) if p),
             "kind": (c.get("kind") or "comment").capitalize(),
             "text": c["text"] + (f" (about {about})" if (about := (candidates_by_id.get(c.get("candidate_id")) or {}).get("name")
                                                          or next((e.name for e in assessment.events if e.id == c.get("event_id")), ""))
                                  else "")}
            for c in sorted(snapshot.get("contributions") or [], key=lambda c: c["received_at"])
        ],
        "labels": {"levels": LEVEL_LABELS, "rags": RAG_LABELS, "presence": PRESENCE_LABELS},
    }
