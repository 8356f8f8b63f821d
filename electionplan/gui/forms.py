"""The fields of each editor form, and turning what was typed into record values."""

from __future__ import annotations

import datetime as dt
from typing import Any

from electionplan.domain.gridref import to_grid_reference
from electionplan.domain.order import COMMAND_ROLES
from electionplan.domain.vocab import CONTACT_ROLES, EVENT_KINDS, INCIDENT_STATUSES, PROMINENCE, SEVERITIES
from electionplan.geo.locations import parse_location
from electionplan.gui.record_dialog import FieldSpec

LOCATION_HELP = "An OS grid reference (SJ 5123 8234), 'easting, northing', 'latitude, longitude' or a postcode from a loaded postcode file."


def location_text(record: dict[str, Any]) -> str:
    if record.get("easting") is None or record.get("northing") is None:
        return ""
    return to_grid_reference(record["easting"], record["northing"], 10)


def apply_location(values: dict[str, Any], postcode_lookup) -> dict[str, Any]:
    """Replace the typed 'location' with easting/northing (or clear them)."""
    values = dict(values)
    text = values.pop("location", "").strip()
    if text:
        values["easting"], values["northing"] = parse_location(text, postcode_lookup)
    else:
        values["easting"] = values["northing"] = None
    return values


def station_fields(constituencies: list[tuple[int, str]]) -> list[FieldSpec]:
    return [
        FieldSpec("name", "Station name", required=True),
        FieldSpec("station_number", "Station number"),
        FieldSpec("polling_district", "Polling district"),
        FieldSpec("council_id", "Council id"),
        FieldSpec("address_1", "Address line 1"),
        FieldSpec("address_2", "Address line 2"),
        FieldSpec("address_3", "Town"),
        FieldSpec("postcode", "Postcode"),
        FieldSpec("location", "Location", help=LOCATION_HELP),
        FieldSpec("electorate", "Electorate served", "int"),
        FieldSpec("constituency_id", "Constituency", "choice", choices=[(None, "Unassigned")] + constituencies),
        FieldSpec("intimidation_history", "History of intimidation", "bool"),
        FieldSpec("concerns", "Concerns noted", "multiline"),
        FieldSpec("notes", "Notes", "multiline"),
    ]


def venue_fields() -> list[FieldSpec]:
    return [
        FieldSpec("name", "Venue name", required=True),
        FieldSpec("address", "Address"),
        FieldSpec("postcode", "Postcode"),
        FieldSpec("location", "Location", help=LOCATION_HELP),
        FieldSpec("notes", "Notes", "multiline"),
    ]


def event_fields(venues: list[tuple[int, str]], candidates: list[tuple[int, str]]) -> list[FieldSpec]:
    return [
        FieldSpec("name", "Event name", required=True),
        FieldSpec("kind", "Kind", "choice", choices=list(EVENT_KINDS.items())),
        FieldSpec("start", "Starts", "datetime"),
        FieldSpec("end", "Ends", "datetime"),
        FieldSpec("venue_id", "Venue", "choice", choices=[(None, "No venue yet")] + venues),
        FieldSpec("expected_attendance", "Expected attendance", "int"),
        FieldSpec("ticketed", "Ticketed (not open to the public)", "bool"),
        FieldSpec("outdoor", "Outdoors", "bool"),
        FieldSpec("organiser", "Organiser"),
        FieldSpec("notice_received", "Notice received", "datetime", optional_date=True),
        FieldSpec("topics", "Topics (comma-separated)", "list"),
        FieldSpec("candidate_ids", "Candidates attending", "multi", choices=candidates),
        FieldSpec("notes", "Notes", "multiline"),
    ]


def candidate_fields(constituencies: list[tuple[int, str]]) -> list[FieldSpec]:
    return [
        FieldSpec("name", "Name", required=True),
        FieldSpec("party", "Party or description", help="Kept for identification only; never used in any score."),
        FieldSpec("constituency_id", "Constituency", "choice", choices=[(None, "Not set")] + constituencies),
        FieldSpec("agent", "Agent"),
        FieldSpec("email", "Contact email"),
        FieldSpec("home_address", "Home address (restricted)", "multiline"),
        FieldSpec("sitting_mp", "Sitting MP", "bool"),
        FieldSpec("former_mp", "Former MP", "bool"),
        FieldSpec("prominence", "Public prominence", "choice", choices=list(PROMINENCE.items())),
        FieldSpec("police_contact", "Named police contact"),
        FieldSpec("briefing_offered", "Security briefing offered", "date", optional_date=True),
        FieldSpec("briefing_accepted", "Briefing accepted", "date", optional_date=True),
        FieldSpec("protective_measures", "Protective measures (comma-separated)", "list"),
        FieldSpec("intelligence_notes", "Intelligence notes (restricted)", "multiline"),
        FieldSpec("concerns_raised", "Concerns the candidate raised (restricted)", "multiline"),
    ]


def incident_fields(events, stations, venues, candidates) -> list[FieldSpec]:
    return [
        FieldSpec("occurred_at", "When", "datetime"),
        FieldSpec("kind", "What happened", required=True),
        FieldSpec("severity", "Severity", "choice", choices=[(s, s.capitalize()) for s in SEVERITIES]),
        FieldSpec("status", "Status", "choice", choices=[(s, s.capitalize()) for s in INCIDENT_STATUSES]),
        FieldSpec("event_id", "At event", "choice", choices=[(None, "—")] + events),
        FieldSpec("station_id", "At polling station", "choice", choices=[(None, "—")] + stations),
        FieldSpec("venue_id", "At venue", "choice", choices=[(None, "—")] + venues),
        FieldSpec("candidate_id", "Involving candidate", "choice", choices=[(None, "—")] + candidates),
        FieldSpec("location", "Or at location", help=LOCATION_HELP),
        FieldSpec("reference", "Reference"),
        FieldSpec("description", "Description", "multiline"),
    ]


def default_event_values(polling_day: dt.date) -> dict[str, Any]:
    start = dt.datetime.combine(polling_day - dt.timedelta(days=7), dt.time(19, 0))
    return {"kind": "hustings", "start": start, "end": start + dt.timedelta(hours=2), "expected_attendance": 100}


def command_role_fields() -> list[FieldSpec]:
    return [
        FieldSpec("role", "Role", "choice", choices=list(COMMAND_ROLES.items())),
        FieldSpec("name", "Held by", required=True),
        FieldSpec("call_sign", "Call sign"),
        FieldSpec("contact", "Contact (telephone or email)"),
    ]


def contact_fields(constituencies: list[tuple[int, str]]) -> list[FieldSpec]:
    """A named contact the plan prints: who they are, how to reach them, and the constituency they serve."""
    return [
        # No role is chosen for the SPOC: a contact saved in a hurry must not become a second SPOC.
        FieldSpec("role", "Role", "choice", choices=[(None, "Choose a role…"), *CONTACT_ROLES.items()]),
        FieldSpec("name", "Name", required=True),
        FieldSpec("organisation", "Organisation"),
        FieldSpec("phone", "Telephone"),
        FieldSpec("email", "Email"),
        FieldSpec("constituency_id", "Constituency", "choice", choices=[(None, "Every constituency")] + constituencies),
    ]


def briefing_fields() -> list[FieldSpec]:
    return [
        FieldSpec("at", "When", "datetime"),
        FieldSpec("place", "Where", required=True),
        FieldSpec("audience", "Who attends"),
        FieldSpec("lead", "Led by"),
    ]


def channel_fields() -> list[FieldSpec]:
    return [
        FieldSpec("name", "Name", required=True),
        FieldSpec("channel", "Channel or talkgroup"),
        FieldSpec("call_sign", "Call sign"),
        FieldSpec("purpose", "Used for", "multiline"),
    ]
