"""Desktop habits on every table page: keys, multi-select, context menu, Tab and names."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from electionplan.gui.pages import candidates_page
from electionplan.report.rows import candidate_rows
from electionplan.services.assessment import assess_plan_file


@pytest.fixture
def page(qtbot, sample_plan):
    assessed = assess_plan_file(sample_plan)
    page = candidates_page()
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.set_rows(candidate_rows(assessed.snapshot, assessed.assessment))
    page.show()
    qtbot.waitExposed(page)
    return page


def name_of(row):
    return row.name


def test_ctrl_f_focuses_the_search(page, qtbot):
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key_F, Qt.ControlModifier)
    assert QApplication.focusWidget() is page.search


@pytest.mark.parametrize("key", [Qt.Key_Return, Qt.Key_Enter, Qt.Key_F2])
def test_enter_and_f2_edit_the_current_row(page, qtbot, key):
    page.table.setFocus()
    page.table.selectRow(2)
    expected = page.model.row_dict(page.proxy.mapToSource(page.proxy.index(2, 0)).row())
    with qtbot.waitSignal(page.edit_requested) as edited:
        qtbot.keyClick(page.table, key)
    assert name_of(edited.args[0]) == name_of(expected)


def test_delete_asks_for_one_row_or_several(page, qtbot):
    page.table.setFocus()
    page.table.selectRow(1)
    with qtbot.waitSignal(page.delete_requested):
        qtbot.keyClick(page.table, Qt.Key_Delete)
    page.table.selectRow(0)
    qtbot.mouseClick(page.table.viewport(), Qt.LeftButton, Qt.ControlModifier,
                     page.table.visualRect(page.proxy.index(3, 0)).center())
    assert len(page.selected_records()) == 2
    with qtbot.waitSignal(page.delete_many_requested) as many:
        qtbot.keyClick(page.table, Qt.Key_Delete)
    assert sorted(name_of(r) for r in many.args[0]) == sorted(name_of(r) for r in page.selected_records())


def test_context_menu_offers_the_actions_and_copy(page, qtbot):
    page.table.selectRow(0)
    menu = page.context_menu()
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts == ["Add candidate…", "Edit…", "Delete…", "Copy", "Sort by Candidate, ascending\tAlt+Up",
                     "Sort by Candidate, descending\tAlt+Down"]
    copy = next(a for a in menu.actions() if a.text() == "Copy")
    copy.trigger()
    lines = QApplication.clipboard().text().splitlines()
    assert lines[0].split("\t")[0] == "Candidate"
    assert lines[1].split("\t")[0] == page.proxy.index(0, 0).data()


def test_tab_leaves_the_table_and_everything_is_named(page, qtbot):
    assert not page.table.tabKeyNavigation()
    assert page.table.accessibleName() == "Candidates table"
    assert page.search.accessibleName() == "Search candidates"
    column = [c.key for c in page.model.columns].index("name")
    assert page.proxy.index(0, column).data(Qt.ToolTipRole) == page.proxy.index(0, column).data()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key_Tab)
    assert QApplication.focusWidget() is not page.table
    assert QApplication.focusWidget() is not None


def test_wait_cursor_shows_during_work_and_always_goes(qtbot):
    from electionplan.gui.busy import wait_cursor

    with wait_cursor():
        assert QApplication.overrideCursor().shape() == Qt.WaitCursor
    assert QApplication.overrideCursor() is None
    with pytest.raises(ValueError), wait_cursor():
        raise ValueError("work failed")
    assert QApplication.overrideCursor() is None


def test_every_column_stays_in_view_at_laptop_width(page, qtbot):
    page.resize(1000, 600)
    qtbot.waitUntil(lambda: page.table.viewport().width() < 1000)
    page.fit_columns()
    widths = [page.table.columnWidth(n) for n in range(page.model.columnCount())]
    assert sum(widths[:-1]) <= page.table.viewport().width()
    assert all(w >= 60 for w in widths)


def test_a_name_written_as_markup_is_shown_as_text_in_its_tooltip(qtbot):
    from PySide6.QtGui import QTextDocument

    from electionplan.gui.pages import candidates_page

    page = candidates_page()
    qtbot.addWidget(page)
    hostile = "<img src='/etc/hostname'><b>Vote here</b>"
    page.set_rows([{"id": 1, "name": hostile, "party": "Independent", "status": "", "level": "low", "score": 0.0,
                    "threats": 0, "briefing": "Not offered", "police_contact": ""},
                   {"id": 2, "name": "Jo Bloggs", "party": "Independent", "status": "", "level": "low", "score": 0.0,
                    "threats": 0, "briefing": "Not offered", "police_contact": ""}])
    column = [c.key for c in page.model.columns].index("name")
    tips = {page.model.index(r, column).data(Qt.DisplayRole): page.model.index(r, column).data(Qt.ToolTipRole)
            for r in range(2)}
    shown = QTextDocument()
    shown.setHtml(tips[hostile])
    assert shown.toPlainText() == hostile  # read back as Qt draws it: the markup is the text, not formatting
    assert tips["Jo Bloggs"] == "Jo Bloggs"  # ordinary text is left as it is
