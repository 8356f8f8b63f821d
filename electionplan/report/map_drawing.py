"""A MapScene as a ReportLab vector Drawing: crisp at any zoom, never a bitmap."""

from __future__ import annotations

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Path, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from electionplan.domain.display import plural
from electionplan.report.fonts import FONT, FONT_BOLD
from electionplan.report.map_labels import REACHES, MapSpace, leader_end, place_label
from electionplan.report.mapscene import MapScene, nice_scale_length
from electionplan.report.styles import LEVEL_COLOURS
from electionplan.risk.results import LEVEL_LABELS, RAG_LABELS

LEVEL_OR_RAG = {key: label.lower() for key, label in (*RAG_LABELS.items(), *LEVEL_LABELS.items())}

AREA_FILL = colors.HexColor("#eef3f8")
AREA_STROKE = colors.HexColor("#44607d")
# Wards are drawn faintly, dashed, under everything else; their names in the same grey-blue.
WARD_STROKE = colors.HexColor("#8497ab")
WARD_DASH = [2, 1.5]


class _Frame:
    """Maps BNG metres to drawing points, keeping the map's aspect ratio."""

    def __init__(self, scene: MapScene, width: float, height: float, pad: float):
        minx, miny, maxx, maxy = scene.bounds
        self.scale = min((width - 2 * pad) / max(maxx - minx, 1), (height - 2 * pad) / max(maxy - miny, 1))
        self.ox = pad + ((width - 2 * pad) - (maxx - minx) * self.scale) / 2 - minx * self.scale
        self.oy = pad + ((height - 2 * pad) - (maxy - miny) * self.scale) / 2 - miny * self.scale

    def __call__(self, x: float, y: float) -> tuple[float, float]:
        return self.ox + x * self.scale, self.oy + y * self.scale


LABEL_INK = colors.HexColor("#1f2d3d")
HALO = colors.Color(1, 1, 1, 0.88)


def outline_enlargement(drawing: Drawing, bounds: tuple[float, float, float, float]) -> None:
    """Marks on a drawn map, under its symbols, the part (in metres) an enlargement shows."""
    to_page = drawing.__dict__["to_page"]
    (x0, y0), (x1, y1) = to_page(*bounds[:2]), to_page(*bounds[2:])
    drawing.contents.insert(drawing.__dict__["under_marks"], Rect(
        x0, y0, x1 - x0, y1 - y0, fillColor=None, strokeColor=LABEL_INK, strokeWidth=0.8, strokeDashArray=[3, 2]))


def map_drawing(scene: MapScene, width: float, height: float, font_size: float = 8,
                flagged_only: bool = False) -> Drawing:
    """The map; `flagged_only` numbers only the red and amber stations, as a small map has no room for the
    numbers of all its stations beside the marks of its flagged ones."""
    drawing = Drawing(width, height)
    drawing.add(Rect(0, 0, width, height, fillColor=colors.white, strokeColor=colors.HexColor("#9aa5b1"), strokeWidth=0.6))
    to_page = _Frame(scene, width, height, pad=14)
    _areas(drawing, scene, to_page, font_size)
    drawing.__dict__.update(to_page=to_page, under_marks=len(drawing.contents))
    placed = MapSpace(width, height)
    # The north arrow and scale bar keep their corners: no label is set over them.
    placed.labels.add((width - 32, height - 38, width, height))
    placed.labels.add((0, 0, 14 + _scale_bar_width(scene, to_page, font_size), 34))
    marks, labels = Group(), Group()
    at = [(point, *to_page(point.x, point.y)) for point in scene.points]
    for point, px, py in at:
        size = _mark(marks, point, px, py)
        placed.marks.add((px - size, py - size, px + size, py + size))  # no label covers another place's mark
    drawn: list[str] = []  # the labels placed, which the caption names (a Drawing takes no new attribute)
    unnumbered: list[str] = []  # stations with no room for their number
    drawing.__dict__.update(drawn_labels=drawn, unnumbered=unnumbered)
    # The highest risks are labelled first, so a crowded centre names its flashpoints before anything else.
    rank = {"very_high": 0, "red": 1, "high": 2, "amber": 3}
    for point, px, py in sorted(at, key=lambda a: (not a[0].flagged, rank.get(a[0].level, 4))):
        if point.entity == "rvp":
            if _label(labels, placed, point.label, px, py, 3.6, font_size, FONT_BOLD):  # short: the caption names it
                drawn.append(f"{point.label} ({point.key})" if point.key else point.label)
        elif point.entity == "venue" and point.flagged:
            text = point.label if len(point.label) <= 34 else point.label[:32] + "…"
            if _label(labels, placed, text, px, py, 4.2, font_size, FONT_BOLD):
                drawn.append(point.label)
    # Every station carries its number (the one its table prints), the flagged ones first.
    for point, px, py in sorted(at, key=lambda a: (not a[0].flagged, rank.get(a[0].level, 4), a[0].y)):
        if point.entity == "station" and point.key and (point.flagged or not flagged_only):
            font = FONT_BOLD if point.flagged else FONT
            if not _label(labels, placed, point.key, px, py, 2.6 if point.flagged else 2.2, font_size, font):
                unnumbered.append(point.key)
    # Ward names last, where there is room: they orient, the numbers identify.
    wards_named: list[str] = []
    drawing.__dict__["wards_named"] = wards_named
    for name in scene.names:
        px, py = to_page(name.x, name.y)
        if name.name not in wards_named and _label(labels, placed, name.name, px, py, 0.0, font_size, FONT,
                                                   REACHES[:2], ink=AREA_STROKE, centred=True):
            wards_named.append(name.name)
    # The north arrow and scale bar beneath the marks: on a small map a place near the frame's foot would
    # otherwise be hidden under the scale bar's panel (no label is set over either).
    _north_arrow(drawing, width - 22, height - 34)
    _scale_bar(drawing, scene, to_page, 14, 12, font_size)
    drawing.add(marks)
    drawing.add(labels)
    return drawing


def _path(rings, to_page: _Frame, closed: bool, **style) -> Path:
    path = Path(**style)
    for ring in rings:
        for n, (x, y) in enumerate(ring):
            px, py = to_page(x, y)
            path.moveTo(px, py) if n == 0 else path.lineTo(px, py)
        if closed:
            path.closePath()
    return path


def _areas(drawing: Drawing, scene: MapScene, to_page: _Frame, font_size: float) -> None:
    # An enlargement's areas are cut to its frame: their cut edges are no boundary, so only the fill is drawn.
    stroke = None if scene.clipped else AREA_STROKE
    for area in scene.areas:
        for polygon in area.polygons:
            drawing.add(_path(polygon, to_page, True, fillColor=AREA_FILL, strokeColor=stroke, strokeWidth=0.8,
                              fillMode=0))
    for line in scene.lines:  # wards faint and dashed beneath; a seat's edge as the area's own line
        style = (dict(strokeColor=WARD_STROKE, strokeWidth=0.6, strokeDashArray=WARD_DASH) if line.kind == "ward"
                 else dict(strokeColor=AREA_STROKE, strokeWidth=0.8))
        drawing.add(_path([line.points], to_page, False, fillColor=None, **style))
    if len(scene.areas) > 1:
        for area in scene.areas:
            px, py = to_page(*area.label_point)
            drawing.add(String(px, py, area.name, fontName=FONT, fontSize=font_size, fillColor=AREA_STROKE, textAnchor="middle"))


def _mark(marks: Group, point, px: float, py: float) -> float:
    """Draws a place's symbol; returns its half-size."""
    if point.entity == "rvp":  # a white square ringed in black, unlike any risk colour
        marks.add(Rect(px - 3.6, py - 3.6, 7.2, 7.2, fillColor=colors.white, strokeColor=colors.black, strokeWidth=1.2))
        marks.add(Rect(px - 1.2, py - 1.2, 2.4, 2.4, fillColor=colors.black, strokeColor=None))
        return 3.6
    fill = LEVEL_COLOURS.get(point.level, colors.grey)
    if point.entity == "venue":
        size = 4.2 if point.flagged else 3.2
        marks.add(Polygon([px, py + size, px + size, py, px, py - size, px - size, py], fillColor=fill,
                          strokeColor=colors.black, strokeWidth=0.5))
        return size
    radius = 2.6 if point.flagged else 2.2
    # A dark rim on every dot: a green or amber dot on the pale fill needs it to be seen at all.
    marks.add(Circle(px, py, radius, fillColor=fill, strokeColor=colors.black, strokeWidth=0.5 if point.flagged else 0.35))
    return radius


def _label(labels: Group, placed: MapSpace, text: str, px: float, py: float, mark: float, font_size: float,
           font: str, reaches=REACHES, ink=LABEL_INK, centred: bool = False) -> bool:
    """Sets a label beside its mark, or out on a leader line (`centred`: on its point, else near it with no
    line, as a ward's name has no mark); False when there is no room for it."""
    text_w = stringWidth(text, font, font_size)
    spot = place_label(placed, px, py, mark, text_w, font_size * 0.78, reaches, centred)
    if spot is None:
        return False
    box, leader = spot
    if leader and not centred:
        ex, ey = leader_end(box, px, py)
        labels.add(Line(px, py, ex, ey, strokeColor=LABEL_INK, strokeWidth=0.45))
    labels.add(Rect(box[0], box[1], box[2] - box[0], box[3] - box[1], fillColor=HALO, strokeColor=None))
    labels.add(String((box[0] + box[2]) / 2, box[1] + 0.6 + font_size * 0.06, text, fontName=font, fontSize=font_size,
                      textAnchor="middle", fillColor=ink))
    return True


def _north_arrow(drawing: Drawing, x: float, y: float) -> None:
    drawing.add(Polygon([x, y + 16, x + 5.5, y, x, y + 4, x - 5.5, y], fillColor=colors.HexColor("#1f2d3d"), strokeColor=None))
    drawing.add(String(x, y + 19, "N", fontName=FONT_BOLD, fontSize=8, textAnchor="middle"))


def _scale_bar_layout(scene: MapScene, to_page: _Frame, font_size: float) -> tuple[float, float, str, bool]:
    """The bar's length in metres and points, its label, and whether the label stands beside the bar's end
    (a short bar, whose label centred over its end would touch the "0")."""
    length_m = nice_scale_length(scene.width)
    length_pt = length_m * to_page.scale
    label = f"{length_m / 1000:g} km" if length_m >= 1000 else f"{length_m:g} m"
    zero_right = stringWidth("0", FONT, font_size) / 2
    beside = length_pt - stringWidth(label, FONT, font_size) / 2 < zero_right + font_size * 0.5
    return length_m, length_pt, label, beside


def _scale_bar_width(scene: MapScene, to_page: _Frame, font_size: float) -> float:
    """How far right of its start the scale bar and its labels reach, in points."""
    _, length_pt, label, beside = _scale_bar_layout(scene, to_page, font_size)
    label_w = stringWidth(label, FONT, font_size)
    return length_pt + (4 + label_w if beside else label_w / 2) + 4


def _scale_bar(drawing: Drawing, scene: MapScene, to_page: _Frame, x: float, y: float, font_size: float) -> None:
    _, length_pt, label, beside = _scale_bar_layout(scene, to_page, font_size)
    half = length_pt / 2
    height = (font_size + 14) if not beside else 11
    drawing.add(Rect(x - 3, y - 4, _scale_bar_width(scene, to_page, font_size) + 3, height,
                     fillColor=colors.Color(1, 1, 1, 0.85), strokeColor=None))
    drawing.add(Rect(x, y, half, 3, fillColor=colors.HexColor("#1f2d3d"), strokeColor=colors.HexColor("#1f2d3d"), strokeWidth=0.4))
    drawing.add(Rect(x + half, y, half, 3, fillColor=colors.white, strokeColor=colors.HexColor("#1f2d3d"), strokeWidth=0.4))
    if beside:  # a bar too short for "0" and its length over its ends: the length follows the bar, as "▬ 10 km"
        drawing.add(String(x + length_pt + 4, y - 0.3, label, fontName=FONT, fontSize=font_size))
    else:
        drawing.add(String(x, y + 6, "0", fontName=FONT, fontSize=font_size, textAnchor="middle"))
        drawing.add(String(x + length_pt, y + 6, label, fontName=FONT, fontSize=font_size, textAnchor="middle"))
    drawing.add(Line(x, y, x, y + 3, strokeWidth=0.4))


def map_description(scene: MapScene, place: str, drawn: list[str] | None = None,
                    unnumbered: list[str] | None = None, wards: list[str] | None = None,
                    flagged_only: bool = False) -> str:
    """The map in words, for a reader who cannot see it (and as the figure's alternative text); a
    `flagged_only` map numbers only its red and amber stations, and has no enlargement."""
    stations = [p for p in scene.points if p.entity == "station"]
    venues = [p for p in scene.points if p.entity == "venue"]
    rag = {level: sum(1 for p in stations if p.level == level) for level in ("red", "amber", "green")}
    flagged = [p.label for p in scene.points if p.flagged and p.label and p.entity in ("venue", "rvp")]
    labelled = flagged if drawn is None else drawn
    text = (f"Map of {place}: {plural(len(stations), 'polling station')} ({rag['red']} red, {rag['amber']} amber, "
            f"{rag['green']} green)")
    if stations and flagged_only:
        text += (", the red and amber numbered (every station is listed with its number in the companion sheet "
                 "\u201cStations\u201d)")
    elif stations:
        text += ", each numbered as in the station table"
    text += f", and {plural(len(venues), 'event venue')}"
    if labelled:
        text += f"; labelled: {', '.join(labelled)}"
    unlabelled = len(flagged) - len(labelled)
    if unlabelled > 0:  # no room to name them on the map: the caption promises only what is drawn
        text += f"; {plural(unlabelled, 'other flagged venue')} shown unlabelled, named in the tables below"
    if wards:  # only the names drawn: the words promise nothing the map does not show
        text += f"; wards named: {', '.join(wards)}"
    if unnumbered and flagged_only:
        text += f"; too close together to number here: {plural(len(unnumbered), 'station')} ({', '.join(unnumbered)})"
    elif unnumbered:  # too close together to number: said, so a reader never looks for a number not drawn
        text += (f"; too close together to number here, and numbered in the enlargement of the dashed box: "
                 f"{plural(len(unnumbered), 'station')} ({', '.join(unnumbered)})")
    return text + "."
