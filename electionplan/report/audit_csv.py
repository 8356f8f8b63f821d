"""The audit log as rows and as a spreadsheet-safe CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from electionplan.db import models as m
from electionplan.db.pghistory import ServerStamp, server_stamps
from electionplan.db.store import PlanStore
from electionplan.domain.spreadsheet import neutralise_formula
from electionplan.domain.timefmt import fmt_datetime
from electionplan.system.files import atomic_write_bytes

AUDIT_COLUMNS = ["When", "Who", "Action", "Record", "Record id", "Field", "Old", "New", "Recorded by the server"]


@dataclass(frozen=True)
class AuditLine:
    """One audit entry as shown and exported: its id, then the export's cells."""

    id: int
    when: str
    who: str
    action: str
    entity: str
    entity_id: str
    field: str
    old: str
    new: str
    server: str  # the login and time a shared store stamped; blank for a plan file

    def cells(self) -> list[str]:
        return [self.when, self.who, self.action, self.entity, self.entity_id, self.field, self.old, self.new,
                self.server]


def audit_lines_in(session: Session, after: int = 0) -> list[AuditLine]:
    """The entries after id `after`, oldest first, read in the caller's transaction."""
    stamps = server_stamps(session, "audit_entry", after)
    query = select(m.AuditEntry).where(m.AuditEntry.id > after).order_by(m.AuditEntry.id)
    return [
        AuditLine(e.id, fmt_datetime(e.at), e.who, e.action, e.entity, "" if e.entity_id is None else str(e.entity_id),
                  e.field, e.old, e.new, _stamp_text(stamps.get(e.id)))
        for e in session.scalars(query)
    ]


def audit_rows(plan: PlanStore) -> list[list[str]]:
    """Each entry as the person's program wrote it, then (in a shared store) the login and time the server stamped."""
    with plan.session() as session:
        return [line.cells() for line in audit_lines_in(session)]


def _stamp_text(stamp: ServerStamp | None) -> str:
    return f"[server: {stamp.describe()}]" if stamp else ""


def write_csv(target: Path | str, header: list[str], rows: Sequence[Sequence[str]]) -> None:
    """CSV whose cells a spreadsheet will never run as formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise_formula(cell) for cell in row])
    atomic_write_bytes(target, buffer.getvalue().encode("utf-8-sig"))
