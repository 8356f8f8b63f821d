"""Reading the plan into typed records: one set-based query per table, one session.

The records and their stored JSON form live in `domain.plandata` and
`domain.plancodec`; this module only reads them. Values come straight from the
columns into the record constructors, with no per-value conversion, so a
national plan of 40,000 stations reads quickly.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from sqlalchemy import String, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import FromClause

from electionplan.db import models as m
from electionplan.db import order_models as om
from electionplan.domain.count_rvp import CountRvpEntry
from electionplan.domain.order import BriefingEntry, ChannelEntry, CommandRoleEntry
from electionplan.domain.plandata import (
    SNAPSHOT_FORMAT,
    TABLE_RECORDS,
    ElectionFacts,
    EventRecord,
    OrderRecord,
    PlanFacts,
    PlanSnapshot,
    WardRecord,
)
from electionplan.system.paths import default_order_template_path

__all__ = ["SNAPSHOT_FORMAT", "TABLES", "load_snapshot"]

# Snapshot key -> model, in the order they appear.
TABLES: dict[str, type] = {
    "constituencies": m.Constituency,
    "contacts": m.Contact,
    "stations": m.PollingStation,
    "venues": m.Venue,
    "events": m.Event,
    "candidates": m.Candidate,
    "threat_reports": m.ThreatReport,
    "incidents": m.Incident,
    "capacity": m.OfficerCapacity,
    "contributions": m.Contribution,
    "review_comments": m.ReviewComment,
}

# Record fields stored under another column name, or not stored as a column.
_COLUMN_OF = {"boundary": "boundary_wkb"}
_SEQUENCES = {"topics", "protective_measures", "distribution"}


def _columns(model: type, record_type: type) -> list:
    table, part = m.table_of(model), m.restricted_part_of(model)
    own = m.part_columns(part) if part is not None else {}

    def column(name: str):
        if name not in own:
            return table.c[name]
        # A reviewer's readable copy of the restricted part is empty: its text reads blank, as a withheld column does.
        return func.coalesce(own[name], "").label(name) if isinstance(own[name].type, String) else own[name]

    return [column(_COLUMN_OF.get(f.name, f.name)) for f in fields(record_type) if f.name != "candidate_ids"]


def _source(model: type) -> FromClause:
    """The record's table, joined to its restricted part where it has one (a plan may lack a part's row)."""
    table, part = m.table_of(model), m.restricted_part_of(model)
    return table if part is None else table.outerjoin(m.table_of(part), m.table_of(part).c.id == table.c.id)


def _sequence_positions(record_type: type) -> list[int]:
    return [n for n, f in enumerate(fields(record_type)) if f.name in _SEQUENCES]


def _records(session: Session, key: str, model: type, ids: frozenset[int] | None = None) -> tuple:
    record_type = TABLE_RECORDS[key]
    query = select(*_columns(model, record_type)).select_from(_source(model)).order_by(m.table_of(model).c.id)
    if ids is not None:
        query = query.where(m.table_of(model).c.id.in_(sorted(ids)))
    rows = session.execute(query).all()
    sequences = _sequence_positions(record_type)
    if not sequences:
        return tuple(record_type(*row) for row in rows)
    out = []
    for row in rows:
        values = list(row)
        for n in sequences:
            values[n] = tuple(values[n] or ())
        out.append(record_type(*values))
    return tuple(out)


def _events(session: Session, ids: frozenset[int] | None = None) -> tuple[EventRecord, ...]:
    links: dict[int, list[int]] = {}
    link_query = select(m.event_candidate.c.event_id, m.event_candidate.c.candidate_id).order_by(
        m.event_candidate.c.event_id, m.event_candidate.c.candidate_id)
    event_query = select(*_columns(m.Event, EventRecord)).order_by(m.Event.id)
    if ids is not None:
        link_query = link_query.where(m.event_candidate.c.event_id.in_(sorted(ids)))
        event_query = event_query.where(m.Event.id.in_(sorted(ids)))
    for event_id, candidate_id in session.execute(link_query):
        links.setdefault(event_id, []).append(candidate_id)
    topics = _sequence_positions(EventRecord)[0]
    records = []
    for row in session.execute(event_query):
        values = list(row)
        values[topics] = tuple(values[topics] or ())
        values.append(tuple(links.get(row[0], ())))
        records.append(EventRecord(*values))
    return tuple(records)


def _facts(session: Session, model: type, record_type: type):
    row = session.execute(select(*_columns(model, record_type))).one()
    values = list(row)
    for n in _sequence_positions(record_type):
        values[n] = tuple(values[n] or ())
    return record_type(*values)


def load_order(session: Session) -> OrderRecord:
    """The order as written now; the template is the force's own or the national default's text."""
    plan = session.execute(select(m.Plan.operation_name, m.Plan.gold_strategy, m.Plan.tactical_parameters,
                                  m.Plan.escalation, m.Plan.order_template_toml, m.Plan.rvp_name,
                                  m.Plan.rvp_address, m.Plan.rvp_postcode, m.Plan.rvp_grid_ref)).one()
    template = plan.order_template_toml or default_order_template_path().read_text(encoding="utf-8")
    roles = session.execute(select(om.CommandRole.id, om.CommandRole.role, om.CommandRole.name,
                                   om.CommandRole.call_sign, om.CommandRole.contact)
                            .order_by(om.CommandRole.position, om.CommandRole.id))
    briefings = session.execute(select(om.Briefing.id, om.Briefing.at, om.Briefing.place, om.Briefing.audience,
                                       om.Briefing.lead).order_by(om.Briefing.at, om.Briefing.id))
    channels = session.execute(select(om.CommsChannel.id, om.CommsChannel.name, om.CommsChannel.channel,
                                      om.CommsChannel.call_sign, om.CommsChannel.purpose).order_by(om.CommsChannel.id))
    return OrderRecord(
        operation_name=plan.operation_name or "", gold_strategy=plan.gold_strategy or "",
        tactical_parameters=plan.tactical_parameters or "", escalation=plan.escalation or "",
        template_toml=template,
        roles=tuple(CommandRoleEntry(r.id, r.role, r.name or "", r.call_sign or "", r.contact or "") for r in roles),
        briefings=tuple(BriefingEntry(b.id, b.at, b.place or "", b.audience or "", b.lead or "") for b in briefings),
        channels=tuple(ChannelEntry(c.id, c.name, c.channel or "", c.call_sign or "", c.purpose or "")
                       for c in channels),
        rvp_name=plan.rvp_name or "", rvp_address=plan.rvp_address or "", rvp_postcode=plan.rvp_postcode or "",
        rvp_grid_ref=plan.rvp_grid_ref or "",
        count_rvps=tuple(CountRvpEntry(r.id, r.venue_id, r.name or "", r.description or "", r.grid_ref or "")
                         for r in session.execute(select(om.CountRvp.id, om.CountRvp.venue_id, om.CountRvp.name,
                                                         om.CountRvp.description, om.CountRvp.grid_ref)
                                                  .order_by(om.CountRvp.id))),
    )


def table_key(model: type) -> str | None:
    """The snapshot table a model's records are read into; None for the plan's facts and its order."""
    return next((key for key, table in TABLES.items() if table is model), None)


def load_snapshot(session: Session, previous: PlanSnapshot | None = None,
                  updated: dict[str, frozenset[int]] | None = None) -> PlanSnapshot:
    """The whole plan; or, given the `previous` snapshot and the records `updated` since (by table, ids that
    existed then and still exist), the previous one with just those records read again. The plan's facts
    and its order are always read again: they are a handful of rows."""
    if previous is not None and updated is not None:
        patched = _patched_tables(session, previous, updated)
        if patched is not None:
            return _with_facts(session, patched)
    tables: dict[str, Any] = {
        key: _events(session) if key == "events" else _records(session, key, model) for key, model in TABLES.items()
    }
    return _with_facts(session, tables)


def _patched_tables(session: Session, previous: PlanSnapshot, updated: dict[str, frozenset[int]]) -> dict[str, Any] | None:
    """The previous snapshot's tables with the updated records replaced in place; None if any has gone since."""
    tables: dict[str, Any] = {key: getattr(previous, key) for key in TABLES}
    for key, ids in updated.items():
        if not ids:
            continue
        fresh = _events(session, ids) if key == "events" else _records(session, key, TABLES[key], ids)
        if len(fresh) != len(ids):
            return None  # deleted meanwhile (a colleague): read the whole plan instead
        by_id = {record.id: record for record in fresh}
        tables[key] = tuple(by_id.get(record.id, record) for record in tables[key])
        if sum(1 for record in tables[key] if record.id in by_id) != len(ids):
            return None  # one is new since: only a whole read puts it in its place
    return tables


def _with_facts(session: Session, tables: dict[str, Any]) -> PlanSnapshot:
    return PlanSnapshot(
        election=_facts(session, m.Election, ElectionFacts),
        plan=_facts(session, m.Plan, PlanFacts),
        order=load_order(session),
        wards=load_wards(session),
        **tables,
    )


def load_wards(session: Session) -> tuple[WardRecord, ...]:
    rows = session.execute(select(m.Ward.id, m.Ward.gss_code, m.Ward.name, m.Ward.boundary_wkb).order_by(m.Ward.gss_code))
    return tuple(WardRecord(*row) for row in rows)
