"""The rules each kind of record must keep before it is written: its validator, which may read the plan (an
event's dates against the campaign's, a threat's target that must exist), and the fields checked as they are typed.
The registry of record kinds (`record_kinds.py`) says which rules each kind keeps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from electionplan.db import models as m
from electionplan.db.queries import get_election
from electionplan.domain import validation as v
from electionplan.domain.count_rvp import COUNT_KINDS
from electionplan.domain.errors import ValidationError
from electionplan.domain.order import COMMAND_ROLES, command_role_label, normalise_rvp_grid_ref
from electionplan.domain.vocab import CONTACT_ROLES

Values = dict[str, Any]


def election_period(election: m.Election) -> tuple[dt.date, dt.date]:
    """The dates a campaign event may fall on.

    Campaigning starts before the formal notice, so the period opens four weeks
    before it; it closes a few days after the count for recounts and petitions.
    """
    opens = election.notice_date or (election.polling_day - dt.timedelta(days=42))
    closes = election.count_date or (election.polling_day + dt.timedelta(days=1))
    return opens - dt.timedelta(days=28), closes + dt.timedelta(days=3)


def validate_station(session: Session, values: Values) -> Values:
    v.require(values.get("name"), "name", "Station name")
    values["postcode"] = v.check_postcode(values.get("postcode") or "")
    v.check_in_uk(values.get("easting"), values.get("northing"))
    v.check_non_negative(values.get("electorate"), "electorate", "Electorate")
    return values


def validate_venue(session: Session, values: Values) -> Values:
    v.require(values.get("name"), "name", "Venue name")
    values["postcode"] = v.check_postcode(values.get("postcode") or "")
    v.check_in_uk(values.get("easting"), values.get("northing"))
    return values


def validate_event(session: Session, values: Values) -> Values:
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


def validate_candidate(session: Session, values: Values) -> Values:
    v.require(values.get("name"), "name", "Candidate name")
    prominence = values.get("prominence") or 0
    if prominence not in (0, 1, 2, 3):
        raise ValidationError("Prominence must be 0 (none) to 3 (national).", "prominence")
    offered, accepted = values.get("briefing_offered"), values.get("briefing_accepted")
    if accepted is not None and offered is not None and accepted < offered:
        raise ValidationError("A briefing cannot be accepted before it was offered.", "briefing_accepted")
    return values


def validate_threat(session: Session, values: Values) -> Values:
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


def validate_incident(session: Session, values: Values) -> Values:
    v.require(values.get("occurred_at"), "occurred_at", "Time of incident")
    v.require(values.get("kind"), "kind", "Kind of incident")
    v.check_severity(values.get("severity") or "")
    v.check_in_uk(values.get("easting"), values.get("northing"))
    return values


def validate_capacity(session: Session, values: Values) -> Values:
    v.require(values.get("day"), "day", "Day")
    v.check_shift(values.get("shift") or "")
    v.check_non_negative(values.get("officers"), "officers", "Officers")
    sergeants = v.check_non_negative(values.get("sergeants"), "sergeants", "Sergeants")
    if sergeants is not None and sergeants > (values.get("officers") or 0):
        raise ValidationError(f"Sergeants ({sergeants:,}) cannot be more than the shift's officers "
                              f"({values.get('officers') or 0:,}): they are counted among them.", "sergeants")
    return values


def validate_constituency(session: Session, values: Values) -> Values:
    v.require(values.get("gss_code"), "gss_code", "GSS code")
    v.require(values.get("name"), "name", "Constituency name")
    v.check_non_negative(values.get("electorate"), "electorate", "Electorate")
    return values


def validate_contact(session: Session, values: Values) -> Values:
    role = v.require(values.get("role"), "role", "Role")
    if role not in CONTACT_ROLES:
        raise ValidationError(f"'{role}' is not a contact's role (roles: {', '.join(CONTACT_ROLES)}).", "role")
    v.require(values.get("name"), "name", "Name")
    v.check_phone(values.get("phone"))
    v.check_email(values.get("email"))
    return values


def validate_command_role(session: Session, values: Values) -> Values:
    role = v.require(values.get("role"), "role", "Role")
    if role not in COMMAND_ROLES:
        raise ValidationError(f"'{role}' is not a command role (roles: {', '.join(COMMAND_ROLES)}).", "role")
    v.require(values.get("name"), "name", f"The name of the {command_role_label(role)}")
    return values


def validate_briefing(session: Session, values: Values) -> Values:
    v.require(values.get("at"), "at", "Date and time")
    v.check_within_period(values["at"].date(), election_period(get_election(session)), "at", "Briefing")
    return values


def validate_channel(session: Session, values: Values) -> Values:
    v.require(values.get("name"), "name", "Channel name")
    return values


def validate_count_rvp(session: Session, values: Values) -> Values:
    """A count venue's own RVP: its grid reference as the order prints it, refused beside the field if it cannot
    exist, and its venue one that holds a count (an edit may not move it to a venue that holds none)."""
    venue_id = values.get("venue_id")
    if venue_id is not None and session.scalars(select(m.Event.id).where(
            m.Event.venue_id == venue_id, m.Event.kind.in_(COUNT_KINDS))).first() is None:
        raise ValidationError(f"No count or declaration is held at venue {venue_id}, so it has no count RVP.",
                              "venue_id")
    if "grid_ref" in values:
        try:
            values = {**values, "grid_ref": normalise_rvp_grid_ref(str(values["grid_ref"] or ""))}
        except ValidationError as error:
            raise ValidationError(str(error), "grid_ref") from None
    return values


def validate_election(session: Session, values: Values) -> Values:
    # Every edition's cover and running head name the force, as `new --force` requires it.
    v.require((values.get("force") or "").strip(), "force", "Police force")
    return values


def validate_plan(session: Session, values: Values) -> Values:
    v.require(values.get("reference"), "reference", "Plan reference")
    return values


def _rvp_postcode(text: str) -> str:
    try:
        return v.check_postcode(text or "", "rvp_postcode")
    except ValidationError as error:
        raise ValidationError(f"RVP postcode: {error}", "rvp_postcode") from None


# A plan's fields checked and normalised as they are typed (an edit leaves the rest as stored): the rendezvous
# point's grid reference must be one that can exist, and its postcode a UK postcode.
PLAN_TYPED_CHECKS: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("rvp_grid_ref", normalise_rvp_grid_ref),
    ("rvp_postcode", _rvp_postcode),
)
