"""Creating, changing and deleting the records of a plan.

Every edit, from the GUI, the command line or an import, passes through here:
the values are validated by the entity's rules, the change is audited field by
field, and optimistic locking refuses to overwrite another writer's edit.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import JSON, insert, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from electionplan.db import audit
from electionplan.db import models as m
from electionplan.db import order_models as om
from electionplan.db.models import part_columns, record_columns, restricted_part_of, system_fields, table_of
from electionplan.db.queries import get_election
from electionplan.db.store import PlanStore
from electionplan.domain import validation as v
from electionplan.domain.errors import ConflictError, NotFound, ValidationError
from electionplan.domain.order import COMMAND_ROLES, command_role_label, normalise_rvp_grid_ref
from electionplan.domain.text import clean_text

Values = dict[str, Any]
log = logging.getLogger(__name__)


def election_period(election: m.Election) -> tuple[dt.date, dt.date]:
    """The dates a campaign event may fall on.

    Campaigning starts before the formal notice, so the period opens four weeks
    before it; it closes a few days after the count for recounts and petitions.
    """
    opens = election.notice_date or (election.polling_day - dt.timedelta(days=42))
    closes = election.count_date or (election.polling_day + dt.timedelta(days=1))
    return opens - dt.timedelta(days=28), closes + dt.timedelta(days=3)


def _validate_station(session: Session, values: Values) -> Values:
    v.require(values.get("name"), "name", "Station name")
    values["postcode"] = v.check_postcode(values.get("postcode") or "")
    v.check_in_uk(values.get("easting"), values.get("northing"))
    v.check_non_negative(values.get("electorate"), "electorate", "Electorate")
    return values


def _validate_venue(session: Session, values: Values) -> Values:
    v.require(values.get("name"), "name", "Venue name")
    values["postcode"] = v.check_postcode(values.get("postcode") or "")
    v.check_in_uk(values.get("easting"), values.get("northing"))
    return values


def _validate_event(session: Session, values: Values) -> Values:
    v.require(values.get("name"), "name", "Event name")
    v.check_event_kind(values.get("kind") or "")
    start, end = v.require(values.get("start"), "start", "Start"), v.require(values.get("end"), "end", "End")
    v.check_time_order(start, end)
    period = election_period(get_election(session))
    v.check_within_period(start.date(), period, "start", "Start date")
    v.check_non_negative(values.get("expected_attendance"), "expected_attendance", "Expected attendance")
    notice = values.get("notice_received")
    if notice is not None and notice > start:
        raise ValidationError("Notice cannot be received after the event starts.", "notice_received")
    return values


def _validate_candidate(session: Session, values: Values) -> Values:
    v.require(values.get("name"), "name", "Candidate name")
    prominence = values.get("prominence") or 0
    if prominence not in (0, 1, 2, 3):
        raise ValidationError("Prominence must be 0 (none) to 3 (national).", "prominence")
    offered, accepted = values.get("briefing_offered"), values.get("briefing_accepted")
    if accepted is not None and offered is not None and accepted < offered:
        raise ValidationError("A briefing cannot be accepted before it was offered.", "briefing_accepted")
    return values


def _validate_threat(session: Session, values: Values) -> Values:
    targets = (("candidate_id", m.Candidate, "candidate"), ("event_id", m.Event, "event"), ("venue_id", m.Venue, "venue"))
    for key, model, noun in targets:
        if values.get(key) is not None and session.get(model, values[key]) is None:
            raise ValidationError(f"There is no {noun} {values[key]} in this plan.", key)
    named = [values.get(key) for key in ("candidate_id", "event_id", "venue_id", "valid_from", "valid_to")]
    if all(value is None for value in named):
        # A report that names nothing threatened can weigh on nothing, so it would be silently lost.
        raise ValidationError("Say what the threat is against: a candidate, an event, a venue or the dates "
                              "it covers.", "candidate_id")
    valid_from, valid_to = values.get("valid_from"), values.get("valid_to")
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        raise ValidationError(f"The threat cannot end ({valid_to:%d/%m/%Y}) before it starts "
                              f"({valid_from:%d/%m/%Y}).", "valid_to")
    reported_on = v.require(values.get("reported_on"), "reported_on", "Date reported")
    # A report dated after the campaign has closed is a typing slip, not intelligence for this plan.
    closes = election_period(get_election(session))[1]
    if reported_on > closes:
        raise ValidationError(
            f"Date reported cannot be after the election period closes ({closes:%d/%m/%Y}).", "reported_on")
    v.require(values.get("kind"), "kind", "Kind of threat")
    v.check_severity(values.get("severity") or "")
    return values


def _validate_incident(session: Session, values: Values) -> Values:
    v.require(values.get("occurred_at"), "occurred_at", "Time of incident")
    v.require(values.get("kind"), "kind", "Kind of incident")
    v.check_severity(values.get("severity") or "")
    v.check_in_uk(values.get("easting"), values.get("northing"))
    return values


def _validate_capacity(session: Session, values: Values) -> Values:
    v.require(values.get("day"), "day", "Day")
    v.check_shift(values.get("shift") or "")
    v.check_non_negative(values.get("officers"), "officers", "Officers")
    return values


def _validate_constituency(session: Session, values: Values) -> Values:
    v.require(values.get("gss_code"), "gss_code", "GSS code")
    v.require(values.get("name"), "name", "Constituency name")
    v.check_non_negative(values.get("electorate"), "electorate", "Electorate")
    return values


def _validate_contact(session: Session, values: Values) -> Values:
    v.require(values.get("role"), "role", "Role")
    v.require(values.get("name"), "name", "Name")
    v.check_phone(values.get("phone"))
    v.check_email(values.get("email"))
    return values


def _validate_command_role(session: Session, values: Values) -> Values:
    role = v.require(values.get("role"), "role", "Role")
    if role not in COMMAND_ROLES:
        raise ValidationError(f"'{role}' is not a command role (roles: {', '.join(COMMAND_ROLES)}).", "role")
    v.require(values.get("name"), "name", f"The name of the {command_role_label(role)}")
    return values


def _validate_briefing(session: Session, values: Values) -> Values:
    v.require(values.get("at"), "at", "Date and time")
    v.check_within_period(values["at"].date(), election_period(get_election(session)), "at", "Briefing")
    return values


def _validate_channel(session: Session, values: Values) -> Values:
    v.require(values.get("name"), "name", "Channel name")
    return values


def _validate_plan(session: Session, values: Values) -> Values:
    v.require(values.get("reference"), "reference", "Plan reference")
    return values


VALIDATORS: dict[type, Callable[[Session, Values], Values]] = {
    om.CommandRole: _validate_command_role,
    om.Briefing: _validate_briefing,
    om.CommsChannel: _validate_channel,
    m.Plan: _validate_plan,
    m.PollingStation: _validate_station,
    m.Venue: _validate_venue,
    m.Event: _validate_event,
    m.Candidate: _validate_candidate,
    m.ThreatReport: _validate_threat,
    m.Incident: _validate_incident,
    m.OfficerCapacity: _validate_capacity,
    m.Constituency: _validate_constituency,
    m.Contact: _validate_contact,
}

def _rvp_postcode(text: str) -> str:
    try:
        return v.check_postcode(text or "", "rvp_postcode")
    except ValidationError as error:
        raise ValidationError(f"RVP postcode: {error}", "rvp_postcode") from None


# Fields checked and normalised as they are typed (an edit leaves the rest as stored): the rendezvous
# point's grid reference must be one that can exist, and its postcode a UK postcode.
TYPED_FIELD_CHECKS: dict[tuple[type, str], Callable[[str], str]] = {
    (m.Plan, "rvp_grid_ref"): normalise_rvp_grid_ref,
    (m.Plan, "rvp_postcode"): _rvp_postcode,
}


def _typed_checks(cls: type, values: Values) -> Values:
    return {key: TYPED_FIELD_CHECKS[(cls, key)](value) if (cls, key) in TYPED_FIELD_CHECKS else value
            for key, value in values.items()}


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
            if len(linked) != len(set(value or [])):
                raise ValidationError("One of the linked records no longer exists.", key)
            setattr(obj, attr, linked)
        else:
            setattr(obj, key, value)


def _cleaned(values: Values) -> Values:
    # Every edit, whichever front end typed or pasted it, is stored without
    # terminal escapes or bidi overrides, so no output can be steered by it.
    return {k: clean_text(val) if isinstance(val, str) else val for k, val in values.items()}


def _check_fields(cls: type, values: Values) -> None:
    allowed = _columns(cls) | set(_LINK_FIELDS if cls is m.Event else ())
    unknown = set(values) - allowed
    if unknown:
        raise ValidationError(f"{cls.__name__} has no field {', '.join(sorted(unknown))}.", sorted(unknown)[0])
    kept = sorted(set(values) & system_fields(cls))
    if kept:
        # A sealing key set by hand would let anyone who knows it forge a return or a sign-off.
        raise ValidationError(f"{kept[0]} is kept by electionplan itself and cannot be set by an edit or an import.",
                              kept[0])
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
    validator = VALIDATORS.get(cls)
    values = _typed_checks(cls, _cleaned(values))
    return validator(session, values) if validator else values


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
    return f"There is no {table_of(cls).name.replace('_', ' ')} {record_id} in this plan (it may have been deleted)."


def _label(obj: Any) -> str:
    return getattr(obj, "name", None) or getattr(obj, "reference", None) or f"{type(obj).__name__} {obj.id}"


def update_in(
    session: Session, cls: type, record_id: int, changes: Values, expected_version: int | None = None
) -> Any:
    _check_fields(cls, changes)
    changes = _typed_checks(cls, _cleaned(changes))
    obj = session.get(cls, record_id)
    if obj is None:
        raise NotFound(_missing(cls, record_id))
    if expected_version is not None and version_of(obj) not in (None, expected_version):
        raise ConflictError(
            f"This {cls.__name__.lower()} was changed by someone else since you opened it; your edit was not applied. "
            "Reload it and apply your edit again."
        )
    before = _current_values(obj)
    merged = {**before, **changes}
    validator = VALIDATORS.get(cls)
    if validator:
        merged = validator(session, merged)
    effective = {k: merged[k] for k in changes}
    _apply(session, obj, effective)
    for key, new in effective.items():
        if before.get(key) != new:
            audit.record(session, "update", cls.__name__, record_id, key, before.get(key), new)
    return obj


def delete_in(session: Session, cls: type, record_id: int) -> Values:
    obj = session.get(cls, record_id)
    if obj is None:
        raise NotFound(_missing(cls, record_id))
    values = _current_values(obj)
    audit.record(session, "delete", cls.__name__, record_id, "", _label(obj), "")
    session.delete(obj)
    return values


def guarded_write(plan: PlanStore, work: Callable[[Session], Any]) -> Any:
    try:
        with plan.session() as session:
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


def delete_record(plan: PlanStore, cls: type, record_id: int) -> Values:
    return guarded_write(plan, lambda s: delete_in(s, cls, record_id))


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
    """Bring a deleted record back with its old id (used by undo)."""

    def work(session: Session) -> None:
        obj = cls(id=record_id)
        session.add(obj)
        _apply(session, obj, values)
        session.flush()
        audit.record(session, "restore", cls.__name__, record_id, "", "", _label(obj))

    guarded_write(plan, work)
