"""A national plan is re-assessed after an edit in the background: the window stays usable and says it is busy.

The sample is small, so the threshold is lowered to make it take the national
path; the threshold itself is the only thing that differs.
"""

from __future__ import annotations

import pytest

from electionplan.db import models as m
from electionplan.gui.commands import UpdateRecordCommand
from electionplan.report.rows import StationRow


@pytest.fixture
def window_page():
    return "stations"


@pytest.fixture(autouse=True)
def _national_path(window):
    """The sample's 55 stations take the national path."""
    window.controller.background_from_stations = 1


def _station(window, name: str) -> StationRow:
    model = window.stations.model
    return next(row for row in model.rows if row.name == name)


def _edit(window, station_id: int, **changes) -> None:
    window.controller.run(UpdateRecordCommand(window.controller, m.PollingStation, station_id, changes,
                                              "Edit polling station"))


def test_an_edit_is_reassessed_in_the_background_and_only_its_rows_change(window, qtbot):
    quiet = next(r for r in window.stations.model.rows if r.rag == "green")
    before = list(window.stations.model.rows)
    resets, changed = [], []
    window.stations.model.modelReset.connect(lambda: resets.append(1))
    window.stations.model.dataChanged.connect(lambda first, last, _roles: changed.append((first.row(), last.row())))
    with qtbot.waitSignal(window.controller.reassessing, check_params_cb=lambda busy: busy is True):
        _edit(window, quiet.id, intimidation_history=True)
    # The edit is saved at once; the window shows it is working and has not frozen to do it.
    assert window.display.busy_label.isVisible() and window.display.busy_bar.isVisible()
    assert _station(window, quiet.name).rag == "green"  # not re-assessed yet
    with qtbot.waitSignal(window.controller.reassessing, timeout=60_000, check_params_cb=lambda busy: busy is False):
        pass
    assert not window.display.busy_label.isVisible()
    assert _station(window, quiet.name).rag != "green"
    assert resets == []  # the table kept its rows, sort and selection: only changed rows were repainted
    touched = {row for first, last in changed for row in range(first, last + 1)}
    now = window.stations.model.rows
    assert touched == {n for n, (old, new) in enumerate(zip(before, now, strict=True)) if old != new}
    assert "changed level" in window.statusBar().currentMessage()


def test_an_assessment_overtaken_by_a_later_edit_is_never_shown(window, qtbot):
    greens = [r for r in window.stations.model.rows if r.rag == "green"][:2]
    shown = []
    window.controller.data_changed.connect(lambda: shown.append(window.controller.view))
    _edit(window, greens[0].id, intimidation_history=True)
    _edit(window, greens[1].id, intimidation_history=True)  # before the first assessment is back
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=60_000)
    assert len(shown) == 1  # the first edit's assessment was dropped, not shown and then replaced
    assert all(_station(window, g.name).rag != "green" for g in greens)


def test_closing_the_plan_while_it_is_reassessed_leaves_nothing_running(window, qtbot):
    station = window.stations.model.rows[0]
    _edit(window, station.id, concerns="Closing while busy")
    assert window.controller.busy
    window.controller.close()
    assert not window.controller.busy and not window.controller._tasks


def test_a_view_replaced_by_an_edit_is_let_go(window, qtbot):
    """A day of edits must not keep every earlier version of a national plan in memory."""
    import gc
    import weakref

    from PySide6.QtCore import QCoreApplication, QEvent

    shown = weakref.ref(window.controller.view)
    for station in window.stations.model.rows[:3]:
        _edit(window, station.id, concerns=f"Checked {station.id}")
        qtbot.waitUntil(lambda: not window.controller.busy, timeout=60_000)
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)  # the finished tasks go
    gc.unfreeze()
    gc.collect()
    assert shown() is None
