"""The "needs attention" page, driven through its real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from electionplan.gui.attention_view import AttentionView
from electionplan.services.attention import BRIEFINGS, UNLOCATED, Target, attention_items
from tests.conftest import AS_AT, assess_stored


@pytest.fixture
def view(qtbot, sample_snapshot, rules):
    sample_snapshot["candidates"][1].update(briefing_offered=None)
    sample_snapshot["stations"][3].update(easting=None, northing=None)
    items = attention_items(sample_snapshot, assess_stored(sample_snapshot, rules, AS_AT), AS_AT)
    view = AttentionView()
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.set_items(items)
    view.show()
    return view, items, sample_snapshot


def test_items_are_listed_and_filtered_by_category(view):
    page, items, _ = view
    assert page.table.model.rowCount() == len(items)
    assert page.summary.text().startswith(f"{len(items)} items in ")
    page.category.setCurrentIndex(page.category.findData(BRIEFINGS))
    assert {i.category for i in page.shown_items()} == {BRIEFINGS}
    assert len(page.shown_items()) == sum(1 for i in items if i.category == BRIEFINGS)


def test_opening_an_item_emits_its_target(view, qtbot):
    page, items, snapshot = view
    page.category.setCurrentIndex(page.category.findData(UNLOCATED))
    row = next(r for r in range(page.table.proxy.rowCount())
               if page.shown_items()[r].target == Target("station", snapshot["stations"][3]["id"]))
    index = page.table.proxy.index(row, 2)
    page.table.table.setCurrentIndex(index)
    centre = page.table.table.visualRect(index).center()
    qtbot.mouseClick(page.table.table.viewport(), Qt.LeftButton, pos=centre)
    with qtbot.waitSignal(page.open_requested) as opened:
        qtbot.mouseDClick(page.table.table.viewport(), Qt.LeftButton, pos=centre)
    assert opened.args == [Target("station", snapshot["stations"][3]["id"])]
    with qtbot.waitSignal(page.open_requested) as opened:
        page.open_button.click()
    assert opened.args[0].kind == "station"


def test_an_empty_list_says_so(qtbot):
    page = AttentionView()
    qtbot.addWidget(page)
    page.set_items([])
    assert page.summary.text() == "Nothing needs attention."
