"""A threat report as the SPOC enters it, checked before it is written.

The values map one to one onto the ThreatReport record (with the candidate's
id added by the caller), so the window writes them through the usual record
commands and the edit is undoable.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from electionplan.domain.errors import ValidationError
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

    def record_values(self, candidate_id: int) -> dict[str, Any]:
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
    return ThreatReportValues(values.reported_on, kind, values.severity, values.reported_to.strip(),
                              values.reference.strip(), values.summary.strip())
