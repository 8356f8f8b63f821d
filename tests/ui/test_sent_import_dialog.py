"""File > Import offers the lists a SPOC is sent, and the dialog imports them as the command line does."""

from __future__ import annotations

from tests.ui.driving import import_dialog


def _finished(dialog) -> bool:
    return dialog.task is not None and not dialog.task.running and "…" not in dialog.report.toPlainText()


def test_the_import_menu_offers_events_threats_and_capacity(window):
    from electionplan.gui.import_dialog import IMPORT_MENU
    from electionplan.services.imports import IMPORT_KINDS

    labels = [action.text().replace("&", "") for action in window.import_menu.actions()]
    assert {"Events (hustings, visits)…", "Threat reports…", "Duty capacity…"} <= set(labels)
    assert sorted(kind for kind, _ in IMPORT_MENU) == sorted(IMPORT_KINDS)  # the app offers all the command line does


def test_an_events_list_imported_through_the_dialog_shows_on_the_events_page(window, qtbot, tmp_path, store):
    path = tmp_path / "hustings.csv"
    path.write_text("Event Name,Type,Date,Start Time,End Time,Venue,Postcode,Candidates\n"
                    "Rotary Club hustings,Hustings,08/01/2027,19:00,21:00,Wyvernbridge Town Hall,AW1 1TH,"
                    "Margaret Ellery-Stone; Daniel Okafor\n"
                    "Library question time,hustings,2027-01-09,18:00,19:30,Ashcombe Library,AW4 3CC,\n")
    dialog = import_dialog(window, qtbot, path, "events")
    assert dialog.preview.rowCount() == 2
    assert "Start Time as start" in dialog.note_label.text()
    dialog.import_button.click()
    qtbot.waitUntil(lambda: _finished(dialog), timeout=60_000)
    assert "2 new" in dialog.report.toPlainText()
    dialog.accept()
    names = {row.name for row in window.events.model.rows}
    assert {"Rotary Club hustings", "Library question time"} <= names
    if store == "file":  # a shared plan's colleagues may have edited since, so only a file's import is undone
        assert window.controller.undo_stack.undoText() == "Import events"


def test_a_refused_list_says_the_row_and_column_in_the_dialog_and_imports_nothing(window, qtbot, tmp_path):
    before = len(window.events.model.rows)
    path = tmp_path / "hustings.csv"
    path.write_text("name,kind,start,end,venue,candidates\n"
                    "Rotary Club hustings,hustings,08/01/2027 19:00,08/01/2027 21:00,Wyvernbridge Town Hall,Nobody Known\n")
    dialog = import_dialog(window, qtbot, path, "events")
    dialog.import_button.click()
    qtbot.waitUntil(lambda: "Nothing was imported" in dialog.report.toPlainText(), timeout=60_000)
    assert "row 2, column candidates: no candidate 'Nobody Known' in the plan" in dialog.report.toPlainText()
    dialog.accept()
    assert len(window.events.model.rows) == before


def test_threat_reports_and_capacity_import_through_the_same_dialog(window, qtbot, tmp_path):
    threats = tmp_path / "threats.csv"
    threats.write_text("Candidate,Severity,Reported on,Summary,Event\n"
                       "Daniel Okafor,critical,01/12/2026,Letter threatening violence at hustings,Chamber of Commerce hustings\n")
    capacity = tmp_path / "capacity.csv"
    capacity.write_text("Date,Shift,Officers\n21/01/2027,night,30\n")
    for kind, path, words in (("threats", threats, "1 new"), ("capacity", capacity, "changed")):
        dialog = import_dialog(window, qtbot, path, kind)
        assert dialog.import_button.isEnabled() and dialog.preview.rowCount() == 1
        dialog.import_button.click()
        qtbot.waitUntil(lambda d=dialog: _finished(d), timeout=60_000)
        assert words in dialog.report.toPlainText(), dialog.report.toPlainText()
        dialog.accept()
    assert "violence" not in dialog.report.toPlainText()
