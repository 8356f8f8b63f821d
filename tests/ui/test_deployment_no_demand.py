"""The Deployment page hides the shifts that ask nothing of the plan, as the Resources page does, says how many it
hides, and shows them when asked, keeping the chosen shift."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ok


@pytest.fixture
def window_page():
    return "deployment"


def key(s: dict) -> tuple[str, str]:
    return f"{s['date'][8:]}/{s['date'][5:7]}/{s['date'][:4]}", s["shift"].capitalize()


def test_the_shifts_with_no_demand_are_hidden_counted_and_shown_when_ticked(window, window_plan, qtbot):
    data = json.loads(ok("deploy", window_plan, "--json"))["shifts"]
    quiet = [key(s) for s in data if not (s["needed"] or s["allocated"] or s["unmet"] or s["unvisited"])
             and s["status"] == "Covered"]
    asking = [key(s) for s in data if key(s) not in quiet]
    page = window.deployment
    assert not page.show_all.isChecked() and page.show_all.isVisible()
    assert [(r.date, r.shift) for r in page.shifts.rows] == asking
    assert page.no_demand.hidden.text() == f"({len(quiet):,} hidden)" and page.no_demand.hidden.isVisible()
    # Choose a shift that asks; tick the box as a user would: every shift is listed, the chosen one kept.
    n = asking.index(("15/01/2027", "Late"))
    page.shift_table.selectRow(n)
    summary = page.summary.text()
    qtbot.mouseClick(page.show_all, qtbot_left())
    assert page.show_all.isChecked()
    assert [(r.date, r.shift) for r in page.shifts.rows] == [key(s) for s in data]
    assert page.no_demand.hidden.text() == ""
    current = page.shifts.rows[page.shift_table.currentIndex().row()]
    assert (current.date, current.shift) == ("15/01/2027", "Late") and page.summary.text() == summary
    # A quiet shift chosen, then hidden again: the page falls back to the first shift that asks.
    page.shift_table.selectRow([(r.date, r.shift) for r in page.shifts.rows].index(quiet[0]))
    assert "nothing needed" in page.summary.text() and page.items.rows == []
    page.show_all.setChecked(False)
    current = page.shifts.rows[page.shift_table.currentIndex().row()]
    assert (current.date, current.shift) == asking[0] and page.summary.text().startswith(" ".join(asking[0]))
    # A what-if keeps the filter: the quiet shifts stay hidden, and their count stays beside the box.
    page.scale.setValue(2.0)
    assert [(r.date, r.shift) for r in page.shifts.rows] == asking
    assert page.no_demand.hidden.text() == f"({len(quiet):,} hidden)"


def qtbot_left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
