"""What a SPOC types lands exactly, or is refused in words beside the field."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QPlainTextEdit

from electionplan.gui.record_dialog import RecordDialog
from electionplan.services import editing
from tests.conftest import plan_sql
from tests.ui.driving import bring_forward, fill_and_ok, type_over

# The ways a date is typed, each of 14/01/2027, a date inside the sample election's campaign.
LANDS = ("14/01/2027", "14/1/27", "2027-01-14", "14012027")
REFUSED = {"31/02/2027": "February 2027 has 28 days", "2027-13-45": "there is no month 13"}
ON_THE_DAY = dt.date(2027, 1, 14)


@pytest.mark.file_store
@pytest.mark.parametrize("typed, stored", [
    ("31/02/2027", "February 2027 has 28 days"), ("6/5/27", dt.date(2027, 5, 6)),
    ("06/05/2027", dt.date(2027, 5, 6)), ("2027-05-06", dt.date(2027, 5, 6)), ("06052027", dt.date(2027, 5, 6)),
    ("04072024", dt.date(2024, 7, 4)), ("2027-13-45", "there is no month 13"),
])
def test_new_plan_polling_day_lands_exactly_or_is_refused_beside_the_field(window, qtbot, monkeypatch, tmp_path,
                                                                           typed, stored):
    path = tmp_path / "new.eplan"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    seen = {}

    def fill(dialog: RecordDialog) -> None:
        dialog.widgets["name"].setText("Typed dates by-election")
        dialog.widgets["force"].setText("Test Constabulary")
        type_over(qtbot, dialog.widgets["polling_day"].line, typed)
        seen["beside"] = dialog.errors["polling_day"].text()  # said on leaving the field, before OK
        seen["dialog"] = dialog

    monkeypatch.setattr(RecordDialog, "exec", fill_and_ok(fill))
    window.new_plan()
    if isinstance(stored, dt.date):
        assert seen["beside"] == ""
        with plan_sql(path) as sql:
            assert sql.execute("SELECT polling_day FROM election").fetchone()[0] == stored.isoformat()
    else:
        assert stored in seen["beside"] and typed in seen["beside"]
        assert seen["dialog"].result() == 0 and not path.exists()  # nothing made from a date that is not one


# Every record dialog's date fields: (kind of record, field, what else it needs, the time typed after the date).
DATE_FIELDS = [
    ("event", "start", {"name": "Typed hustings"}, " 19:30"),
    ("event", "end", {"name": "Typed hustings"}, " 23:30"),
    ("event", "notice_received", {"name": "Typed hustings"}, " 09:15"),
    ("candidate", "briefing_offered", {"name": "Typed Candidate"}, ""),
    ("candidate", "briefing_accepted", {"name": "Typed Candidate"}, ""),
    ("incident", "occurred_at", {"kind": "Typed incident"}, " 22:05"),
    ("briefing", "at", {"place": "Typed briefing room"}, " 07:00"),
]


@pytest.mark.file_store
@pytest.mark.parametrize("key, field, needs, time", DATE_FIELDS, ids=[f"{k}-{f}" for k, f, _, _ in DATE_FIELDS])
def test_every_record_dialogs_date_lands_exactly_or_is_refused(window, qtbot, monkeypatch, key, field, needs, time):
    controller = window.controller
    binding = window.records_ctl.bindings[key]
    for typed in (*LANDS, *REFUSED):
        seen = {}

        def fill(dialog: RecordDialog, typed=typed, seen=seen) -> None:
            if key == "event":  # the event starts on the day, so any notice that day comes before it
                dialog.widgets["start"].set_value(dt.datetime.combine(ON_THE_DAY, dt.time(19, 0)))
                dialog.widgets["end"].set_value(dt.datetime.combine(ON_THE_DAY, dt.time(21, 0)))
            for name, text in needs.items():
                dialog.widgets[name].setText(text)
            type_over(qtbot, dialog.widgets[field].line, typed + time)
            seen["beside"], seen["dialog"] = dialog.errors[field].text(), dialog

        monkeypatch.setattr(RecordDialog, "exec", fill_and_ok(fill))
        pushed = controller.undo_stack.count()
        window.add_record(key)
        if typed in REFUSED:
            assert REFUSED[typed] in seen["beside"] and typed in seen["beside"], (typed, seen["beside"])
            assert seen["dialog"].result() == 0 and controller.undo_stack.count() == pushed
            continue
        assert seen["beside"] == "" and controller.undo_stack.count() == pushed + 1, (typed, seen["beside"])
        record_id = controller.undo_stack.command(pushed).record_id
        value = editing.record_values(controller.plan, binding.model, record_id)[field]
        expected = ON_THE_DAY if not time else dt.datetime.combine(ON_THE_DAY, dt.time.fromisoformat(time.strip()))
        assert value == expected, (typed, value)


@pytest.mark.file_store
def test_a_postcode_that_cannot_exist_is_refused_beside_the_field(window, monkeypatch):
    seen = {}

    def fill(dialog: RecordDialog) -> None:
        dialog.widgets["name"].setText("Invented Hall")
        dialog.widgets["postcode"].setText(seen.get("typing", "QQ9 9QQ"))
        seen["dialog"] = dialog

    monkeypatch.setattr(RecordDialog, "exec", fill_and_ok(fill))
    window.add_record("venue")
    assert "there is no postcode area QQ" in seen["dialog"].errors["postcode"].text()
    assert seen["dialog"].result() == 0 and window.controller.undo_stack.count() == 0
    seen["typing"] = "SK4 1AA"  # a real area with no postcode file loaded for it
    window.add_record("venue")
    assert seen["dialog"].result() == 1 and window.controller.undo_stack.count() == 1


@pytest.mark.file_store
def test_a_postcode_missing_from_the_loaded_file_of_its_district_is_refused(window, monkeypatch, tmp_path):
    from electionplan.geo.postcodes import import_postcodes

    codes = tmp_path / "codepoint.csv"
    codes.write_text("Postcode,Eastings,Northings\nWA7 1AA,352000,382000\nWA7 1AB,352100,382100\n")
    import_postcodes(window.controller.plan, [codes])
    seen = {"typing": "WA7 1ZZ"}

    def fill(dialog: RecordDialog) -> None:
        dialog.widgets["name"].setText("Slip Hall")
        dialog.widgets["postcode"].setText(seen["typing"])
        seen["dialog"] = dialog

    monkeypatch.setattr(RecordDialog, "exec", fill_and_ok(fill))
    window.add_record("venue")
    assert "not in the loaded postcode files" in seen["dialog"].errors["postcode"].text()
    seen["typing"] = "wa7 1ab"
    window.add_record("venue")
    assert seen["dialog"].result() == 1


@pytest.mark.file_store
def test_tab_leaves_the_police_only_revision_note_for_the_summary(window, qtbot, monkeypatch):
    from electionplan.gui.dialogs import RevisionDialog

    dialog = RevisionDialog("0.2", "1.0", window)
    qtbot.addWidget(dialog)
    bring_forward(qtbot, dialog)
    dialog.note.setFocus()
    qtbot.keyClicks(dialog.note, "Police only")
    qtbot.keyClick(dialog.note, Qt.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "For recipients")
    assert dialog.note.toPlainText() == "Police only"
    assert dialog.summary.toPlainText() == "For recipients"
    for box in window.findChildren(QPlainTextEdit):
        assert box.tabChangesFocus(), box.accessibleName()


@pytest.mark.file_store
def test_buttons_that_need_a_row_are_greyed_out_and_say_so_until_one_is_chosen(window, qtbot):
    window.show_page("resources")
    page = window.resources
    page.table.clearSelection()
    assert not page.edit_button.isEnabled()
    assert page.edit_button.toolTip() == "Select a shift in the table first to set its capacity."
    page.table.selectRow(0)
    assert page.edit_button.isEnabled() and "selected shift" in page.edit_button.toolTip()
    stations = window.stations
    stations.table.clearSelection()
    assert not stations.edit_button.isEnabled() and not stations.delete_button.isEnabled()
    assert stations.edit_button.toolTip() == "Select a station in the table first to edit it."
    stations.table.selectRow(2)
    assert stations.edit_button.isEnabled() and stations.delete_button.isEnabled()


@pytest.fixture
def three_seat_window(qtbot, tmp_path):
    """The main window on a small synthetic plan of three constituencies."""
    from electionplan.gui.main_window import MainWindow
    from electionplan.services.synthetic import synthetic_snapshot, write_synthetic_plan

    path = tmp_path / "three.eplan"
    write_synthetic_plan(synthetic_snapshot(constituencies=3, stations=30, candidates=9, events=6, seed=2), path)
    win = MainWindow()
    win.open_plan(path)
    win.wait_until_shown()
    win.resize(1366, 768)
    win.show()
    yield win
    win.controller.undo_stack.setClean()
    win.close()


@pytest.mark.file_store
def test_in_a_plan_of_several_seats_candidates_are_shown_with_the_seat_they_contest(three_seat_window, monkeypatch):
    win = three_seat_window
    page = win.candidates
    column = next(n for n, c in enumerate(page.model.columns) if c.key == "constituency")
    assert not page.table.isColumnHidden(column)
    seats = {c.name for c in win.controller.snapshot.constituencies}
    assert {page.proxy.index(r, column).data() for r in range(page.proxy.rowCount())} <= seats
    seen = {}

    def look(dialog: RecordDialog) -> int:
        attending = dialog.widgets["candidate_ids"]
        seen["labels"] = [attending.item(i).text() for i in range(attending.count())]
        return 0

    monkeypatch.setattr(RecordDialog, "exec", look)
    win.add_record("event")
    candidate = win.controller.snapshot.candidates[0]
    seat = next(c.name for c in win.controller.snapshot.constituencies if c.id == candidate.constituency_id)
    assert f"{candidate.name} — {seat}" in seen["labels"]


@pytest.mark.file_store
def test_a_single_seat_plan_needs_no_constituency_column_for_its_candidates(window):
    page = window.candidates
    column = next(n for n, c in enumerate(page.model.columns) if c.key == "constituency")
    assert page.table.isColumnHidden(column)


@pytest.mark.file_store
def test_stations_of_one_council_need_no_council_column_and_a_second_council_brings_it(window, qtbot):
    from electionplan.db import models as m
    from electionplan.gui.commands import UpdateRecordCommand

    page = window.stations
    column = next(n for n, c in enumerate(page.model.columns) if c.key == "council")
    assert page.table.isColumnHidden(column)  # the sample's stations are all one council's
    station = window.controller.snapshot.stations[0]
    window.controller.run(UpdateRecordCommand(window.controller, m.PollingStation, station.id,
                                              {"council": "E06000099"}, "Edit polling station"))
    qtbot.waitUntil(lambda: not page.table.isColumnHidden(column))
