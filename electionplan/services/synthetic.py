"""Synthetic plans of any size, for benchmarks and property tests.

Places are laid out on a grid over Great Britain; names, parties and people are
generated and obviously artificial. Nothing here is sample data for users.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import shapely

from electionplan.domain.plancodec import decode_snapshot
from electionplan.domain.plandata import SNAPSHOT_FORMAT, PlanSnapshot

PARTIES = ["Party A", "Party B", "Party C", "Party D", "Party E", "Independent"]
EVENT_KINDS = ["hustings", "hustings", "hustings", "campaign_visit", "canvassing", "surgery", "protest", "other"]
TOPICS = ["housing", "transport", "asylum accommodation", "schools", "high street", "climate", "policing"]


def synthetic_snapshot(**options: Any) -> PlanSnapshot:
    """A synthetic national plan as typed records (see synthetic_snapshot_data)."""
    return decode_snapshot(synthetic_snapshot_data(**options))


@dataclass(frozen=True)
class _Grid:
    """Constituencies laid out as cells of a grid over Great Britain."""

    cols: int
    cell_w: float
    cell_h: float

    def origin(self, seat: int) -> tuple[float, float]:
        return 100_000 + (seat % self.cols) * self.cell_w, 50_000 + (seat // self.cols) * self.cell_h


def _seats(rng: random.Random, grid: _Grid, count: int, with_boundaries: bool) -> list[dict[str, Any]]:
    seats = []
    for k in range(count):
        cx, cy = grid.origin(k)
        box = shapely.box(cx, cy, cx + grid.cell_w, cy + grid.cell_h)
        seats.append({
            "id": k + 1,
            "gss_code": f"E14{900000 + k:06d}",
            "name": f"Synthetic Seat {k + 1}",
            "boundary": shapely.to_wkb(box, hex=True) if with_boundaries else None,
            "electorate": 70_000 + rng.randint(0, 10_000),
            "returning_officer": f"Returning Officer {k + 1}",
            "returning_officer_contact": "",
        })
    return seats


def _stations(nprng: np.random.Generator, grid: _Grid, seats: int, count: int) -> list[dict[str, Any]]:
    seat_of_station = nprng.integers(0, seats, size=count)
    sx = 100_000 + (seat_of_station % grid.cols) * grid.cell_w + nprng.uniform(1, grid.cell_w - 1, count)
    sy = 50_000 + (seat_of_station // grid.cols) * grid.cell_h + nprng.uniform(1, grid.cell_h - 1, count)
    number = _number_within_seat(seat_of_station)
    return [
        {
            # As a real register numbers them: a council covers about seven constituencies, and a
            # station's number ("CA12": its district, then its place) is unique only within its council.
            "id": i + 1, "council": f"Synthetic Council {seat_of_station[i] // 7 + 1}", "council_id": f"S{i + 1}",
            "station_number": f"{chr(65 + seat_of_station[i] % 7)}{chr(65 + seat_of_station[i] // 7 % 26)}{number[i]}",
            "name": f"Station {i + 1}",
            "address_1": f"{i % 200 + 1} Synthetic Street", "address_2": "", "address_3": "", "address_4": "",
            "postcode": "", "uprn": "", "easting": float(sx[i]), "northing": float(sy[i]),
            "electorate": int(800 + (i * 37) % 2800), "constituency_id": int(seat_of_station[i]) + 1,
            "stated_constituency": "", "intimidation_history": i % 97 == 0,
            "concerns": "Concern noted by presiding officer" if i % 211 == 0 else "", "notes": "",
        }
        for i in range(count)
    ]


def _number_within_seat(seat_of_station: np.ndarray) -> np.ndarray:
    """Each station's place among its constituency's stations, counted from 1."""
    order = np.argsort(seat_of_station, kind="stable")
    in_order = seat_of_station[order]
    starts = np.r_[0, np.flatnonzero(np.diff(in_order)) + 1]
    first_of_group = np.repeat(starts, np.diff(np.r_[starts, len(in_order)]))
    number = np.empty(len(in_order), dtype=np.int64)
    number[order] = np.arange(len(in_order)) - first_of_group + 1
    return number


def _candidates(rng: random.Random, seats: int, count: int) -> list[dict[str, Any]]:
    return [
        {
            "id": c + 1, "name": f"Candidate {c + 1}", "party": PARTIES[c % len(PARTIES)],
            "constituency_id": c % seats + 1, "ballot_id": "", "person_ref": "", "agent": "", "email": "",
            "home_address": f"{c + 1} Private Road", "sitting_mp": c % 7 == 0, "former_mp": c % 11 == 0,
            "prominence": rng.choice([0, 0, 0, 1, 1, 2, 3]), "police_contact": "", "briefing_offered": None,
            "briefing_accepted": None, "protective_measures": ["Alarm"] if c % 13 == 0 else [],
            "intelligence_notes": "Noted" if c % 29 == 0 else "", "concerns_raised": "Raised" if c % 17 == 0 else "",
        }
        for c in range(count)
    ]


def _threats(rng: random.Random, candidates: int, first_day: dt.date) -> list[dict[str, Any]]:
    return [
        {
            "id": t + 1, "candidate_id": rng.randint(1, candidates),
            "reported_on": (first_day - dt.timedelta(days=rng.randint(0, 400))).isoformat(),
            "kind": "Online abuse", "severity": rng.choice(["low", "medium", "high", "critical"]),
            "reported_to": "", "reference": "", "summary": "Synthetic threat",
        }
        for t in range(candidates // 3)
    ]


def _targeted_threats(seed: int, first: int, candidates: int, events: int, first_day: dt.date) -> list[dict[str, Any]]:
    """Reports naming an event, a venue (with dates) or only dates, drawn from their own stream so the rest
    of the plan is the same as before they were added."""
    rng = random.Random(seed * 7919 + 27)
    rows: list[dict[str, Any]] = []

    def row(**target: Any) -> dict[str, Any]:
        return {"id": first + len(rows), "candidate_id": None, "reported_on": (first_day - dt.timedelta(
            days=rng.randint(0, 60))).isoformat(), "kind": "Threat of violence",
            "severity": rng.choice(["low", "medium", "high", "critical"]), "reported_to": "", "reference": "",
            "summary": "Synthetic threat", **target}

    for _ in range(events // 25):
        rows.append(row(event_id=rng.randint(1, events), candidate_id=rng.choice([None, rng.randint(1, candidates)])))
    for _ in range(events // 50):
        start = first_day + dt.timedelta(days=rng.randint(0, 35))
        rows.append(row(venue_id=rng.randint(1, events), valid_from=start.isoformat(),
                        valid_to=(start + dt.timedelta(days=7)).isoformat()))
    for n in range(7):
        day = first_day + dt.timedelta(days=rng.randint(0, 35))
        rows.append(row(candidate_id=rng.randint(1, candidates) if n < 5 else None, valid_from=day.isoformat(),
                        valid_to=(day + dt.timedelta(days=7 if n < 5 else 0)).isoformat()))
    return rows


def _event(rng: random.Random, v: int, seat: int, candidates: int, seats: int, first_day: dt.date) -> dict[str, Any]:
    start = dt.datetime.combine(first_day + dt.timedelta(days=rng.randint(0, 35)), dt.time(rng.randint(9, 20)))
    attendees = [c for c in range(seat + 1, candidates + 1, seats)][: rng.randint(0, 7)]
    return {
        "id": v + 1, "name": f"Event {v + 1}", "kind": rng.choice(EVENT_KINDS),
        "start": start.strftime("%Y-%m-%dT%H:%M"),
        "end": (start + dt.timedelta(hours=rng.randint(1, 3))).strftime("%Y-%m-%dT%H:%M"),
        "venue_id": v + 1, "constituency_id": seat + 1,
        "expected_attendance": rng.choice([20, 60, 150, 300, 600]),
        "ticketed": rng.random() < 0.4, "outdoor": rng.random() < 0.2, "organiser": "Synthetic organiser",
        "notice_received": (start - dt.timedelta(hours=rng.choice([12, 36, 200]))).strftime("%Y-%m-%dT%H:%M"),
        "topics": [rng.choice(TOPICS)], "notes": "", "candidate_ids": attendees,
    }


def _venues_and_events(rng: random.Random, grid: _Grid, seats: int, candidates: int, count: int,
                       first_day: dt.date) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    venues, events = [], []
    for v in range(count):
        seat = rng.randint(1, seats) - 1
        x, y = grid.origin(seat)
        venues.append({"id": v + 1, "name": f"Venue {v + 1}", "address": "", "postcode": "",
                       "easting": x + rng.uniform(1, grid.cell_w - 1), "northing": y + rng.uniform(1, grid.cell_h - 1),
                       "constituency_id": seat + 1, "notes": ""})
        events.append(_event(rng, v, seat, candidates, seats, first_day))
    return venues, events


def _incidents(rng: random.Random, events: int, stations: int, candidates: int, first_day: dt.date) -> list[dict[str, Any]]:
    return [
        {
            "id": k + 1,
            "occurred_at": (dt.datetime.combine(first_day, dt.time(12)) - dt.timedelta(days=rng.randint(0, 300))).strftime("%Y-%m-%dT%H:%M"),
            "kind": "Public disorder", "severity": "medium", "status": "closed", "event_id": None,
            "station_id": rng.randint(1, stations) if k % 2 == 0 and stations else None,
            "venue_id": rng.randint(1, events) if k % 2 == 1 and events else None,
            "candidate_id": rng.randint(1, candidates) if k % 5 == 0 and candidates else None,
            "easting": None, "northing": None, "reference": "", "description": "",
        }
        for k in range(max(1, events // 10))
    ]


def _capacity(first_day: dt.date, polling_day: dt.date) -> list[dict[str, Any]]:
    rows = []
    day, n = first_day, 1
    while day <= polling_day + dt.timedelta(days=1):
        for shift in ("early", "late", "night"):
            rows.append({"id": n, "day": day.isoformat(), "shift": shift, "officers": 400 if day != polling_day else 2_500})
            n += 1
        day += dt.timedelta(days=1)
    return rows


def synthetic_snapshot_data(
    constituencies: int = 650,
    stations: int = 40_000,
    candidates: int = 4_500,
    events: int = 5_000,
    seed: int = 1,
    polling_day: dt.date = dt.date(2029, 5, 3),
    with_boundaries: bool = True,
) -> dict[str, Any]:
    """A synthetic plan in the stored (revision JSON) form, which tests may edit."""
    rng = random.Random(seed)
    nprng = np.random.default_rng(seed)
    cols = math.ceil(math.sqrt(constituencies * 0.6))
    rows = math.ceil(constituencies / cols)
    grid = _Grid(cols, 500_000 / cols, 900_000 / rows)
    first_day = polling_day - dt.timedelta(days=35)
    # The generators draw from the random streams in this order; keep it so a seed gives the same plan.
    seats = _seats(rng, grid, constituencies, with_boundaries)
    station_rows = _stations(nprng, grid, constituencies, stations)
    candidate_rows = _candidates(rng, constituencies, candidates)
    threat_rows = _threats(rng, candidates, first_day)
    venue_rows, event_rows = _venues_and_events(rng, grid, constituencies, candidates, events, first_day)
    threat_rows += _targeted_threats(seed, len(threat_rows) + 1, candidates, events, first_day)
    return {
        "format": SNAPSHOT_FORMAT,
        "election": {
            "name": "Synthetic general election", "kind": "general", "force": "Synthetic Police",
            "notice_date": first_day.isoformat(), "polling_day": polling_day.isoformat(),
            "count_date": (polling_day + dt.timedelta(days=1)).isoformat(),
        },
        "plan": {"reference": "EP-SYN", "prepared_by": "", "approved_by": "", "intention": "", "communications": "",
                 "distribution": [], "review_interval_days": 7, "next_review_date": None},
        "constituencies": seats, "contacts": [], "stations": station_rows, "venues": venue_rows,
        "events": event_rows, "candidates": candidate_rows, "threat_reports": threat_rows,
        "incidents": _incidents(rng, events, stations, candidates, first_day),
        "capacity": _capacity(first_day, polling_day), "contributions": [], "review_comments": [],
    }


def write_synthetic_plan(snapshot: PlanSnapshot, path) -> None:
    """Store a synthetic snapshot as a real plan file, with bulk inserts."""
    from sqlalchemy import insert

    from electionplan.db import models as m
    from electionplan.db.records import insert_many
    from electionplan.services.plans import create_plan

    e = snapshot.election
    plan = create_plan(path, name=e.name, kind=e.kind, force=e.force, polling_day=e.polling_day,
                       notice_date=e.notice_date, overwrite=True)

    def convert(model, records):
        columns = set(m.record_columns(model))
        out = []
        for record in records:
            values = {"boundary_wkb" if f.name == "boundary" else f.name: getattr(record, f.name)
                      for f in fields(record)}
            values = {k: list(v) if isinstance(v, tuple) else v for k, v in values.items() if k in columns}
            if "version_id" in columns:
                values["version_id"] = 1
            out.append(values)
        return out

    order = [("constituencies", m.Constituency), ("stations", m.PollingStation), ("venues", m.Venue),
             ("candidates", m.Candidate), ("events", m.Event), ("threat_reports", m.ThreatReport),
             ("incidents", m.Incident), ("capacity", m.OfficerCapacity)]
    with plan.session() as session:
        for key, model in order:
            rows = convert(model, getattr(snapshot, key))
            for start in range(0, len(rows), 5000):
                if m.restricted_part_of(model) is not None:
                    insert_many(session, model, rows[start:start + 5000])
                else:
                    session.execute(insert(model), rows[start:start + 5000])
        links = [{"event_id": ev.id, "candidate_id": c} for ev in snapshot.events for c in ev.candidate_ids]
        if links:
            session.execute(insert(m.event_candidate), links)
    plan.close()
