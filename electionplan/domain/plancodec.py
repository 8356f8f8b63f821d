"""The one codec between a PlanSnapshot and the JSON a revision stores.

Format 1: dates are ISO strings (YYYY-MM-DD), times ISO minutes
(YYYY-MM-DDTHH:MM, Europe/London), geometry hex WKB and sequences JSON lists,
so a revision issued before the records were typed decodes unchanged and the
same content encodes to the same canonical JSON (and so the same hash).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import fields
from typing import Any

from electionplan.domain.plandata import (
    LATER_FIELDS,
    SNAPSHOT_FORMAT,
    TABLE_RECORDS,
    ElectionFacts,
    PlanFacts,
    PlanSnapshot,
)

Converter = Callable[[Any], Any]


def iso_minutes(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M")


def _iso_date(value: dt.date) -> str:
    return value.isoformat()


def _parse_minutes(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


# Annotation (as written in plandata) -> (encode, decode); plain values pass through.
_BY_ANNOTATION: dict[str, tuple[Converter, Converter]] = {
    "dt.date": (_iso_date, dt.date.fromisoformat),
    "dt.datetime": (iso_minutes, _parse_minutes),
    "bytes": (bytes.hex, bytes.fromhex),
    "tuple[str, ...]": (list, tuple),
    "tuple[int, ...]": (list, tuple),
}


def _converters(record_type: type) -> tuple[list[str], list[tuple[int, Converter, Converter]]]:
    names, special = [], []
    for n, f in enumerate(fields(record_type)):
        names.append(f.name)
        annotation = str(f.type).replace(" | None", "")
        if annotation in _BY_ANNOTATION:
            special.append((n, *_BY_ANNOTATION[annotation]))
    return names, special


_PLANS = {t: _converters(t) for t in (*TABLE_RECORDS.values(), ElectionFacts, PlanFacts)}


def encode_record(record: Any) -> dict[str, Any]:
    names, special = _PLANS[type(record)]
    values = [getattr(record, name) for name in names]
    for n, encode, _ in special:
        if values[n] is not None:
            values[n] = encode(values[n])
    encoded = dict(zip(names, values, strict=True))
    for name, default in LATER_FIELDS.get(type(record), {}).items():
        if encoded[name] == default:
            del encoded[name]
    return encoded


def decode_record(record_type: type, data: dict[str, Any]) -> Any:
    names, special = _PLANS[record_type]
    later = LATER_FIELDS.get(record_type, {})
    values = [data.get(name, later.get(name)) for name in names]
    for n, _, decode in special:
        if values[n] is not None:
            values[n] = decode(values[n])
    return record_type(*values)


def encode_part(snapshot: PlanSnapshot, key: str) -> Any:
    value = getattr(snapshot, key)
    if key in TABLE_RECORDS:
        return [encode_record(r) for r in value]
    return encode_record(value)


def encode_snapshot(snapshot: PlanSnapshot) -> dict[str, Any]:
    """The snapshot as a revision stores it."""
    out: dict[str, Any] = {"format": snapshot.format}
    for key in ("election", "plan", *TABLE_RECORDS):
        out[key] = encode_part(snapshot, key)
    return out


def decode_snapshot(data: dict[str, Any]) -> PlanSnapshot:
    """A stored snapshot (format 1) as typed records."""
    tables: dict[str, Any] = {
        key: tuple(decode_record(record_type, row) for row in data.get(key) or [])
        for key, record_type in TABLE_RECORDS.items()
    }
    return PlanSnapshot(
        election=decode_record(ElectionFacts, data["election"]),
        plan=decode_record(PlanFacts, data["plan"]),
        format=data.get("format", SNAPSHOT_FORMAT),
        **tables,
    )

