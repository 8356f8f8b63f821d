"""Synthetic plans of any size, for benchmarks and property tests.

Places are laid out on a grid over Great Britain; names, parties and people are
generated and obviously artificial. Nothing here is sample data for users.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import Any

import numpy as np
import shapely

from electionplan.db.snapshot import SNAPSHOT_FORMAT

PARTIES = ["Party A", "Party B", "Party C", "Party D", "Party E", "Independent"]
EVENT_KINDS = ["hustings", "hustings", "hustings", "campaign_visit", "canvassing", "surgery", "protest", "other"]
TOPICS = ["housing", "transport", "asylum accommodation", "schools", "high street", "climate", "policing"]


def synthetic_snapshot(
    constituencies: int = 650,
    stations: int = 40_000,
    candidates: int = 4_500,
    events: int = 5_000,
    seed: int = 1,
    polling_day: dt.date = dt.date(2029, 5, 3),
    with_boundaries: bool = True,
) -> dict[str, Any]:
    rng = random.Random(seed)
    nprng = np.random.default_rng(seed)
    cols = math.ceil(math.sqrt(constituencies * 0.6))
    rows = math.ceil(constituencies / cols)
    cell_w, cell_h = 500_000 / cols, 900_000 / rows
    seats = []
    for k in range(constituencies):
        cx, cy = 100_000 + (k % cols) * cell_w, 50_000 + (k // cols) * cell_h
        box = shapely.box(cx, cy, cx + cell_w, cy + cell_h)
        seats.append(
            {
                "id": k + 1,
                "gss_code": f"E14{900000 + k:06d}",
                "name": f"Synthetic Seat {k + 1}",
                "boundary": shapely.to_wkb(box, hex=True) if with_boundaries else None,
                "electorate": 70_000 + rng.randint(0, 10_000),
                "returning_officer": f"Returning Officer {k + 1}",
                "returning_officer_contact": "",
            }
        )
    seat_of_station = nprng.integers(0, constituencies, size=stations)
    sx = 100_000 + (seat_of_station % cols) * cell_w + nprng.uniform(1, cell_w - 1, stations)
    sy = 50_000 + (seat_of_station // cols) * cell_h + nprng.uniform(1, cell_h - 1, stations)
    station_rows = [
        {
            "id": i + 1,
            "council_id": f"S{i + 1}",
            "station_number": f"{i % 90 + 1}",
            "name": f"Station {i + 1}",
            "address_1": f"{i % 200 + 1} Synthetic Street",
            "address_2": "", "address_3": "", "address_4": "",
            "postcode": "",
            "uprn": "",
            "easting": float(sx[i]),
            "northing": float(sy[i]),
            "electorate": int(800 + (i * 37) % 2800),
            "constituency_id": int(seat_of_station[i]) + 1,
            "stated_constituency": "",
            "intimidation_history": i % 97 == 0,
            "concerns": "Concern noted by presiding officer" if i % 211 == 0 else "",
            "notes": "",
        }
        for i in range(stations)
    ]
    venue_rows, event_rows = [], []
    first_day = polling_day - dt.timedelta(days=35)
    candidate_rows = []
    for c in range(candidates):
        seat = c % constituencies + 1
        candidate_rows.append(
            {
                "id": c + 1,
                "name": f"Candidate {c + 1}",
                "party": PARTIES[c % len(PARTIES)],
                "constituency_id": seat,
                "ballot_id": "", "person_ref": "", "agent": "", "email": "",
                "home_address": f"{c + 1} Private Road",
                "sitting_mp": c % 7 == 0,
                "former_mp": c % 11 == 0,
                "prominence": rng.choice([0, 0, 0, 1, 1, 2, 3]),
                "police_contact": "", "briefing_offered": None, "briefing_accepted": None,
                "protective_measures": ["Alarm"] if c % 13 == 0 else [],
                "intelligence_notes": "Noted" if c % 29 == 0 else "",
                "concerns_raised": "Raised" if c % 17 == 0 else "",
            }
        )
    threat_rows = []
    for t in range(candidates // 3):
        threat_rows.append(
            {
                "id": t + 1,
                "candidate_id": rng.randint(1, candidates),
                "reported_on": (first_day - dt.timedelta(days=rng.randint(0, 400))).isoformat(),
                "kind": "Online abuse",
                "severity": rng.choice(["low", "medium", "high", "critical"]),
                "reported_to": "", "reference": "", "summary": "Synthetic threat",
            }
        )
    for v in range(events):
        seat = rng.randint(1, constituencies) - 1
        vx = 100_000 + (seat % cols) * cell_w + rng.uniform(1, cell_w - 1)
        vy = 50_000 + (seat // cols) * cell_h + rng.uniform(1, cell_h - 1)
        venue_rows.append(
            {"id": v + 1, "name": f"Venue {v + 1}", "address": "", "postcode": "", "easting": vx, "northing": vy,
             "constituency_id": seat + 1, "notes": ""}
        )
        start = dt.datetime.combine(first_day + dt.timedelta(days=rng.randint(0, 35)), dt.time(rng.randint(9, 20)))
        attendees = [c for c in range(seat + 1, candidates + 1, constituencies)][: rng.randint(0, 7)]
        event_rows.append(
            {
                "id": v + 1,
                "name": f"Event {v + 1}",
                "kind": rng.choice(EVENT_KINDS),
                "start": start.strftime("%Y-%m-%dT%H:%M"),
                "end": (start + dt.timedelta(hours=rng.randint(1, 3))).strftime("%Y-%m-%dT%H:%M"),
                "venue_id": v + 1,
                "constituency_id": seat + 1,
                "expected_attendance": rng.choice([20, 60, 150, 300, 600]),
                "ticketed": rng.random() < 0.4,
                "outdoor": rng.random() < 0.2,
                "organiser": "Synthetic organiser",
                "notice_received": (start - dt.timedelta(hours=rng.choice([12, 36, 200]))).strftime("%Y-%m-%dT%H:%M"),
                "topics": [rng.choice(TOPICS)],
                "notes": "",
                "candidate_ids": attendees,
            }
        )
    incident_rows = [
        {
            "id": k + 1,
            "occurred_at": (dt.datetime.combine(first_day, dt.time(12)) - dt.timedelta(days=rng.randint(0, 300))).strftime("%Y-%m-%dT%H:%M"),
            "kind": "Public disorder",
            "severity": "medium",
            "status": "closed",
            "event_id": None,
            "station_id": rng.randint(1, stations) if k % 2 == 0 and stations else None,
            "venue_id": rng.randint(1, events) if k % 2 == 1 and events else None,
            "candidate_id": rng.randint(1, candidates) if k % 5 == 0 and candidates else None,
            "easting": None, "northing": None, "reference": "", "description": "",
        }
        for k in range(max(1, events // 10))
    ]
    capacity_rows = []
    day, n = first_day, 1
    while day <= polling_day + dt.timedelta(days=1):
        for shift in ("early", "late", "night"):
            capacity_rows.append({"id": n, "day": day.isoformat(), "shift": shift,
                                  "officers": 400 if day != polling_day else 2_500})
            n += 1
        day += dt.timedelta(days=1)
    return {
        "format": SNAPSHOT_FORMAT,
        "election": {
            "name": "Synthetic general election", "kind": "general", "force": "Synthetic Police",
            "notice_date": first_day.isoformat(), "polling_day": polling_day.isoformat(),
            "count_date": (polling_day + dt.timedelta(days=1)).isoformat(),
        },
        "plan": {"reference": "EP-SYN", "prepared_by": "", "approved_by": "", "intention": "", "communications": "",
                 "distribution": [], "review_interval_days": 7, "next_review_date": None},
        "constituencies": seats,
        "contacts": [],
        "stations": station_rows,
        "venues": venue_rows,
        "events": event_rows,
        "candidates": candidate_rows,
        "threat_reports": threat_rows,
        "incidents": incident_rows,
        "capacity": capacity_rows,
        "contributions": [],
        "review_comments": [],
    }


def write_synthetic_plan(snapshot: dict[str, Any], path) -> None:
    """Store a synthetic snapshot as a real plan file, with bulk inserts."""
    from sqlalchemy import insert

    from electionplan.db import models as m
    from electionplan.services.plans import create_plan

    e = snapshot["election"]
    plan = create_plan(path, name=e["name"], kind=e["kind"], force=e["force"],
                       polling_day=dt.date.fromisoformat(e["polling_day"]),
                       notice_date=dt.date.fromisoformat(e["notice_date"]), overwrite=True)

    def convert(model, rows):
        out = []
        for row in rows:
            values = {}
            for column in model.__table__.columns:
                key = "boundary" if column.key == "boundary_wkb" else column.key
                if key not in row:
                    continue
                value = row[key]
                if value is not None and column.type.python_type is dt.datetime:
                    value = dt.datetime.strptime(value, "%Y-%m-%dT%H:%M")
                elif value is not None and column.type.python_type is dt.date:
                    value = dt.date.fromisoformat(value)
                elif value is not None and column.key == "boundary_wkb":
                    value = bytes.fromhex(value)
                values[column.key] = value
            values.setdefault("version_id", 1) if "version_id" in model.__table__.columns else None
            out.append(values)
        return out

    order = [("constituencies", m.Constituency), ("stations", m.PollingStation), ("venues", m.Venue),
             ("candidates", m.Candidate), ("events", m.Event), ("threat_reports", m.ThreatReport),
             ("incidents", m.Incident), ("capacity", m.OfficerCapacity)]
    with plan.session() as session:
        for key, model in order:
            rows = convert(model, snapshot[key])
            for start in range(0, len(rows), 5000):
                session.execute(insert(model), rows[start:start + 5000])
        links = [{"event_id": ev["id"], "candidate_id": c} for ev in snapshot["events"] for c in ev["candidate_ids"]]
        if links:
            session.execute(insert(m.event_candidate), links)
    plan.close()
