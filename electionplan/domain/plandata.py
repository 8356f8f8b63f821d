"""The plan as typed, immutable records: what assessments, revisions and PDFs read.

One frozen dataclass per table. Field names are the stored JSON keys of a
revision snapshot (format 1), so the codec in `domain.plancodec` maps them one
to one. Records are built by the million at national scale, so they use slots
and plain constructors with no per-field checks: the database and the codec
have already given every value its type.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from electionplan.domain.count_rvp import CountRvpEntry, every_count_has_its_own
from electionplan.domain.order import BriefingEntry, ChannelEntry, CommandRoleEntry

SNAPSHOT_FORMAT = 1


@dataclass(frozen=True, slots=True)
class ElectionFacts:
    name: str
    kind: str
    force: str
    notice_date: dt.date | None
    polling_day: dt.date
    count_date: dt.date | None


@dataclass(frozen=True, slots=True)
class PlanFacts:
    reference: str
    prepared_by: str
    approved_by: str
    intention: str
    communications: str
    distribution: tuple[str, ...]
    review_interval_days: int | None
    next_review_date: dt.date | None


@dataclass(frozen=True, slots=True)
class ConstituencyRecord:
    id: int
    gss_code: str
    name: str
    boundary: bytes | None  # WKB in EPSG:27700; only the geography module reads it
    electorate: int | None
    returning_officer: str
    returning_officer_contact: str


@dataclass(frozen=True, slots=True)
class WardRecord:
    """A ward in one of the plan's constituencies, kept to draw and name it on the maps."""

    id: int
    gss_code: str
    name: str
    boundary: bytes | None  # WKB in EPSG:27700


@dataclass(frozen=True, slots=True)
class ContactRecord:
    id: int
    role: str
    name: str
    organisation: str
    phone: str
    email: str
    constituency_id: int | None


@dataclass(frozen=True, slots=True)
class StationRecord:
    id: int
    council: str
    council_id: str
    station_number: str
    name: str
    address_1: str
    address_2: str
    address_3: str
    address_4: str
    postcode: str
    uprn: str
    easting: float | None
    northing: float | None
    electorate: int | None
    constituency_id: int | None
    stated_constituency: str
    intimidation_history: bool
    concerns: str
    notes: str
    polling_district: str


@dataclass(frozen=True, slots=True)
class VenueRecord:
    id: int
    name: str
    address: str
    postcode: str
    easting: float | None
    northing: float | None
    constituency_id: int | None
    notes: str


@dataclass(frozen=True, slots=True)
class EventRecord:
    id: int
    name: str
    kind: str
    start: dt.datetime
    end: dt.datetime
    venue_id: int | None
    constituency_id: int | None
    expected_attendance: int | None
    ticketed: bool
    outdoor: bool
    organiser: str
    notice_received: dt.datetime | None
    topics: tuple[str, ...]
    notes: str
    candidate_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class CandidateRecord:
    id: int
    name: str
    # Identifies the candidate on the ballot; never read by any score.
    party: str
    constituency_id: int | None
    ballot_id: str
    person_ref: str
    agent: str
    email: str
    home_address: str
    sitting_mp: bool
    former_mp: bool
    prominence: int | None
    police_contact: str
    briefing_offered: dt.date | None
    briefing_accepted: dt.date | None
    protective_measures: tuple[str, ...]
    intelligence_notes: str
    concerns_raised: str


@dataclass(frozen=True, slots=True)
class ThreatReportRecord:
    id: int
    candidate_id: int | None  # None when the report names only an event, a venue or dates
    reported_on: dt.date
    kind: str
    severity: str
    reported_to: str
    reference: str
    summary: str
    event_id: int | None = None
    venue_id: int | None = None
    valid_from: dt.date | None = None  # the dates the threat covers; either end may be open
    valid_to: dt.date | None = None


@dataclass(frozen=True, slots=True)
class IncidentRecord:
    id: int
    occurred_at: dt.datetime
    kind: str
    severity: str
    status: str
    event_id: int | None
    station_id: int | None
    venue_id: int | None
    candidate_id: int | None
    easting: float | None
    northing: float | None
    reference: str
    description: str


@dataclass(frozen=True, slots=True)
class CapacityRecord:
    id: int
    day: dt.date
    shift: str
    officers: int
    sergeants: int | None = None  # of the officers, sergeants; None where the plan does not record ranks


@dataclass(frozen=True, slots=True)
class ContributionRecord:
    id: int
    received_at: dt.datetime
    from_name: str
    organisation: str
    kind: str
    text: str
    candidate_id: int | None
    event_id: int | None
    recorded_at: dt.datetime


@dataclass(frozen=True, slots=True)
class ReviewCommentRecord:
    id: int
    revision_id: int | None
    revision_number: str
    reviewer: str
    role: str
    reviewed_on: dt.date | None
    comments: str
    recorded_at: dt.datetime
    source: str


# Snapshot key -> record type, in the order a snapshot lists them.
TABLE_RECORDS: dict[str, type] = {
    "constituencies": ConstituencyRecord,
    "contacts": ContactRecord,
    "stations": StationRecord,
    "venues": VenueRecord,
    "events": EventRecord,
    "candidates": CandidateRecord,
    "threat_reports": ThreatReportRecord,
    "incidents": IncidentRecord,
    "capacity": CapacityRecord,
    "contributions": ContributionRecord,
    "review_comments": ReviewCommentRecord,
}


@dataclass(frozen=True)
class OrderRecord:
    """The operational order as written when the snapshot was taken, with the template then in force."""

    operation_name: str
    gold_strategy: str
    tactical_parameters: str
    escalation: str
    template_toml: str  # the force's own template, or the national default's text at the time
    roles: tuple[CommandRoleEntry, ...]
    briefings: tuple[BriefingEntry, ...]
    channels: tuple[ChannelEntry, ...]
    # The rendezvous point; a revision issued before it was recorded stores none, and keeps its hash.
    rvp_name: str = ""
    rvp_address: str = ""
    rvp_postcode: str = ""
    rvp_grid_ref: str = ""
    # Each count venue's own RVP; stored only once one is recorded, so earlier revisions keep their JSON.
    count_rvps: tuple[CountRvpEntry, ...] = ()


@dataclass(frozen=True)
class PlanSnapshot:
    """Every record of a plan, read in one consistent transaction."""

    election: ElectionFacts
    plan: PlanFacts
    constituencies: tuple[ConstituencyRecord, ...]
    contacts: tuple[ContactRecord, ...]
    stations: tuple[StationRecord, ...]
    venues: tuple[VenueRecord, ...]
    events: tuple[EventRecord, ...]
    candidates: tuple[CandidateRecord, ...]
    threat_reports: tuple[ThreatReportRecord, ...]
    incidents: tuple[IncidentRecord, ...]
    capacity: tuple[CapacityRecord, ...]
    contributions: tuple[ContributionRecord, ...]
    review_comments: tuple[ReviewCommentRecord, ...]
    # None in a revision issued before the order was plan data: it exports as issued, without one.
    order: OrderRecord | None = None
    format: int = SNAPSHOT_FORMAT
    # Wards, for the maps; a revision issued before a plan held any stores none, and keeps its hash.
    wards: tuple[WardRecord, ...] = ()


# Fields added after revisions were first stored, with the value an older
# revision means. The codec leaves a field out while it holds that value, so
# a revision issued before the field existed re-encodes to the same JSON and
# keeps its hash.
LATER_FIELDS: dict[type, dict[str, object]] = {
    StationRecord: {"council": "", "polling_district": ""},
    ThreatReportRecord: {"event_id": None, "venue_id": None, "valid_from": None, "valid_to": None},
    CapacityRecord: {"sergeants": None},
}


class _Scheduled(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def start(self) -> dt.datetime: ...


def count_day(events: Iterable[_Scheduled], recorded: dt.date | None) -> dt.date | None:
    """The day the count starts: its own event's start where one is recorded (a count often starts
    the night of the poll), else the count date the plan records. The app and every document use
    this one rule, so the overview and the PDF never date the same count differently."""
    starts = [e.start for e in events if e.kind == "count"]
    return min(starts).date() if starts else recorded


def plan_counts_own_rvp(snapshot: PlanSnapshot) -> bool:
    """Whether the plan's RVP is not needed, every count having its own: the one rule every surface asks."""
    return snapshot.order is not None and every_count_has_its_own(snapshot.events, snapshot.order.count_rvps)
