"""The operational order's content: read it whole, and change it with audit.

The order's own words (operation name, Gold strategy, tactical parameters,
escalation, communications), the command structure, the briefing schedule, the
channels and each count venue's RVP are plan data, edited here by both the
command line and the app.
The standard sections come from a versioned template that a force may replace
with its own copy, kept in the plan like its ruleset.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from electionplan.db import audit
from electionplan.db import models as m
from electionplan.db import order_models as om
from electionplan.db.queries import get_plan_row
from electionplan.db.records import create_in, delete_in, update_in
from electionplan.db.snapshot import load_order
from electionplan.db.store import PlanStore
from electionplan.domain.count_rvp import COUNT_KINDS, COUNT_RVP_FIELDS, CountRvp
from electionplan.domain.errors import ValidationError
from electionplan.domain.order import (
    ORDER_TEXT_FIELDS,
    RVP_FIELDS,
    OrderContent,
    OrderTemplate,
    live_gaps,
    normalise_rvp_grid_ref,
)
from electionplan.domain.plandata import PlanSnapshot, plan_counts_own_rvp
from electionplan.report.order_template import load_default_template, parse_order_template
from electionplan.report.sections.order import order_count_rvps
from electionplan.risk.ruleset import Ruleset
from electionplan.services.assessment import plan_inputs


@dataclass(frozen=True)
class OrderChange:
    """What one order command changed, for the CLI to print and the app to show."""

    changed: tuple[str, ...]

    @property
    def summary(self) -> str:
        return "Order updated: " + "; ".join(self.changed) + "." if self.changed else "Nothing to change."


def order_in(session: Session) -> OrderContent:
    record = load_order(session)  # its template text is the force's own, or the national default's
    plan_row = get_plan_row(session)
    return OrderContent(
        operation_name=record.operation_name, gold_strategy=record.gold_strategy,
        tactical_parameters=record.tactical_parameters, escalation=record.escalation,
        communications=plan_row.communications or "",
        roles=record.roles, briefings=record.briefings, channels=record.channels,
        template=parse_order_template(record.template_toml, is_force_copy=bool(plan_row.order_template_toml)),
        rvp_name=record.rvp_name, rvp_address=record.rvp_address, rvp_postcode=record.rvp_postcode,
        rvp_grid_ref=record.rvp_grid_ref,
    )


def read_order(plan: PlanStore) -> OrderContent:
    with plan.session() as session:
        return order_in(session)


def count_rvps_of(snapshot: PlanSnapshot, rules: Ruleset) -> tuple[CountRvp, ...]:
    """Each count venue's RVP and its check, as the plan PDF prints them."""
    return order_count_rvps(snapshot, rules.rvp)


def read_count_rvps(plan: PlanStore) -> tuple[CountRvp, ...]:
    with plan.session() as session:
        return count_rvps_of(*plan_inputs(session))


@dataclass(frozen=True)
class OrderReading:
    """The order as the command line shows it: its content, each count's RVP, and what it still lacks."""

    order: OrderContent
    count_rvps: tuple[CountRvp, ...]
    gaps: list[str]


def read_order_whole(plan: PlanStore) -> OrderReading:
    with plan.session() as session:
        snapshot, rules = plan_inputs(session)
        order = order_in(session)
    return OrderReading(order, count_rvps_of(snapshot, rules),
                        live_gaps(order, plan_counts_own_rvp(snapshot), snapshot.contacts))


def _set_text(session: Session, fields: dict[str, str]) -> list[str]:
    known = ORDER_TEXT_FIELDS + RVP_FIELDS
    unknown = sorted(set(fields) - set(known))
    if unknown:
        raise ValidationError(f"The order has no field '{unknown[0]}' (it has {', '.join(known)}).", unknown[0])
    if fields:
        update_in(session, m.Plan, get_plan_row(session).id, {k: v.strip() for k, v in fields.items()})
    return [f"{name.replace('_', ' ')} set" for name in fields]


def _upsert_role(session: Session, role: str, name: str, call_sign: str, contact: str) -> str:
    values = {"role": role.strip().lower(), "name": name.strip(), "call_sign": call_sign.strip(), "contact": contact.strip()}
    existing = session.scalars(select(om.CommandRole).where(om.CommandRole.role == values["role"])).first()
    if existing is not None:
        update_in(session, om.CommandRole, existing.id, values)
        return f"{values['role']} updated"
    count = len(session.scalars(select(om.CommandRole.id)).all())
    create_in(session, om.CommandRole, {**values, "position": count})
    return f"{values['role']} added"


def _upsert_channel(session: Session, name: str, channel: str, call_sign: str, purpose: str) -> str:
    values = {"name": name.strip(), "channel": channel.strip(), "call_sign": call_sign.strip(), "purpose": purpose.strip()}
    existing = session.scalars(select(om.CommsChannel).where(om.CommsChannel.name == values["name"])).first()
    if existing is not None:
        update_in(session, om.CommsChannel, existing.id, values)
        return f"channel {values['name']} updated"
    create_in(session, om.CommsChannel, values)
    return f"channel {values['name']} added"


def _count_venue(session: Session, key: str) -> m.Venue:
    """A venue holding a count or declaration, by its id or (ignoring case) its name; refused in one line."""
    venues = session.scalars(select(m.Venue).join(m.Event, m.Event.venue_id == m.Venue.id)
                             .where(m.Event.kind.in_(COUNT_KINDS)).distinct().order_by(m.Venue.id)).all()
    wanted = key.strip()
    found = [v for v in venues if str(v.id) == wanted] or [v for v in venues if v.name.casefold() == wanted.casefold()]
    if len(found) == 1:
        return found[0]
    if found:
        raise ValidationError(f"Several count venues are called '{wanted}'; give the venue's id "
                              f"({', '.join(str(v.id) for v in found)}).", "count_rvp")
    known = "; ".join(f"{v.id} {v.name}" for v in venues) or "none: no count or declaration is entered yet"
    raise ValidationError(f"No count or declaration is held at '{wanted}' (count venues: {known}).", "count_rvp")


def _store_count_rvp(session: Session, venue_id: int, values: dict[str, str] | None) -> dict[str, str] | None:
    """Set (or, with None or nothing in it, clear) a count venue's RVP; returns what it was, for undo."""
    existing = session.scalars(select(om.CountRvp).where(om.CountRvp.venue_id == venue_id)).first()
    before = ({field: getattr(existing, field) for field in COUNT_RVP_FIELDS} if existing is not None else None)
    wanted = {field: (values or {}).get(field, "").strip() for field in COUNT_RVP_FIELDS}
    try:
        wanted["grid_ref"] = normalise_rvp_grid_ref(wanted["grid_ref"])
    except ValidationError as error:  # said beside the count RVP's own field
        raise ValidationError(str(error), "grid_ref") from None
    if not any(wanted.values()):
        if existing is not None:
            delete_in(session, om.CountRvp, existing.id)
    elif existing is not None:
        update_in(session, om.CountRvp, existing.id, wanted)
    else:
        create_in(session, om.CountRvp, {"venue_id": venue_id, **wanted})
    return before


def set_count_rvp(plan: PlanStore, venue_id: int, values: dict[str, str] | None) -> dict[str, str] | None:
    """A count venue's own RVP set, or cleared with None; returns what it was, so an undo can put it back."""
    with plan.session() as session:
        if session.get(m.Venue, venue_id) is None:
            raise ValidationError(f"There is no venue {venue_id} in this plan (it may have been deleted).", "venue")
        return _store_count_rvp(session, venue_id, values)


def _set_count_rvp(session: Session, venue: str, name: str, description: str, grid_ref: str) -> str:
    place = _count_venue(session, venue)
    values = {"name": name, "description": description, "grid_ref": grid_ref}
    _store_count_rvp(session, place.id, values)
    return f"RVP for the count at {place.name} {'set' if any(v.strip() for v in values.values()) else 'cleared'}"


@dataclass(frozen=True)
class OrderEdit:
    """One command's worth of order changes, applied together or not at all."""

    text: dict[str, str]
    roles: tuple[tuple[str, str, str, str], ...] = ()
    briefings: tuple[tuple[dt.datetime, str, str, str], ...] = ()
    channels: tuple[tuple[str, str, str, str], ...] = ()
    count_rvps: tuple[tuple[str, str, str, str], ...] = ()  # (count venue, name, description, grid reference)


def edit_order(plan: PlanStore, edit: OrderEdit) -> OrderChange:
    """Apply every change in one transaction: a refused one leaves the plan as it was."""
    with plan.session() as session:
        changed = _set_text(session, edit.text)
        changed += [_upsert_role(session, *role) for role in edit.roles]
        for at, place, audience, lead in edit.briefings:
            create_in(session, om.Briefing, {"at": at, "place": place.strip(), "audience": audience.strip(), "lead": lead.strip()})
            changed.append(f"briefing at {at:%d/%m/%Y %H:%M} added")
        changed += [_upsert_channel(session, *channel) for channel in edit.channels]
        changed += [_set_count_rvp(session, *rvp) for rvp in edit.count_rvps]
    return OrderChange(tuple(changed))


def set_order_template(plan: PlanStore, text: str | None) -> OrderTemplate:
    """Keep a force's own standard sections in the plan, or go back to the national default."""
    template = parse_order_template(text, is_force_copy=True) if text is not None else load_default_template()
    with plan.session() as session:
        plan_row = get_plan_row(session)
        old = "force copy" if plan_row.order_template_toml else "national default"
        plan_row.order_template_toml = text
        new = f"{template.name} {template.version}" if text is not None else "national default"
        audit.record(session, "update", "Plan", plan_row.id, "order_template", old, new)
    return template


def plan_record_id(plan: PlanStore) -> int:
    """The id of the plan's own record, which holds the order's words."""
    with plan.session() as session:
        return get_plan_row(session).id


def election_record_id(plan: PlanStore) -> int:
    """The id of the election's record, which holds the force's name."""
    with plan.session() as session:
        return session.scalars(select(m.Election.id)).one()
