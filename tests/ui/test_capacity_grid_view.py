"""Capacity in bulk through the grid editor, over the sample plan's campaign."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from electionplan.gui.capacity_grid_view import CapacityGridEditor
from electionplan.services.capacity_grid import CapacityCell, campaign_days


@pytest.fixture
def editor(qtbot, sample_snapshot):
    election = sample_snapshot["election"]
    days = campaign_days(dt.date.fromisoformat(election["notice_date"]), dt.date.fromisoformat(election["count_date"]))
    cells = [CapacityCell(dt.date.fromisoformat(r["day"]), r["shift"], r["officers"]) for r in sample_snapshot["capacity"]]
    widget = CapacityGridEditor(days, cells, dt.date.fromisoformat(election["polling_day"]))
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    return widget


def test_typing_into_a_cell_emits_just_that_cell(editor, qtbot, qtmodeltester):
    qtmodeltester.check(editor.model, force_py=True)
    index = editor.model.index(3, 1)
    editor.grid_table.setCurrentIndex(index)
    with qtbot.waitSignal(editor.capacity_changed) as changed:
        editor.model.setData(index, "17")
    assert changed.args == [[CapacityCell(editor.model.days[3], "late", 17)]]
    assert index.data() == "17" and index.data(Qt.EditRole) == 17
    assert not editor.model.setData(index, "seventeen") and not editor.model.setData(index, "-3")


def test_polling_day_is_marked(editor):
    row = editor.model.days.index(editor.model.polling_day)
    assert "Polling day" in editor.model.headerData(row, Qt.Vertical)
    assert editor.model.index(row, 0).data(Qt.BackgroundRole) is not None


def test_weekly_pattern_then_copy_forward(editor, qtbot):
    for weekday in range(7):
        for column in range(3):
            editor.pattern.setData(editor.pattern.index(weekday, column), str(10 * weekday + column))
    with qtbot.waitSignal(editor.capacity_changed) as changed:
        editor.apply_button.click()
    model = editor.model
    for n, day in enumerate(model.days):
        assert [model.index(n, c).data(Qt.EditRole) for c in range(3)] == [10 * day.weekday() + c for c in range(3)]
    assert len(changed.args[0]) > 0 and "changed" in editor.status.text()
    editor.grid_table.setCurrentIndex(model.index(0, 0))
    target = model.days[4]
    editor.through.setDate(editor.through.date().addDays((target - model.days[-1]).days))
    with qtbot.waitSignal(editor.capacity_changed) as copied:
        editor.copy_button.click()
    assert {c.day for c in copied.args[0]} == set(model.days[1:5])
    assert [model.index(4, c).data(Qt.EditRole) for c in range(3)] == [model.index(0, c).data(Qt.EditRole) for c in range(3)]
    assert [model.index(5, c).data(Qt.EditRole) for c in range(3)] == [10 * model.days[5].weekday() + c for c in range(3)]
