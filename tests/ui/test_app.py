"""The desktop app driven through its real widgets with pytest-qt."""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog, QMessageBox

from electionplan.gui.main_window import PAGES, MainWindow
from electionplan.gui.record_dialog import RecordDialog
from tests.conftest import plan_sql
from tests.ui.driving import fill_and_ok, set_datetime


def check_names(dialog, key, names):
    widget = dialog.widgets[key]
    for i in range(widget.count()):
        item = widget.item(i)
        item.setCheckState(Qt.Checked if item.text() in names else Qt.Unchecked)


def choose(dialog, key, text):
    combo = dialog.widgets[key]
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def hustings_filler(name):
    def fill(dialog):
        dialog.widgets["name"].setText(name)
        choose(dialog, "kind", "Hustings")
        set_datetime(dialog, "start", dt.datetime(2027, 1, 15, 19, 30))
        set_datetime(dialog, "end", dt.datetime(2027, 1, 15, 21, 30))
        choose(dialog, "venue_id", "Caldermoor Miners' Welfare Institute")
        dialog.widgets["expected_attendance"].setValue(280)
        check_names(dialog, "candidate_ids", {"Margaret Ellery-Stone", "Daniel Okafor"})
    return fill


def flashpoint_names(win):
    return [row.name for row in win.flashpoints.table.model.rows]


def test_added_hustings_appears_as_a_flashpoint_with_reasons_and_undo_removes_it(window, monkeypatch):
    monkeypatch.setattr(RecordDialog, "exec", fill_and_ok(hustings_filler("Caldermoor residents' second hustings")))
    window.show_page("events")
    window.events.add_button.click()
    names = flashpoint_names(window)
    assert "Caldermoor residents' second hustings" in names
    row = next(r for r in window.flashpoints.table.model.rows if r.name == "Caldermoor residents' second hustings")
    assert any("demonstration" in reason.lower() for reason in row.reasons)
    assert any("very high risk" in reason for reason in row.reasons)
    window.show_page("flashpoints")
    window.flashpoints.table.select_id(row.id)
    shown = window.flashpoints.reasons.toPlainText()
    assert "Caldermoor residents' second hustings" in shown
    # How the risk was reached is said, not only that it was: likelihood × impact.
    assert f"Risk {row.score} = likelihood {row.likelihood} × impact {row.impact}" in shown
    assert row.likelihood * row.impact == row.score
    assert window.flashpoints.map.highlighted
    assert window.status_saved.text() == "All changes saved" and "1 edit since" in window.status_saved.toolTip()

    window.controller.undo_stack.undo()
    assert "Caldermoor residents' second hustings" not in flashpoint_names(window)
    assert all(r.name != "Caldermoor residents' second hustings" for r in window.events.model.rows)
    window.controller.undo_stack.redo()
    assert "Caldermoor residents' second hustings" in flashpoint_names(window)


def test_editor_validates_inline_beside_the_field(window, monkeypatch):
    seen = {}

    def fill(dialog):
        hustings_filler("Backwards hustings")(dialog)
        set_datetime(dialog, "end", dt.datetime(2027, 1, 15, 18, 0))
        seen["dialog"] = dialog

    monkeypatch.setattr(RecordDialog, "exec", fill_and_ok(fill))
    before = len(window.events.model.rows)
    window.add_record("event")
    dialog = seen["dialog"]
    assert "end must be after" in dialog.errors["end"].text()
    assert dialog.result() == 0  # still open, nothing saved
    assert len(window.events.model.rows) == before
    assert window.controller.undo_stack.count() == 0


def test_required_name_message_appears_as_you_type(window, monkeypatch, qtbot):
    seen = {}

    def fill(dialog):
        dialog.widgets["name"].setText("x")
        dialog.widgets["name"].setText("")
        seen["error"] = dialog.errors["name"].text()

    monkeypatch.setattr(RecordDialog, "exec", fill_and_ok(fill))
    window.add_record("station")
    assert "Station name is required" in seen["error"]


@pytest.mark.presentation
def test_filter_stations_by_name(window, qtbot):
    window.show_page("stations")
    total = window.stations.proxy.rowCount()
    qtbot.keyClicks(window.stations.search, "Caldermoor")
    shown = window.stations.proxy.rowCount()
    assert 0 < shown < total
    names = [window.stations.proxy.index(r, 1).data() for r in range(shown)]
    assert all("caldermoor" in (name or "").lower() for name in names)
    assert f"{shown} of {total}" in window.stations.count_label.text()
    window.stations.search.clear()
    assert window.stations.proxy.rowCount() == total


def test_delete_asks_first(window, monkeypatch):
    target = window.venues.model.rows[0]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.No)
    window.delete_record("venue", target.id, target.name)
    assert any(r.id == target.id for r in window.venues.model.rows)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    window.delete_record("venue", target.id, target.name)
    assert not any(r.id == target.id for r in window.venues.model.rows)
    window.controller.undo_stack.undo()
    assert any(r.id == target.id for r in window.venues.model.rows)


def test_several_selected_rows_are_deleted_after_one_question_and_come_back_with_one_undo(window, qtbot, monkeypatch):
    window.show_page("stations")
    table, proxy = window.stations.table, window.stations.proxy
    table.selectRow(0)
    for row in (2, 4):
        qtbot.mouseClick(table.viewport(), Qt.LeftButton, Qt.ControlModifier, table.visualRect(proxy.index(row, 0)).center())
    chosen = window.stations.selected_records()
    assert len(chosen) == 3
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda _parent, title, text, *a: asked.append((title, text)) or QMessageBox.Yes)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key_Delete)
    assert asked and asked[0][0] == "Delete 3 polling stations"
    assert all(f"'{r.name}'" in asked[0][1] for r in chosen)
    ids = {r.id for r in window.stations.model.rows}
    assert not ids & {r.id for r in chosen}
    assert window.controller.undo_stack.undoText() == "Delete 3 polling stations"
    window.controller.undo_stack.undo()
    assert {r.id for r in chosen} <= {r.id for r in window.stations.model.rows}


def test_edit_candidate_moves_their_level_and_is_undoable(window, monkeypatch):
    priya = next(r for r in window.candidates.model.rows if r.name == "Priya Ramanathan")
    assert priya.level == "low"

    def fill(dialog):
        dialog.widgets["former_mp"].setChecked(True)
        choose(dialog, "prominence", "National")

    monkeypatch.setattr(RecordDialog, "exec", fill_and_ok(fill))
    window.edit_record("candidate", priya.id)
    after = next(r for r in window.candidates.model.rows if r.name == "Priya Ramanathan")
    assert after.level != "low"
    window.controller.undo_stack.undo()
    assert next(r for r in window.candidates.model.rows if r.name == "Priya Ramanathan").level == "low"


def test_logging_an_incident_says_what_moved(window, monkeypatch):
    def fill(dialog):
        set_datetime(dialog, "occurred_at", dt.datetime.now().replace(microsecond=0) - dt.timedelta(hours=3))
        dialog.widgets["kind"].setText("Threats to candidate")
        choose(dialog, "severity", "High")
        choose(dialog, "candidate_id", "Lucy Marchetti")

    monkeypatch.setattr(RecordDialog, "exec", fill_and_ok(fill))
    window.show_page("incidents")
    window.incidents.add_button.click()
    assert window.incidents.model.rowCount() == 4
    assert "changed level" in window.incidents.banner.text()


def test_export_pdf_through_the_dialog(window, qtbot, monkeypatch, tmp_path):
    target = tmp_path / "from_dialog.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF files (*.pdf)"))
    dialog = window.export_pdf()
    qtbot.addWidget(dialog)
    dialog.edition.setCurrentIndex(dialog.edition.findData("returning-officer"))
    dialog._browse()
    assert dialog.path_edit.text() == str(target)
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.open_button.isVisible(), timeout=60_000)
    assert target.exists()
    reader = PdfReader(str(target))
    assert len(reader.pages) > 5
    assert "Returning officer's edition" in reader.pages[0].extract_text()
    opened = []
    monkeypatch.setattr("electionplan.gui.export_dialog.QDesktopServices.openUrl", lambda url: opened.append(url.toLocalFile()))
    dialog.open_button.click()
    assert opened == [str(target)]


@pytest.mark.presentation
def test_cancelled_export_writes_nothing(window, qtbot, tmp_path):
    target = tmp_path / "cancelled.pdf"
    dialog = window.export_pdf()
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(target))
    dialog.export_button.click()
    dialog.close_button.click()  # Cancel while it runs
    qtbot.waitUntil(lambda: not dialog.task.running, timeout=60_000)
    assert "Cancelled" in dialog.status.text()
    assert not target.exists()


def test_import_dialog_previews_maps_and_reports(window, qtbot, tmp_path):
    path = tmp_path / "extra.csv"
    path.write_text("Ref,Venue title,PC,East,North\nX1,Extra Hall,AW1 9ZZ,386000,318000\n,No Id Hall,AW1 9ZY,386100,318100\n")
    dialog = window.import_file("stations")
    qtbot.addWidget(dialog)
    dialog.set_path(str(path))
    assert "Plain station list" in dialog.format_label.text()
    assert dialog.preview.rowCount() == 2
    heading = dialog.preview.horizontalHeader()
    for column, title in enumerate(["Ref", "Venue title", "PC", "East", "North"]):  # every title whole, none cut
        assert dialog.preview.columnWidth(column) >= heading.fontMetrics().horizontalAdvance(title), title
    combos = dialog.mapping_combos
    combos["name"].setCurrentIndex(combos["name"].findText("Venue title"))
    combos["postcode"].setCurrentIndex(combos["postcode"].findText("PC"))
    combos["easting"].setCurrentIndex(combos["easting"].findText("East"))
    combos["northing"].setCurrentIndex(combos["northing"].findText("North"))
    combos["council_id"].setCurrentIndex(combos["council_id"].findText("Ref"))
    dialog.import_button.click()
    qtbot.waitUntil(lambda: "Imported" in dialog.report.toPlainText() or "Nothing" in dialog.report.toPlainText(), timeout=30_000)
    assert "Imported 2 stations" in dialog.report.toPlainText()
    dialog.accept()
    assert any(r.name == "Extra Hall" for r in window.stations.model.rows)


def test_import_dialog_refuses_a_non_station_file(window, qtbot, tmp_path):
    path = tmp_path / "junk.csv"
    path.write_text("colour,shape\nred,square\n")
    dialog = window.import_file("stations")
    qtbot.addWidget(dialog)
    dialog.set_path(str(path))
    dialog.import_button.setEnabled(True)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: "Nothing was imported" in dialog.report.toPlainText(), timeout=30_000)
    assert "not a polling-station file" in dialog.report.toPlainText()


def test_revision_issued_from_the_gui_and_listed(window, monkeypatch):
    from electionplan.gui.dialogs import RevisionDialog

    def exec_(dialog):
        dialog.note.setPlainText("Approved at Gold meeting")
        dialog.approve.setChecked(True)
        dialog._accept()
        return dialog.result()

    monkeypatch.setattr(RevisionDialog, "exec", exec_)
    window.issue_revision()
    assert [r.number for r in window.revisions.table.model.rows] == ["1.0"]
    assert window.status_revision.text() == "Revision 1.0"
    assert any(r.action == "revise" for r in window.revisions.audit_table.model.rows)


def test_review_overdue_shows_a_banner(qtbot, sample_plan_path):
    with plan_sql(sample_plan_path) as conn:
        conn.execute("UPDATE plan SET next_review_date = '2020-01-01'")
    win = MainWindow()
    qtbot.addWidget(win)
    win.open_plan(sample_plan_path)
    assert not win.banner.isHidden()
    assert "overdue" in win.banner.text()
    win.controller.undo_stack.setClean()


@pytest.mark.presentation
def test_every_table_model_passes_qtmodeltester(window, qtmodeltester):
    models = [window.constituencies.model, window.stations.model, window.events.model, window.venues.model,
              window.candidates.model, window.incidents.model, window.flashpoints.table.model, window.resources.model,
              window.revisions.table.model, window.revisions.audit_table.model]
    for model in models:
        assert model.rowCount() >= 0
        qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(window.stations.proxy, force_py=True)


@pytest.mark.presentation
def test_every_page_renders_at_1366_by_768(window, tmp_path):
    for key, _title in PAGES:
        window.show_page(key)
        image = window.grab().toImage()
        assert (image.width(), image.height()) == (1366, 768)
        colours = {image.pixel(x, y) for x in range(210, 1356, 41) for y in range(30, 758, 37)}
        assert len(colours) > 4, key
        path = tmp_path / f"{key}.png"
        assert image.save(str(path))
        assert QImage(str(path)).width() == 1366


@pytest.mark.presentation
def test_chips_are_readable_as_text(window):
    model = window.stations.model
    rag_column = next(n for n, c in enumerate(model.columns) if c.kind == "rag")
    texts = {model.index(r, rag_column).data(Qt.AccessibleTextRole) for r in range(model.rowCount())}
    assert texts == {"Red", "Amber", "Green"}


def test_crash_details_hold_no_field_values():
    from electionplan.gui.crash import crash_details

    try:
        raise ValueError("The Old Rectory, 3 Priory Road, Ashcombe Magna, AW4 7PR")
    except ValueError as exc:
        details = crash_details(type(exc), exc, exc.__traceback__)
    assert "ValueError" in details and "Priory Road" not in details


@pytest.mark.parametrize("key, page", [("station", "stations"), ("venue", "venues"), ("event", "events"),
                                       ("candidate", "candidates"), ("incident", "incidents")])
def test_every_editor_opens_on_real_records_and_ok_changes_nothing(window, monkeypatch, key, page):
    monkeypatch.setattr(RecordDialog, "exec", fill_and_ok(lambda dialog: None))
    table = getattr(window, page)
    for row in table.model.rows[:6]:
        window.edit_record(key, row.id)
    assert window.controller.undo_stack.count() == 0


def test_contributions_import_through_the_app_as_on_the_command_line(window, qtbot, tmp_path):
    import json

    form = tmp_path / "contributions.json"
    form.write_text(json.dumps([
        {"received": "2027-01-06 09:30", "from": "Colin Marsh", "organisation": "Ellery-Stone campaign", "kind": "request",
         "text": "Please note our candidate will arrive by the rear entrance", "event": "Churches Together hustings"},
    ]))
    labels = [action.text() for action in window.import_menu.actions()]
    assert any("ontributions" in label for label in labels) and any("review" in label for label in labels)
    dialog = window.import_file("contributions")
    qtbot.addWidget(dialog)
    dialog.set_path(str(form))
    dialog.import_button.click()
    qtbot.waitUntil(lambda: "Recorded" in dialog.report.toPlainText() or "Nothing" in dialog.report.toPlainText(), timeout=30_000)
    assert "Recorded 1 contribution" in dialog.report.toPlainText() and "(s)" not in dialog.report.toPlainText()
    dialog.accept()
    assert "rear entrance" in window.revisions.contributions.toPlainText()


def test_boundary_import_in_the_app_chooses_the_layer(window, qtbot, tmp_path, shared_data):
    import geopandas as gpd

    seats = gpd.read_file(shared_data / "boundaries/PCON_July2024_UK_BUC.geojson")
    seats = seats[seats["PCON24CD"].isin(["E14001455", "E14001528"])]
    layered = tmp_path / "two-layers.gpkg"
    gpd.read_file(shared_data / "boundaries/boundaryline_wards_subset").to_file(layered, layer="wards", driver="GPKG")
    seats.to_file(layered, layer="pcon24", driver="GPKG")
    dialog = window.import_file("boundaries")
    qtbot.addWidget(dialog)
    dialog.set_path(str(layered))
    layers = [dialog.layer.itemText(i) for i in range(dialog.layer.count())]
    assert layers == ["wards", "pcon24"] and dialog.options.isRowVisible(dialog.layer)
    dialog.layer.setCurrentIndex(layers.index("pcon24"))
    assert "2 features" in dialog.note_label.text()
    dialog.import_button.click()
    qtbot.waitUntil(lambda: "boundaries" in dialog.report.toPlainText() or "Nothing" in dialog.report.toPlainText(),
                    timeout=30_000)
    assert "Imported 2 new" in dialog.report.toPlainText()
    said = dialog.report.toPlainText().splitlines()
    assert len(said) == len(set(said)), said  # the report says each thing once
    dialog.accept()
    codes = {row.code for row in window.constituencies.model.rows}
    assert {"E14001455", "E14001528"} <= codes


def test_closing_asks_nothing_and_keeps_every_edit_including_a_logged_incident(qtbot, sample_plan_path, monkeypatch):
    from electionplan.db import models as m
    from electionplan.gui.commands import UpdateRecordCommand

    asked = []
    for name in ("question", "warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda *args, n=name, **kw: asked.append(n))
    win = MainWindow()
    win.open_plan(sample_plan_path)
    with plan_sql(sample_plan_path) as sql:
        (station_id,) = sql.execute("SELECT id FROM polling_station ORDER BY id LIMIT 1").fetchone()
    win.controller.run(UpdateRecordCommand(win.controller, m.PollingStation, station_id,
                                           {"concerns": "Kept after closing"}, "Edit polling station"))
    assert not win.controller.undo_stack.isClean()
    assert win.status_saved.text() == "All changes saved"  # one true thing, not "saved" and "unsaved edits" both
    assert "1 edit since you last pressed Save" in win.status_saved.toolTip()
    win.close()
    win.deleteLater()
    assert asked == []
    with plan_sql(sample_plan_path) as sql:
        assert sql.execute("SELECT concerns FROM polling_station WHERE id = ?", (station_id,)).fetchone() == (
            "Kept after closing",)
