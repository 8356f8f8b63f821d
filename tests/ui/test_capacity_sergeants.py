"""Sergeants in the app: typed into the capacity grid as a user types them, undone, refused in words beside the cell
when they outnumber the officers, and shown per shift on the Deployment page as the command line's account gives them.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QSpinBox

from tests.conftest import call, ok, plan_sql
from tests.core.shifts import with_ratio

POLLING_LATE = (dt.date(2027, 1, 21), "late")
FIRST_NIGHT = dt.date(2026, 12, 14)


@pytest.fixture
def window_plan(sample_plan_path, tmp_path):
    """The sample, with a force ruleset that sets a supervision ratio of one sergeant to two officers, and no
    officers recorded for the campaign's first night."""
    force = tmp_path / "force.toml"
    force.write_text(with_ratio(2), encoding="utf-8")
    ok("ruleset", sample_plan_path, "--set", force)
    with plan_sql(sample_plan_path) as sql:
        sql.execute("DELETE FROM officer_capacity WHERE day = ? AND shift = 'night'", (FIRST_NIGHT.isoformat(),))
    return sample_plan_path


@pytest.fixture
def grid(window, qtbot):
    window.show_page("resources")
    dialog = window.insight.edit_capacity_grid()
    qtbot.addWidget(dialog)
    dialog.show()
    yield dialog.editor
    dialog.close()


def sergeants_cell(editor, day: dt.date, shift: str):
    model = editor.model
    return model.index(model.days.index(day), 3 + ("early", "late", "night").index(shift))


def grid_column_is_sergeants(index) -> bool:
    return index.model().headerData(index.column(), Qt.Horizontal).endswith("sergeants")


def type_into(editor, qtbot, index, text: str) -> None:
    """Into the cell as a user types: the table's own editor opened on it, the text typed, Enter pressed."""
    view = editor.grid_table
    view.setFocus()
    view.setCurrentIndex(index)
    view.edit(index)
    field = view.indexWidget(index)
    # A sergeants cell opens a line, so a blank (not recorded) can be typed; an officers cell a number box.
    assert isinstance(field, QLineEdit if grid_column_is_sergeants(index) else QSpinBox)
    field.selectAll()
    qtbot.keyClicks(field, text) if text else field.clear()
    qtbot.keyClick(field, Qt.Key_Return)
    qtbot.waitUntil(lambda: view.indexWidget(index) is None)  # the table commits the typed text once Enter is read


def stored_sergeants(plan, day: dt.date, shift: str):
    with plan_sql(plan) as sql:
        return sql.execute("SELECT sergeants FROM officer_capacity WHERE day = ? AND shift = ?",
                           (day.isoformat(), shift)).fetchone()[0]


def deployment_row(window, day: dt.date, shift: str):
    window.show_page("deployment")
    page = window.deployment
    n = next(n for n, r in enumerate(page.shifts.rows) if (r.date, r.shift) == (f"{day:%d/%m/%Y}", shift.capitalize()))
    page.shift_table.selectRow(n)
    return page, n


def json_shift(plan, day: dt.date, shift: str) -> dict:
    shifts = json.loads(ok("deploy", plan, "--json", "--shift", f"{day.isoformat()}:{shift}"))["shifts"]
    return shifts[0]


def test_sergeants_typed_into_the_grid_are_kept_shown_in_the_shifts_account_and_undone(window, grid, qtbot,
                                                                                      window_plan):
    day, shift = POLLING_LATE
    assert stored_sergeants(window_plan, day, shift) is None
    cell = sergeants_cell(grid, day, shift)
    assert cell.data() == "–" and grid.model.headerData(cell.column(), Qt.Horizontal) == "Late\nsergeants"
    type_into(grid, qtbot, cell, "2")
    assert stored_sergeants(window_plan, day, shift) == 2 and cell.data() == "2"
    assert window.controller.undo_stack.undoText() == "Set capacity for 1 shift"
    page, n = deployment_row(window, day, shift)
    account = json_shift(window_plan, day, shift)
    shown = page.shifts.index(n, [c.key for c in page.shifts.columns].index("sergeants_recorded"))
    needed = page.shifts.index(n, [c.key for c in page.shifts.columns].index("sergeants_needed"))
    # The figures and words are the command line's account of the same shift.
    assert account["sergeants_on_duty"] == 2 and shown.data() == "2"
    assert account["sergeants_needed"] > 2 and needed.data() == f"{account['sergeants_needed']:,}"
    assert page.summary.text().endswith(account["summary"])
    assert f"The shift needs {account['sergeants_needed']} sergeants to supervise at 1:2; 2 recorded." in \
        page.summary.text()
    window.controller.undo_stack.undo()
    assert stored_sergeants(window_plan, day, shift) is None
    page, n = deployment_row(window, day, shift)
    assert shown.model().index(n, shown.column()).data() == "Not recorded"
    assert "recorded." not in page.summary.text() and page.summary.text().endswith(
        json_shift(window_plan, day, shift)["summary"])


def test_more_sergeants_than_officers_are_refused_in_words_beside_the_cell_and_nothing_is_kept(window, grid, qtbot,
                                                                                              window_plan):
    day, shift = POLLING_LATE
    officers = grid.model.grid[(day, shift)]
    steps = window.controller.undo_stack.count()
    cell = sergeants_cell(grid, day, shift)
    type_into(grid, qtbot, cell, str(officers + 1))
    reason = (f"Sergeants ({officers + 1}) cannot be more than the shift's officers ({officers}): they are counted "
              "among them.")
    assert grid.status.text() == f"Not saved (Thu 21/01/2027 late sergeants): {reason}"
    assert cell.data() == "–" and cell.data(Qt.ToolTipRole) == reason and cell.data(Qt.BackgroundRole) is not None
    assert stored_sergeants(window_plan, day, shift) is None and window.controller.undo_stack.count() == steps
    # The same check as the command line's edit of one shift.
    with plan_sql(window_plan) as sql:
        record = sql.execute("SELECT id FROM officer_capacity WHERE day = ? AND shift = ?",
                             (day.isoformat(), shift)).fetchone()[0]
    code, _, err = call("edit", window_plan, "officer_capacity", str(record), "--set", f"sergeants={officers + 1}")
    assert code == 1 and reason in err
    # Then a good figure clears the refusal from the cell.
    type_into(grid, qtbot, cell, str(officers))
    assert stored_sergeants(window_plan, day, shift) == officers and cell.data(Qt.ToolTipRole) != reason


def test_a_blank_sergeants_cell_is_not_recorded_and_a_shift_without_officers_takes_none(window, grid, qtbot,
                                                                                       window_plan):
    day, shift = POLLING_LATE
    cell = sergeants_cell(grid, day, shift)
    type_into(grid, qtbot, cell, "3")
    assert stored_sergeants(window_plan, day, shift) == 3
    type_into(grid, qtbot, cell, "")
    assert stored_sergeants(window_plan, day, shift) is None and cell.data() == "–"
    type_into(grid, qtbot, cell, "three")
    assert "'three' was not kept: give a whole number of sergeants" in grid.status.text()
    # A night with no officers recorded: its sergeants are refused, and said so.
    empty = FIRST_NIGHT
    assert (empty, "night") not in grid.model.grid
    type_into(grid, qtbot, sergeants_cell(grid, empty, "night"), "1")
    assert "has no officers recorded: record its officers before its sergeants" in grid.status.text()
    with plan_sql(window_plan) as sql:
        assert sql.execute("SELECT count(*) FROM officer_capacity WHERE day = ? AND shift = 'night'",
                           (empty.isoformat(),)).fetchone()[0] == 0


def test_officers_typed_below_the_recorded_sergeants_are_refused_and_put_back(window, grid, qtbot, window_plan):
    day, shift = POLLING_LATE
    officers = grid.model.grid[(day, shift)]
    type_into(grid, qtbot, sergeants_cell(grid, day, shift), "5")
    column = ("early", "late", "night").index(shift)
    cell = grid.model.index(grid.model.days.index(day), column)
    type_into(grid, qtbot, cell, "4")
    assert "Sergeants (5) cannot be more than the shift's officers (4)" in grid.status.text()
    assert cell.data(Qt.EditRole) == officers and "Thu 21/01/2027 late officers" in grid.status.text()
    with plan_sql(window_plan) as sql:
        assert sql.execute("SELECT officers, sergeants FROM officer_capacity WHERE day = ? AND shift = ?",
                           (day.isoformat(), shift)).fetchone() == (officers, 5)


def test_set_capacity_takes_a_shifts_sergeants_and_says_a_refusal_in_the_dialog_kept_open(window, qtbot, monkeypatch,
                                                                                          window_plan):
    from electionplan.gui.dialogs import CapacityDialog

    day, shift = POLLING_LATE
    window.show_page("resources")
    page = window.resources
    row = next(r for r in page.model.rows if (r.date_iso, r.shift) == (day.isoformat(), shift.capitalize()))
    officers = row.available
    said = []

    def answer(dialog: CapacityDialog) -> int:
        assert dialog.sergeants.text() == "" and dialog.sergeants.placeholderText() == "Not recorded"
        qtbot.keyClicks(dialog.sergeants, str(officers + 1))
        dialog.keep()
        said.append(dialog.problem.text())
        assert not dialog.problem.isHidden() and dialog.result() != CapacityDialog.Accepted  # kept open
        assert stored_sergeants(window_plan, day, shift) is None
        dialog.sergeants.clear()
        qtbot.keyClicks(dialog.sergeants, "4")
        dialog.keep()
        return dialog.result()

    monkeypatch.setattr(CapacityDialog, "exec", answer)
    page.edit_requested.emit(row)
    assert said == [f"Sergeants ({officers + 1}) cannot be more than the shift's officers ({officers}): they are "
                    "counted among them."]
    assert stored_sergeants(window_plan, day, shift) == 4
    window.controller.undo_stack.undo()
    assert stored_sergeants(window_plan, day, shift) is None
