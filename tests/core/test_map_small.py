"""A constituency's map at a chapter's small size: the flagged stations numbered, a scale bar that reads."""

from __future__ import annotations

import pytest
from reportlab.graphics.shapes import Group, String
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from electionplan.report.fonts import FONT
from electionplan.report.map_drawing import map_description, map_drawing
from electionplan.report.map_key import legend_words
from electionplan.report.mapscene import MapPoint, MapScene
from electionplan.report.pdf.core import CONTENT_W


def _town(width_m: float, height_m: float) -> MapScene:
    """Stations spread over a frame: every fifth red, every third amber, the rest green."""
    points = []
    for n in range(60):
        level = "red" if n % 5 == 0 else "amber" if n % 3 == 0 else "green"
        points.append(MapPoint("station", n, (n % 10 + 0.5) * width_m / 10, (n // 10 + 0.5) * height_m / 6, level,
                               f"S{n}", level != "green", f"S{n}"))
    return MapScene((0, 0, width_m, height_m), [], points)


def _scale_texts(drawing) -> list[String]:
    """The scale bar's words: the strings drawn straight on the map, not in its label group."""
    return [item for item in drawing.contents if isinstance(item, String) and item.text != "N"]


@pytest.mark.parametrize("size", [(0.34 * CONTENT_W, 44 * mm), (CONTENT_W, 118 * mm), (120, 300), (300, 90)])
@pytest.mark.parametrize("frame", [(4_000, 30_000), (30_000, 4_000), (12_000, 9_000)])
def test_the_scale_bars_words_never_touch_at_any_size(size, frame):
    drawing = map_drawing(_town(*frame), *size)
    texts = _scale_texts(drawing)
    assert texts and any(t.text.endswith(("km", " m")) for t in texts)
    boxes = []
    for t in texts:
        width = stringWidth(t.text, FONT, t.fontSize)
        left = t.x - width / 2 if t.textAnchor == "middle" else t.x
        boxes.append((left, left + width))
    for n, (a0, a1) in enumerate(boxes):  # on one line, at least 3 points apart
        assert all(a1 + 3 <= b0 or b1 + 3 <= a0 for b0, b1 in boxes[n + 1:])


def test_a_chapters_small_map_numbers_only_its_flagged_stations_and_says_so():
    scene = _town(12_000, 9_000)
    drawing = map_drawing(scene, 0.34 * CONTENT_W, 44 * mm, flagged_only=True)
    labels = next(item for item in reversed(drawing.contents) if isinstance(item, Group))
    drawn = {s.text for s in labels.contents if isinstance(s, String)}
    flagged = {p.key for p in scene.points if p.flagged}
    assert drawn and drawn <= flagged
    # Every flagged station is numbered or named as too close to number; no green one is looked for.
    assert drawn | set(drawing.__dict__["unnumbered"]) == flagged
    words = map_description(scene, "Town", drawing.__dict__["drawn_labels"], drawing.__dict__["unnumbered"],
                            flagged_only=True)
    assert "the red and amber numbered" in words and "each numbered as in the station table" not in words
    assert "enlargement" not in words  # a chapter's map has none
    assert "green stations are not numbered here" in legend_words(scene, flagged_only=True)
    # At full size every station is numbered where there is room, as before.
    full = map_drawing(scene, CONTENT_W, 118 * mm)
    full_labels = next(item for item in reversed(full.contents) if isinstance(item, Group))
    assert {s.text for s in full_labels.contents if isinstance(s, String)} - flagged
