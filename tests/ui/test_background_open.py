"""A national plan opens in the background: the window stays usable, says what it is doing,
and shows nothing of the plan it showed before.

The sample is small, so the threshold is lowered to make it take the national
path; the threshold itself is the only thing that differs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from electionplan.domain.errors import ElectionPlanError
from electionplan.gui import controller as controller_module


@pytest.fixture
def window_plan():
    """The window starts with no plan: each test opens one in the background."""
    return None


def test_a_national_plan_opens_in_the_background_and_then_shows_the_page_chosen(window, qtbot, sample_plan_path):
    window.controller.background_from_stations = 1
    window.open_plan(sample_plan_path)
    window.show_page("stations")
    # Opening: a notice where the pages were, the status bar busy, and nothing to edit or export yet.
    assert window.controller.opening and window.stack.currentWidget() is window.placeholder
    assert "Opening" in window.placeholder.text() and window.status_file.text() in window.placeholder.text()
    assert window.display.busy_label.isVisible() and window.display.busy_label.text() == "Opening the plan…"
    assert not window.export_menu.isEnabled() and not any(a.isEnabled() for a in window.plan_actions)
    with qtbot.waitSignal(window.controller.plan_shown, timeout=60_000):
        pass
    assert window.stack.currentWidget() is window.station_panes
    assert window.stations.model.rowCount() == len(window.controller.snapshot.stations) > 0
    assert window.export_menu.isEnabled() and all(a.isEnabled() for a in window.plan_actions)
    assert not window.display.busy_label.isVisible()
    assert "changed level" not in window.statusBar().currentMessage()  # opening moved nothing


def test_the_last_plan_is_never_shown_while_the_next_opens(window, qtbot, sample_plan_path, tmp_path):
    if not isinstance(sample_plan_path, Path):
        pytest.skip("a second plan is a copy of the file")
    window.open_plan(sample_plan_path)
    window.show_page("candidates")
    assert window.candidates.model.rowCount() > 0
    second = tmp_path / "second.eplan"
    shutil.copy(sample_plan_path, second)
    window.controller.background_from_stations = 1
    window.open_plan(second)
    assert window.stack.currentWidget() is window.placeholder
    assert window.candidates.model.rowCount() == 0 and window.stations.model.rowCount() == 0
    assert window.controller.snapshot is None
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.candidate_panes, timeout=60_000)
    assert window.candidates.model.rowCount() > 0


def test_a_plan_that_cannot_be_read_in_the_background_says_so_and_leaves_no_plan_open(
        window, qtbot, sample_plan_path, monkeypatch):
    def unreadable(*_args, **_kwargs):
        raise ElectionPlanError("the stations table is damaged")

    monkeypatch.setattr(controller_module, "build_view_data", unreadable)
    shown = []
    monkeypatch.setattr(window, "show_error", shown.append)
    window.controller.background_from_stations = 1
    window.open_plan(sample_plan_path)
    qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
    assert shown == ["The plan could not be opened: the stations table is damaged"]
    assert window.controller.plan is None and not window.controller.opening
    assert window.stack.currentWidget() is window.placeholder and "No plan is open" in window.placeholder.text()
    assert window.status_file.text() == "No plan open" and not window.export_menu.isEnabled()
