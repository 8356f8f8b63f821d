"""The rendezvous point typed on the operational order page: checked beside its field, saved as one undoable edit."""

from __future__ import annotations

from PySide6.QtCore import Qt

from electionplan.services.order import read_order


def _type(qtbot, box, text: str) -> None:
    box.clear()
    qtbot.keyClicks(box, text)


def test_the_rvp_is_typed_checked_saved_and_undone(window, qtbot):  # noqa: F811 (the window fixture)
    window.show_page("order")
    page = window.order
    assert "rendezvous point (RVP) with its grid reference" in page.gaps.text()
    _type(qtbot, page.boxes["rvp_name"], "Wyvernbridge fire station")
    _type(qtbot, page.boxes["rvp_grid_ref"], "SJ 869 18")  # seven figures: no such reference
    qtbot.mouseClick(page.save, Qt.LeftButton)
    assert "6, 8 or 10 figures" in page.rvp_error.text() and page.rvp_error.isVisibleTo(page)
    assert read_order(window.controller.plan).rvp_name == ""  # nothing saved, the name included
    _type(qtbot, page.boxes["rvp_grid_ref"], "sj 869 182")
    assert page.rvp_error.text() == ""  # typing again clears the refusal
    qtbot.mouseClick(page.save, Qt.LeftButton)
    order = read_order(window.controller.plan)
    assert (order.rvp_name, order.rvp_grid_ref) == ("Wyvernbridge fire station", "SJ 869 182")
    assert page.boxes["rvp_grid_ref"].text() == "SJ 869 182"  # shown as the plan keeps it
    assert "rendezvous point" not in page.gaps.text()
    window.controller.undo_stack.undo()  # the name and the reference were one edit
    order = read_order(window.controller.plan)
    assert (order.rvp_name, order.rvp_grid_ref) == ("", "")
    assert page.boxes["rvp_name"].text() == ""
