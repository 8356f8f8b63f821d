"""Everything the window shows of a plan, worked out in one go and off the UI thread when it is large.

An assessment and the rows of every table are plain data, so they are built
where they cost nothing to the SPOC's typing: in the background for a national
plan, straight away for a by-election (under a second, and simpler to follow).
The window then only hands each table its rows, and a table told the same
records again repaints only the rows that changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from electionplan.db.store import PlanStore
from electionplan.domain.order import OrderContent
from electionplan.domain.plandata import PlanSnapshot
from electionplan.domain.timefmt import today_london
from electionplan.gui import rows
from electionplan.report import rows as shared_rows
from electionplan.report.audit_csv import AuditLine
from electionplan.risk.engine import Assessor
from electionplan.risk.results import Assessment
from electionplan.risk.ruleset import Ruleset
from electionplan.services.assessment import Since
from electionplan.services.attention import AttentionItem, attention_items
from electionplan.services.plan_reading import PlanReading, read_plan
from electionplan.services.revisions import IssuedRevision
from electionplan.system.collector import collection_paused, keep_long_lived


@dataclass(frozen=True)
class ViewData:
    snapshot: PlanSnapshot
    assessment: Assessment
    ruleset: Ruleset
    constituencies: list[rows.ConstituencyRow]
    stations: list[shared_rows.StationRow]
    events: list[shared_rows.EventRow]
    venues: list[rows.VenueRow]
    candidates: list[shared_rows.CandidateRow]
    incidents: list[rows.IncidentRow]
    flashpoints: list[rows.FlashpointRow]
    demand: list[rows.DemandRow]
    demand_by_day: list[rows.DayDemand]
    # What needs the SPOC's attention, as of this assessment.
    attention: list[AttentionItem] = field(default_factory=list)
    # Each station's row with what it was built from, so the next build reuses the unchanged ones.
    station_cache: rows.StationRowCache | None = None
    # The levels of the latest revision's own assessment, when asked for (to say what moved since).
    revision_label: str = ""
    revision_levels: dict[tuple[str, int], str] | None = None
    # Read in the same transaction as the plan: its issued revisions, its order, and the audit log's rows
    # (newest first) with the last entry read, from which the next build reads on.
    revisions: list[IssuedRevision] = field(default_factory=list)
    order: OrderContent | None = None
    audit: list[rows.AuditTableRow] = field(default_factory=list)
    last_audit: AuditLine | None = None


def build_view_data(plan: PlanStore, revision_for_levels: str | None = None,
                    previous: ViewData | None = None, assessor: Assessor | None = None,
                    updated: dict[str, frozenset[int]] | None = None) -> ViewData:
    """Assess the plan and build every table's rows (safe to run on a worker thread: no Qt);
    with `revision_for_levels`, that revision's levels too. Rows unchanged since `previous`, and
    parts of the assessment unchanged since the `assessor`'s last, are reused; given the records
    `updated` since `previous` was read, only those are read again."""
    with collection_paused():
        view = _build(plan, revision_for_levels, previous, assessor, updated)
        keep_long_lived()  # the window keeps it while the plan is open
    return view


def _same(previous: ViewData | None, snap: PlanSnapshot, assessment: Assessment, tables: tuple[str, ...],
          results: str | None = None) -> bool:
    """Whether a table's rows can be the previous build's: the records they show are equal, and the
    assessment results they show are the very ones the assessor reused."""
    if previous is None:
        return False
    if results is not None:
        old, new = getattr(previous.assessment, results), getattr(assessment, results)
        if len(old) != len(new) or any(a is not b for a, b in zip(old, new, strict=True)):
            return False
    return all(getattr(previous.snapshot, table) == getattr(snap, table) for table in tables)


def _build(plan: PlanStore, revision_for_levels: str | None, previous: ViewData | None,
           assessor: Assessor | None, updated: dict[str, frozenset[int]] | None) -> ViewData:
    since = Since(previous.snapshot, updated) if previous is not None and updated is not None else None
    reading = read_plan(plan, assessor=assessor, since=since, last_audit=previous.last_audit if previous else None,
                        revision=revision_for_levels)
    result = reading.assessed
    snap, assessment = result.snapshot, result.assessment
    stations, station_cache = rows.station_rows(snap, assessment, previous.station_cache if previous else None)
    if previous is not None and _same(previous, snap, assessment, ("events", "venues"), "events"):
        events, flashpoints = previous.events, previous.flashpoints
    else:
        shown_events = shared_rows.event_rows(snap, assessment)
        events, flashpoints = rows.event_rows(shown_events), rows.flashpoint_rows(shown_events)
    same_seats = _same(previous, snap, assessment, ("constituencies",))
    return ViewData(
        snapshot=snap, assessment=assessment, ruleset=result.ruleset,
        constituencies=rows.constituency_rows(snap, assessment), stations=stations, station_cache=station_cache,
        events=events, flashpoints=flashpoints,
        venues=previous.venues if previous is not None and same_seats and _same(previous, snap, assessment, ("venues", "events"))
        else rows.venue_rows(snap),
        candidates=previous.candidates
        if previous is not None and same_seats
        and _same(previous, snap, assessment, ("candidates", "threat_reports"), "candidates")
        else shared_rows.candidate_rows(snap, assessment),
        incidents=rows.incident_rows(snap), demand=rows.demand_rows(assessment),
        attention=attention_items(snap, assessment, today_london()),
        demand_by_day=rows.demand_by_day(assessment),
        revision_label=revision_for_levels or "",
        revision_levels=levels_of(reading.revision.assessment()) if reading.revision is not None else None,
        revisions=reading.revisions, order=reading.order,
        audit=_audit_rows(reading, previous), last_audit=_last_audit(reading, previous),
    )


def _audit_rows(reading: PlanReading, previous: ViewData | None) -> list[rows.AuditTableRow]:
    """The audit log's rows, newest first: the entries just read before those already shown."""
    new = [rows.AuditTableRow(e) for e in reversed(reading.audit)]
    if reading.audit_whole or previous is None:
        return new
    return new + previous.audit if new else previous.audit


def _last_audit(reading: PlanReading, previous: ViewData | None) -> AuditLine | None:
    if reading.audit:
        return reading.audit[-1]
    return None if reading.audit_whole or previous is None else previous.last_audit


def levels_of(assessment: Assessment | None) -> dict[tuple[str, int], str]:
    """Every candidate's and event's level and every station's rating, by kind and id."""
    if assessment is None:
        return {}
    levels = {("c", c.id): c.level for c in assessment.candidates}
    levels.update({("e", e.id): e.level for e in assessment.events})
    levels.update({("s", s.id): s.rag for s in assessment.stations})
    return levels
