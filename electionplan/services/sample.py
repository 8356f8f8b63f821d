"""Writes the bundled fictional by-election into a new plan file.

The sample goes through the same services a SPOC's own data does: the boundary
importer, the record validators and the spatial assignment.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from sqlalchemy import select

from electionplan.db import models as m
from electionplan.db.queries import get_election, get_plan_row
from electionplan.db.records import create_in
from electionplan.db.store import PlanStore
from electionplan.domain.timefmt import parse_date, parse_datetime
from electionplan.geo.assign import assign_locations
from electionplan.geo.boundaries import (
    BoundaryImportReport,
    prepare_boundaries,
    read_boundary_file,
    store_boundaries,
)
from electionplan.services.plans import create_plan
from electionplan.system.paths import sample_data_dir


def _d(text: str | None) -> dt.date | None:
    return parse_date(text) if text else None


def _dt(text: str | None) -> dt.datetime | None:
    return parse_datetime(text) if text else None


def _num(text: str) -> float | None:
    return float(text) if text not in ("", None) else None


def write_sample_plan(path: Path | str, *, overwrite: bool = False) -> PlanStore:
    source = sample_data_dir()
    spec = json.loads((source / "plan.json").read_text(encoding="utf-8"))
    e = spec["election"]
    def fill(plan: PlanStore) -> None:
        with plan.session() as session:
            _fill(session, spec, source)

    return create_plan(
        path,
        name=e["name"],
        kind=e["kind"],
        force=e["force"],
        polling_day=parse_date(e["polling_day"]),
        notice_date=_d(e["notice_date"]),
        count_date=_d(e["count_date"]),
        overwrite=overwrite,
        fill=fill,
    )


def _fill(session, spec: dict, source: Path) -> None:
    _fill_plan_facts(session, spec["plan"])
    constituency = _fill_constituency(session, spec, source)
    stations = _fill_stations(session, source, constituency)
    venues = {venue["key"]: create_in(session, m.Venue, {k: v for k, v in venue.items() if k != "key"},
                                      audit_action="").id for venue in spec["venues"]}
    candidates = _fill_candidates(session, spec["candidates"], constituency.id)
    _fill_events(session, spec["events"], venues, candidates, constituency.id)
    _fill_threats(session, spec["candidates"], candidates)
    for inc in spec["incidents"]:
        values = {k: v for k, v in inc.items() if k not in ("station", "venue", "candidate")}
        values["occurred_at"] = _dt(inc["occurred_at"])
        values["station_id"] = stations.get(inc.get("station"))
        values["venue_id"] = venues.get(inc.get("venue"))
        values["candidate_id"] = candidates.get(inc.get("candidate"))
        create_in(session, m.Incident, values, audit_action="")
    _fill_capacity(session, spec["capacity"])
    assign_locations(session)


def _fill_plan_facts(session, p: dict) -> None:
    plan_row = get_plan_row(session)
    plan_row.prepared_by = p["prepared_by"]
    plan_row.approved_by = p["approved_by"]
    plan_row.review_interval_days = p["review_interval_days"]
    plan_row.next_review_date = _d(p["next_review_date"])
    plan_row.distribution = p["distribution"]


def _fill_constituency(session, spec: dict, source: Path) -> m.Constituency:
    prepared, _warnings = prepare_boundaries(read_boundary_file(source / "boundary.geojson"), source_name="sample")
    store_boundaries(session, prepared, BoundaryImportReport())
    c = spec["constituency"]
    constituency = session.query(m.Constituency).filter_by(gss_code=c["gss_code"]).one()
    constituency.electorate = c["electorate"]
    constituency.returning_officer = c["returning_officer"]
    constituency.returning_officer_contact = c["returning_officer_contact"]
    for contact in spec["contacts"]:
        create_in(session, m.Contact, {**contact, "constituency_id": constituency.id}, audit_action="")
    return constituency


def _fill_stations(session, source: Path, constituency: m.Constituency) -> dict[str, int]:
    stations = {}
    with (source / "polling_stations.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            values = {key: row[key] for key in ("station_number", "name", "address_1", "address_2", "address_3",
                                                "postcode", "uprn", "concerns", "notes")}
            values.update(
                council_id=row["id"], easting=_num(row["easting"]), northing=_num(row["northing"]),
                electorate=int(row["electorate"]), stated_constituency=constituency.gss_code,
                intimidation_history=row["intimidation_history"] == "yes",
            )
            stations[row["id"]] = create_in(session, m.PollingStation, values, audit_action="").id
    return stations


def _fill_candidates(session, specs: list[dict], constituency_id: int) -> dict[str, int]:
    candidates = {}
    for cand in specs:
        values = {k: v for k, v in cand.items() if k not in ("key", "threats")}
        values["briefing_offered"] = _d(values.get("briefing_offered"))
        values["briefing_accepted"] = _d(values.get("briefing_accepted"))
        values["constituency_id"] = constituency_id
        candidate = create_in(session, m.Candidate, values, audit_action="")
        candidates[cand["key"]] = candidate.id
    return candidates


def _fill_threats(session, specs: list[dict], candidates: dict[str, int]) -> None:
    """Each candidate's threat reports; one may name the event it threatens, by its name."""
    events = dict(session.execute(select(m.Event.name, m.Event.id)).all())
    for cand in specs:
        for threat in cand["threats"]:
            values = {k: v for k, v in threat.items() if k != "event"}
            create_in(session, m.ThreatReport,
                      {**values, "reported_on": _d(threat["reported_on"]), "candidate_id": candidates[cand["key"]],
                       "event_id": events[threat["event"]] if "event" in threat else None},
                      audit_action="")


def _fill_events(session, specs: list[dict], venues: dict, candidates: dict, constituency_id: int) -> None:
    for ev in specs:
        values = {k: v for k, v in ev.items() if k not in ("venue", "candidates")}
        values.update(
            start=_dt(ev["start"]), end=_dt(ev["end"]), notice_received=_dt(ev.get("notice_received")),
            venue_id=venues[ev["venue"]], constituency_id=constituency_id,
            candidate_ids=[candidates[key] for key in ev["candidates"]],
        )
        create_in(session, m.Event, values, audit_action="")


def _fill_capacity(session, capacity: dict) -> None:
    election = get_election(session)
    # The sample names every date, so the campaign runs from notice to count.
    assert election.notice_date is not None and election.count_date is not None
    day, last = election.notice_date, election.count_date
    while day <= last:
        pattern = capacity["days"].get(day.isoformat())
        if pattern is None:
            pattern = capacity["weekend"] if day.weekday() >= 5 else capacity["default"]
        for shift, officers in pattern.items():
            session.add(m.OfficerCapacity(day=day, shift=shift, officers=officers))
        day += dt.timedelta(days=1)
