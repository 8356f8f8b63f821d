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

from electionplan.domain.count_rvp import CountRvpEntry
from electionplan.domain.order import RVP_FIELDS, BriefingEntry, ChannelEntry, CommandRoleEntry
from electionplan.domain.plandata import (
    LATER_FIELDS,
    SNAPSHOT_FORMAT,
    TABLE_RECORDS,
    ElectionFacts,
    OrderRecord,
    PlanFacts,
    PlanSnapshot,
    WardRecord,
)

Converter = Callable[[Any], Any]


def iso_minutes(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M")


def to_the_minute(value: dt.datetime) -> dt.datetime:
    """The time as `iso_minutes` writes it: seconds and any zone dropped."""
    return value.replace(second=0, microsecond=0, tzinfo=None)


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


_ORDER_ENTRIES = {"roles": CommandRoleEntry, "briefings": BriefingEntry, "channels": ChannelEntry}
_PLANS = {t: _converters(t) for t in (*TABLE_RECORDS.values(), ElectionFacts, PlanFacts, WardRecord,
                                      *_ORDER_ENTRIES.values(), CountRvpEntry)}


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


def encode_order(order: OrderRecord) -> dict[str, Any]:
    out: dict[str, Any] = {name: getattr(order, name) for name in (
        "operation_name", "gold_strategy", "tactical_parameters", "escalation", "template_toml")}
    for key in _ORDER_ENTRIES:
        out[key] = [encode_record(entry) for entry in getattr(order, key)]
    # Stored only once recorded, so an order encoded before the RVP existed keeps its JSON (and hash).
    out.update({name: getattr(order, name) for name in RVP_FIELDS if getattr(order, name)})
    if order.count_rvps:  # likewise: an order with no count's own RVP keeps its JSON
        out["count_rvps"] = [encode_record(entry) for entry in order.count_rvps]
    return out


def decode_order(data: dict[str, Any]) -> OrderRecord:
    def entries(key: str) -> tuple:
        return tuple(decode_record(_ORDER_ENTRIES[key], row) for row in data.get(key) or [])

    def text(name: str) -> str:
        return str(data.get(name) or "")

    rvp_name, rvp_address, rvp_postcode, rvp_grid_ref = (text(name) for name in RVP_FIELDS)
    return OrderRecord(text("operation_name"), text("gold_strategy"), text("tactical_parameters"),
                       text("escalation"), text("template_toml"),
                       entries("roles"), entries("briefings"), entries("channels"),
                       rvp_name, rvp_address, rvp_postcode, rvp_grid_ref,
                       tuple(decode_record(CountRvpEntry, row) for row in data.get("count_rvps") or []))


def encode_snapshot(snapshot: PlanSnapshot) -> dict[str, Any]:
    """The snapshot as a revision stores it; a snapshot without an order stores no "order" key."""
    out: dict[str, Any] = {"format": snapshot.format}
    for key in ("election", "plan", *TABLE_RECORDS):
        out[key] = encode_part(snapshot, key)
    if snapshot.order is not None:
        out["order"] = encode_order(snapshot.order)
    if snapshot.wards:  # stored only once a plan holds wards, so earlier revisions keep their JSON
        out["wards"] = [encode_record(ward) for ward in snapshot.wards]
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
        order=decode_order(data["order"]) if isinstance(data.get("order"), dict) else None,
        wards=tuple(decode_record(WardRecord, row) for row in data.get("wards") or []),
        **tables,
    )

