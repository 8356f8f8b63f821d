"""A steady window: a notice never moves a control, and the status bar says one true thing."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint

from electionplan.gui.record_dialog import RecordDialog
from tests.conftest import plan_sql
from tests.ui.driving import fill_and_ok, import_dialog


def where(window, *widgets) -> list[QPoint]:
    return [w.mapTo(window, QPoint(0, 0)) for w in widgets]


@pytest.mark.file_store
def test_saying_what_an_incident_moved_leaves_the_buttons_where_they_were(window, qtbot, monkeypatch):
    page = window.incidents
    window.show_page("incidents")
    qtbot.waitUntil(lambda: page.add_button.isVisible())
    before = where(window, page.search, page.add_button, page.edit_button, page.table)

    def fill(dialog: RecordDialog) -> None:
        dialog.widgets["occurred_at"].set_value(dt.datetime(2027, 1, 20, 21, 0))
        dialog.widgets["kind"].setText("Threats to candidate")
        dialog.widgets["severity"].setCurrentIndex(dialog.widgets["severity"].findText("High"))
        picker = dialog.widgets["candidate_id"]
        picker.setCurrentIndex(picker.findText("Lucy Marchetti"))

    monkeypatch.setattr(RecordDialog, "exec", fill_and_ok(fill))
    page.add_button.click()
    qtbot.waitUntil(lambda: page.banner.isVisible())
    assert "changed level" in page.banner.text()
    assert where(window, page.search, page.add_button, page.edit_button, page.table) == before


@pytest.mark.file_store
def test_a_review_falling_overdue_shows_its_banner_without_moving_a_control(window, qtbot, sample_plan_path):
    window.show_page("stations")
    page = window.stations
    with plan_sql(sample_plan_path) as sql:  # a review due far ahead, whatever today is
        sql.execute("UPDATE plan SET next_review_date = '2099-01-01'")
    window.controller.reassess()
    qtbot.waitUntil(lambda: window.banner.isHidden() and page.add_button.isVisible(), timeout=60_000)
    before = where(window, page.search, page.add_button, page.table, window.nav)
    with plan_sql(sample_plan_path) as sql:
        sql.execute("UPDATE plan SET next_review_date = '2020-01-01'")
    window.controller.reassess()  # F5, or a colleague's change heard: the same refresh as after an edit
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=60_000)
    assert "overdue" in window.banner.text()
    assert where(window, page.search, page.add_button, page.table, window.nav) == before
    assert window.banner.mapTo(window, QPoint(0, 0)).y() > page.table.mapTo(window, QPoint(0, 0)).y()


@pytest.mark.file_store
def test_rows_an_import_left_out_reach_needs_attention_from_the_typed_outcome(window, qtbot, tmp_path):
    path = tmp_path / "clash.csv"
    path.write_text("Ref,Venue title,PC,East,North\nX1,Extra Hall,AW1 9ZZ,386000,318000\nX2,,AW1 9ZY,386100,318100\n"
                    "X1,Other Hall,AW1 9ZZ,386200,318200\n")
    dialog = import_dialog(window, qtbot, path, "stations")
    combos = dialog.mapping_combos
    for field, column in (("name", "Venue title"), ("council_id", "Ref"), ("easting", "East"), ("northing", "North")):
        combos[field].setCurrentIndex(combos[field].findText(column))
    dialog.import_button.click()
    qtbot.waitUntil(lambda: "Imported" in dialog.report.toPlainText() or "Nothing" in dialog.report.toPlainText(),
                    timeout=30_000)
    said = dialog.report.toPlainText().splitlines()
    assert said[0] == "Imported 1 stations (Plain station list)." and len(said) == len(set(said))
    dialog.accept()
    kind, unresolved, _step = window.insight.last_import
    assert kind == "stations"
    assert [line.split(":")[0] for line in unresolved] == ["skipped", "conflict"]
    assert "row 3" in unresolved[0] and "row 4" in unresolved[1]
