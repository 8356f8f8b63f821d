"""The audit log as rows and as a spreadsheet-safe CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sqlalchemy import select

from electionplan.db import models as m
from electionplan.db.pghistory import ServerStamp, server_stamps
from electionplan.db.store import PlanStore
from electionplan.domain.spreadsheet import neutralise_formula
from electionplan.domain.timefmt import fmt_datetime
from electionplan.system.files import atomic_write_bytes

AUDIT_COLUMNS = ["When", "Who", "Action", "Record", "Record id", "Field", "Old", "New", "Recorded by the server"]


def audit_rows(plan: PlanStore) -> list[list[str]]:
    """Each entry as the person's program wrote it, then (in a shared store) the login and time the server stamped."""
    with plan.session() as session:
        stamps = server_stamps(session, "audit_entry")
        return [
            [fmt_datetime(e.at), e.who, e.action, e.entity, "" if e.entity_id is None else str(e.entity_id), e.field,
             e.old, e.new, _stamp_text(stamps.get(e.id))]
            for e in session.scalars(select(m.AuditEntry).order_by(m.AuditEntry.id))
        ]


def _stamp_text(stamp: ServerStamp | None) -> str:
    return f"[server: {stamp.describe()}]" if stamp else ""


def write_csv(target: Path | str, header: list[str], rows: list[list[str]]) -> None:
    """CSV whose cells a spreadsheet will never run as formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise_formula(cell) for cell in row])
    atomic_write_bytes(target, buffer.getvalue().encode("utf-8-sig"))
