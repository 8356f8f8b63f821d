"""Typed plan data: the snapshot records, their one codec, and reading an export at once."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from dataclasses import fields
from pathlib import Path

import pytest
from sqlalchemy import event, insert
from sqlalchemy.orm import Session

from electionplan import cli
from electionplan.db import models as m
from electionplan.db.models import record_columns, system_fields
from electionplan.db.opening import open_store
from electionplan.db.snapshot import TABLES, load_snapshot
from electionplan.domain.canonical import canonical_json, content_hash
from electionplan.domain.plancodec import decode_snapshot, encode_snapshot
from electionplan.domain.plandata import TABLE_RECORDS, PlanSnapshot
from electionplan.risk.engine import assess_plan
from electionplan.risk.ruleset import parse_ruleset

DATA = Path(__file__).resolve().parents[1] / "data"
# Two revisions (0.1, then 0.2 after edits) issued from the sample plan by the
# version before the snapshot was typed, with the PDF text that version exported.
STORED = DATA / "revisions_format1.json"


def stored_revisions() -> list[dict]:
    return json.loads(STORED.read_text(encoding="utf-8"))["revisions"]


def test_a_revision_issued_before_the_typed_snapshot_decodes_and_keeps_its_hash():
    for revision in stored_revisions():
        stored = revision["snapshot"]
        snapshot = decode_snapshot(stored["snapshot"])
        assert isinstance(snapshot.election.polling_day, dt.date)
        assert all(isinstance(e.start, dt.datetime) for e in snapshot.events)
        assert canonical_json(encode_snapshot(snapshot)) == canonical_json(stored["snapshot"])
        rules = parse_ruleset(stored["ruleset"], "stored ruleset")
        assessment = assess_plan(snapshot, rules, dt.date.fromisoformat(stored["as_at"])).to_dict()
        assert content_hash({"snapshot": encode_snapshot(snapshot), "assessment": assessment}) == revision["content_hash"]


def test_the_loader_reads_every_column_of_every_table(sample_plan):
    with sample_plan.session() as session:
        snapshot = load_snapshot(session)
    assert decode_snapshot(encode_snapshot(snapshot)) == snapshot
    for key, model in TABLES.items():
        # What the app keeps for itself (a seal reference) is no part of the plan's data.
        columns = set(record_columns(model)) - {"version_id"} - system_fields(model)
        record_fields = {"boundary_wkb" if f.name == "boundary" else f.name for f in fields(TABLE_RECORDS[key])}
        assert record_fields - {"candidate_ids"} == columns, key
    assert any(e.candidate_ids for e in snapshot.events)
    assert all(isinstance(c.boundary, bytes) for c in snapshot.constituencies)


def test_records_are_immutable(sample_plan):
    with sample_plan.session() as session:
        snapshot: PlanSnapshot = load_snapshot(session)
    with pytest.raises(AttributeError):
        snapshot.stations[0].name = "Changed"  # type: ignore[misc]


@pytest.mark.parametrize("extra", [(), ("--revision", "0.2"), ("--edition", "returning-officer")])
def test_export_reads_the_plan_in_one_transaction(sample_plan_path, tmp_path, extra):
    with open_store(sample_plan_path) as plan, plan.session() as session:
        add_stored_revisions(session)
    transactions: list[Session] = []

    def began(session, transaction, connection):
        transactions.append(session)

    event.listen(Session, "after_begin", began)
    try:
        status = cli.main(["export", str(sample_plan_path), "-o", str(tmp_path / "plan.pdf"), *extra])
    finally:
        event.remove(Session, "after_begin", began)
    assert status == 0
    assert (tmp_path / "plan.pdf").stat().st_size > 10_000
    assert len(transactions) == 1


def add_stored_revisions(session: Session) -> None:
    rows = []
    for revision in stored_revisions():
        row = {k: v for k, v in revision.items() if k != "snapshot"}
        row["issued_at"] = dt.datetime.fromisoformat(row["issued_at"])
        row["snapshot"] = canonical_json(revision["snapshot"])
        rows.append(row)
    session.execute(insert(m.Revision), rows)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
@pytest.mark.parametrize("number, edition", [("0.1", "police"), ("0.2", "returning-officer")])
def test_an_old_revision_exports_the_same_text_as_when_it_was_issued(sample_plan_path, tmp_path, number, edition):
    with open_store(sample_plan_path) as plan, plan.session() as session:
        add_stored_revisions(session)
    target = tmp_path / "plan.pdf"
    assert cli.main(["export", str(sample_plan_path), "-o", str(target), "--revision", number, "--edition", edition]) == 0
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True).stdout
    expected = (DATA / f"revisions_format1_{number}_{edition}.txt").read_text(encoding="utf-8")
    assert text.splitlines() == expected.splitlines()


@pytest.mark.presentation
def test_every_output_shows_a_station_as_its_one_display_row(sample_plan_path, tmp_path):
    import csv

    import pyogrio

    from electionplan.report.rows import station_rows
    from electionplan.services.assessment import assess_plan_file

    with open_store(sample_plan_path) as plan:
        result = assess_plan_file(plan)
    rows = {r.name: r for r in station_rows(result.snapshot, result.assessment)}
    assert cli.main(["export", str(sample_plan_path), "-o", str(tmp_path / "plan.csv")]) == 0
    assert cli.main(["export", str(sample_plan_path), "-o", str(tmp_path / "plan.gpkg")]) == 0
    with (tmp_path / "plan.csv").open(encoding="utf-8-sig", newline="") as handle:
        sheet = list(csv.DictReader(handle))
    layer = pyogrio.read_dataframe(tmp_path / "plan.gpkg", layer="polling_stations")
    assert len(sheet) == len(layer) == len(rows) > 0
    for line in sheet:
        row = rows[line["Station"]]
        assert (line["Number"], line["Address"], line["Reasons"]) == (row.number, row.address, " ".join(row.reasons))
    for record in layer.itertuples():
        row = rows[record.name]
        assert (record.station_number, record.address, record.grid_ref, record.rag) == (
            row.number, row.address, row.grid_ref, row.rag)
    flagged = [r for r in rows.values() if r.rag in ("red", "amber")]
    assert flagged and all(r.concern_reasons == r.reasons for r in flagged)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_a_new_event_kind_and_factor_in_the_ruleset_schema_leave_old_revisions_exporting_alike(
        sample_plan_path, tmp_path, monkeypatch):
    """The next version adds an event kind and a factor; revisions issued before it still export word for word."""
    import dataclasses
    from collections.abc import Mapping

    from electionplan.risk import ruleset as rs
    from electionplan.risk import ruleset_schema as schema

    with open_store(sample_plan_path) as plan, plan.session() as session:
        add_stored_revisions(session)

    def export_text(name: str) -> str:
        target = tmp_path / name
        assert cli.main(["export", str(sample_plan_path), "-o", str(target), "--revision", "0.1"]) == 0
        return subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True,
                              check=True).stdout

    before = export_text("before.pdf")
    kinds = (*schema.EVENT_KINDS, "street_stall")
    default = tmp_path / "next-default.toml"
    text = rs.default_ruleset_path().read_text(encoding="utf-8")
    now, later = f"schema = {rs.SCHEMA_VERSION}", f"schema = {rs.SCHEMA_VERSION + 1}"
    text = text.replace(now, later).replace("[event]\n", "[event]\nstreet_stall_nearby = 2\n", 1)
    text = text.replace("protest = 2, other = 1 }", "protest = 2, other = 1, street_stall = 2 }", 1)
    default.write_text(text, encoding="utf-8")

    @dataclasses.dataclass(frozen=True, kw_only=True)
    class NextEventRules(schema.EventRules):
        base_likelihood: Mapping[str, float] = schema.setting(
            schema._mapping(kinds, lambda v: schema._num(v) and 1 <= v <= 5), "every kind")
        street_stall_nearby: float = schema.setting(schema._non_negative, "a number of points, 0 or more")

    monkeypatch.setitem(schema.SECTIONS, "event", NextEventRules)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", rs.SCHEMA_VERSION + 1)
    monkeypatch.setattr(rs, "SCHEMA_VERSION", rs.SCHEMA_VERSION + 1)
    monkeypatch.setattr(rs, "default_ruleset_path", lambda: default)
    upgraded = rs.parse_ruleset(rs.load_ruleset().source.replace(later, now))
    assert upgraded.event.base_likelihood["street_stall"] == 2  # the new kind took the default
    assert export_text("after.pdf") == before
