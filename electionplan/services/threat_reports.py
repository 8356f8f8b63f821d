"""A threat report as the SPOC enters it, checked before it is written.

The values map one to one onto the ThreatReport record (with the candidate's
id added by the caller), so the window writes them through the usual record
commands and the edit is undoable.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from electionplan.domain.errors import ValidationError
from electionplan.domain.plandata import PlanSnapshot, ThreatReportRecord
from electionplan.domain.timefmt import fmt_datetime
from electionplan.domain.validation import check_choice
from electionplan.domain.vocab import SEVERITIES

# A report older than this carries no weight after its half-life, and is a mistyped year.
EARLIEST_REPORT = dt.date(1990, 1, 1)


@dataclass(frozen=True)
class ThreatReportValues:
    reported_on: dt.date
    kind: str
    severity: str
    reported_to: str = ""
    reference: str = ""
    summary: str = ""
    # What else the threat names: an event, a venue, and the dates it covers (either end may be open).
    event_id: int | None = None
    venue_id: int | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def record_values(self, candidate_id: int | None) -> dict[str, Any]:
        """The columns of a ThreatReport row."""
        return {"candidate_id": candidate_id, **asdict(self)}


def checked_threat_report(values: ThreatReportValues, today: dt.date) -> ThreatReportValues:
    """The values tidied, or a ValidationError naming the field to fix."""
    kind = values.kind.strip()
    if not kind:
        raise ValidationError("Say what kind of threat it was, e.g. 'Online threats'.", "kind")
    if len(kind) > 60:
        raise ValidationError("Kind of threat: at most 60 characters.", "kind")
    if values.reported_on < EARLIEST_REPORT:
        raise ValidationError(f"Reported on {values.reported_on:%d/%m/%Y} is before {EARLIEST_REPORT.year}: "
                              "check the year.", "reported_on")
    if values.reported_on > today:
        raise ValidationError(f"Reported on {values.reported_on:%d/%m/%Y} is in the future.", "reported_on")
    if not values.severity:
        # Never assumed: a report entered in a hurry must not understate the threat.
        raise ValidationError("Say how serious the threat is: low, medium, high or critical.", "severity")
    check_choice(values.severity, SEVERITIES, "severity", "Severity")
    for field, limit in (("reported_to", 120), ("reference", 60)):
        if len(getattr(values, field).strip()) > limit:
            raise ValidationError(f"{field.replace('_', ' ').capitalize()}: at most {limit} characters.", field)
    if values.valid_from is not None and values.valid_to is not None and values.valid_to < values.valid_from:
        raise ValidationError(f"The threat cannot end ({values.valid_to:%d/%m/%Y}) before it starts "
                              f"({values.valid_from:%d/%m/%Y}).", "valid_to")
    return dataclasses.replace(values, kind=kind, reported_to=values.reported_to.strip(),
                               reference=values.reference.strip(), summary=values.summary.strip())


def threat_targets(snapshot: PlanSnapshot, candidate_id: int,
                   reports: Sequence[ThreatReportRecord] = ()) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The events and venues a candidate's threat report may name, as (id, label), soonest event first.

    The candidate's own events and their venues, and whatever their reports already
    name, so a report loaded into the form keeps its target even if the candidate
    has since been taken off the event.
    """
    named_events = {r.event_id for r in reports if r.event_id is not None}
    events = sorted((e for e in snapshot.events if candidate_id in e.candidate_ids or e.id in named_events),
                    key=lambda e: (e.start, e.name, e.id))
    named_venues = {r.venue_id for r in reports if r.venue_id is not None} | {e.venue_id for e in events}
    venues = sorted((v for v in snapshot.venues if v.id in named_venues), key=lambda v: (v.name, v.id))
    return ([(e.id, f"{e.name}, {fmt_datetime(e.start)}") for e in events],
            [(v.id, v.name) for v in venues])
