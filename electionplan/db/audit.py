"""The audit trail: who changed what, when, field by field.

Restricted fields are recorded as changed without their values, so an audit
export never carries a home address or intelligence into a spreadsheet.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from electionplan.db.models import AuditEntry, restricted_fields
from electionplan.domain.timefmt import now_london
from electionplan.system.preferences import current_user

RESTRICTED_FIELDS = restricted_fields()


def signed_in_user(session: Session) -> str:
    """Who is working, with the database account they signed in as where the plan is shared."""
    person = current_user()
    account = session.info.get("database_user")
    if not account or account == person:
        return person
    return f"{person} ({account})"[:120]


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _shown(entity: str, field: str, old: Any, new: Any) -> tuple[str, str]:
    """The old and new values as the audit keeps them: a restricted field's only as "(restricted)"."""
    old_text, new_text = _as_text(old), _as_text(new)
    if (entity, field) in RESTRICTED_FIELDS:
        old_text = "(restricted)" if old_text else ""
        new_text = "(restricted)" if new_text else ""
    return old_text, new_text


def record_many(session: Session, action: str, entity: str, entries: list[tuple[int | None, str, Any, Any]]) -> None:
    """Many entries (entity id, field, old, new) by one person at one moment, written in one statement (an import's)."""
    who, at = signed_in_user(session), now_london()
    rows = [{"at": at, "who": who, "action": action, "entity": entity, "entity_id": entity_id, "field": field,
             **dict(zip(("old", "new"), _shown(entity, field, old, new), strict=True))}
            for entity_id, field, old, new in entries]
    if rows:
        session.execute(insert(AuditEntry), rows)


def record(
    session: Session,
    action: str,
    entity: str = "",
    entity_id: int | None = None,
    field: str = "",
    old: Any = None,
    new: Any = None,
) -> None:
    old_text, new_text = _shown(entity, field, old, new)
    session.add(
        AuditEntry(
            at=now_london(),
            who=signed_in_user(session),
            action=action,
            entity=entity,
            entity_id=entity_id,
            field=field,
            old=old_text,
            new=new_text,
        )
    )
