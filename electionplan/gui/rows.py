"""Rows for the app's tables, built from a plan snapshot and its assessment.

Plain functions of plain data, so they are tested without a window.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from electionplan.domain.display import grid_ref_of
from electionplan.domain.plandata import PlanSnapshot
from electionplan.domain.timefmt import fmt_date, fmt_datetime
from electionplan.domain.vocab import CONTACT_ROLES
from electionplan.report import rows as shared_rows
from electionplan.report.audit_csv import AuditLine
from electionplan.risk.results import Assessment, StationResult
from electionplan.services.attention import AttentionItem
from electionplan.services.revisions import IssuedRevision, revision_rows

# A station's row as the last build made it, with what it was made from: the station,
# its constituency's name and its rating. An edit changes a few stations of 40,000;
# the others keep their rows, so a rebuild costs a comparison, not a new row, each.
StationRowCache = dict[int, tuple[tuple, shared_rows.StationRow]]


def _rating_key(result: StationResult | None) -> tuple | None:
    if result is None:
        return None
    return result.rag, result.presence.description if result.presence else "", tuple(f.reason for f in result.factors)


def station_rows(snapshot: PlanSnapshot, assessment: Assessment,
                 previous: StationRowCache | None = None) -> tuple[list[shared_rows.StationRow], StationRowCache]:
    """The stations table's rows (the PDF's own), reusing the previous build's row for every station unchanged since."""
    seats = {c.id: c.name for c in snapshot.constituencies}
    rated = {s.id: s for s in assessment.stations}
    previous = previous or {}
    rows: list[shared_rows.StationRow] = []
    cache: StationRowCache = {}
    for station in snapshot.stations:
        result = rated.get(station.id)
        source = (station, seats.get(station.constituency_id), _rating_key(result))  # type: ignore[arg-type]
        old = previous.get(station.id)
        row = old[1] if old is not None and old[0] == source else shared_rows.station_row(station, result, seats)
        rows.append(row)
        cache[station.id] = (source, row)
    return rows, cache


def event_rows(shown: list[shared_rows.EventRow]) -> list[shared_rows.EventRow]:
    """The events table's rows: the shared display rows (report.rows.event_rows), in time order."""
    return sorted(shown, key=lambda r: r.start_iso)


@dataclass(frozen=True, slots=True)
class VenueRow:
    id: int
    name: str
    address: str
    postcode: str
    grid_ref: str
    constituency: str
    events: int


def venue_rows(snapshot: PlanSnapshot) -> list[VenueRow]:
    seats: dict[int | None, str] = {c.id: c.name for c in snapshot.constituencies}
    counts = Counter(e.venue_id for e in snapshot.events)
    return [VenueRow(id=v.id, name=v.name, address=v.address or "", postcode=v.postcode or "", grid_ref=grid_ref_of(v),
                     constituency=seats.get(v.constituency_id, "Unassigned"), events=counts.get(v.id, 0))
            for v in snapshot.venues]


@dataclass(frozen=True, slots=True)
class ConstituencyRow:
    id: int
    code: str
    name: str
    electorate: int | None
    returning_officer: str
    stations: int
    candidates: int
    flashpoints: int
    boundary: str  # "Yes" or "No"


def constituency_rows(snapshot: PlanSnapshot, assessment: Assessment) -> list[ConstituencyRow]:
    stations = Counter(s.constituency_id for s in snapshot.stations)
    flashpoints = Counter(e.constituency_id for e in assessment.flashpoints)
    candidates = Counter(c.constituency_id for c in snapshot.candidates)
    return [ConstituencyRow(id=c.id, code=c.gss_code, name=c.name, electorate=c.electorate,
                            returning_officer=c.returning_officer or "", stations=stations.get(c.id, 0),
                            candidates=candidates.get(c.id, 0), flashpoints=flashpoints.get(c.id, 0),
                            boundary="Yes" if c.boundary else "No") for c in snapshot.constituencies]


@dataclass(frozen=True, slots=True)
class IncidentRow:
    id: int
    when: str
    kind: str
    severity: str
    status: str
    where: str
    candidate: str
    reference: str


def incident_rows(snapshot: PlanSnapshot) -> list[IncidentRow]:
    names: dict[str, dict[int | None, str]] = {
        "event_id": {e.id: e.name for e in snapshot.events},
        "station_id": {s.id: s.name for s in snapshot.stations},
        "venue_id": {v.id: v.name for v in snapshot.venues},
        "candidate_id": {c.id: c.name for c in snapshot.candidates},
    }
    rows: list[IncidentRow] = []
    for incident in sorted(snapshot.incidents, key=lambda i: i.occurred_at, reverse=True):
        where = next((names[k].get(getattr(incident, k)) for k in ("event_id", "station_id", "venue_id") if getattr(incident, k)), "")
        if not where and incident.easting is not None:
            where = grid_ref_of(incident)
        rows.append(IncidentRow(id=incident.id, when=fmt_datetime(incident.occurred_at), kind=incident.kind,
                                severity=incident.severity.capitalize(), status=(incident.status or "").capitalize(),
                                where=where or "", candidate=names["candidate_id"].get(incident.candidate_id, ""),
                                reference=incident.reference or ""))
    return rows


@dataclass(frozen=True, slots=True)
class FlashpointRow:
    """A flashpoint as its table lists it: where it ranks, and its event's display row's values."""

    id: int
    rank: int
    name: str
    when: str
    venue: str
    level: str
    score: int
    likelihood: int
    impact: int
    presence: str
    venue_id: int | None
    reasons: tuple[str, ...]


def flashpoint_rows(shown: list[shared_rows.EventRow]) -> list[FlashpointRow]:
    """The flashpoints, highest risk first, from the shared display rows of the events."""
    flashpoints = [r for r in shown if r.flashpoint]
    return [FlashpointRow(id=r.id, rank=n + 1, name=r.name, when=r.start_text, venue=r.venue_text, level=r.level,
                          score=r.score, likelihood=r.likelihood, impact=r.impact, presence=r.presence,
                          venue_id=r.venue_id, reasons=r.reasons) for n, r in enumerate(flashpoints)]


@dataclass(frozen=True, slots=True)
class DemandRow:
    """One day's shift on the Resources page: officers needed against those available."""

    id: int
    date: str  # as shown, DD/MM/YYYY
    date_iso: str
    shift: str  # as shown: "Early", "Late", "Night"
    required: int
    available: int
    shortfall: int
    status: str  # the RAG key: "red" when short
    demands: str


def demand_rows(assessment: Assessment) -> list[DemandRow]:
    return [DemandRow(id=n, date=fmt_date(d.date), date_iso=d.date.isoformat(), shift=d.shift.capitalize(),
                      required=d.officers_required, available=d.officers_available, shortfall=d.shortfall,
                      status="red" if d.shortfall else "green", demands="; ".join(d.contributors))
            for n, d in enumerate(assessment.demand)]


@dataclass(frozen=True, slots=True)
class DayDemand:
    """A day's officers needed, available and short, over all its shifts: one bar pair of the demand chart."""

    date: dt.date
    required: int
    available: int
    shortfall: int


def demand_by_day(assessment: Assessment) -> list[DayDemand]:
    days: dict[dt.date, list[int]] = {}
    for d in assessment.demand:
        day = days.setdefault(d.date, [0, 0, 0])
        day[0] += d.officers_required
        day[1] += d.officers_available
        day[2] += d.shortfall
    return [DayDemand(date, *totals) for date, totals in sorted(days.items())]


@dataclass(frozen=True, slots=True)
class ContactRow:
    """A named contact as the order's table shows them: the role by its name, the seat by its name."""

    id: int
    role: str
    name: str
    organisation: str
    constituency: str
    phone: str
    email: str


def contact_rows(snapshot: PlanSnapshot) -> list[ContactRow]:
    """The named contacts as the table shows them: role by its name, force-wide ones first."""
    seats: dict[int | None, str] = {c.id: c.name for c in snapshot.constituencies}
    contacts = sorted(snapshot.contacts, key=lambda c: (c.constituency_id is not None, seats.get(c.constituency_id, ""),
                                                        list(CONTACT_ROLES).index(c.role) if c.role in CONTACT_ROLES
                                                        else len(CONTACT_ROLES), c.name))
    return [ContactRow(id=c.id, role=CONTACT_ROLES.get(c.role, c.role), name=c.name, organisation=c.organisation,
                       constituency=seats.get(c.constituency_id, "Every constituency"), phone=c.phone, email=c.email)
            for c in contacts]


@dataclass(frozen=True, slots=True)
class AttentionRow:
    """An item on Needs attention as its table lists it, numbered in the order the items came."""

    id: int
    item: AttentionItem

    @property
    def urgency(self) -> str | None:
        return "red" if self.item.urgent else None  # the red chip, "Urgent"

    @property
    def category(self) -> str:
        return self.item.category

    @property
    def text(self) -> str:
        return self.item.text


@dataclass(frozen=True, slots=True)
class AuditTableRow:
    """An audit entry as the Revisions page lists it, newest first: the login the server stamped beside the name."""

    entry: AuditLine

    @property
    def id(self) -> int:
        return self.entry.id

    @property
    def when(self) -> str:
        return self.entry.when

    @property
    def who(self) -> str:
        return " ".join(filter(None, (self.entry.who, self.entry.server)))

    @property
    def action(self) -> str:
        return self.entry.action

    @property
    def entity(self) -> str:
        return self.entry.entity

    @property
    def field(self) -> str:
        return self.entry.field

    @property
    def old(self) -> str:
        return self.entry.old

    @property
    def new(self) -> str:
        return self.entry.new


@dataclass(frozen=True, slots=True)
class RevisionRow:
    """An issued revision as the Revisions page lists it, numbered in the order issued; the words are the
    document control table's."""

    id: int
    number: str
    date: str
    author: str
    status: str
    note: str


def revision_table_rows(revisions: list[IssuedRevision]) -> list[RevisionRow]:
    return [RevisionRow(n, r["number"], r["date"], r["author"], r["status"], r["note"])
            for n, r in enumerate(revision_rows(revisions))]
