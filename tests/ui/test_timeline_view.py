"""The timeline page over the sample plan's events, clicked as a user would."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from electionplan.gui.timeline_view import TimelineView
from electionplan.services.timeline import timeline_events
from tests.conftest import AS_AT, assess_stored


def test_days_polling_day_flashpoints_and_clicks(qtbot, sample_snapshot, rules):
    events = timeline_events(assess_stored(sample_snapshot, rules, AS_AT).events)
    election = sample_snapshot["election"]
    polling_day = dt.date.fromisoformat(election["polling_day"])
    first, last = min(e.start.date() for e in events), dt.date.fromisoformat(election["count_date"])
    view = TimelineView()
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.set_events(events, first, last, polling_day)
    view.show()
    qtbot.waitExposed(view)
    view.canvas.repaint()
    canvas = view.canvas
    assert canvas.days[0] == first and canvas.days[-1] == last and polling_day in canvas.days
    flashpoints = [e for e in events if e.flashpoint]
    assert f"{len(events)} events, {len(flashpoints)} flashpoints" in view.note.text()
    target = flashpoints[0]
    block = canvas.block_of(target.id)
    assert block is not None
    with qtbot.waitSignal(view.event_clicked) as clicked:
        qtbot.mouseClick(canvas, Qt.LeftButton, pos=block.center().toPoint())
    assert clicked.args == [target.id]
    earliest = min(events, key=lambda e: e.start.time())
    latest = max(events, key=lambda e: e.start.time())
    assert earliest.start.time() < latest.start.time()
    assert canvas.block_of(earliest.id).left() < canvas.block_of(latest.id).left()
