"""Tables a SPOC can sort and walk without a mouse."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.driving import bring_forward


def column_of(page, title: str) -> int:
    return next(n for n in range(page.proxy.columnCount()) if page.proxy.headerData(n, Qt.Horizontal) == title)


def shown(page, column: int) -> list[str]:
    return [page.proxy.index(row, column).data() for row in range(page.proxy.rowCount())]


@pytest.mark.file_store
def test_tab_reaches_the_headings_and_space_sorts_the_chosen_column(window, qtbot):
    window.show_page("stations")
    page = window.stations
    bring_forward(qtbot, page)
    header = page.table.horizontalHeader()
    page.search.setFocus()
    for _ in range(6):  # from the search box, past the buttons, to the headings
        if QApplication.focusWidget() is header:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Tab)
    assert QApplication.focusWidget() is header
    name = column_of(page, "Station")
    header.choose(0)
    for _ in range(name):
        qtbot.keyClick(header, Qt.Key_Right)
    assert header.chosen == name and "Station" in header.accessibleName()
    qtbot.keyClick(header, Qt.Key_Space)
    names = shown(page, name)
    assert names == sorted(names, key=str.lower) and names != list(reversed(names))
    qtbot.keyClick(header, Qt.Key_Space)  # again: the other way
    assert shown(page, name) == list(reversed(names))
    qtbot.keyClick(header, Qt.Key_Tab)
    assert QApplication.focusWidget() is page.table


@pytest.mark.file_store
def test_alt_and_the_arrows_sort_by_the_current_cells_column(window, qtbot):
    window.show_page("candidates")
    page = window.candidates
    bring_forward(qtbot, page)
    name = column_of(page, "Candidate")
    page.table.setCurrentIndex(page.proxy.index(0, name))
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key_Down, Qt.AltModifier)
    descending = shown(page, name)
    assert descending == sorted(descending, key=str.lower, reverse=True)
    qtbot.keyClick(page.table, Qt.Key_Up, Qt.AltModifier)
    assert shown(page, name) == list(reversed(descending))
    labels = [a.text() for a in page.context_menu().actions()]
    assert "Sort by Candidate, ascending\tAlt+Up" in labels
