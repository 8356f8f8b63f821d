"""The app's map numbers each station as the plan's station tables do, where there is room, and marks the RVP."""

from __future__ import annotations

import dataclasses

from electionplan.domain.order import normalise_rvp_grid_ref
from electionplan.domain.plancodec import decode_snapshot
from electionplan.gui.map_view import MapView
from electionplan.report.mapscene import build_scene, build_seat_scenes
from tests.conftest import AS_AT, assess_stored


def _view(qtbot, scene) -> MapView:
    view = MapView()
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    view.show_scene(scene)
    return view


def _labels(view: MapView) -> list:
    return [item for item in view._markers if hasattr(item, "text") and item.data(0) is None]


def _assert_clear(view: MapView) -> None:
    """No label covers another or a marker, and none is cut at the map's edge."""
    screen = [label.deviceTransform(view.viewportTransform()).mapRect(label.boundingRect()) for label in _labels(view)]
    marks = [item.deviceTransform(view.viewportTransform()).mapRect(item.boundingRect()).adjusted(1, 1, -1, -1)
             for item in view._markers if item.data(0) in ("station", "venue", "rvp")]
    assert all(not a.intersects(b) for n, a in enumerate(screen) for b in screen[n + 1:] + marks)
    assert all(view.viewport().rect().contains(box.toRect()) for box in screen)


def test_zoomed_in_the_map_numbers_stations_as_the_pdf_does_without_overlap(qtbot, sample_snapshot, rules):
    snapshot = decode_snapshot(sample_snapshot)
    assessment = assess_stored(sample_snapshot, rules, AS_AT)
    scene = build_scene(snapshot, assessment, detail=800)
    view = _view(qtbot, scene)
    assert "Station number" in view.legend.accessibleName() and "RVP" not in view.legend.accessibleName()
    pdf_keys = {p.id: p.key for seat in build_seat_scenes(snapshot, assessment).values() for p in seat.points
                if p.entity == "station"}
    station = next(p for p in scene.points if p.entity == "station" and not p.flagged)
    assert view.zoom_to_record("station", station.id, span_m=4000)
    shown = {label.text() for label in _labels(view)}
    keys = {p.key for p in scene.points if p.entity == "station"}
    assert station.key in shown and len(shown & keys) >= 5
    assert all(p.key == pdf_keys[p.id] for p in scene.points if p.entity == "station")
    _assert_clear(view)
    # Fitted to the whole plan, grouped stations carry no number and no number is forced onto another.
    view.fit()
    _assert_clear(view)
    assert {label.text() for label in _labels(view)} & keys

def test_the_rvp_is_marked_labelled_and_keyed_when_the_plan_records_one(qtbot, sample_snapshot, rules):
    snapshot = decode_snapshot(sample_snapshot)
    snapshot = dataclasses.replace(snapshot, order=dataclasses.replace(
        snapshot.order, rvp_grid_ref=normalise_rvp_grid_ref("386500, 317800")))  # stored as the order stores it
    view = _view(qtbot, build_scene(snapshot, assess_stored(sample_snapshot, rules, AS_AT), detail=800))
    assert "RVP (rendezvous point)" in view.legend.accessibleName()
    marks = [item for item in view._markers if item.data(0) == "rvp"]
    assert len(marks) == 1  # at the recorded place (a ten-figure reference names a metre square: its centre)
    assert abs(marks[0].pos().x() - 386500) <= 1 and abs(-marks[0].pos().y() - 317800) <= 1
    assert "RVP" in {label.text() for label in _labels(view)}
    view.zoom_to_record("station", next(p.id for p in view._points if p.entity == "station"), span_m=800)
    view.fit()  # grouped stations around it, and still the RVP stands on its own
    assert len([item for item in view._markers if item.data(0) == "rvp"]) == 1
