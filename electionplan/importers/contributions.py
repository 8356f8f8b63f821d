"""Contributions that candidates, agents or parties choose to make to the plan.

A CSV or JSON form: received (when), from, organisation, kind, text, and the
candidate and/or event it concerns (by name). All rows or none are recorded.
"""

from __future__ import annotations

from pathlib import Path

from electionplan.db import audit
from electionplan.db import models as m
from electionplan.db.store import PlanStore
from electionplan.domain.errors import ImportFailed, ValidationError
from electionplan.domain.timefmt import now_london, parse_datetime
from electionplan.importers.incidents import read_rows
from electionplan.importers.matching import NameIndex


def import_contributions(plan: PlanStore, path: Path | str) -> int:
    path = Path(path)
    if path.suffix.lower() == ".pdf":
        from electionplan.importers.pack_return import import_pack_return

        # A candidate's filled security-pack return.
        return import_pack_return(plan, path)
    rows = read_rows(path)
    if not rows:
        raise ImportFailed(f"{path.name} holds no contributions.")
    if not {"from", "text"} <= set(rows[0][1]):
        raise ImportFailed(f"{path.name} is not a contribution form: it needs 'from' and 'text' columns (and 'received').")
    problems = []
    records = []
    with plan.session() as session:
        names = NameIndex(session)
        for line, row in rows:
            try:
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
                records.append(m.Contribution(received_at=received, from_name=row["from"], organisation=row.get("organisation", ""),
                                              kind=row.get("kind") or "comment", text=row["text"], candidate_id=candidate_id,
                                              event_id=event_id, recorded_at=now_london()))
            except ValidationError as exc:
                problems.append(f"row {line}, column {exc.field}: {str(exc).rstrip('.')}")
        if problems:
            raise ImportFailed(f"{path.name} has {len(problems)} row(s) with problems; nothing was recorded.", problems)
        session.add_all(records)
        session.flush()
        for record in records:
            audit.record(session, "import", "Contribution", record.id, "", "", f"from {record.from_name}")
    return len(records)
