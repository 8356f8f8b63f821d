"""Contributions that candidates, agents or parties choose to make to the plan.

A CSV or JSON form (received, from, organisation, kind, text, and the
candidate and/or event it concerns, by name), or a candidate's filled
security-pack return (a PDF). However many files are given, all of them are
recorded or none: one refused file leaves the plan as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from electionplan.db import audit
from electionplan.db import models as m
from electionplan.db.store import PlanStore
from electionplan.domain.errors import ImportFailed, ValidationError
from electionplan.domain.text import clean_text
from electionplan.domain.timefmt import now_london, parse_datetime
from electionplan.importers.incidents import read_rows
from electionplan.importers.matching import NameIndex
from electionplan.importers.pack_return import return_records


def _row_record(row: dict[str, str], names: NameIndex) -> m.Contribution:
    if not row.get("text", "").strip():
        raise ValidationError("the contribution is empty", "text")
    if not row.get("from", "").strip():
        raise ValidationError("who it is from is missing", "from")
    received = parse_datetime(row["received"], "received") if row.get("received") else now_london()
    candidate_id = event_id = None
    if row.get("candidate"):
        candidate_id = names.find(names.candidates, row["candidate"])
        if candidate_id is None:
            raise ValidationError(f"no candidate called '{row['candidate']}' in the plan", "candidate")
    if row.get("event"):
        event_id = names.find(names.events, row["event"])
        if event_id is None:
            raise ValidationError(f"no event called '{row['event']}' in the plan", "event")
    if candidate_id is None and event_id is None:
        raise ValidationError("name the candidate or the event it concerns", "candidate")
    return m.Contribution(received_at=received, from_name=clean_text(row["from"]),
                          organisation=clean_text(row.get("organisation", "")), kind=clean_text(row.get("kind") or "comment"),
                          text=clean_text(row["text"]), candidate_id=candidate_id, event_id=event_id,
                          recorded_at=now_london())


def _form_records(session: Session, path: Path) -> list[m.Contribution]:
    rows = read_rows(path)
    if not rows:
        raise ImportFailed(f"{path.name} holds no contributions.")
    if not {"from", "text"} <= set(rows[0][1]):
        raise ImportFailed(f"{path.name} is not a contribution form: it needs 'from' and 'text' columns (and 'received').")
    names = NameIndex(session)
    problems, records = [], []
    for line, row in rows:
        try:
            records.append(_row_record(row, names))
        except ValidationError as exc:
            problems.append(f"row {line}, column {exc.field}: {str(exc).rstrip('.')}")
    if problems:
        raise ImportFailed(f"{path.name} has {len(problems)} row(s) with problems; nothing was recorded.", problems)
    return records


def import_contribution_files(plan: PlanStore, paths: Sequence[Path | str]) -> list[int]:
    """Record every file's contributions in one transaction; how many each file added."""
    counts = []
    with plan.session(write=True) as session:
        for path in map(Path, paths):
            records = return_records(session, path) if path.suffix.lower() == ".pdf" else _form_records(session, path)
            session.add_all(records)
            session.flush()
            for record in records:
                audit.record(session, "import", "Contribution", record.id, "", "", f"from {record.from_name}")
            counts.append(len(records))
    return counts


def import_contributions(plan: PlanStore, path: Path | str) -> int:
    return import_contribution_files(plan, [path])[0]
