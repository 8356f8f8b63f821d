"""The app warns of a polling day in the past on the Needs attention page, as at the day it is opened."""

from __future__ import annotations

import datetime as dt

from electionplan.gui import view_data
from electionplan.gui.main_window import MainWindow
from electionplan.services.attention import DATES


def test_a_past_polling_day_is_the_first_urgent_item(qtbot, tmp_path, cli, monkeypatch):
    plan = tmp_path / "p.eplan"
    assert cli("new", plan, "--name", "County elections", "--kind", "local", "--force", "Test",
               "--polling-day", "2027-05-06").returncode == 0
    monkeypatch.setattr(view_data, "today_london", lambda: dt.date(2027, 5, 20))
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_plan(plan)
    first = window.attention._items[0]
    assert (first.category, first.urgent) == (DATES, True)
    assert first.text == "Polling day 06/05/2027 is in the past (14 days before today, 20/05/2027); check the date."
    monkeypatch.setattr(view_data, "today_london", lambda: dt.date(2027, 5, 1))
    window.open_plan(plan)
    assert not any(item.category == DATES for item in window.attention._items)
    window.controller.undo_stack.setClean()
