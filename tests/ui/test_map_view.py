"""The map at by-election and national scale, driven through the real view."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage

from electionplan.domain.plancodec import decode_snapshot
from electionplan.gui.map_view import ENTITY_ROLE, ID_ROLE, MapView
from electionplan.report.mapscene import build_scene
from electionplan.risk.engine import assess_plan
from electionplan.services.synthetic import synthetic_snapshot
from tests.conftest import AS_AT, assess_stored


@pytest.fixture
def sample_map(qtbot, sample_snapshot, rules):
    assessment = assess_stored(sample_snapshot, rules, AS_AT)
    view = MapView()
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    view.show_scene(build_scene(decode_snapshot(sample_snapshot), assessment, detail=800))
    return view, sample_snapshot, assessment


def test_markers_keep_their_size_on_screen_when_zooming(sample_map):
    view, _, _ = sample_map
    before = {item.boundingRect().width() for item in view._markers if item.data(ENTITY_ROLE) == "station"}
    view.scale(4, 4)
    view.relayout()
    after = {item.boundingRect().width() for item in view._markers if item.data(ENTITY_ROLE) == "station"}
    assert before and after <= before | {9.0, 12.0}
    assert all(item.flags() & item.GraphicsItemFlag.ItemIgnoresTransformations for item in view._markers)


def test_selecting_a_flashpoint_rings_its_own_venue_and_zooms_to_it(sample_map):
    view, snapshot, assessment = sample_map
    flashpoint = assessment.flashpoints[0]
    venue = next(v for v in snapshot["venues"] if v["id"] == flashpoint.venue_id)
    assert view.highlight("venue", venue["id"])
    assert view.ring_position() == pytest.approx((venue["easting"], venue["northing"]))
    assert view.zoom_to_record("venue", venue["id"], span_m=2000)
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(venue["easting"], -venue["northing"]) and visible.width() < 6000
    assert not view.zoom_to_record("venue", 999_999)


def test_zoom_to_constituency_shows_its_name(sample_map):
    view, snapshot, _ = sample_map
    seat = snapshot["constituencies"][0]
    assert view.zoom_to_constituency(seat["id"])
    labels = [label for label, _ in view._area_labels if label.text() == seat["name"]]
    assert labels and labels[0].isVisible()


def test_clicking_in_place_mode_gives_the_grid_position(sample_map, qtbot):
    view, _, _ = sample_map
    view.set_place_mode(True)
    target = QPoint(700, 400)
    expected = view.mapToScene(target)
    with qtbot.waitSignal(view.location_clicked) as clicked:
        qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=target)
    assert clicked.args == pytest.approx([expected.x(), -expected.y()])


def test_clicking_a_station_names_it(sample_map, qtbot):
    view, _, _ = sample_map
    view.zoom_to_constituency(1)
    item = next(i for i in view._markers if i.data(ENTITY_ROLE) == "station")
    centre = view.mapFromScene(item.scenePos())
    with qtbot.waitSignal(view.item_clicked) as clicked:
        qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=centre)
    assert clicked.args == ["station", item.data(ID_ROLE)]


@pytest.mark.slow
def test_a_national_plan_draws_clusters_that_split_as_you_zoom(qtbot, rules, tmp_path):
    snapshot = synthetic_snapshot(constituencies=650, stations=40_000, candidates=650, events=500, seed=3)
    assessment = assess_plan(snapshot, rules, AS_AT)
    view = MapView()
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    view.show_scene(build_scene(snapshot, assessment, detail=800))
    national = view.marker_count()
    clusters = [i for i in view._markers if i.data(ENTITY_ROLE) == "cluster"]
    assert 50 < national < 3000 and clusters
    assert view.zoom_to_constituency(325)
    assert any(i.data(ENTITY_ROLE) == "station" for i in view._markers)
    out = tmp_path / "map.png"
    assert view.grab().save(str(out))
    image = QImage(str(out))
    assert image.width() == 1366 and image.height() == 768


def test_a_national_map_as_small_as_the_constituencies_page_gives_reads_every_group(qtbot, rules):
    snapshot = synthetic_snapshot(constituencies=650, stations=40_000, candidates=650, events=500, seed=3)
    view = MapView()
    qtbot.addWidget(view)
    view.resize(1100, 390)  # the Constituencies page's map at 1366×768
    view.show()
    view.show_scene(build_scene(snapshot, assess_plan(snapshot, rules, AS_AT), detail=800))
    # Each group's count is read inside its disc: "1,062" once ran over the rim of a disc sized for "12".
    figures = [(c, c.childItems()[0]) for c in view._markers if c.data(ENTITY_ROLE) == "cluster"]
    assert any(text.text().endswith("k") for _c, text in figures)  # thousands, shortened (in full in the tooltip)
    assert all(text.boundingRect().width() + 4 <= c.rect().width() for c, text in figures)
    # The legend ends where the scroll bar begins: its last entry was drawn under the bar. (The app's page shows
    # the bar; a bare view shows it when told to.)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
    view.resize(1100, 391)
    qtbot.waitUntil(lambda: view.verticalScrollBar().isVisible())
    view.resize(1100, 390)
    bar = view.verticalScrollBar()
    assert view.legend.geometry().right() < bar.mapTo(view, QPoint(0, 0)).x()


def test_the_legend_sits_above_the_map_and_covers_no_marker(sample_map):
    view = sample_map[0]
    view.resize(420, 400)  # the flashpoints page's map at 1366×768
    view.fit()
    legend, viewport = view.legend.geometry(), view.viewport().geometry()
    assert legend.height() > 0 and legend.bottom() < viewport.top()  # the strip is outside the drawn map
    drawn = [view.mapFromScene(item.sceneBoundingRect().center()) for item in view._markers]
    assert drawn and all(view.viewport().rect().contains(point) for point in drawn)  # every marker in view
