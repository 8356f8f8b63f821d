"""The app's record forms and editors take their kinds and fields from the registry of record kinds, and refuse a
field it does not have in the same words as the command line."""

from __future__ import annotations

import dataclasses

import pytest

from electionplan.db import models as m
from electionplan.db import record_kinds
from electionplan.db.record_kinds import KINDS, form_kinds, record_kind
from electionplan.gui.record_dialog import RecordDialog
from electionplan.services import editing
from electionplan.services.threat_reports import ThreatReportValues
from tests.ui.driving import fill_and_ok


def _form_keys(kind) -> list[str]:
    return ["location" if field.location else field.key for field in kind.form_fields()]


@pytest.mark.file_store
def test_every_kind_the_registry_gives_a_form_is_offered_with_its_fields(window, monkeypatch):
    assert set(window.records_ctl.bindings) == {kind.name for kind in form_kinds()}
    # The rest are edited where the app keeps them: none is left without a way in.
    assert {kind.app_editor for kind in KINDS.values()} == {"form", "threat reports pane", "capacity grid",
                                                            "operational order page"}
    shown: dict[str, tuple[str, list[str], list[str]]] = {}

    def look(dialog: RecordDialog) -> int:
        shown[dialog.windowTitle()] = ([spec.key for spec in dialog.fields], [spec.label for spec in dialog.fields])
        return 0

    monkeypatch.setattr(RecordDialog, "exec", look)
    for kind in form_kinds():
        if kind.name == "constituency":  # edited, never added, by hand
            continue
        window.add_record(kind.name)
        keys, labels = shown[f"Add {kind.label}"]
        assert keys == _form_keys(kind), kind.name
        assert labels == [field.label for field in kind.form_fields()]


@pytest.mark.file_store
def test_each_table_offers_add_and_delete_where_the_registry_lets_its_kind_be_added_and_deleted(window):
    tables = {"station": window.stations, "venue": window.venues, "event": window.events,
              "candidate": window.candidates, "incident": window.incidents, "constituency": window.constituencies,
              "command_role": window.order.command, "briefing": window.order.briefings,
              "channel": window.order.channels, "contact": window.order.contacts}
    assert set(tables) == {kind.name for kind in form_kinds()}
    for name, table in tables.items():
        kind = record_kind(name)
        assert table.add_button.isVisibleTo(table) == kind.added, name
        assert table.delete_button.isVisibleTo(table) == kind.deleted, name


@pytest.mark.file_store
def test_a_constituency_is_edited_from_its_table_with_the_registrys_form(window, monkeypatch):
    seat = window.constituencies.model.rows[0]

    def fill(dialog: RecordDialog) -> None:
        assert [spec.key for spec in dialog.fields] == _form_keys(record_kind("constituency"))
        dialog.widgets["returning_officer"].setText("Ms H Carraway")

    monkeypatch.setattr(RecordDialog, "exec", fill_and_ok(fill))
    window.constituencies.edit_requested.emit(seat)
    stored = editing.record_values(window.controller.plan, m.Constituency, seat.id)
    assert stored["returning_officer"] == "Ms H Carraway"
    window.controller.undo_stack.undo()
    assert editing.record_values(window.controller.plan, m.Constituency, seat.id)["returning_officer"] != "Ms H Carraway"


@pytest.mark.file_store
def test_a_field_the_registry_leaves_out_is_refused_by_the_app_and_the_command_line_alike(window, window_plan, cli,
                                                                                          monkeypatch):
    kind = record_kind("threat_report")
    without = dataclasses.replace(kind, fields=tuple(f for f in kind.fields if f.key != "reference"))
    monkeypatch.setitem(record_kinds.KINDS, "threat_report", without)
    monkeypatch.setitem(record_kinds._BY_MODEL, m.ThreatReport, without)
    plan = window.controller.plan
    stored = editing.record_values(plan, m.ThreatReport, 1)
    values = ThreatReportValues(**{f.name: stored[f.name] for f in dataclasses.fields(ThreatReportValues)})
    editor = window.candidate_panes.threats

    window.insight.change_report(1, dataclasses.replace(values, reference="OP-1"))
    assert editor.error.text() == "A threat report has no field 'reference'."
    assert editing.record_values(plan, m.ThreatReport, 1) == stored
    edited = cli("edit", window_plan, "threat_report", "1", "--set", "reference=OP-1")
    assert edited.stderr.strip() == f"electionplan: error: {editor.error.text()}"

    monkeypatch.undo()
    editor.error.clear()
    window.insight.change_report(1, dataclasses.replace(values, reference="OP-1"))
    assert editor.error.text() == "" and editing.record_values(plan, m.ThreatReport, 1)["reference"] == "OP-1"
