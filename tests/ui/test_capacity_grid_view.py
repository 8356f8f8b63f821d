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
    polling = model.days.index(model.polling_day)
    for n, day in enumerate(model.days):
        if n != polling:
            assert [model.index(n, c).data(Qt.EditRole) for c in range(3)] == [10 * day.weekday() + c for c in range(3)]
    assert model.polling_day not in {c.day for c in changed.args[0]}  # its own figures are kept
    assert len(changed.args[0]) > 0 and "changed" in editor.status.text() and "Polling day was kept" in editor.status.text()
    editor.grid_table.setCurrentIndex(model.index(0, 0))
    target = model.days[4]
    editor.through.setDate(editor.through.date().addDays((target - model.days[-1]).days))
    with qtbot.waitSignal(editor.capacity_changed) as copied:
        editor.copy_button.click()
    assert {c.day for c in copied.args[0]} == set(model.days[1:5])
    assert [model.index(4, c).data(Qt.EditRole) for c in range(3)] == [model.index(0, c).data(Qt.EditRole) for c in range(3)]
    assert [model.index(5, c).data(Qt.EditRole) for c in range(3)] == [10 * model.days[5].weekday() + c for c in range(3)]


@pytest.mark.parametrize("typed", ["-7", "2500000", "ten"])
def test_a_value_that_is_not_a_number_of_officers_is_refused_aloud(editor, typed):
    index = editor.model.index(2, 1)
    before = index.data(Qt.EditRole)
    assert not editor.model.setData(index, typed, Qt.EditRole)
    assert index.data(Qt.EditRole) == before
    assert editor.status.text() == f"'{typed}' was not kept: give a whole number of officers from 0 to 100,000."


def test_a_weekly_pattern_value_that_is_not_a_number_of_officers_is_refused_aloud(editor):
    index = editor.pattern.index(1, 2)
    before = index.data(Qt.EditRole)
    assert not editor.pattern.setData(index, "lots", Qt.EditRole)
    assert index.data(Qt.EditRole) == before
    assert editor.status.text() == "'lots' was not kept: give a whole number of officers from 0 to 100,000."
