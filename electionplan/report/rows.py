"""One display row per station, event and candidate: what every table shows of them.

The app's tables, the PDF, the GeoPackage and the spreadsheets all take these
rows, so a station's address, grid reference, rating and reasons read the same
wherever they appear. Each output picks the fields it shows; none rebuilds them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from electionplan.domain.display import grid_ref_of, station_address
from electionplan.domain.plandata import PlanSnapshot, StationRecord, VenueRecord
from electionplan.domain.timefmt import fmt_date, fmt_datetime, fmt_span
from electionplan.domain.vocab import event_kind_label
from electionplan.risk.results import Assessment, EventResult, StationResult
from electionplan.system.councils import council_label

RAG_ORDER = {"red": 0, "amber": 1, "green": 2}


def natural_key(text: str) -> list:
    """'AS2' before 'AS10': digits compare as numbers."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", text or "")]


@dataclass(frozen=True, slots=True)
class StationRow:
    id: int
    constituency_id: int | None
    constituency: str  # the constituency's name, or "Unassigned"
    council: str  # the council whose file it came from; its number is unique only within that council
    council_id: str
    number: str
    name: str
    address: str
    postcode: str
    grid_ref: str  # 8-figure OS reference; empty when the station has no location
    easting: float | None
    northing: float | None
    electorate: int | None
    rag: str  # empty before the plan is assessed
    presence: str
    reasons: tuple[str, ...]
    district: str = ""  # the register's polling district, as the council's file names it

    @property
    def grid_ref_text(self) -> str:
        return self.grid_ref or "No location"

    @property
    def concern_reasons(self) -> tuple[str, ...]:
        """The reasons a reader needs: only for a station rated amber or red."""
        return self.reasons if self.rag and self.rag != "green" else ()

    @property
    def sort_key(self) -> tuple:
        return (RAG_ORDER.get(self.rag, 3), natural_key(self.number), self.name)


def station_rows(snapshot: PlanSnapshot, assessment: Assessment) -> list[StationRow]:
    """Every station, in the plan's order, with its rating where it has one."""
    seats = {c.id: c.name for c in snapshot.constituencies}
    rated = {s.id: s for s in assessment.stations}
    return [station_row(station, rated.get(station.id), seats) for station in snapshot.stations]


def station_row(station: StationRecord, result: StationResult | None, seats: dict[int, str]) -> StationRow:
    """One station as every output shows it; `seats` names the constituencies by id."""
    return StationRow(
        id=station.id,
        constituency_id=station.constituency_id,
        constituency=seats.get(station.constituency_id, "Unassigned"),  # type: ignore[arg-type]
        council=council_label(station.council),
        council_id=station.council_id or "",
        number=station.station_number or "",
        name=station.name,
        address=station_address(station),
        postcode=station.postcode or "",
        grid_ref=grid_ref_of(station, missing=""),
        easting=station.easting,
        northing=station.northing,
        electorate=station.electorate,
        rag=result.rag if result else "",
        presence=result.presence.description if result and result.presence else "",
        reasons=tuple(result.reasons) if result else (),
        district=station.polling_district or "",
    )


@dataclass(frozen=True, slots=True)
class EventRow:
    id: int
    constituency_id: int | None
    name: str
    kind: str  # the vocabulary key
    kind_label: str
    start: dt.datetime
    end: dt.datetime
    venue_id: int | None
    venue: str  # the venue's name; empty when none is recorded
    grid_ref: str  # the venue's grid reference; empty when it has no location
    easting: float | None
    northing: float | None
    attendance: int
    level: str
    score: int
    likelihood: int
    impact: int
    flashpoint: bool
    presence: str
    presence_option: str
    officers: int
    reasons: tuple[str, ...]
    organiser: str = ""  # who runs it, as the plan records it

    @property
    def when(self) -> str:
        return fmt_span(self.start, self.end)

    @property
    def start_text(self) -> str:
        return fmt_datetime(self.start)

    @property
    def start_iso(self) -> str:
        return self.start.isoformat(timespec="minutes")

    @property
    def venue_text(self) -> str:
        return self.venue or "No venue"

    @property
    def flashpoint_text(self) -> str:
        return "Flashpoint" if self.flashpoint else ""


def event_row(event: EventResult, venue: VenueRecord | None, attendance: int, organiser: str = "") -> EventRow:
    presence = event.presence
    return EventRow(
        id=event.id,
        constituency_id=event.constituency_id,
        name=event.name,
        kind=event.kind,
        kind_label=event_kind_label(event.kind),
        start=event.start,
        end=event.end,
        venue_id=event.venue_id,
        venue=venue.name if venue else "",
        grid_ref=grid_ref_of(venue, missing=""),
        easting=venue.easting if venue else None,
        northing=venue.northing if venue else None,
        attendance=attendance,
        level=event.level,
        score=event.score,
        likelihood=event.likelihood,
        impact=event.impact,
        flashpoint=event.flashpoint,
        presence=presence.description if presence else "",
        presence_option=presence.option if presence else "none",
        officers=presence.officers if presence else 0,
        reasons=tuple(event.reasons),
        organiser=organiser,
    )


def event_rows(snapshot: PlanSnapshot, assessment: Assessment) -> list[EventRow]:
    """Every assessed event, in the assessment's order (highest risk first)."""
    venues = {v.id: v for v in snapshot.venues}
    attendance = {e.id: e.expected_attendance or 0 for e in snapshot.events}
    organisers = {e.id: e.organiser or "" for e in snapshot.events}
    return [
        event_row(e, venues.get(e.venue_id) if e.venue_id is not None else None, attendance.get(e.id, 0),
                  organisers.get(e.id, ""))
        for e in assessment.events
    ]


@dataclass(frozen=True, slots=True)
class CandidateRow:
    """A candidate as a list shows them; never their restricted risk detail."""

    id: int
    constituency_id: int | None
    constituency: str  # the constituency's name; empty when unassigned
    name: str
    party: str  # identification only
    status: str  # "Sitting MP", "Former MP" or empty
    level: str  # empty before the plan is assessed
    score: float | None
    threats: int  # how many threat reports are recorded
    briefing_offered: dt.date | None
    briefing_accepted: dt.date | None
    police_contact: str

    @property
    def briefing_text(self) -> str:
        return fmt_date(self.briefing_offered) or "Not offered"


def candidate_rows(snapshot: PlanSnapshot, assessment: Assessment) -> list[CandidateRow]:
    """Every candidate, in the plan's order, with their level where assessed."""
    seats = {c.id: c.name for c in snapshot.constituencies}
    assessed = {c.id: c for c in assessment.candidates}
    threats = Counter(t.candidate_id for t in snapshot.threat_reports)
    rows = []
    for cand in snapshot.candidates:
        result = assessed.get(cand.id)
        rows.append(CandidateRow(
            id=cand.id,
            constituency_id=cand.constituency_id,
            constituency=seats.get(cand.constituency_id, ""),  # type: ignore[arg-type]
            name=cand.name,
            party=cand.party or "",
            status="Sitting MP" if cand.sitting_mp else ("Former MP" if cand.former_mp else ""),
            level=result.level if result else "",
            score=result.score if result else None,
            threats=threats.get(cand.id, 0),
            briefing_offered=cand.briefing_offered,
            briefing_accepted=cand.briefing_accepted,
            police_contact=cand.police_contact or "",
        ))
    return rows
