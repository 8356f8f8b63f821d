"""A red or amber venue is always named on the app's map: where its name finds no room, a short number beside
its marker keys it to a list beside the map, as a printed map keys what it cannot name."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QGraphicsSimpleTextItem

from electionplan.gui.map_view import ENTITY_ROLE, ID_ROLE, MapView
from electionplan.report.mapscene import build_scene
from electionplan.risk.engine import assess_plan
from electionplan.services.synthetic import synthetic_snapshot
from tests.conftest import AS_AT


@pytest.fixture
def crowded(qtbot, rules, tmp_path):
    """Two constituencies holding 400 events, most at flashpoint venues, on a 1366×768 map."""
    snapshot = synthetic_snapshot(constituencies=2, stations=100, candidates=16, events=400, seed=2)
    scene = build_scene(snapshot, assess_plan(snapshot, rules, AS_AT), detail=800)
    view = MapView()
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    view.show_scene(scene)
    return view, scene


def _texts(view) -> list[str]:
    return [item.text() for item in view._markers if isinstance(item, QGraphicsSimpleTextItem)]


def test_every_flagged_venue_on_a_crowded_map_is_named_or_keyed_to_the_list_beside_it(crowded, tmp_path):
    view, scene = crowded
    flagged = {p.id: p.label for p in scene.points if p.entity == "venue" and p.flagged}
    drawn = [flagged[int(item.data(ID_ROLE))] for item in view._markers
             if item.data(ENTITY_ROLE) == "venue" and int(item.data(ID_ROLE)) in flagged]
    texts = _texts(view)
    keyed = {name: key for key, name, _level in view.venue_key.entries}
    assert drawn and keyed, "the map is crowded enough that some names find no room"
    unnamed = [name for name in drawn if name not in texts]
    assert sorted(unnamed) == sorted(keyed)  # every venue not named is keyed, and no other
    # Each keyed once, V1, V2…, its number beside its marker, and named against it in the list.
    assert sorted(keyed.values(), key=lambda k: int(k[1:])) == [f"V{n}" for n in range(1, len(keyed) + 1)]
    assert all(texts.count(key) == 1 for key in keyed.values())
    listed = " ".join(view.venue_key.toPlainText().split())
    assert listed.startswith("Flagged venues keyed on the map")
    assert all(f"{key} ■ {name} " in f"{listed} " for name, key in keyed.items()), listed
    # The list is a strip of its own beside the map, covering no marker.
    strip, port = view.venue_key.geometry(), view.viewport().geometry()
    assert view.venue_key.isVisible() and strip.left() >= port.right() and strip.width() <= 200
    # The legend above names each venue level the map draws, and no other.
    assert {level for kind, level, _ in view.legend.entries if kind == "venue"} == {
        p.level for p in scene.points if p.entity == "venue"}
    shot = tmp_path / "crowded.png"
    assert view.grab().save(str(shot))


def test_the_list_is_let_go_when_a_closer_view_names_every_flagged_venue(crowded):
    view, scene = crowded
    assert view.venue_key.isVisible()
    first = next(p for p in scene.points if p.entity == "venue" and p.flagged)
    assert view.zoom_to_record("venue", first.id, span_m=3000)
    assert view.venue_key.entries == [] and not view.venue_key.isVisible()
    assert first.label in _texts(view)
    assert view.viewport().geometry().right() >= view.width() - view.frameWidth() - 1 - (
        view.verticalScrollBar().width() if view.verticalScrollBar().isVisible() else 0)
    view.fit()  # framed afresh, the crowded whole takes its list again
    assert view.venue_key.isVisible() and view.venue_key.entries
