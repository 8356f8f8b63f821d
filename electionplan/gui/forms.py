"""Each record form's fields, laid out from the registry of record kinds, and turning what was typed into record
values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from electionplan.db.record_kinds import VOCABULARIES, Field, RecordKind
from electionplan.domain.gridref import to_grid_reference
from electionplan.geo.locations import parse_location
from electionplan.gui.record_dialog import FieldSpec


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


def _spec(field: Field, lists: Mapping[str, list[tuple[int, str]]]) -> FieldSpec:
    if field.location:
        return FieldSpec("location", field.label, help=field.help)
    choices: list[tuple[Any, str]] = list(VOCABULARIES.get(field.choices, ())) or list(lists.get(field.choices, []))
    if field.none_label is not None:
        choices = [(None, field.none_label), *choices]
    if field.value == "ids":
        kind = "multi"
    elif field.choices:
        kind = "choice"
    else:
        kind = _WIDGETS.get(field.value, "multiline" if field.multiline else "text")
    optional = field.nullable and field.value in ("date", "datetime")
    return FieldSpec(field.key, field.label, kind, field.required, choices, help=field.help, optional_date=optional)


_WIDGETS = {"int": "int", "bool": "bool", "date": "date", "datetime": "datetime", "words": "list"}


def form_fields(kind: RecordKind, lists: Mapping[str, list[tuple[int, str]]] | None = None) -> list[FieldSpec]:
    """The form for a kind of record, as the registry of record kinds lays it out; `lists` gives the plan's records
    a field chooses among (constituencies, venues, events, stations, candidates)."""
    return [_spec(field, lists or {}) for field in kind.form_fields()]


def default_event_values(polling_day: dt.date) -> dict[str, Any]:
    start = dt.datetime.combine(polling_day - dt.timedelta(days=7), dt.time(19, 0))
    return {"kind": "hustings", "start": start, "end": start + dt.timedelta(hours=2), "expected_attendance": 100}


