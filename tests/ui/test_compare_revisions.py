"""Any two revisions compared in the app, or a revision with the plan as it is now."""

from __future__ import annotations

import pytest


@pytest.fixture
def window_plan(sample_plan_path, cli):
    """The sample with two issued revisions and a live edit since the second."""
    assert cli("--as", "Insp. Rachel Donnelly", "revise", sample_plan_path, "-m", "First").returncode == 0
    assert cli("edit", sample_plan_path, "station", "1", "--set", "name=Ashcombe Magna Library <b>Annexe</b>").returncode == 0
    assert cli("--as", "Insp. Rachel Donnelly", "revise", sample_plan_path, "-m", "Second").returncode == 0
    assert cli("edit", sample_plan_path, "station", "2", "--set", "electorate=3990").returncode == 0
    return sample_plan_path


@pytest.fixture
def window_page():
    return "revisions"


def _select(window, number: str) -> str:
    table = window.revisions.table
    row = next(n for n in range(table.model.rowCount()) if table.model.row_dict(n).number == number)
    table.table.selectRow(table.proxy.mapFromSource(table.model.index(row, 0)).row())
    return window.revisions.changes.toPlainText()


def _compare_with(window, choice) -> str:
    combo = window.revisions.compare
    combo.setCurrentIndex(combo.findData(choice))
    return window.revisions.changes.toPlainText()


def test_a_revision_is_compared_with_the_one_before_the_live_plan_or_any_other(window):
    numbers = [window.revisions.table.model.row_dict(n).number for n in range(window.revisions.table.model.rowCount())]
    first, second = sorted(numbers)
    text = _select(window, second)
    assert f"Changes from revision {first} to revision {second}" in text
    assert "Ashcombe Magna Library <b>Annexe</b>" in text  # plain text: the name is escaped, not markup
    live = _compare_with(window, "live")
    assert f"Changes from revision {second} to the plan as it is now" in live and "3990" in live.replace(",", "")
    assert "Annexe" not in live
    _select(window, first)
    both = _compare_with(window, "live")
    assert "Annexe" in both and "3990" in both.replace(",", "")
    assert "Changes from revision" in _compare_with(window, second) and "Annexe" in window.revisions.changes.toPlainText()
    assert "Choose another revision" in _compare_with(window, first)


def test_every_choice_of_comparison_is_read_in_full(qtbot, window_plan):
    # The box was sized when the window first showed, empty, before a plan's revisions filled it: "the revis".
    from electionplan.gui.main_window import MainWindow

    win = MainWindow()
    win.resize(1366, 768)
    win.show()
    win.show_page("revisions")
    try:
        win.open_plan(window_plan)
        qtbot.waitUntil(lambda: win.revisions.compare.count() >= 4)
        combo = win.revisions.compare
        widest = max(combo.fontMetrics().horizontalAdvance(combo.itemText(n)) for n in range(combo.count()))
        qtbot.waitUntil(lambda: combo.width() >= widest + 20)  # the text and the arrow, once laid out
    finally:
        win.controller.undo_stack.setClean()
        win.close()
        win.deleteLater()


def test_the_revisions_table_holds_typed_rows_in_the_document_controls_words(window):
    from electionplan.gui.rows import RevisionRow
    from electionplan.services.revisions import list_revisions, revision_rows

    rows = window.revisions.table.model.rows
    assert rows and all(isinstance(row, RevisionRow) for row in rows)
    control = revision_rows(list_revisions(window.controller.plan))
    assert [(r.number, r.date, r.author, r.status, r.note) for r in rows] == [
        (c["number"], c["date"], c["author"], c["status"], c["note"]) for c in control]
    assert [r.note for r in rows] == ["First", "Second"] and {r.author for r in rows} == {"Insp. Rachel Donnelly"}
    assert all(len(r.date) == 16 and r.date[2] == r.date[5] == "/" for r in rows)  # DD/MM/YYYY HH:MM
    model = window.revisions.table.model
    shown = [model.index(n, 0).data() for n in range(model.rowCount())]
    assert shown == [r.number for r in rows]
