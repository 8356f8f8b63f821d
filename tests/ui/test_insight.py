"""The window's "why" and "what next", driven as a SPOC would: needs attention, the detail panes,
threat reports as a candidate's sub-table, the timeline, capacity in bulk and who is working."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from electionplan.domain.timefmt import today_london
from electionplan.gui.record_dialog import RecordDialog
from electionplan.gui.who_dialog import WhoIsWorkingDialog
from electionplan.services.attention import UNLOCATED
from tests.conftest import plan_sql

REPORTED = dt.date(2026, 11, 20)  # within the sample's campaign, and never in the future


@pytest.mark.presentation
def test_needs_attention_is_counted_and_an_item_opens_its_station_with_its_reasons(window, qtbot):  # noqa: F811
    page = window.attention
    count = page.table.model.rowCount()
    assert count > 0 and window.nav.item(window.page_keys().index("attention")).text() == f"Needs attention ({count})"
    window.show_page("attention")
    page.category.setCurrentIndex(page.category.findData(UNLOCATED))
    item = page.shown_items()[0]
    page.table.table.setFocus()
    page.table.table.selectRow(0)
    qtbot.keyClick(page.table.table, Qt.Key_Return)
    assert window.stack.currentWidget() is window.station_panes
    chosen = window.stations.selected_records()
    assert [r.id for r in chosen] == [item.target.id]
    # The pane beside the table explains the very station the item was about.
    assert window.station_panes.details.explanation.title == chosen[0].name


@pytest.mark.presentation
def test_a_red_station_says_why_beside_the_table(window, qtbot):  # noqa: F811
    window.show_page("stations")
    red = next(r for r in window.stations.model.rows if r.rag == "red")
    window.stations.select_id(red.id)
    shown = window.station_panes.details.toPlainText()
    result = next(s for s in window.controller.assessment.stations if s.id == red.id)
    assert "Red" in shown and f"{result.points:g} risk points" in shown
    assert all(f.reason in shown for f in result.factors) and result.factors


def test_a_threat_report_is_added_in_the_candidates_sub_table_and_raises_their_score(window, qtbot):  # noqa: F811
    window.show_page("candidates")
    quiet = min(window.candidates.model.rows, key=lambda r: (r.threats, r.score))
    window.candidates.select_id(quiet.id)
    panes = window.candidate_panes
    panes.tabs.setCurrentWidget(panes.threats_tab)
    editor = panes.threats
    assert editor.isEnabled() and quiet.name in editor.heading.text()
    before = editor.table.model.rowCount()
    editor.reported_on.set_value(REPORTED)
    editor.kind.setText("Threatening letter")
    editor.severity.setCurrentIndex(editor.severity.findData("high"))
    editor.reference.setText("WC/26/130001")
    qtbot.mouseClick(editor.add_button, Qt.LeftButton)
    assert editor.error.text() == ""
    reports = [t for t in window.controller.snapshot.threat_reports if t.candidate_id == quiet.id]
    assert len(reports) == before + 1 and any(t.reference == "WC/26/130001" for t in reports)
    after = next(r for r in window.candidates.model.rows if r.id == quiet.id)
    assert after.score > quiet.score and after.threats == quiet.threats + 1
    assert editor.table.model.rowCount() == before + 1 and panes.tabs.tabText(1) == f"Threat reports ({before + 1})"
    assert "Threatening letter" in panes.details.toPlainText()
    window.controller.undo_stack.undo()
    assert next(r for r in window.candidates.model.rows if r.id == quiet.id).score == quiet.score


def test_a_report_in_the_future_is_refused_beside_the_form(window, qtbot):  # noqa: F811
    window.show_page("candidates")
    window.candidates.select_id(window.candidates.model.rows[0].id)
    editor = window.candidate_panes.threats
    count = len(window.controller.snapshot.threat_reports)
    editor.reported_on.set_value(today_london() + dt.timedelta(days=3))
    editor.kind.setText("Online threats")
    qtbot.mouseClick(editor.add_button, Qt.LeftButton)
    assert "in the future" in editor.error.text()
    assert len(window.controller.snapshot.threat_reports) == count


@pytest.mark.presentation
def test_the_timeline_shows_every_event_and_a_click_opens_it(window, qtbot, monkeypatch):  # noqa: F811
    window.show_page("timeline")
    canvas = window.timeline.canvas
    events = window.controller.assessment.events
    assert f"{len(events)} events" in window.timeline.note.text()
    flashpoint = next(e for e in events if e.flashpoint)
    block = canvas.block_of(flashpoint.id)
    assert block is not None
    opened = []
    monkeypatch.setattr(RecordDialog, "exec", lambda dialog: opened.append(dialog.windowTitle()) or 0)
    qtbot.mouseClick(canvas, Qt.LeftButton, pos=block.center().toPoint())
    assert opened == ["Edit event"]


def test_capacity_for_the_whole_campaign_is_set_from_a_weekly_pattern_and_undone_in_one_step(window, qtbot):  # noqa: F811
    window.show_page("resources")
    dialog = window.insight.edit_capacity_grid()
    qtbot.addWidget(dialog)
    editor = dialog.editor
    original = sorted(window.controller.snapshot.capacity, key=lambda c: (c.day, c.shift))
    assert editor.model.rowCount() >= 28  # notice of election to the count
    monday_early = editor.pattern.index(0, 0)
    editor.pattern.setData(monday_early, 57, Qt.EditRole)
    editor.apply_button.click()
    mondays = [d for d in editor.model.days if d.weekday() == 0]
    stored = {(c.day, c.shift): c.officers for c in window.controller.snapshot.capacity}
    assert mondays and all(stored.get((d, "early")) == 57 for d in mondays)
    assert window.controller.undo_stack.undoText().startswith("Set capacity for ")
    window.controller.undo_stack.undo()
    stored = {(c.day, c.shift): c.officers for c in window.controller.snapshot.capacity}
    assert not any(stored.get((d, "early")) == 57 for d in mondays)
    # Exactly as before: changed figures put back, and figures the plan did not have removed again.
    restored = sorted(window.controller.snapshot.capacity, key=lambda c: (c.day, c.shift))
    assert [(c.day, c.shift, c.officers) for c in restored] == [(c.day, c.shift, c.officers) for c in original]
    dialog.close()


def test_who_is_working_is_asked_kept_shown_and_recorded_against_each_change(window, qtbot, monkeypatch,  # noqa: F811
                                                                               sample_plan_path):
    def answer(dialog: WhoIsWorkingDialog):
        dialog.name.setText("Insp. Rachel Donnelly")
        dialog.role.setCurrentText("Election SPOC")
        dialog._accept()
        return QDialog.Accepted

    monkeypatch.setattr(WhoIsWorkingDialog, "exec", answer)
    assert "Rachel Donnelly" not in window.status_person.text()
    window.who_is_working()
    assert window.status_person.text() == "Working as Insp. Rachel Donnelly (Election SPOC)"
    venue = window.venues.model.rows[0]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    window.delete_record("venue", venue.id, venue.name)
    with plan_sql(sample_plan_path) as sql:
        who = sql.execute("SELECT who FROM audit_entry WHERE action = 'delete' ORDER BY id DESC").fetchone()[0]
    assert who.startswith("Insp. Rachel Donnelly")
    window.controller.undo_stack.undo()


def test_recent_plans_are_kept_by_absolute_path_and_one_moved_away_is_dropped(window, tmp_path, monkeypatch):  # noqa: F811
    from electionplan.gui.recent import remember

    monkeypatch.chdir(tmp_path)
    other = tmp_path / "other.eplan"
    other.write_bytes(b"a plan")
    remember(window.settings, "other.eplan")  # as typed, relative to where the app was started
    window._fill_recent()
    listed = [a.text() for a in window.recent_menu.actions()]
    assert listed[0] == str(other.resolve())
    other.unlink()
    window._fill_recent()
    assert str(other.resolve()) not in [a.text() for a in window.recent_menu.actions()]
    assert str(other.resolve()) not in (window.settings.value("recent/files") or [])


@pytest.mark.presentation
def test_the_timeline_is_read_one_constituency_or_only_its_flashpoints_at_a_time(window, qtbot):  # noqa: F811
    window.show_page("timeline")
    view = window.timeline
    events = window.controller.assessment.events
    seats = {e.constituency_id for e in events}
    seat = next(iter(sorted(s for s in seats if s is not None)))
    view.seat.setCurrentIndex(view.seat.findData(seat))
    mine = [e for e in events if e.constituency_id == seat]
    assert f"{len(mine)} event" in view.note.text() and len(view.canvas.placed) == len(mine)
    view.seat.setCurrentIndex(0)
    view.flashpoints_only.setChecked(True)
    assert len(view.canvas.placed) == sum(1 for e in events if e.flashpoint) > 0
    assert all(p.event.flashpoint for p in view.canvas.placed)


@pytest.mark.presentation
def test_a_station_with_no_location_is_never_called_safe(window):  # noqa: F811
    window.show_page("stations")
    lost = next(s for s in window.controller.snapshot.stations if s.easting is None)
    window.stations.select_id(lost.id)
    shown = window.station_panes.details.toPlainText()
    assert "No location" in shown and "nearby incidents and flashpoints were not checked" in shown
    assert "No risk factors recorded: green." not in shown


def test_a_half_typed_report_survives_a_refresh_and_a_search_that_hides_the_candidate_empties_the_pane(window):  # noqa: F811
    window.show_page("candidates")
    first = window.candidates.model.rows[0]
    window.candidates.select_id(first.id)
    editor = window.candidate_panes.threats
    editor.kind.setText("Graffiti at the office")
    window.controller.reassess()  # anything else changing: a colleague, an undo elsewhere
    assert editor.kind.text() == "Graffiti at the office"
    window.candidates.search.setText("no candidate is called this")
    assert window.candidate_panes.details.explanation is None and not editor.isEnabled()


def test_the_first_run_asks_who_is_working_before_anything_is_changed(qtbot, monkeypatch, sample_plan_path):
    from PySide6.QtWidgets import QApplication

    from electionplan.gui import app as gui_app
    from electionplan.system.preferences import preferences_path

    preferences_path().unlink()  # a first run: nobody has been named on this laptop
    asked = []

    def answer(dialog: WhoIsWorkingDialog):
        asked.append(dialog.windowTitle())
        dialog.name.setText("PS Ian Kerrow")
        dialog.role.setCurrentText("Deputy SPOC")
        dialog._accept()
        return QDialog.Accepted

    def run_briefly(_app=None):
        for _ in range(5):
            QApplication.processEvents()
        shown = [w for w in QApplication.topLevelWidgets() if hasattr(w, "controller") and w.isVisible()]
        assert len(shown) == 1  # the window run_gui opened (earlier tests' windows are closed)
        shown[0].controller.undo_stack.setClean()
        assert shown[0].status_person.text() == "Working as PS Ian Kerrow (Deputy SPOC)"
        shown[0].close()
        return 0

    monkeypatch.setattr(WhoIsWorkingDialog, "exec", answer)
    monkeypatch.setattr(QApplication, "exec", run_briefly)
    # The app's own start-up hooks (log file, crash handler) stay out of the test process.
    monkeypatch.setattr(gui_app, "configure_logging", lambda: None)
    monkeypatch.setattr("electionplan.gui.crash.install_excepthooks", lambda: None)
    assert gui_app.run_gui(plan_path=str(sample_plan_path)) == 0
    assert asked == ["Who is working"]
    assert preferences_path().exists()


def test_a_chosen_constituency_is_framed_on_the_map_and_a_venue_is_placed_by_a_click(window, qtbot, monkeypatch):  # noqa: F811
    from electionplan.domain.gridref import to_grid_reference
    from tests.ui.driving import fill_and_ok

    window.show_page("constituencies")
    page, view = window.constituencies, window.constituencies.map
    qtbot.waitUntil(lambda: view.scene() is not None and bool(view.scene().items()), timeout=30_000)
    whole = view.transform().m11()
    page.table.selectRow(0)
    assert view.transform().m11() > whole  # zoomed in to the constituency chosen
    typed = []

    def name_it(dialog: RecordDialog):
        typed.append(dialog.widgets["location"].text())
        dialog.widgets["name"].setText("Pop-up hustings marquee")

    monkeypatch.setattr(RecordDialog, "exec", fill_and_ok(name_it))
    qtbot.mouseClick(page.place_button, Qt.LeftButton)
    assert view.place_mode
    centre = view.viewport().rect().center()
    clicked = view.mapToScene(centre)
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=centre)
    assert typed == [to_grid_reference(clicked.x(), -clicked.y(), 10)]
    assert not view.place_mode and not page.place_button.isChecked()
    placed = next(v for v in window.controller.snapshot.venues if v.name == "Pop-up hustings marquee")
    assert abs(placed.easting - clicked.x()) < 1 and abs(placed.northing + clicked.y()) < 1


@pytest.mark.presentation
def test_the_sample_hustings_named_by_a_critical_threat_says_so_beside_the_flashpoints(window, qtbot):  # noqa: F811
    window.show_page("flashpoints")
    row = next(r for r in window.flashpoints.table.model.rows if r.name == "Young voters' hustings")
    window.flashpoints.table.select_id(row.id)
    shown = window.flashpoints.reasons.toPlainText()
    assert ("A critical threat at this hustings (letter threatening violence at hustings) was reported on "
            "19/11/2026 (likelihood +4).") in shown
    assert "(impact +2)" in shown and "Dedicated officers" in row.presence
    # The candidate's why-pane lists the report, and her threat form shows the hustings it names.
    window.show_page("candidates")
    lucy = next(r for r in window.candidates.model.rows if r.name == "Lucy Marchetti")
    window.candidates.select_id(lucy.id)
    panes = window.candidate_panes
    assert "Letter threatening violence at hustings" in panes.details.toPlainText()
    panes.tabs.setCurrentWidget(panes.threats_tab)
    panes.threats.table.table.selectRow(0)
    assert panes.threats.event_choice.currentText().startswith("Young voters' hustings, 14/01/2027 18:30")
    assert panes.threats.venue.currentText() == "(none)"
