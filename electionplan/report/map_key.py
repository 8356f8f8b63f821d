"""The key to a map: the symbols it draws as a set, the key drawn from them, and the key in words.

A key is made from a set of symbols rather than from one map, so a page of small maps can carry one key naming
every symbol drawn on that page and no other (see report.pdf.running_key).
"""

from __future__ import annotations

from collections.abc import Iterable

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from electionplan.report.fonts import FONT
from electionplan.report.map_drawing import LABEL_INK, LEVEL_OR_RAG, WARD_DASH, WARD_STROKE
from electionplan.report.mapscene import MapScene
from electionplan.report.styles import LEVEL_COLOURS
from electionplan.risk.results import LEVEL_LABELS, RAG_LABELS

Symbols = frozenset[tuple[str, str]]  # (kind, level): station and venue by level; number, rvp and ward alone
LINE_HEIGHT = 14.0  # points a line of the key takes


def map_symbols(scene: MapScene | None, flagged_only: bool = False) -> Symbols:
    """Each symbol the map draws; every symbol for no scene. `flagged_only`: the map numbers only its red and
    amber stations."""
    if scene is None:
        return frozenset({*(("station", level) for level in RAG_LABELS), *(("venue", level) for level in LEVEL_LABELS),
                          ("venue", ""), ("number", ""), ("rvp", ""), ("ward", "")})
    drawn = {("venue", "" if p.level not in LEVEL_LABELS else p.level) if p.entity == "venue" else (p.entity, p.level)
             for p in scene.points if p.entity in ("station", "venue")}
    if any(p.entity == "station" and p.key and (p.flagged or not flagged_only) for p in scene.points):
        drawn.add(("number", ""))
    if any(p.entity == "rvp" for p in scene.points):
        drawn.add(("rvp", ""))
    if any(line.kind == "ward" for line in scene.lines):
        drawn.add(("ward", ""))
    return frozenset(drawn)


def _legend_items(symbols: Iterable[tuple[str, str]], flagged_only: bool = False,
                  compact: bool = False) -> list[tuple[str, str, str]]:
    """(kind, level, words) of each symbol, stations first, in one order whatever maps they come from; `compact`
    in the fewest words, for a key on one line over a page of maps whose words say the rest."""
    drawn = set(symbols)
    items = []
    for kind, levels, first in (("station", RAG_LABELS, "Station"), ("venue", LEVEL_LABELS, "Venue")):
        shown = [level for level in levels if (kind, level) in drawn]
        items += [(kind, level, (f"{first}: " if n == 0 else "") + levels[level].lower()
                   + (" risk" if kind == "venue" and n == len(shown) - 1 else ""))
                  for n, level in enumerate(shown)]
    # An edition outside the police draws venues without a level: one grey symbol, named for what it is.
    if ("venue", "") in drawn:
        items.append(("venue", "", "Venue of a public event"))
    if ("number", "") in drawn:
        # Short enough to share the key's one line: the map's words say where the green stations' numbers are.
        items.append(("number", "", "Station number" if compact else "Red or amber station's number" if flagged_only
                      else "Station number, as in its table"))
    if ("rvp", "") in drawn:
        items.append(("rvp", "", "RVP" if compact else "RVP (rendezvous point)"))
    if ("ward", "") in drawn:
        items.append(("ward", "", "Ward boundary" if compact else "Ward boundary, with its name"))
    return items


def legend_words(scene: MapScene | None = None, flagged_only: bool = False, symbols: Symbols | None = None,
                 subject: str = "the map") -> str:
    """The key in words, naming only the symbols the map (or `symbols`) draws (the key figure's alternative
    text)."""
    items = _legend_items(map_symbols(scene, flagged_only) if symbols is None else symbols, flagged_only)
    stations = [LEVEL_OR_RAG[level] for kind, level, _ in items if kind == "station"]
    venues = [LEVEL_OR_RAG[level] for kind, level, _ in items if kind == "venue" and level in LEVEL_OR_RAG]
    said = []
    if any(kind == "ward" for kind, _, _ in items):
        said.append("thin dashed lines are ward boundaries, each ward named in grey")
    if any(kind == "rvp" for kind, _, _ in items):
        said.append("a white square with a black centre, labelled RVP, is the rendezvous point")
    if any(kind == "number" for kind, _, _ in items) and flagged_only:
        said.append("the number beside each red or amber circle, or joined to it by a line, is the station's "
                    "number; green stations are not numbered here")
    elif any(kind == "number" for kind, _, _ in items):
        said.append("the number beside each circle, or joined to it by a line, is the station's number in the "
                    "station table")
    if stations:
        said.append(f"circles are polling stations, coloured by rating: {', '.join(stations)}")
    if venues:
        said.append(f"diamonds are event venues, coloured by risk: {', '.join(venues)}")
    if any(kind == "venue" and level not in LEVEL_OR_RAG for kind, level, _ in items):
        said.append("grey diamonds are the venues of public events")
    return f"Key to {subject}: " + ("; ".join(said) if said else "no station or venue is placed on it") + "."


def legend_drawing(width: float, font_size: float = 8, scene: MapScene | None = None,
                   flagged_only: bool = False, symbols: Symbols | None = None, compact: bool = False) -> Drawing:
    """The key to the map's symbols (or to `symbols`), a line or two: each symbol drawn, and no other. `compact`:
    in fewer words, closer together."""
    placed: list[tuple[float, int, str, str, str]] = []  # (x, line, kind, level, text)
    x, line = 2.0, 0
    gap = 18 if compact else 22
    for kind, level, text in _legend_items(map_symbols(scene, flagged_only) if symbols is None else symbols,
                                           flagged_only, compact):
        step = gap + (6 if kind == "number" else 0) + stringWidth(text, FONT, font_size)
        if x + step - 12 > width and x > 2:  # the next item would run off the page: a new line
            x, line = 2.0, line + 1
        placed.append((x, line, kind, level, text))
        x += step
    lines = line + 1
    drawing = Drawing(width, LINE_HEIGHT * lines)
    for x, line, kind, level, text in placed:
        y = LINE_HEIGHT * (lines - 1 - line)
        fill = LEVEL_COLOURS.get(level, colors.grey)
        if kind == "number":
            drawing.add(Circle(x + 3, y + 5, 2.2, fillColor=LEVEL_COLOURS.get("amber" if flagged_only else "green"),
                               strokeColor=colors.black, strokeWidth=0.35))
            drawing.add(String(x + 7, y + 2.5, "12", fontName=FONT, fontSize=font_size, fillColor=LABEL_INK))
            x += 12
        elif kind == "rvp":
            drawing.add(Rect(x, y + 1.8, 6.4, 6.4, fillColor=colors.white, strokeColor=colors.black, strokeWidth=1.2))
            drawing.add(Rect(x + 2.1, y + 3.9, 2.2, 2.2, fillColor=colors.black, strokeColor=None))
        elif kind == "ward":
            drawing.add(Line(x - 1, y + 5, x + 8, y + 5, strokeColor=WARD_STROKE, strokeWidth=0.6,
                             strokeDashArray=WARD_DASH))
        elif kind == "station":
            drawing.add(Circle(x + 3, y + 5, 2.6, fillColor=fill, strokeColor=colors.black, strokeWidth=0.4))
        else:
            drawing.add(Polygon([x + 3, y + 9, x + 7, y + 5, x + 3, y + 1, x - 1, y + 5], fillColor=fill,
                                strokeColor=colors.black, strokeWidth=0.4))
        drawing.add(String(x + 10, y + 2.5, text, fontName=FONT, fontSize=font_size))
    return drawing
