"""Threat reports as a candidate's sub-table, entered through the real form."""

from __future__ import annotations

import datetime as dt

import pytest

from electionplan.gui.threat_reports_view import ThreatReportsEditor
from electionplan.services.threat_reports import ThreatReportValues
from tests.conftest import AS_AT


@pytest.fixture
def editor(qtbot, sample_snapshot):
    candidate = max(sample_snapshot["candidates"],
                    key=lambda c: sum(t["candidate_id"] == c["id"] for t in sample_snapshot["threat_reports"]))
    reports = [t for t in sample_snapshot["threat_reports"] if t["candidate_id"] == candidate["id"]]
    widget = ThreatReportsEditor(today=lambda: AS_AT)
    qtbot.addWidget(widget)
    widget.set_reports(candidate["name"], reports)
    widget.resize(900, 560)
    widget.show()
    return widget, candidate, reports


def test_reports_are_listed_newest_first_with_dates_as_written(editor):
    widget, candidate, reports = editor
    model = widget.table.model
    assert model.rowCount() == len(reports) > 1
    shown = [model.index(r, 0).data() for r in range(model.rowCount())]
    newest = max(reports, key=lambda t: t["reported_on"])
    assert shown[0] == dt.date.fromisoformat(newest["reported_on"]).strftime("%d/%m/%Y")
    assert candidate["name"] in widget.heading.text()


def test_adding_a_report_emits_checked_values(editor, qtbot):
    widget, candidate, _ = editor
    widget.start_new()
    qtbot.keyClicks(widget.kind, "  Abusive phone call ")
    widget.severity.setCurrentIndex(widget.severity.findData("critical"))
    widget.reported_on.set_value(dt.date(2026, 11, 2))
    qtbot.keyClicks(widget.reference, "WC/26/1")
    with qtbot.waitSignal(widget.report_added) as added:
        widget.add_button.click()
    values = added.args[0]
    assert values == ThreatReportValues(dt.date(2026, 11, 2), "Abusive phone call", "critical", "", "WC/26/1", "")
    assert values.record_values(candidate["id"])["candidate_id"] == candidate["id"]


def test_a_future_date_or_missing_kind_is_refused_in_the_form(editor, qtbot):
    widget, _, _ = editor
    widget.start_new()
    with qtbot.assertNotEmitted(widget.report_added):
        widget.add_button.click()
    assert "kind of threat" in widget.error.text()
    qtbot.keyClicks(widget.kind, "Graffiti")
    widget.reported_on.set_value(AS_AT + dt.timedelta(days=3))
    with qtbot.assertNotEmitted(widget.report_added):
        widget.add_button.click()
    assert "in the future" in widget.error.text()


def test_selecting_a_report_loads_it_to_change_or_remove(editor, qtbot):
    widget, _, reports = editor
    widget.table.table.selectRow(1)
    chosen = widget.table.model.row_dict(widget.table.proxy.mapToSource(widget.table.proxy.index(1, 0)).row())
    assert widget.kind.text() == chosen.kind and widget.save_button.isEnabled()
    widget.severity.setCurrentIndex(widget.severity.findData("low"))
    with qtbot.waitSignal(widget.report_changed) as changed:
        widget.save_button.click()
    assert changed.args[0] == chosen.id and changed.args[1].severity == "low"
    with qtbot.waitSignal(widget.report_removed) as removed:
        widget.remove_button.click()
    assert removed.args == [chosen.id]


def test_no_severity_is_assumed_for_a_new_report(editor, qtbot):
    widget, _, _ = editor
    widget.start_new()
    assert widget.severity.currentText() == "Choose…"
    qtbot.keyClicks(widget.kind, "Threatening letter")
    widget.reported_on.set_value(dt.date(2026, 11, 2))
    with qtbot.assertNotEmitted(widget.report_added):
        widget.add_button.click()
    assert widget.error.text() == "Say how serious the threat is: low, medium, high or critical."


def test_a_report_names_one_of_the_candidates_events_and_the_dates_it_covers(editor, qtbot, sample_snapshot):
    from electionplan.domain.plancodec import decode_snapshot
    from electionplan.services.threat_reports import threat_targets

    widget, candidate, _ = editor
    events, venues = threat_targets(decode_snapshot(sample_snapshot), candidate["id"])
    attended = [e for e in sample_snapshot["events"] if candidate["id"] in e["candidate_ids"]]
    assert [e for e, _ in events] == [e["id"] for e in sorted(attended, key=lambda e: (e["start"], e["name"]))]
    widget.set_targets(events, venues)
    widget.start_new()
    qtbot.keyClicks(widget.kind, "Letter threatening violence at hustings")
    widget.severity.setCurrentIndex(widget.severity.findData("critical"))
    widget.event_choice.setCurrentIndex(widget.event_choice.findData(events[0][0]))
    qtbot.keyClicks(widget.valid_from.line, "32/11/2026")
    with qtbot.assertNotEmitted(widget.report_added):
        widget.add_button.click()
    assert widget.valid_from.error.text() != ""
    widget.valid_from.line.clear()
    qtbot.keyClicks(widget.valid_from.line, "01/11/2026")
    with qtbot.waitSignal(widget.report_added) as added:
        widget.add_button.click()
    values = added.args[0]
    assert (values.event_id, values.venue_id, values.valid_from, values.valid_to) == (
        events[0][0], None, dt.date(2026, 11, 1), None)
    # A stored report naming the event loads with it chosen and its dates written as a SPOC writes them.
    stored = {**values.record_values(candidate["id"]), "id": 999, "reported_on": "2026-11-02",
              "valid_from": "2026-11-01"}
    widget.set_reports(candidate["name"], [stored])
    widget.table.table.selectRow(0)
    assert widget.event_choice.currentData() == events[0][0] and widget.valid_from.line.text() == "01/11/2026"
    assert widget.venue.currentText() == "(none)" and widget.valid_to.line.text() == ""


@pytest.mark.parametrize("typed, landed", [("2/11/26", dt.date(2026, 11, 2)), ("02112026", dt.date(2026, 11, 2)),
                                           ("31/02/2026", "February 2026 has 28 days")])
def test_a_typed_report_date_lands_exactly_or_is_refused_beside_it(editor, qtbot, typed, landed):
    from tests.ui.driving import type_over

    widget, _candidate, _ = editor
    widget.start_new()
    qtbot.keyClicks(widget.kind, "Online threats")
    widget.severity.setCurrentIndex(widget.severity.findData("high"))
    type_over(qtbot, widget.reported_on.line, typed)
    added = []
    widget.report_added.connect(added.append)
    widget.add_button.click()
    if isinstance(landed, dt.date):
        assert [values.reported_on for values in added] == [landed]
    else:
        assert added == [] and landed in widget.reported_on.error.text()
