"""Taking a database plan to a laptop and sending the offline edits back.

`checkout` copies the plan from the force's store into a plan file and keeps,
beside it, the version every record had at that moment. `checkin` then goes
record by record: a record edited offline whose store copy is still at the
checked-out version is applied (with an optimistic-locking UPDATE, so a
colleague saving at the same instant cannot be overwritten); a record someone
changed in the store meanwhile is not applied but listed as a conflict with
both values, and stays in the file for the SPOC to resolve. An applied record
moves the kept version on, so a checkin can be run again safely. Records added
or removed offline are listed and kept, never sent silently.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from electionplan.db import audit
from electionplan.db import models as m
from electionplan.db.models import Base, system_fields, table_of
from electionplan.db.opening import open_store
from electionplan.db.queries import plan_pack_key
from electionplan.db.store import PlanStore, database_identity
from electionplan.domain.errors import PlanFileError
from electionplan.services.copying import copy_plan
from electionplan.system.files import atomic_write_bytes

log = logging.getLogger(__name__)

Versions = dict[str, dict[int, int]]


@dataclass(frozen=True)
class FieldConflict:
    field: str
    in_file: Any
    in_store: Any


@dataclass(frozen=True)
class RecordConflict:
    entity: str
    record_id: int
    fields: list[FieldConflict]


@dataclass
class CheckinResult:
    applied: list[tuple[str, int]] = field(default_factory=list)
    conflicts: list[RecordConflict] = field(default_factory=list)
    added_offline: list[tuple[str, int]] = field(default_factory=list)
    removed_offline: list[tuple[str, int]] = field(default_factory=list)


def _versioned_models() -> list[type]:
    return [mapper.class_ for mapper in Base.registry.mappers if "version_id" in mapper.local_table.c]


def _entity(model: type) -> str:
    """What a record is called in the audit and in a conflict: a restricted part by the record it belongs to."""
    owner = next((mapper.class_ for mapper in Base.registry.mappers if m.restricted_part_of(mapper.class_) is model),
                 model)
    return owner.__name__


def checkout_record_path(plan_file: Path) -> Path:
    return Path(str(plan_file) + ".checkout.json")


def _versions(plan: PlanStore) -> Versions:
    with plan.session() as session:
        return {
            model.__name__: dict(session.execute(select(table_of(model).c.id, table_of(model).c.version_id)).all())
            for model in _versioned_models()
        }


def plan_token(plan: PlanStore) -> str:
    """Which plan this is, whatever its address: a digest of its reference and its own key (the key is not shown)."""
    with plan.session() as session:
        reference = session.scalar(select(m.Plan.reference)) or ""
        key = plan_pack_key(session)
    return hashlib.sha256(f"{reference}\n{key}".encode()).hexdigest()[:32]


def _save_record(plan_file: Path, store_label: str, versions: Versions, token: str) -> None:
    data = {"store": store_label, "plan": token,
            "versions": {k: {str(i): v for i, v in ids.items()} for k, ids in versions.items()}}
    atomic_write_bytes(checkout_record_path(plan_file), json.dumps(data, sort_keys=True).encode("utf-8"))


def _load_record(plan_file: Path, store_label: str) -> tuple[Versions, str | None]:
    """The kept versions and the plan's identity; a plan is known by its identity, not by the address reached."""
    try:
        data = json.loads(checkout_record_path(plan_file).read_text(encoding="utf-8"))
        kept = {k: {int(i): int(v) for i, v in ids.items()} for k, ids in data["versions"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise PlanFileError(f"{plan_file} has no readable checkout record, so it cannot be checked in.") from None
    token = data.get("plan")
    # The same server is reached as localhost or 127.0.0.1, and by a deputy's login as well as one's own;
    # only a record from before plans were told apart falls back to the address.
    if not token and data.get("store") != store_label:
        raise PlanFileError(f"{plan_file} was checked out from {data.get('store')}, not {store_label}.")
    return kept, token


def checkout(url: str, plan_file: Path, *, replace: bool = False) -> int:
    """Copy the database plan to a file and keep every record's version; returns the records kept."""
    copy_plan(url, plan_file, replace=replace)
    with contextlib.closing(open_store(plan_file, read_only=True)) as offline:
        versions = _versions(offline)
        token = plan_token(offline)
    _save_record(plan_file, database_identity(url).label, versions, token)
    return sum(len(ids) for ids in versions.values())


def _columns(model: type) -> list[str]:
    # A sealing key or seal reference is the store's own: an offline file never sends one back.
    kept = system_fields(model)
    return [c.key for c in table_of(model).columns if c.key not in ("id", "version_id") and c.key not in kept]


def _rows(session, model: type, ids: list[int]) -> dict[int, Any]:
    if not ids:
        return {}
    return {row.id: row for row in session.execute(select(table_of(model)).where(table_of(model).c.id.in_(ids)))}


def _apply(session, model: type, row: Any, stored: Any, kept_version: int) -> bool:
    """Send one offline record; False where the store moved on meanwhile."""
    values = {key: getattr(row, key) for key in _columns(model)}
    table = table_of(model)
    done = session.execute(
        update(table).where(table.c.id == row.id, table.c.version_id == kept_version)
        .values(**values, version_id=row.version_id)
    ).rowcount
    if done != 1:
        return False
    for key, new in values.items():
        if getattr(stored, key) != new:
            audit.record(session, "checkin", _entity(model), row.id, key, getattr(stored, key), new)
    return True


def _conflict(model: type, row: Any, stored: Any) -> RecordConflict:
    fields = [FieldConflict(key, getattr(row, key), getattr(stored, key))
              for key in _columns(model) if getattr(row, key) != getattr(stored, key)]
    return RecordConflict(_entity(model), row.id, fields)


def _checkin_model(offline_session, store_session, model: type, kept: dict[int, int], result: CheckinResult,
                   versions: dict[int, int]) -> None:
    current = dict(offline_session.execute(select(table_of(model).c.id, table_of(model).c.version_id)).all())
    entity = _entity(model)
    # A record and its restricted part are added or removed together: listed once.
    result.added_offline += [(entity, i) for i in sorted(set(current) - set(kept)) if (entity, i) not in result.added_offline]
    result.removed_offline += [(entity, i) for i in sorted(set(kept) - set(current))
                               if (entity, i) not in result.removed_offline]
    edited = sorted(i for i, version in current.items() if i in kept and version != kept[i])
    offline_rows, store_rows = _rows(offline_session, model, edited), _rows(store_session, model, edited)
    for record_id in edited:
        row, stored = offline_rows[record_id], store_rows.get(record_id)
        if stored is not None and stored.version_id == row.version_id and not _conflict(model, row, stored).fields:
            versions[record_id] = row.version_id  # sent by an earlier checkin whose record was not saved
            continue
        if stored is not None and stored.version_id == kept[record_id] and _apply(
            store_session, model, row, stored, kept[record_id]
        ):
            result.applied.append((entity, record_id))
            versions[record_id] = row.version_id
        elif stored is None:
            result.conflicts.append(RecordConflict(entity, record_id, [FieldConflict("(record)", "edited", "deleted")]))
        else:
            result.conflicts.append(_conflict(model, row, stored))


def checkin(plan_file: Path, url: str) -> CheckinResult:
    """Send the file's offline edits to the store, record by record."""
    label = database_identity(url).label
    kept, checked_out = _load_record(plan_file, label)
    result = CheckinResult()
    with contextlib.closing(open_store(plan_file, read_only=True)) as offline, contextlib.closing(open_store(url)) as store:
        token = plan_token(store)
        if checked_out not in (None, token):  # (a record from before plans were told apart has none)
            raise PlanFileError(f"The plan at {label} is not the one {plan_file} was checked out from (it has been "
                                "replaced since); nothing was sent. Copy the file's edits across by hand.")
        with offline.session() as offline_session, store.session() as store_session:
            for model in _versioned_models():
                versions = kept.setdefault(model.__name__, {})
                _checkin_model(offline_session, store_session, model, dict(versions), result, versions)
    _save_record(plan_file, label, kept, token)
    log.info("checkin: %d applied, %d conflicts", len(result.applied), len(result.conflicts))
    return result
