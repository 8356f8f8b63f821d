"""One registry of record kinds: the command line edits every kind and field it lists, and nothing else, in the
registry's words; the import paths keep its rules."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from electionplan.db import models as m
from electionplan.db import record_kinds
from electionplan.db.planfile import open_plan_file
from electionplan.db.record_kinds import KINDS, kind_of, record_kind
from electionplan.db.records import values_in
from tests.conftest import plan_fingerprint


def _as_typed(value) -> str:
    """A stored value written as a SPOC types it on the command line."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


def test_the_registry_names_every_column_an_edit_may_set_with_the_columns_type():
    python_types = {"text": str, "int": int, "float": float, "bool": bool, "date": dt.date, "datetime": dt.datetime}
    for kind in KINDS.values():
        columns = m.record_columns(kind.model)
        settable = set(columns) - {"id", "version_id"} - m.system_fields(kind.model)
        assert kind.keys <= settable | {"candidate_ids"}, kind.name
        for field in kind.fields:
            if field.key in columns and field.value in python_types:
                assert columns[field.key].type.python_type is python_types[field.value], (kind.name, field.key)
                assert field.nullable == bool(columns[field.key].nullable), (kind.name, field.key)
        assert kind_of(kind.model) is kind
    assert {"boundary_wkb"}.isdisjoint(record_kind("constituency").keys)  # boundaries come from their files
    assert record_kind("election").keys == {"force"}  # the dates are set when a plan is made


@pytest.mark.file_store
def test_every_field_of_every_kind_in_the_registry_is_edited_through_the_command_line(sample_plan_path, cli):
    from electionplan.services.editing import create_record

    with open_plan_file(sample_plan_path) as plan:  # the order's records the sample leaves for the SPOC
        for name, values in (("command_role", {"role": "gold", "name": "Ch Supt A Okoro"}),
                             ("channel", {"name": "Election ops", "channel": "OPS-1"}),
                             ("briefing", {"at": dt.datetime(2027, 1, 20, 7, 0), "place": "Wyvernbridge HQ"})):
            create_record(plan, record_kind(name).model, values)
    set_rvp = cli("order", sample_plan_path, "--count-rvp", "Wyvernbridge Leisure Centre=Fire station yard; Kestrel Quarry Road; "
                  "SJ 8790 1890")
    assert set_rvp.returncode == 0, set_rvp.stderr
    with open_plan_file(sample_plan_path) as plan, plan.session() as session:
        first = {name: session.scalars(select(kind.model.id).order_by(kind.model.id)).first()
                 for name, kind in KINDS.items()}
        before = {name: values_in(session, KINDS[name].model, record_id) for name, record_id in first.items()
                  if record_id is not None}
    assert set(before) == set(KINDS), set(KINDS) - set(before)  # the sample holds one of every kind
    for name, values in before.items():
        kind = KINDS[name]
        # A list is typed comma-separated, so an entry holding a comma (a distribution line) is not retyped here.
        typed = [field for field in kind.fields
                 if field.value not in ("words", "ids") or not any("," in str(item) for item in values[field.key] or ())]
        sets = [arg for field in typed for arg in ("--set", f"{field.key}={_as_typed(values[field.key])}")]
        result = cli("edit", sample_plan_path, name, first[name], *sets)
        assert result.returncode == 0, (name, result.stderr)
        assert result.stdout.startswith(f"Updated {name} {first[name]}: ")
    with open_plan_file(sample_plan_path) as plan, plan.session() as session:
        after = {name: values_in(session, KINDS[name].model, first[name]) for name in before}
    assert after == before  # each value typed as it was stored lands as it was


@pytest.mark.file_store
def test_each_kind_the_registry_lets_be_added_is_added_and_deleted_through_the_command_line(sample_plan_path, cli):
    from electionplan.services.editing import create_record

    with open_plan_file(sample_plan_path) as plan:
        create_record(plan, record_kind("briefing").model, {"at": dt.datetime(2027, 1, 20, 7, 0), "place": "HQ"})
    offered = {name for name, kind in KINDS.items() if kind.added}
    assert offered == set(KINDS) - {"constituency", "plan", "election", "count_rvp"}
    for name in sorted(set(KINDS) - offered):
        refused = cli("add", sample_plan_path, name, "--set", "name=By hand")
        assert refused.returncode == 2 and "invalid choice" in refused.stderr
        assert cli("delete", sample_plan_path, name, "1").returncode == 2
    for name in sorted(offered & {"briefing", "contact", "venue", "event", "incident", "officer_capacity",
                                  "threat_report", "candidate", "station"}):
        kind = KINDS[name]
        with open_plan_file(sample_plan_path) as plan, plan.session() as session:
            model_id = session.scalars(select(kind.model.id).order_by(kind.model.id)).first()
            values = values_in(session, kind.model, model_id)
        # A copy of the first one, told apart where the plan keys its records by a field.
        apart = {"station": {"council_id": "COPY-1"}, "officer_capacity": {"day": dt.date(2027, 1, 25)},
                 "contact": {"role": "press"}}.get(name, {})
        sets = [arg for field in kind.fields if field.value not in ("words", "ids")
                for arg in ("--set", f"{field.key}={_as_typed(apart.get(field.key, values[field.key]))}")]
        added = cli("add", sample_plan_path, name, *sets)
        assert added.returncode == 0, (name, added.stderr)
        new_id = int(added.stdout.split()[2].rstrip(":"))
        with open_plan_file(sample_plan_path) as plan, plan.session() as session:
            copy = values_in(session, kind.model, new_id)
        assert all(copy[f.key] == apart.get(f.key, values[f.key]) for f in kind.fields
                   if f.value not in ("words", "ids")), name
        deleted = cli("delete", sample_plan_path, name, new_id)
        assert deleted.returncode == 0 and deleted.stdout.startswith(f"Deleted {name} {new_id}")
        assert cli("delete", sample_plan_path, name, new_id).stderr.strip().endswith("(it may have been deleted).")


@pytest.mark.file_store
def test_a_field_the_registry_leaves_out_is_refused_by_the_command_line_and_an_import_in_its_words(
        sample_plan_path, cli, tmp_path, monkeypatch):
    kind = record_kind("threat_report")
    without = dataclasses.replace(kind, fields=tuple(f for f in kind.fields if f.key != "reference"))
    monkeypatch.setitem(record_kinds.KINDS, "threat_report", without)
    monkeypatch.setitem(record_kinds._BY_MODEL, m.ThreatReport, without)
    words = "A threat report has no field 'reference'"
    before = plan_fingerprint(sample_plan_path)

    edited = cli("edit", sample_plan_path, "threat_report", "1", "--set", "reference=OP-1")
    assert edited.returncode == 1 and edited.stderr.strip() == f"electionplan: error: {words}."
    path = tmp_path / "threats.csv"
    path.write_text("candidate,severity,reported,summary,reference\n"
                    "Sarah Whitcombe,medium,21/11/2026,Abusive calls,OP-2\n", encoding="utf-8")
    imported = cli("import", sample_plan_path, "threats", path)
    assert imported.returncode == 1 and len(imported.stderr.strip().splitlines()) == 1
    assert f"row 2, column reference: {words}" in imported.stderr
    assert plan_fingerprint(sample_plan_path) == before

    monkeypatch.undo()  # the registry as it is: both take the field
    assert cli("edit", sample_plan_path, "threat_report", "1", "--set", "reference=OP-1").returncode == 0
    assert cli("import", sample_plan_path, "threats", path).returncode == 0


@pytest.mark.file_store
def test_a_rule_the_registry_gives_a_kind_is_kept_by_the_command_line_and_an_import(
        sample_plan_path, cli, tmp_path, monkeypatch):
    from electionplan.domain.errors import ValidationError

    def closed(session, values):
        raise ValidationError("Threat reports are closed for this exercise.", "summary")

    kind = dataclasses.replace(record_kind("threat_report"), validate=closed)
    monkeypatch.setitem(record_kinds.KINDS, "threat_report", kind)
    monkeypatch.setitem(record_kinds._BY_MODEL, m.ThreatReport, kind)
    edited = cli("edit", sample_plan_path, "threat_report", "1", "--set", "summary=Abusive calls")
    assert edited.stderr.strip() == "electionplan: error: Threat reports are closed for this exercise."
    path = tmp_path / "threats.csv"
    path.write_text("candidate,severity,reported,summary\nSarah Whitcombe,medium,21/11/2026,Abusive calls\n",
                    encoding="utf-8")
    imported = cli("import", sample_plan_path, "threats", path)
    assert "row 2, column summary: Threat reports are closed for this exercise" in imported.stderr


@pytest.mark.file_store
def test_a_bulk_import_writes_only_fields_the_registry_has_and_is_refused_in_its_words(
        sample_plan_path, cli, shared_data, tmp_path, monkeypatch):
    station = record_kind("station")
    without = dataclasses.replace(station, fields=tuple(f for f in station.fields if f.key != "polling_district"))
    monkeypatch.setitem(record_kinds.KINDS, "station", without)
    monkeypatch.setitem(record_kinds._BY_MODEL, m.PollingStation, without)
    capacity = record_kind("officer_capacity")
    held_back = dataclasses.replace(capacity, fields=tuple(f for f in capacity.fields if f.key != "sergeants"))
    monkeypatch.setitem(record_kinds.KINDS, "officer_capacity", held_back)
    monkeypatch.setitem(record_kinds._BY_MODEL, m.OfficerCapacity, held_back)
    before = plan_fingerprint(sample_plan_path)

    council = shared_data / "stations" / "idox_eros_chorley.csv"  # a council's own export, as sent
    stations = cli("import", sample_plan_path, "stations", council)
    assert stations.returncode == 1
    assert stations.stderr.strip().splitlines() == ["electionplan: error: A polling station has no field 'polling_district'."]
    duties = tmp_path / "duties.csv"
    duties.write_text("date,shift,officers,sergeants\n21/01/2027,early,40,5\n", encoding="utf-8")
    shifts = cli("import", sample_plan_path, "capacity", duties)
    assert shifts.returncode == 1 and "An officer capacity has no field 'sergeants'" in shifts.stderr
    assert len(shifts.stderr.strip().splitlines()) == 1
    assert plan_fingerprint(sample_plan_path) == before  # whole or nothing

    monkeypatch.undo()
    assert cli("import", sample_plan_path, "stations", council).returncode == 0
    assert cli("import", sample_plan_path, "capacity", duties).returncode == 0
