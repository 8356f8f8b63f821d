"""Editing one record, as the app and `electionplan edit` both do it.

The record rules (validation, audit, optimistic locking) are the database
layer's; what this adds is what an edit means for the rest of the plan: a
polling station or venue moved on the map may now lie in another constituency,
so assignment follows in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from electionplan.db import models as m
from electionplan.db import records
from electionplan.db.store import PlanStore
from electionplan.geo.assign import assign_locations

Values = dict[str, Any]
LOCATED = (m.PollingStation, m.Venue)


def moves(cls: type, values: Values) -> bool:
    """Whether an edit moves a station or venue, so that constituencies are assigned again (other records too)."""
    return cls in LOCATED and bool({"easting", "northing"} & set(values)) and "constituency_id" not in values


def _reassign_if_moved(session: Session, cls: type, values: Values) -> None:
    if moves(cls, values):
        session.flush()
        assign_locations(session)


def _check_typed_postcode(session: Session, cls: type, values: Values, record_id: int | None = None) -> Values:
    """A postcode typed for a station or venue must be one that can exist; one left as it was is not asked again."""
    from electionplan.domain.validation import normalise_postcode
    from electionplan.geo.postcodes import check_typed_postcode

    if cls not in LOCATED or not values.get("postcode"):
        return values
    stored = getattr(session.get(cls, record_id), "postcode", None) if record_id is not None else None
    if stored and normalise_postcode(stored) == normalise_postcode(values["postcode"]):
        return values
    return {**values, "postcode": check_typed_postcode(session, values["postcode"])}


def create_record(plan: PlanStore, cls: type, values: Values) -> int:
    def work(session: Session) -> int:
        values_ = _check_typed_postcode(session, cls, values)
        record_id = records.create_in(session, cls, values_).id
        _reassign_if_moved(session, cls, values_)
        return record_id

    return records.guarded_write(plan, work)


@dataclass(frozen=True)
class Updated:
    """What an update did, read in its own transaction: what undo puts back, and what the next edit expects."""

    before: Values  # the changed fields as they were
    version: int | None  # the record's version once the edit is committed


def _check_plan_texts(cls: type, changes: Values) -> None:
    """A force ruleset or order template set by an edit is read as `ruleset --set` and `order --template` read
    it, so a plan is never left holding one that every later assessment or order refuses."""
    if cls is not m.Plan:
        return
    from electionplan.domain.errors import ValidationError
    from electionplan.report.order_template import parse_order_template
    from electionplan.risk.ruleset import parse_ruleset

    if changes.get("ruleset_toml"):
        parse_ruleset(str(changes["ruleset_toml"]), "ruleset_toml")
    if changes.get("order_template_toml"):
        try:
            parse_order_template(str(changes["order_template_toml"]), is_force_copy=True)
        except ValidationError as error:
            raise ValidationError(f"order_template_toml: {error}", "order_template_toml") from None


def update_record(plan: PlanStore, cls: type, record_id: int, changes: Values,
                  expected_version: int | None = None) -> Updated:
    _check_plan_texts(cls, changes)

    def work(session: Session) -> Updated:
        before = records.values_in(session, cls, record_id)
        records.update_in(session, cls, record_id, _check_typed_postcode(session, cls, changes, record_id),
                          expected_version)
        _reassign_if_moved(session, cls, changes)
        session.flush()  # the version counts every change this edit made, the reassignment's too
        return Updated({key: before.get(key) for key in changes}, records.version_in(session, cls, record_id))

    return records.guarded_write(plan, work)


def restore_record(plan: PlanStore, cls: type, record_id: int, values: Values) -> None:
    records.restore_record(plan, cls, record_id, values)
    if moves(cls, values):
        with plan.session() as session:
            assign_locations(session)


delete_record = records.delete_record
linked_consequence = records.linked_consequence
record_values = records.record_values
record_version = records.record_version
record_state = records.record_state


def postcode_location(plan: PlanStore, text: str) -> tuple[float, float] | None:
    """The plan's own centroid for a postcode someone typed, or None (never a network lookup)."""
    from electionplan.geo.postcodes import lookup_postcodes, postcode_key

    with plan.session() as session:
        return lookup_postcodes(session, [text]).get(postcode_key(text))


def capacity_record_id(plan: PlanStore, day: dt.date, shift: str) -> int | None:
    """The capacity record for a day and shift, if the plan has one yet."""
    with plan.session() as session:
        return session.scalars(
            select(m.OfficerCapacity.id).where(m.OfficerCapacity.day == day, m.OfficerCapacity.shift == shift)
        ).first()
