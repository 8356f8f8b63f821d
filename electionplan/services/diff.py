"""What changed between two revisions (or a revision and the live plan).

The same diff drives `electionplan diff`, the PDF's "Changes since revision N"
and the GUI's Revisions view.
"""

from __future__ import annotations

from typing import Any

from electionplan.db.record_kinds import record_kind
from electionplan.domain.order import command_role_label
from electionplan.domain.plancodec import encode_record
from electionplan.domain.plandata import OrderRecord, PlanSnapshot
from electionplan.risk.results import LEVEL_LABELS, RAG_LABELS, Assessment

# The snapshot's lists of records compared, by the registry's kind of each (a contribution is recorded, never edited).
_KINDS = {"constituencies": "constituency", "stations": "station", "venues": "venue", "events": "event",
          "candidates": "candidate", "threat_reports": "threat_report", "incidents": "incident", "contacts": "contact",
          "capacity": "officer_capacity"}


def _entity(kind: str) -> tuple[str, str]:
    """A kind of record as a diff names it: its model's name and its label, capitalised."""
    registered = record_kind(kind)
    return registered.model.__name__, registered.label.capitalize()


ENTITIES = {**{key: _entity(kind) for key, kind in _KINDS.items()}, "contributions": ("Contribution", "Contribution")}
_IGNORED_FIELDS = {"id"}
# The order's own words that a diff compares (its template is compared by the standard sections it prints).
ORDER_WORDS = ("operation_name", "gold_strategy", "tactical_parameters", "escalation")


def _name(key: str, record: dict[str, Any]) -> str:
    if key == "threat_reports":
        return f"{record.get('kind', '')} reported {record.get('reported_on', '')}"
    if key == "incidents":
        return f"{record.get('kind', '')} at {record.get('occurred_at', '').replace('T', ' ')}"
    if key == "capacity":
        return f"{record.get('day')} {record.get('shift')}"
    if key == "contributions":
        return f"From {record.get('from_name', '')}"
    return record.get("name") or record.get("gss_code") or f"#{record.get('id')}"


def _shown(field: str, value: Any) -> Any:
    if field == "boundary":
        return "(boundary geometry)" if value else ""
    return value


def diff_snapshots(
    old: PlanSnapshot, new: PlanSnapshot, old_assessment: Assessment, new_assessment: Assessment,
    since: str, until: str,
) -> dict[str, Any]:
    added: list[dict[str, Any]] = []
    removed: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    moved: list[dict[str, Any]] = []
    for key, (entity, label) in ENTITIES.items():
        _compare(entity, label, getattr(old, key), getattr(new, key), lambda r, k=key: _name(k, r),
                 (added, removed, changed))
    if old.order is not None and new.order is not None:  # a revision from before the order had none to compare
        _compare_order(old.order, new.order, (added, removed, changed))
    moved += _moved("CandidateRisk", "Candidate risk", old_assessment.candidates, new_assessment.candidates, "level", LEVEL_LABELS)
    moved += _moved("EventRisk", "Event risk", old_assessment.events, new_assessment.events, "level", LEVEL_LABELS)
    moved += _moved("StationRag", "Station RAG", old_assessment.stations, new_assessment.stations, "rag", RAG_LABELS)
    return {"from": since, "to": until, "since": since, "added": added, "removed": removed, "changed": changed, "moved": moved}


Lists = tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]


def _compare(entity: str, label: str, old_records, new_records, name, into: Lists) -> None:
    """Records added, removed and changed (field by field, as a revision stores the values)."""
    added, removed, changed = into
    before = {r.id: r for r in old_records}
    after = {r.id: r for r in new_records}
    for rid in sorted(after.keys() - before.keys()):
        added.append({"entity": entity, "entity_label": label, "id": rid, "name": name(encode_record(after[rid]))})
    for rid in sorted(before.keys() - after.keys()):
        removed.append({"entity": entity, "entity_label": label, "id": rid, "name": name(encode_record(before[rid]))})
    for rid in sorted(before.keys() & after.keys()):
        if before[rid] == after[rid]:
            continue
        a, b = encode_record(before[rid]), encode_record(after[rid])
        for field in sorted((a.keys() | b.keys()) - _IGNORED_FIELDS):
            if a.get(field) != b.get(field):
                changed.append({
                    "entity": entity, "entity_label": label, "id": rid, "name": name(b), "field": field,
                    "field_label": field.replace("_", " ").capitalize(),
                    "old": _shown(field, a.get(field)), "new": _shown(field, b.get(field)),
                })


def _compare_order(old: OrderRecord, new: OrderRecord, into: Lists) -> None:
    """The order's own words, and its command roles, briefings and channels."""
    for field in ORDER_WORDS:
        if getattr(old, field) != getattr(new, field):
            into[2].append({"entity": "Order", "entity_label": "Operational order", "id": 0, "name": "The order",
                            "field": field, "field_label": field.replace("_", " ").capitalize(),
                            "old": getattr(old, field), "new": getattr(new, field)})
    _compare(*_entity("command_role"), old.roles, new.roles,
             lambda r: command_role_label(r.get("role", "")), into)
    _compare(*_entity("briefing"), old.briefings, new.briefings,
             lambda r: f"{r.get('at', '').replace('T', ' ')} {r.get('place', '')}".strip(), into)
    _compare(*_entity("channel"), old.channels, new.channels, lambda r: r.get("name", ""), into)


def _moved(entity: str, label: str, old_items, new_items, attr: str, labels: dict[str, str]) -> list[dict[str, Any]]:
    before = {item.id: item for item in old_items}
    out = []
    for item in sorted(new_items, key=lambda i: i.id):
        prior = before.get(item.id)
        if prior is not None and getattr(prior, attr) != getattr(item, attr):
            reasons_now = set(item.reasons)
            fresh = [r for r in item.reasons if r not in set(prior.reasons)]
            gone = [r for r in prior.reasons if r not in reasons_now]
            reason = " ".join(fresh) if fresh else ("No longer: " + " ".join(gone) if gone else "Scores changed.")
            out.append({
                "entity": entity, "entity_label": label, "id": item.id, "name": item.name,
                "old": labels.get(getattr(prior, attr), getattr(prior, attr)),
                "new": labels.get(getattr(item, attr), getattr(item, attr)),
                "old_value": getattr(prior, attr), "new_value": getattr(item, attr), "reason": reason,
            })
    return out

