"""By-election quick setup: from the council's and candidates' files to a plan.

Each step reports what it found, so the command line and the GUI wizard can
show it; the result is a plan the SPOC refines, with what is still missing said.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sqlalchemy import select

from electionplan.db import models as m
from electionplan.db.records import create_in
from electionplan.db.snapshot import load_snapshot
from electionplan.db.store import PlanStore
from electionplan.domain import timefmt
from electionplan.domain.errors import ValidationError
from electionplan.domain.timefmt import date_warnings, fmt_date
from electionplan.domain.validation import POSTCODE_RE, normalise_postcode
from electionplan.geo.boundaries import choose_areas, read_areas, store_areas
from electionplan.geo.generalisation import generalisation_of
from electionplan.geo.postcodes import import_postcodes, lookup_postcodes, postcode_key
from electionplan.geo.wards import NoWardsHere, import_wards
from electionplan.importers.candidates import import_candidates
from electionplan.importers.station_seat import SeatCut
from electionplan.importers.stations import import_stations
from electionplan.services.assessment import assess_plan_file
from electionplan.services.missing import missing_items
from electionplan.services.plans import create_plan


@dataclass
class QuickSetupReport:
    steps: list[tuple[str, str]] = field(default_factory=list)  # (step, what was found)
    warnings: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)  # the election's dates a SPOC should check
    missing: list[str] = field(default_factory=list)
    constituency: str = ""
    flashpoints: int = 0


def parse_count_venue(text: str) -> tuple[str, str, str]:
    """'NAME, ADDRESS, POSTCODE' -> (name, address, postcode); the address may hold commas."""
    parts = [p.strip() for p in (text or "").split(",") if p.strip()]
    if len(parts) < 2:
        raise ValidationError("--count-venue takes \"NAME, ADDRESS, POSTCODE\".", "count_venue")
    postcode = normalise_postcode(parts[-1]) if POSTCODE_RE.match(normalise_postcode(parts[-1])) else ""
    address_parts = parts[1:-1] if postcode else parts[1:]
    return parts[0], ", ".join(address_parts), postcode


def notice_date_for(polling_day: dt.date) -> dt.date:
    """The notice of election: 25 working days before poll, ignoring bank holidays."""
    day, working = polling_day, 0
    while working < 25:
        day -= dt.timedelta(days=1)
        if day.weekday() < 5:
            working += 1
    return day


def quick_setup(
    path: Path | str,
    *,
    constituency: str,
    boundaries: Path | str,
    stations: Path | str,
    candidates: Path | str,
    polling_day: dt.date,
    postcodes: list[Path | str] | None = None,
    count_venue: str | None = None,
    force: str = "Police force not recorded",
    overwrite: bool = False,
    layer: str | None = None,
    format_key: str | None = None,
    mapping: dict[str, str] | None = None,
    today: dt.date | None = None,
    wards: Path | str | None = None,
) -> tuple[PlanStore, QuickSetupReport]:
    report = QuickSetupReport(constituency=constituency)
    report.dates = date_warnings(polling_day, polling_day + dt.timedelta(days=1), today or timefmt.today_london())
    venue_parts = parse_count_venue(count_venue) if count_venue else None
    plan = create_plan(path, name="By-election", kind="by-election", polling_day=polling_day, force=force,
                       notice_date=notice_date_for(polling_day), count_date=polling_day + dt.timedelta(days=1),
                       overwrite=overwrite,
                       fill=lambda made: _run(made, report, constituency, (Path(boundaries), layer, wards),
                                              (Path(stations), format_key, mapping), Path(candidates), polling_day,
                                              [Path(p) for p in postcodes or []], venue_parts))
    return plan, report


def _add_wards(plan: PlanStore, report: QuickSetupReport, ward_file: Path, seat_name: str) -> None:
    try:
        kept = import_wards(plan, ward_file)
    except NoWardsHere:
        # A ward file for another area: the by-election plan is still wanted in hours, so it is built without.
        report.warnings.append(f"{ward_file.name} has no ward in {seat_name}, so the plan has no wards; import a "
                               "ward file that covers it with 'electionplan import PLAN wards FILE'.")
        return
    report.steps.append(("Wards", f"{len(kept.kept)} wards of {ward_file.name} lie in {seat_name}: "
                                  + ", ".join(kept.kept)))


def _run(plan, report, wanted, boundary_source, station_source, candidates, polling_day, postcodes, venue_parts) -> None:
    boundaries, layer, ward_file = boundary_source
    stations, format_key, mapping = station_source
    areas, notes = read_areas(boundaries, layer)
    chosen = choose_areas(areas, [wanted], boundaries.name)  # by code or by name, as an import matches them
    bounds = store_areas(plan, chosen.head(1), notes)
    code = report.constituency = str(chosen["gss_code"].iloc[0])
    edge = generalisation_of(areas.geometry.to_numpy(), boundaries.name, areas.attrs.get("metadata", ""))
    with plan.session() as session:
        seat = session.scalars(select(m.Constituency).where(m.Constituency.gss_code == code)).one()
        election = session.scalars(select(m.Election)).one()
        election.name = f"{seat.name} parliamentary by-election"
        seat_id, seat_name = seat.id, seat.name
    report.steps.append(("Constituency", f"{seat_name} ({code}) taken from {boundaries.name}"))
    report.steps.append(("Boundaries", edge.describe(boundaries.name)))
    report.warnings += bounds.warnings
    if ward_file is not None:  # drawn and named on the seat's map
        _add_wards(plan, report, Path(ward_file), seat_name)

    wards: dict[str, str] = {}
    if postcodes:
        loaded = import_postcodes(plan, postcodes, wards=True)
        report.steps.append(("Postcodes", f"{loaded.loaded:,} postcodes loaded from {', '.join(loaded.files)}"))
        report.warnings += loaded.notes
        wards = loaded.wards

    cut = SeatCut(seat_id, edge.tolerance_m, edge.label, areas.assign(id=np.arange(len(areas))), wards)
    station_report = import_stations(plan, stations, within=cut, format_key=format_key, mapping=mapping)
    edge_kept = sum(1 for note in station_report.notes if " kept although " in note)
    report.steps.append((
        "Polling stations",
        f"{station_report.stations:,} stations kept from {stations.name} ({station_report.format})"
        + (f", {edge_kept} of them just outside the generalised edge and tied to the seat (each noted)" if edge_kept else "")
        + f"; {len(station_report.outside):,} left out (outside the constituency, or unlocated with nothing tying them to it); "
        f"{station_report.located_by_postcode} located by postcode",
    ))
    if not station_report.stations:
        report.warnings.append(f"None of the stations in {stations.name} lies inside {seat_name}; the plan has no "
                               "polling stations yet. Each one left out is listed with where it falls.")
    report.warnings += (station_report.doubtful + station_report.notes + station_report.outside
                        + station_report.conflicts + station_report.skipped)

    candidate_report = import_candidates(plan, candidates, constituency=code)
    with plan.session() as session:
        sitting = [c.name for c in session.scalars(select(m.Candidate).where(m.Candidate.sitting_mp))]
    report.steps.append((
        "Candidates",
        f"{candidate_report.count} candidates from {candidates.name} ({candidate_report.format})"
        + (f"; sitting MP: {', '.join(sitting)}" if sitting else ""),
    ))

    _count_events(plan, seat_id, polling_day, venue_parts, report)
    result = assess_plan_file(plan)
    report.flashpoints = len(result.assessment.flashpoints)
    rags = {k: sum(1 for s in result.assessment.stations if s.rag == k) for k in ("red", "amber", "green")}
    report.steps.append(("Assessment", f"{report.flashpoints} flashpoint(s); stations {rags['red']} red, "
                                       f"{rags['amber']} amber, {rags['green']} green"))
    report.missing = still_missing(plan)


def _count_events(plan, seat_id, polling_day, venue_parts, report) -> None:
    with plan.session() as session:
        venue_id = None
        if venue_parts:
            name, address, postcode = venue_parts
            point = lookup_postcodes(session, [postcode]).get(postcode_key(postcode)) if postcode else None
            venue = create_in(session, m.Venue, {"name": name, "address": address, "postcode": postcode,
                                                 "easting": point[0] if point else None, "northing": point[1] if point else None,
                                                 "constituency_id": seat_id})
            venue_id = venue.id
        candidate_ids = [c.id for c in session.scalars(select(m.Candidate).where(m.Candidate.constituency_id == seat_id))]
        close = dt.datetime.combine(polling_day, dt.time(22, 0))
        for name, kind, start, end in (
            ("Verification and count", "count", close, close + dt.timedelta(hours=6)),
            ("Declaration of result", "declaration", close + dt.timedelta(hours=5), close + dt.timedelta(hours=6)),
        ):
            create_in(session, m.Event, {"name": name, "kind": kind, "start": start, "end": end, "venue_id": venue_id,
                                         "constituency_id": seat_id, "expected_attendance": 300, "ticketed": True,
                                         "organiser": "Returning officer", "candidate_ids": candidate_ids})
    where = venue_parts[0] if venue_parts else "venue not yet known"
    report.steps.append(("Count and declaration", f"verification and count from {fmt_date(polling_day)} 22:00, "
                                                  f"declaration about 03:00; {where}"))


def still_missing(plan: PlanStore) -> list[str]:
    """What a SPOC still has to add before the plan can be relied on: the Needs attention page's own list."""
    with plan.session() as session:
        snapshot = load_snapshot(session)
    return [item.text for item in missing_items(snapshot)]


@dataclass(frozen=True)
class CandidateLine:
    name: str
    party: str
    sitting_mp: bool
    former_mp: bool


def candidates_in(path: Path | str) -> list[CandidateLine]:
    """The candidates a quick setup put in the plan, for its summary page."""
    from electionplan.db.planfile import open_plan_file

    with open_plan_file(path) as plan, plan.session() as session:
        rows = session.execute(select(m.Candidate.name, m.Candidate.party, m.Candidate.sitting_mp, m.Candidate.former_mp)
                               .order_by(m.Candidate.id)).all()
    return [CandidateLine(*row) for row in rows]
