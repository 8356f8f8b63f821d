"""The one registry of the kinds of record a plan's users edit: for each, its model, the words the app and the
messages use for it, the fields an edit may set (with their types, and how the app's form shows them) and the
rules it must keep.

The command line's `edit`, the app's record forms and editors, and every import that writes records through
`db/records.py` read their kinds and fields from here, so a field is editable everywhere or nowhere, and a field
that is not one is refused everywhere in the same words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import JSON
from sqlalchemy.orm import Session

from electionplan.db import models as m
from electionplan.db import order_models as om
from electionplan.db import record_rules as rules
from electionplan.domain.errors import ValidationError
from electionplan.domain.order import COMMAND_ROLES
from electionplan.domain.vocab import CONTACT_ROLES, EVENT_KINDS, INCIDENT_STATUSES, PROMINENCE, SEVERITIES

# What a field holds: "words" is a list of short texts (topics, protective measures), "ids" a list of record ids.
FieldValue = Literal["text", "int", "float", "bool", "date", "datetime", "words", "ids"]
Values = dict[str, Any]
Validator = Callable[[Session, Values], Values]  # may read the plan (an event's dates against the campaign's)

LOCATION_HELP = ("An OS grid reference (SJ 5123 8234), 'easting, northing', 'latitude, longitude' or a postcode "
                 "from a loaded postcode file.")

# The fixed choices a form offers, by the name a field gives; the plan's own records (constituencies, venues,
# events, stations, candidates) are the other choices, which the app reads from the plan it has open.
VOCABULARIES: Mapping[str, tuple[tuple[Any, str], ...]] = {
    "event_kinds": tuple(EVENT_KINDS.items()),
    "prominence": tuple(PROMINENCE.items()),
    "severities": tuple((s, s.capitalize()) for s in SEVERITIES),
    "incident_statuses": tuple((s, s.capitalize()) for s in INCIDENT_STATUSES),
    "command_roles": tuple(COMMAND_ROLES.items()),
    "contact_roles": tuple(CONTACT_ROLES.items()),
}
PLAN_LISTS = ("constituencies", "venues", "events", "stations", "candidates")


@dataclass(frozen=True)
class Field:
    """One field an edit may set.

    `on_form` fields are shown, in the registry's order, by the app's form for the kind; the rest are set by the
    command line, imports and the app's other editors. A `location` field stands for easting and northing
    together, typed as one grid reference, coordinates or postcode.
    """

    key: str
    label: str
    value: FieldValue
    nullable: bool = False
    on_form: bool = False
    required: bool = False
    multiline: bool = False
    choices: str = ""  # a name in VOCABULARIES or PLAN_LISTS
    none_label: str | None = None  # the words for no choice, where a choice may be left unmade
    help: str = ""
    location: bool = False


@dataclass(frozen=True)
class RecordKind:
    """One kind of record, as every front end edits it."""

    name: str  # as the command line names it
    model: type
    label: str  # British English, lower case: "polling station"
    fields: tuple[Field, ...]
    validate: Validator | None = None
    # Fields checked and normalised as they are typed (an edit leaves the rest as stored).
    typed_checks: tuple[tuple[str, Callable[[str], str]], ...] = ()
    plural_label: str = ""
    # Where the app edits it: "form" (the record form from its table), or the editor that does.
    app_editor: str = "form"
    # Whether one may be added or deleted by hand (`add`, `delete`, the app's Add and Delete), not only edited.
    added: bool = True
    deleted: bool = True
    # Columns no one sets by hand, with the words that say what sets them instead.
    set_elsewhere: tuple[tuple[str, str], ...] = ()

    @property
    def plural(self) -> str:
        if self.plural_label:
            return self.plural_label
        return self.label[:-1] + "ies" if self.label.endswith("y") else self.label + "s"

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(f.key for f in self.fields)

    @property
    def located(self) -> bool:
        return any(f.location for f in self.fields)

    def field(self, key: str) -> Field:
        for candidate in self.fields:
            if candidate.key == key:
                return candidate
        raise self.no_such_field(key)

    def form_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.on_form)

    def no_such_field(self, key: str) -> ValidationError:
        """The one refusal of a field this kind does not have, whichever front end asked."""
        article = "An" if self.label[:1] in "aeiou" else "A"
        return ValidationError(f"{article} {self.label} has no field '{key}'.", key)

    def check_settable(self, keys: Iterable[str]) -> None:
        """Refuse, in the registry's words, the first key that is not one of this kind's fields: what an edit sets,
        and the columns a bulk import writes (checked once per import, not per row)."""
        keys = set(keys)
        for key, sets_it in self.set_elsewhere:
            if key in keys:
                raise ValidationError(f"{key} cannot be set by an edit or an import: {sets_it}", key)
        unknown = sorted(keys - self.keys - {"id", "version_id"})
        if unknown:
            raise self.no_such_field(unknown[0])

    def checked_as_typed(self, values: Values) -> Values:
        checks = dict(self.typed_checks)
        return {key: checks[key](value) if key in checks else value for key, value in values.items()}


@dataclass(frozen=True)
class _Form:
    """A field as the app's form shows it; its type and whether it may be blank come from the model."""

    key: str
    label: str
    required: bool = False
    multiline: bool = False
    choices: str = ""
    none_label: str | None = None
    help: str = ""
    location: bool = False
    value: FieldValue | None = None  # only for a field that is not a column (a link to other records)


def _value_of(column: Any) -> FieldValue:
    if isinstance(column.type, JSON):
        return "words"
    python_type = column.type.python_type
    for typ, name in ((bool, "bool"), (int, "int"), (float, "float"), (dt.datetime, "datetime"), (dt.date, "date")):
        if python_type is typ:
            return name  # type: ignore[return-value]
    return "text"


def _fields(model: type, form: tuple[_Form, ...], hidden: frozenset[str]) -> tuple[Field, ...]:
    """The form's fields in its order, then every other column an edit may set, in the model's order."""
    columns = m.record_columns(model)
    kept = hidden | {"id", "version_id"} | m.system_fields(model)
    shown = []
    for f in form:
        column = columns.get(f.key)
        value = f.value or _value_of(column)
        shown.append(Field(f.key, f.label, value, column is not None and bool(column.nullable), True, f.required,
                           f.multiline, f.choices, f.none_label, f.help, f.location))
        if f.location:
            shown.append(Field("northing", "Northing", "float", True))
    on_form = {f.key for f in shown}
    rest = [Field(key, key.replace("_", " ").capitalize(), _value_of(column), bool(column.nullable))
            for key, column in columns.items() if key not in kept and key not in on_form]
    return tuple(shown + rest)


def _kind(name: str, model: type, label: str, validate: Validator | None, form: tuple[_Form, ...] = (), *,
          hidden: frozenset[str] = frozenset(), **options: Any) -> RecordKind:
    return RecordKind(name, model, label, _fields(model, form, hidden), validate, **options)


_LOCATION = _Form("easting", "Location", help=LOCATION_HELP, location=True)
_KINDS = (
    _kind("station", m.PollingStation, "polling station", rules.validate_station, (
        _Form("name", "Station name", required=True), _Form("station_number", "Station number"),
        _Form("polling_district", "Polling district"), _Form("council_id", "Council id"),
        _Form("address_1", "Address line 1"), _Form("address_2", "Address line 2"), _Form("address_3", "Town"),
        _Form("postcode", "Postcode"), _LOCATION, _Form("electorate", "Electorate served"),
        _Form("constituency_id", "Constituency", choices="constituencies", none_label="Unassigned"),
        _Form("intimidation_history", "History of intimidation"), _Form("concerns", "Concerns noted", multiline=True),
        _Form("notes", "Notes", multiline=True))),
    _kind("venue", m.Venue, "venue", rules.validate_venue, (
        _Form("name", "Venue name", required=True), _Form("address", "Address"), _Form("postcode", "Postcode"),
        _LOCATION, _Form("notes", "Notes", multiline=True))),
    _kind("event", m.Event, "event", rules.validate_event, (
        _Form("name", "Event name", required=True), _Form("kind", "Kind", choices="event_kinds"),
        _Form("start", "Starts"), _Form("end", "Ends"),
        _Form("venue_id", "Venue", choices="venues", none_label="No venue yet"),
        _Form("expected_attendance", "Expected attendance"), _Form("ticketed", "Ticketed (not open to the public)"),
        _Form("outdoor", "Outdoors"), _Form("organiser", "Organiser"), _Form("notice_received", "Notice received"),
        _Form("topics", "Topics (comma-separated)"),
        _Form("candidate_ids", "Candidates attending", choices="candidates", value="ids"),
        _Form("notes", "Notes", multiline=True))),
    _kind("candidate", m.Candidate, "candidate", rules.validate_candidate, (
        _Form("name", "Name", required=True),
        _Form("party", "Party or description", help="Kept for identification only; never used in any score."),
        _Form("constituency_id", "Constituency", choices="constituencies", none_label="Not set"),
        _Form("agent", "Agent"), _Form("email", "Contact email"),
        _Form("home_address", "Home address (restricted)", multiline=True), _Form("sitting_mp", "Sitting MP"),
        _Form("former_mp", "Former MP"), _Form("prominence", "Public prominence", choices="prominence"),
        _Form("police_contact", "Named police contact"), _Form("briefing_offered", "Security briefing offered"),
        _Form("briefing_accepted", "Briefing accepted"),
        _Form("protective_measures", "Protective measures (comma-separated)"),
        _Form("intelligence_notes", "Intelligence notes (restricted)", multiline=True),
        _Form("concerns_raised", "Concerns the candidate raised (restricted)", multiline=True))),
    _kind("incident", m.Incident, "incident", rules.validate_incident, (
        _Form("occurred_at", "When"), _Form("kind", "What happened", required=True),
        _Form("severity", "Severity", choices="severities"), _Form("status", "Status", choices="incident_statuses"),
        _Form("event_id", "At event", choices="events", none_label="—"),
        _Form("station_id", "At polling station", choices="stations", none_label="—"),
        _Form("venue_id", "At venue", choices="venues", none_label="—"),
        _Form("candidate_id", "Involving candidate", choices="candidates", none_label="—"),
        _Form("easting", "Or at location", help=LOCATION_HELP, location=True), _Form("reference", "Reference"),
        _Form("description", "Description", multiline=True))),
    _kind("constituency", m.Constituency, "constituency", rules.validate_constituency, (
        _Form("gss_code", "GSS code", required=True), _Form("name", "Constituency name", required=True),
        _Form("electorate", "Electorate"), _Form("returning_officer", "Returning officer"),
        _Form("returning_officer_contact", "Returning officer's contact")),
        # Constituencies come with their boundaries from the boundary files, and are edited, never added or deleted,
        # by hand.
        hidden=frozenset({"boundary_wkb"}), plural_label="constituencies", added=False, deleted=False),
    _kind("contact", m.Contact, "contact", rules.validate_contact, (
        # No role is chosen for the SPOC: a contact saved in a hurry must not become a second SPOC.
        _Form("role", "Role", choices="contact_roles", none_label="Choose a role…"),
        _Form("name", "Name", required=True), _Form("organisation", "Organisation"), _Form("phone", "Telephone"),
        _Form("email", "Email"),
        _Form("constituency_id", "Constituency", choices="constituencies", none_label="Every constituency"))),
    _kind("command_role", om.CommandRole, "command role", rules.validate_command_role, (
        _Form("role", "Role", choices="command_roles"), _Form("name", "Held by", required=True),
        _Form("call_sign", "Call sign"), _Form("contact", "Contact (telephone or email)"))),
    _kind("briefing", om.Briefing, "briefing", rules.validate_briefing, (
        _Form("at", "When"), _Form("place", "Where", required=True), _Form("audience", "Who attends"),
        _Form("lead", "Led by"))),
    _kind("channel", om.CommsChannel, "channel", rules.validate_channel, (
        _Form("name", "Name", required=True), _Form("channel", "Channel or talkgroup"), _Form("call_sign", "Call sign"),
        _Form("purpose", "Used for", multiline=True))),
    # A count venue's own RVP is set and cleared from the order (`order --count-rvp`, the Count RVPs tab).
    _kind("count_rvp", om.CountRvp, "count RVP", rules.validate_count_rvp,
          app_editor="operational order page", added=False, deleted=False),
    _kind("threat_report", m.ThreatReport, "threat report", rules.validate_threat, app_editor="threat reports pane"),
    _kind("officer_capacity", m.OfficerCapacity, "officer capacity", rules.validate_capacity, plural_label="officer capacities",
          app_editor="capacity grid"),
    # The approver's name is the document's record of an approval, so only issuing an approved revision writes it.
    _kind("plan", m.Plan, "plan", rules.validate_plan, typed_checks=rules.PLAN_TYPED_CHECKS,
          app_editor="operational order page", added=False, deleted=False,  # a plan's one record of each
          hidden=frozenset({"approved_by"}),
          set_elsewhere=(("approved_by", "it is recorded when an approved revision is issued (revise --approve)."),)),
    # The app's document facts name the police force; the election's dates are set when the plan is made.
    _kind("election", m.Election, "election", rules.validate_election, hidden=frozenset({"name", "kind", "notice_date", "polling_day",
                                                                 "count_date"}), app_editor="operational order page", added=False, deleted=False),
)

KINDS: Mapping[str, RecordKind] = {kind.name: kind for kind in _KINDS}
_BY_MODEL: Mapping[type, RecordKind] = {kind.model: kind for kind in _KINDS}


def record_kind(name: str) -> RecordKind:
    return KINDS[name]


def kind_of(model: type) -> RecordKind:
    """The registered kind of a model; every model an edit, a form or an import writes through is registered."""
    return _BY_MODEL[model]


def form_kinds() -> Iterator[RecordKind]:
    return (kind for kind in KINDS.values() if kind.app_editor == "form")
