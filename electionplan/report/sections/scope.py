"""What a document covers: the chosen constituencies and the assessed records in them.

Built once per document, so every section sees the same records in the same order.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from electionplan.domain.plandata import CandidateRecord, ConstituencyRecord, PlanSnapshot
from electionplan.domain.text import is_seat
from electionplan.report.rows import EventRow, StationRow, event_rows, station_rows
from electionplan.risk.results import Assessment, CandidateResult, EventResult, StationResult
from electionplan.risk.ruleset import Ruleset


@dataclass(frozen=True)
class PlanScope:
    snapshot: PlanSnapshot
    assessment: Assessment
    rules: Ruleset
    seats: tuple[ConstituencyRecord, ...]
    scoped: bool  # True when the document covers chosen constituencies only
    events: tuple[EventResult, ...]
    stations: tuple[StationResult, ...]
    candidates: tuple[CandidateResult, ...]
    event_rows: tuple[EventRow, ...]  # the events in scope, in the assessment's order
    station_rows: tuple[StationRow, ...]  # the stations in scope, red first
    # Whether events carry their assessment: False outside the police, where an event is its public facts.
    assessed: bool = True

    @property
    def seat_ids(self) -> set[int]:
        return {c.id for c in self.seats}

    @property
    def candidate_records(self) -> tuple[CandidateRecord, ...]:
        """The candidates standing in scope, assessed or not (an edition may hold no levels)."""
        seats = self.seat_ids
        return tuple(c for c in self.snapshot.candidates if not self.scoped or c.constituency_id in seats)

    @property
    def rag_counts(self) -> Counter:
        return Counter(s.rag for s in self.stations)

    @property
    def flashpoint_rows(self) -> tuple[EventRow, ...]:
        return tuple(e for e in self.event_rows if e.flashpoint)


def plan_scope(snapshot: PlanSnapshot, assessment: Assessment, rules: Ruleset,
               constituency_code: str | None, assessed: bool = True) -> PlanScope:
    seats = tuple(c for c in snapshot.constituencies if not constituency_code or is_seat(c.gss_code, c.name, constituency_code))
    ids = {c.id for c in seats}

    def in_scope(constituency_id: int | None) -> bool:
        return not constituency_code or constituency_id in ids

    events = tuple(e for e in assessment.events if in_scope(e.constituency_id))
    stations = tuple(s for s in assessment.stations if in_scope(s.constituency_id))
    wanted_events = {e.id for e in events}
    by_id = {r.id: r for r in station_rows(snapshot, assessment)}
    rows = [by_id[s.id] for s in stations]
    return PlanScope(
        snapshot=snapshot,
        assessment=assessment,
        rules=rules,
        seats=seats,
        scoped=bool(constituency_code),
        events=events,
        stations=stations,
        candidates=tuple(c for c in assessment.candidates if in_scope(c.constituency_id)),
        event_rows=tuple(r for r in event_rows(snapshot, assessment) if r.id in wanted_events),
        station_rows=tuple(sorted(rows, key=lambda r: r.sort_key)),
        assessed=assessed,
    )
