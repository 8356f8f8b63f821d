"""Wards on the app's map: their boundaries dashed, their names placed clear of one another."""

from __future__ import annotations

import dataclasses

import shapely

from electionplan.domain.plancodec import decode_snapshot
from electionplan.domain.plandata import WardRecord
from electionplan.gui.map_view import MapView
from electionplan.report.mapscene import build_scene
from tests.conftest import AS_AT, assess_stored

QUARTERS = ("North West Ward", "North East Ward", "South West Ward", "South East Ward")


def _quartered(snapshot) -> tuple[WardRecord, ...]:
    """The sample constituency cut into four wards along its centre lines."""
    seat = shapely.from_wkb(snapshot.constituencies[0].boundary)
    minx, miny, maxx, maxy = seat.bounds
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    boxes = ((minx, cy, cx, maxy), (cx, cy, maxx, maxy), (minx, miny, cx, cy), (cx, miny, maxx, cy))
    return tuple(WardRecord(n, f"E0500000{n}", name, shapely.to_wkb(shapely.clip_by_rect(seat, *box)))
                 for n, (name, box) in enumerate(zip(QUARTERS, boxes, strict=True), 1))


def test_the_maps_wards_are_dashed_and_named_without_overlap(qtbot, sample_snapshot, rules):
    snapshot = decode_snapshot(sample_snapshot)
    snapshot = dataclasses.replace(snapshot, wards=_quartered(snapshot))
    scene = build_scene(snapshot, assess_stored(sample_snapshot, rules, AS_AT), detail=800)
    assert sorted(n.name for n in scene.names) == sorted(QUARTERS)
    view = MapView()
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    view.show_scene(scene)
    view.relayout()
    assert "Ward boundary" in view.legend.accessibleName()  # the legend keys what the map now draws
    lines = [item for item in view.ward_items if item.zValue() == 0.2]
    assert lines and all(item.pen().style() == item.pen().style().DashLine for item in lines)
    shown = [label for label in view._ward_labels if label.isVisible()]
    assert {label.text() for label in shown} <= set(QUARTERS) and len(shown) >= 3
    # Where each name is on screen (a label keeps its size whatever the zoom, so it is mapped as drawn).
    screen = [label.deviceTransform(view.viewportTransform()).mapRect(label.boundingRect()) for label in shown]
    assert all(box.width() > 20 for box in screen)
    assert all(not a.intersects(b) for n, a in enumerate(screen) for b in screen[n + 1:])


def test_a_map_without_wards_keeps_them_out_of_its_legend(qtbot, sample_snapshot, rules):
    view = MapView()
    qtbot.addWidget(view)
    view.show_scene(build_scene(decode_snapshot(sample_snapshot), assess_stored(sample_snapshot, rules, AS_AT), detail=800))
    assert "Ward boundary" not in view.legend.accessibleName() and view.ward_items == []
