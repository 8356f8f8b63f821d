"""The audit log as rows and as a spreadsheet-safe CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import select

from electionplan.db import models as m
from electionplan.db.pghistory import server_stamps
from electionplan.db.store import PlanStore
from electionplan.domain.spreadsheet import neutralise_formula
from electionplan.domain.timefmt import fmt_datetime
from electionplan.system.files import atomic_write_bytes

AUDIT_COLUMNS = ["When", "Who", "Action", "Record", "Record id", "Field", "Old", "New", "Recorded by the server"]


class AuditRow(NamedTuple):
    """One audit entry as text, its fields in AUDIT_COLUMNS order (so a row is also a CSV line)."""

    when: str
    who: str
    action: str
    record: str
    record_id: str
    field: str
    old: str
    new: str
    server: str  # in a shared store, the login and time the server stamped; empty in a file


def audit_rows(plan: PlanStore) -> list[AuditRow]:
    """Each entry as the person's program wrote it, then (in a shared store) the login and time the server stamped."""
    with plan.session() as session:
        stamps = server_stamps(session, "audit_entry")
        return [
            AuditRow(fmt_datetime(e.at), e.who, e.action, e.entity, "" if e.entity_id is None else str(e.entity_id),
                     e.field, e.old, e.new, _stamp_text(stamps.get(e.id)))
            for e in session.scalars(select(m.AuditEntry).order_by(m.AuditEntry.id))
        ]


def _stamp_text(stamp) -> str:
    return f"[server: {stamp[0]} {fmt_datetime(stamp[1])}]" if stamp else ""


def write_csv(target: Path | str, header: list[str], rows: Sequence[Sequence[str]]) -> None:
    """CSV whose cells a spreadsheet will never run as formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise_formula(cell) for cell in row])
    atomic_write_bytes(target, buffer.getvalue().encode("utf-8-sig"))
