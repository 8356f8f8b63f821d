"""Creating, changing and deleting the records of a plan.

Every edit, from the GUI, the command line or an import, passes through here:
the values are validated by the entity's rules, the change is audited field by
field, and optimistic locking refuses to overwrite another writer's edit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import JSON, insert, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from electionplan.db import audit
from electionplan.db import models as m
from electionplan.db.models import part_columns, record_columns, restricted_part_of, system_fields, table_of
from electionplan.db.record_kinds import kind_of
from electionplan.db.record_links import Link, consequence, links_to
from electionplan.db.record_refs import check_numbers, check_references, check_unique, model_of
from electionplan.db.record_rules import election_period  # noqa: F401  (read as records.election_period)
from electionplan.db.store import PlanStore
from electionplan.domain import validation as v
from electionplan.domain.errors import ConflictError, NotFound, ValidationError
from electionplan.domain.text import clean_text

Values = dict[str, Any]
log = logging.getLogger(__name__)


# Relationship fields an edit may set by id.
_LINK_FIELDS = {"candidate_ids": ("candidates", m.Candidate)}


def _columns(cls: type) -> set[str]:
    return set(record_columns(cls)) - {"id", "version_id"}


def version_of(obj: Any) -> int | None:
    """The record's version as an edit checks it: moved by any edit of it, its restricted part's included.

    A record and its restricted part each count their own edits (so a reviewer, who may read the record's,
    never sees it move for a restricted edit); the editor's version is both counts together, starting at 1.
    """
    version = getattr(obj, "version_id", None)
    part = getattr(obj, "restricted", None) if restricted_part_of(type(obj)) is not None else None
    return version + part.version_id - 1 if version is not None and part is not None else version


def _current_values(obj: Any) -> Values:
    values = {key: getattr(obj, key) for key in _columns(type(obj))}
    if isinstance(obj, m.Event):
        values["candidate_ids"] = sorted(c.id for c in obj.candidates)
    return values


def _apply(session: Session, obj: Any, values: Values) -> None:
    for key, value in values.items():
        if key in _LINK_FIELDS:
            attr, target = _LINK_FIELDS[key]
            linked = list(session.scalars(select(target).where(target.id.in_(value or []))))
            missing = sorted(set(value or []) - {record.id for record in linked})
            if missing:
                raise ValidationError(f"There is no {kind_of(target).label} {missing[0]} in this plan (it may have "
                                      "been deleted).", key)
            setattr(obj, attr, linked)
        else:
            setattr(obj, key, value)


def _cleaned(values: Values) -> Values:
    # Every edit, whichever front end typed or pasted it, is stored without
    # terminal escapes or bidi overrides, so no output can be steered by it.
    return {k: clean_text(val) if isinstance(val, str) else val for k, val in values.items()}


def _check_fields(cls: type, values: Values) -> None:
    kept = sorted(set(values) & system_fields(cls))
    if kept:
        # A sealing key set by hand would let anyone who knows it forge a return or a sign-off.
        raise ValidationError(f"{kept[0]} is kept by electionplan itself and cannot be set by an edit or an import.",
                              kept[0])
    kind_of(cls).check_settable(values)
    check_numbers(cls, values)
    columns = record_columns(cls)
    for key, value in values.items():
        if key in columns and isinstance(value, str):
            length = getattr(columns[key].type, "length", None)
            unbounded = v.FILE_TEXT_CHARS if key in v.FILE_TEXT_FIELDS else v.MAX_TEXT_CHARS
            v.check_length(value, length or unbounded, key)


def checked_values(session: Session, cls: type, values: Values) -> Values:
    """The values as a new record stores them: fields known, lengths kept, text cleaned, the entity's rules met.

    Imports that write many records at once check each through here, then insert them together.
    """
    _check_fields(cls, values)
    kind = kind_of(cls)
    values = kind.checked_as_typed(_cleaned(values))
    return kind.validate(session, values) if kind.validate else values


def insert_many(session: Session, cls: type, rows: list[Values]) -> list[int]:
    """Insert many checked records in one statement (an import's, a synthetic plan's), each with its restricted
    part where it has one; returns their ids in the rows' order."""
    part = restricted_part_of(cls)
    own = part_columns(part) if part is not None else {}
    table = table_of(cls)
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    ids = list(session.execute(statement, [{k: v for k, v in r.items() if k not in own} for r in rows]).scalars())
    if part is not None and ids:
        blank = {key: [] if isinstance(column.type, JSON) else "" for key, column in own.items()}
        session.execute(insert(table_of(part)), [{**blank, **{k: r[k] for k in own if k in r}, "id": i, "version_id": 1}
                                                 for i, r in zip(ids, rows, strict=True)])
    return ids


def create_in(session: Session, cls: type, values: Values, *, audit_action: str = "create") -> Any:
    values = checked_values(session, cls, values)
    check_references(session, cls, values)
    check_unique(session, cls, values)
    obj = cls()
    session.add(obj)
    _apply(session, obj, values)
    session.flush()
    if audit_action:
        audit.record(session, audit_action, cls.__name__, obj.id, "", "", _label(obj))
    return obj


def _missing(cls: type, record_id: int) -> str:
    # The id may never have existed (a typo on the command line) or a colleague
    # may have deleted it since it was shown; the message must fit both.
    return f"There is no {kind_of(cls).label} {record_id} in this plan (it may have been deleted)."


def _label(obj: Any) -> str:
    return getattr(obj, "name", None) or getattr(obj, "reference", None) or f"{type(obj).__name__} {obj.id}"


def update_in(
    session: Session, cls: type, record_id: int, changes: Values, expected_version: int | None = None
) -> Any:
    _check_fields(cls, changes)
    kind = kind_of(cls)
    changes = kind.checked_as_typed(_cleaned(changes))
    obj = session.get(cls, record_id)
    if obj is None:
        raise NotFound(_missing(cls, record_id))
    if expected_version is not None and version_of(obj) not in (None, expected_version):
        raise ConflictError(
            f"This {kind.label} was changed by someone else since you opened it; your edit was not applied. "
            "Reload it and apply your edit again."
        )
    before = _current_values(obj)
    merged = {**before, **changes}
    if kind.validate:
        merged = kind.validate(session, merged)
    effective = {k: merged[k] for k in changes}
    if effective.get("role", "spoc") != "spoc" and _only_spoc(session, obj):
        raise ValidationError(f"Contact {record_id} ('{_label(obj)}') is the plan's only SPOC: add the SPOC who "
                              "takes over first, then change this contact's role.", "role")
    check_references(session, cls, effective)
    check_unique(session, cls, merged, record_id)
    _apply(session, obj, effective)
    for key, new in effective.items():
        if before.get(key) != new:
            audit.record(session, "update", cls.__name__, record_id, key, before.get(key), new)
    return obj


# Where a deleted record's values keep what its deletion did to the records naming it, for undo to put back.
LINKED = "_linked"


class LinkedRecords(ValidationError):
    """A record other records name, deleted without saying what goes with it."""


def _own_links(cls: type) -> frozenset[str]:
    # An event's candidates are its own field: they go, and come back on undo, with its values.
    return frozenset({m.event_candidate.name}) if "candidate_ids" in kind_of(cls).keys else frozenset()


def _only_spoc(session: Session, obj: Any) -> bool:
    if not isinstance(obj, m.Contact) or obj.role != "spoc":
        return False
    return session.scalars(select(m.Contact.id).where(m.Contact.role == "spoc", m.Contact.id != obj.id)).first() is None


def _stranded_reports(session: Session, links: tuple[Link, ...]) -> list[int]:
    """The threat reports that, unlinked from the deleted record, would name nothing they threaten."""
    unlinked = {link.column: link.ids for link in links if link.table is table_of(m.ThreatReport) and not link.goes}
    if not unlinked:
        return []
    report = m.ThreatReport
    targets = {"candidate_id": report.candidate_id, "event_id": report.event_id, "venue_id": report.venue_id}
    ids = {i for found in unlinked.values() for i in found}
    others = [column.is_(None) for key, column in targets.items() if key not in unlinked]
    return list(session.scalars(select(report.id).where(report.id.in_(ids), report.valid_from.is_(None),
                                                        report.valid_to.is_(None), *others).order_by(report.id)))


def delete_in(session: Session, cls: type, record_id: int, *, with_linked: bool = False) -> Values:
    """Delete a record; with_linked, also what goes with it (audited each) and unlink what names it.

    Without it, a record others name is refused, saying what deleting it would do."""
    obj = session.get(cls, record_id)
    if obj is None:
        raise NotFound(_missing(cls, record_id))
    kind = kind_of(cls)
    if _only_spoc(session, obj):
        raise ValidationError(f"Contact {record_id} ('{_label(obj)}') is the plan's only SPOC: add the SPOC who "
                              "takes over first, or edit this contact.", "role")
    links = links_to(session, cls, _own_links(cls), record_id)
    stranded = _stranded_reports(session, links)
    if stranded:
        raise ValidationError(f"Threat report {stranded[0]} names only the {kind.label} {record_id} ('{_label(obj)}'), "
                              "so it would then name nothing and weigh on nothing: point it at a candidate, venue or "
                              "dates first, or delete it; nothing was deleted.", "id")
    if links and not with_linked:
        raise LinkedRecords(f"The {kind.label} {record_id} ('{_label(obj)}') is named by other records: "
                            f"{consequence(links)}.")
    values = _current_values(obj)
    undone = [_detach(session, link, record_id) for link in links]
    audit.record(session, "delete", cls.__name__, record_id, "", _label(obj), "")
    session.delete(obj)
    session.flush()
    return {**values, LINKED: tuple(undone)} if undone else values


def _detach(session: Session, link: Link, record_id: int) -> tuple[Any, ...]:
    """Delete or unlink the records of one link, audited; returns what restores them."""
    if link.other:  # a link table's rows go with the record; undo writes them again
        named = model_of(next(iter(link.table.c[link.other].foreign_keys)).column.table)
        for other_id in link.ids:
            audit.record(session, "update", named.__name__, other_id, link.column, record_id, None)
        return ("linked", link.table, link.column, link.other, link.ids)
    model = model_of(link.table)
    if link.goes:
        return ("deleted", model, tuple((i, delete_in(session, model, i, with_linked=True)) for i in link.ids))
    for child_id in link.ids:
        audit.record(session, "update", model.__name__, child_id, link.column, record_id, None)
        setattr(session.get(model, child_id), link.column, None)
    return ("unlinked", model, link.column, link.ids)


def _reattach(session: Session, record_id: int, undone: tuple[Any, ...]) -> None:
    for entry in undone:
        if entry[0] == "linked":
            _, table, column, other, ids = entry
            session.execute(insert(table), [{column: record_id, other: i} for i in ids])
            named = model_of(next(iter(table.c[other].foreign_keys)).column.table)
            for other_id in ids:
                audit.record(session, "update", named.__name__, other_id, column, None, record_id)
        elif entry[0] == "deleted":
            for child_id, values in entry[2]:
                _restore_in(session, entry[1], child_id, values)
        else:
            _, model, column, ids = entry
            for child_id in ids:
                setattr(session.get(model, child_id), column, record_id)
                audit.record(session, "update", model.__name__, child_id, column, None, record_id)


def guarded_write(plan: PlanStore, work: Callable[[Session], Any]) -> Any:
    try:
        # A write session: it queues behind a colleague's import or revision on the same plan rather than racing it.
        with plan.session(write=True) as session:
            return work(session)
    except StaleDataError:
        raise ConflictError(
            "This record was changed by someone else while you were saving; your edit was not applied. "
            "Reload it and apply your edit again."
        ) from None


def create_record(plan: PlanStore, cls: type, values: Values) -> int:
    return guarded_write(plan, lambda s: create_in(s, cls, values).id)


def update_record(plan: PlanStore, cls: type, record_id: int, changes: Values, expected_version: int | None = None):
    guarded_write(plan, lambda s: update_in(s, cls, record_id, changes, expected_version))
    log.debug("%s %d updated: fields %s", cls.__name__, record_id, ",".join(sorted(changes)))


def delete_record(plan: PlanStore, cls: type, record_id: int, *, with_linked: bool = False) -> Values:
    return guarded_write(plan, lambda s: delete_in(s, cls, record_id, with_linked=with_linked))


def linked_consequence(plan: PlanStore, cls: type, record_id: int, *, done: bool = False) -> str:
    """What deleting a record would do (or, `done`, did) to the records naming it, in words ('' where none does)."""
    with plan.session() as session:
        return consequence(links_to(session, cls, _own_links(cls), record_id), done=done)


def record_values(plan: PlanStore, cls: type, record_id: int) -> Values:
    with plan.session() as session:
        return values_in(session, cls, record_id)


def values_in(session: Session, cls: type, record_id: int) -> Values:
    obj = session.get(cls, record_id)
    if obj is None:
        raise NotFound(_missing(cls, record_id))
    return _current_values(obj)


def record_version(plan: PlanStore, cls: type, record_id: int) -> int | None:
    """The record's optimistic-locking version, for an edit to check against."""
    with plan.session() as session:
        return version_in(session, cls, record_id)


def version_in(session: Session, cls: type, record_id: int) -> int | None:
    obj = session.get(cls, record_id)
    return version_of(obj) if obj is not None else None


def record_state(plan: PlanStore, cls: type, record_id: int) -> tuple[Values, int | None]:
    """A record's values and its version, read together (what an edit form starts from)."""
    with plan.session() as session:
        return values_in(session, cls, record_id), version_in(session, cls, record_id)


def restore_record(plan: PlanStore, cls: type, record_id: int, values: Values) -> None:
    """Bring a deleted record back with its old id, and what went with it (used by undo)."""
    guarded_write(plan, lambda session: _restore_in(session, cls, record_id, values))


def _restore_in(session: Session, cls: type, record_id: int, values: Values) -> None:
    own = {key: value for key, value in values.items() if key != LINKED}
    obj = cls(id=record_id)
    session.add(obj)
    _apply(session, obj, own)
    session.flush()
    audit.record(session, "restore", cls.__name__, record_id, "", "", _label(obj))
    _reattach(session, record_id, values.get(LINKED, ()))
    session.flush()
