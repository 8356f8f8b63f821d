"""A steady window: a notice never moves a control, and the status bar says one true thing."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint

from electionplan.gui.record_dialog import RecordDialog
from tests.conftest import plan_sql
from tests.ui.driving import fill_and_ok


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
