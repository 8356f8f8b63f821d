"""A MapScene as a ReportLab vector Drawing: crisp at any zoom, never a bitmap."""

from __future__ import annotations

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Path, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from electionplan.report.fonts import FONT, FONT_BOLD
from electionplan.report.mapscene import MapScene, nice_scale_length
from electionplan.report.styles import LEVEL_COLOURS
from electionplan.risk.results import LEVEL_LABELS, RAG_LABELS, plural

LEVEL_OR_RAG = {key: label.lower() for key, label in (*RAG_LABELS.items(), *LEVEL_LABELS.items())}

AREA_FILL = colors.HexColor("#eef3f8")
AREA_STROKE = colors.HexColor("#44607d")


class _Frame:
    """Maps BNG metres to drawing points, keeping the map's aspect ratio."""

    def __init__(self, scene: MapScene, width: float, height: float, pad: float):
        minx, miny, maxx, maxy = scene.bounds
        self.scale = min((width - 2 * pad) / max(maxx - minx, 1), (height - 2 * pad) / max(maxy - miny, 1))
        self.ox = pad + ((width - 2 * pad) - (maxx - minx) * self.scale) / 2 - minx * self.scale
        self.oy = pad + ((height - 2 * pad) - (maxy - miny) * self.scale) / 2 - miny * self.scale

    def __call__(self, x: float, y: float) -> tuple[float, float]:
        return self.ox + x * self.scale, self.oy + y * self.scale


# Where a label may sit beside its mark, nearest first: right, left, below, then further above and below.
LABEL_PLACES = ((5, 2, "start"), (-5, 2, "end"), (5, -7, "start"), (-5, -7, "end"), (5, 11, "start"),
                (-5, 11, "end"), (5, -16, "start"), (-5, -16, "end"), (5, 20, "start"), (-5, 20, "end"))


def _overlaps(box, placed) -> bool:
    x0, y0, x1, y1 = box
    return any(not (x1 < a0 or x0 > a1 or y1 < b0 or y0 > b1) for a0, b0, a1, b1 in placed)


def map_drawing(scene: MapScene, width: float, height: float, font_size: float = 8) -> Drawing:
    drawing = Drawing(width, height)
    drawing.add(Rect(0, 0, width, height, fillColor=colors.white, strokeColor=colors.HexColor("#9aa5b1"), strokeWidth=0.6))
    to_page = _Frame(scene, width, height, pad=14)

    for area in scene.areas:
        for polygon in area.polygons:
            path = Path(fillColor=AREA_FILL, strokeColor=AREA_STROKE, strokeWidth=0.8, fillMode=0)
            for ring in polygon:
                first = True
                for x, y in ring:
                    px, py = to_page(x, y)
                    path.moveTo(px, py) if first else path.lineTo(px, py)
                    first = False
                path.closePath()
            drawing.add(path)
    placed: list[tuple[float, float, float, float]] = []
    if len(scene.areas) > 1:
        for area in scene.areas:
            px, py = to_page(*area.label_point)
            drawing.add(String(px, py, area.name, fontName=FONT, fontSize=font_size, fillColor=AREA_STROKE, textAnchor="middle"))

    marks = Group()
    labels = Group()
    drawn: list[str] = []  # the labels placed, which the caption names (a Drawing takes no new attribute)
    drawing.__dict__["drawn_labels"] = drawn
    # The highest risks are labelled first, so a crowded centre names its flashpoints before anything else.
    rank = {"very_high": 0, "red": 1, "high": 2, "amber": 3}
    for point in sorted(scene.points, key=lambda p: (not p.flagged, rank.get(p.level, 4))):
        px, py = to_page(point.x, point.y)
        fill = LEVEL_COLOURS.get(point.level, colors.grey)
        if point.entity == "venue":
            size = 4.2 if point.flagged else 3.2
            marks.add(Polygon([px, py + size, px + size, py, px, py - size, px - size, py], fillColor=fill,
                              strokeColor=colors.black, strokeWidth=0.5))
        else:
            radius = 2.6 if point.flagged else 1.8
            marks.add(Circle(px, py, radius, fillColor=fill, strokeColor=colors.white if not point.flagged else colors.black,
                             strokeWidth=0.4))
        if point.flagged:
            text = point.label if len(point.label) <= 34 else point.label[:32] + "…"
            text_width = stringWidth(text, FONT_BOLD, font_size)
            for dx, dy, anchor in LABEL_PLACES:
                x0 = px + dx if anchor == "start" else px + dx - text_width
                box = (x0 - 1, py + dy - 1.5, x0 + text_width + 1, py + dy + font_size)
                if not _overlaps(box, placed) and 0 <= box[0] and box[2] <= width and 0 <= box[1] and box[3] <= height:
                    placed.append(box)
                    labels.add(Rect(box[0], box[1], box[2] - box[0], box[3] - box[1], fillColor=colors.Color(1, 1, 1, 0.85),
                                    strokeColor=None))
                    labels.add(String(px + dx, py + dy, text, fontName=FONT_BOLD, fontSize=font_size, textAnchor=anchor,
                                      fillColor=colors.HexColor("#1f2d3d")))
                    drawn.append(point.label)
                    break
    drawing.add(marks)
    drawing.add(labels)
    _north_arrow(drawing, width - 22, height - 34)
    _scale_bar(drawing, scene, to_page, 14, 12, font_size)
    return drawing


def _north_arrow(drawing: Drawing, x: float, y: float) -> None:
    drawing.add(Polygon([x, y + 16, x + 5.5, y, x, y + 4, x - 5.5, y], fillColor=colors.HexColor("#1f2d3d"), strokeColor=None))
    drawing.add(String(x, y + 19, "N", fontName=FONT_BOLD, fontSize=8, textAnchor="middle"))


def _scale_bar(drawing: Drawing, scene: MapScene, to_page: _Frame, x: float, y: float, font_size: float) -> None:
    length_m = nice_scale_length(scene.width)
    length_pt = length_m * to_page.scale
    half = length_pt / 2
    drawing.add(Rect(x - 3, y - 4, length_pt + 30, font_size + 14, fillColor=colors.Color(1, 1, 1, 0.85), strokeColor=None))
    drawing.add(Rect(x, y, half, 3, fillColor=colors.HexColor("#1f2d3d"), strokeColor=colors.HexColor("#1f2d3d"), strokeWidth=0.4))
    drawing.add(Rect(x + half, y, half, 3, fillColor=colors.white, strokeColor=colors.HexColor("#1f2d3d"), strokeWidth=0.4))
    label = f"{length_m / 1000:g} km" if length_m >= 1000 else f"{length_m:g} m"
    drawing.add(String(x, y + 6, "0", fontName=FONT, fontSize=font_size, textAnchor="middle"))
    drawing.add(String(x + length_pt, y + 6, label, fontName=FONT, fontSize=font_size, textAnchor="middle"))
    drawing.add(Line(x, y, x, y + 3, strokeWidth=0.4))


def _legend_items(scene: MapScene | None) -> list[tuple[str, str, str]]:
    """(kind, level, words) of each symbol the map draws, stations first; every symbol for no scene."""
    drawn = {(p.entity, p.level) for p in scene.points} if scene is not None else None
    items = []
    for kind, levels, first in (("station", RAG_LABELS, "Station"), ("venue", LEVEL_LABELS, "Venue")):
        shown = [level for level in levels if drawn is None or (kind, level) in drawn]
        items += [(kind, level, (f"{first}: " if n == 0 else "") + levels[level].lower()
                   + (" risk" if kind == "venue" and n == len(shown) - 1 else ""))
                  for n, level in enumerate(shown)]
    # An edition outside the police draws venues without a level: one grey symbol, named for what it is.
    if drawn is None or any(kind == "venue" and level not in LEVEL_LABELS for kind, level in drawn):
        items.append(("venue", "", "Venue of a public event"))
    return items


def legend_words(scene: MapScene | None = None) -> str:
    """The key in words, naming only the symbols the map draws (the key figure's alternative text)."""
    items = _legend_items(scene)
    stations = [LEVEL_OR_RAG[level] for kind, level, _ in items if kind == "station"]
    venues = [LEVEL_OR_RAG[level] for kind, level, _ in items if kind == "venue" and level in LEVEL_OR_RAG]
    said = []
    if stations:
        said.append(f"circles are polling stations, coloured by rating: {', '.join(stations)}")
    if venues:
        said.append(f"diamonds are event venues, coloured by risk: {', '.join(venues)}")
    if any(kind == "venue" and level not in LEVEL_OR_RAG for kind, level, _ in items):
        said.append("grey diamonds are the venues of public events")
    return "Key to the map: " + ("; ".join(said) if said else "no station or venue is placed on it") + "."


def legend_drawing(width: float, font_size: float = 8, scene: MapScene | None = None) -> Drawing:
    """A one-line key to the map's symbols: each symbol the map draws, and no other."""
    drawing = Drawing(width, 14)
    x = 2
    for kind, level, text in _legend_items(scene):
        fill = LEVEL_COLOURS.get(level, colors.grey)
        if kind == "station":
            drawing.add(Circle(x + 3, 5, 2.6, fillColor=fill, strokeColor=colors.black, strokeWidth=0.4))
        else:
            drawing.add(Polygon([x + 3, 9, x + 7, 5, x + 3, 1, x - 1, 5], fillColor=fill, strokeColor=colors.black, strokeWidth=0.4))
        drawing.add(String(x + 10, 2.5, text, fontName=FONT, fontSize=font_size))
        x += 22 + stringWidth(text, FONT, font_size)
    return drawing


def map_description(scene: MapScene, place: str, drawn: list[str] | None = None) -> str:
    """The map in words, for a reader who cannot see it (and as the figure's alternative text)."""
    stations = [p for p in scene.points if p.entity == "station"]
    venues = [p for p in scene.points if p.entity == "venue"]
    rag = {level: sum(1 for p in stations if p.level == level) for level in ("red", "amber", "green")}
    flagged = [p.label for p in scene.points if p.flagged and p.label]
    labelled = flagged if drawn is None else drawn
    text = (f"Map of {place}: {plural(len(stations), 'polling station')} ({rag['red']} red, {rag['amber']} amber, "
            f"{rag['green']} green) and {plural(len(venues), 'event venue')}")
    if labelled:
        text += f"; labelled: {', '.join(labelled)}"
    unlabelled = len(flagged) - len(labelled)
    if unlabelled > 0:  # no room to name them on the map: the caption promises only what is drawn
        text += f"; {plural(unlabelled, 'other flagged place')} shown unlabelled, named in the tables below"
    return text + "."
