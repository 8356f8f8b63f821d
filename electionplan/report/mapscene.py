"""One map description for every output: the PDF draws it, the GUI shows it.

A MapScene holds areas, points coloured by risk, which points are labelled,
and a scale bar length. Renderers only turn it into marks on a page or screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from electionplan.domain.display import round_up_nice
from electionplan.domain.plandata import PlanSnapshot
from electionplan.report.rows import natural_key
from electionplan.risk.results import Assessment

LEVEL_RANK = {"low": 0, "medium": 1, "high": 2, "very_high": 3, "green": 0, "amber": 1, "red": 3}


@dataclass
class MapArea:
    id: int
    code: str
    name: str
    polygons: list[list[list[tuple[float, float]]]]  # polygon -> rings (exterior first) -> points
    label_point: tuple[float, float]


@dataclass
class MapPoint:
    entity: str  # "station" | "venue"
    id: int
    x: float
    y: float
    level: str  # a risk level for venues, a RAG rating for stations
    label: str
    flagged: bool
    key: str = ""  # a station's number on the map: the one its table prints; an RVP's name, which its caption gives


@dataclass
class MapLine:
    """A boundary drawn as a line: a ward's edge, or a constituency's edge within an enlargement."""

    kind: str  # "ward" | "seat"
    points: list[tuple[float, float]]


@dataclass
class MapLabel:
    """A name set at a point, such as a ward's."""

    kind: str  # "ward"
    name: str
    x: float
    y: float


@dataclass
class MapScene:
    bounds: tuple[float, float, float, float]
    areas: list[MapArea] = field(default_factory=list)
    points: list[MapPoint] = field(default_factory=list)
    lines: list[MapLine] = field(default_factory=list)
    names: list[MapLabel] = field(default_factory=list)
    # An enlargement: its areas are filled only, their edges drawn as lines cut to the frame.
    clipped: bool = False

    @property
    def width(self) -> float:
        return self.bounds[2] - self.bounds[0]

    @property
    def height(self) -> float:
        return self.bounds[3] - self.bounds[1]


def nice_scale_length(width_m: float) -> float:
    """A round scale-bar length about a fifth of the map's width."""
    return round_up_nice(max(width_m / 5, 1.0), slack=0.6)


# A station number longer than this would crowd the map; the stations are then keyed 1, 2, 3… instead.
KEY_CHARS = 6


def station_keys(stations) -> dict[int, str]:
    """Each station's number on its map, and in its table: the council's own number where every station has
    one and no two share it (a number repeats between councils); otherwise a map key 1, 2, 3… in the
    order the numbers read."""
    numbers = [(s.station_number or "").strip() for s in stations]
    if all(numbers) and len(set(numbers)) == len(numbers) and max(map(len, numbers), default=0) <= KEY_CHARS:
        return {s.id: n for s, n in zip(stations, numbers, strict=True)}
    ordered = sorted(stations, key=lambda s: (s.council or "", natural_key(s.station_number or ""), s.name, s.id))
    return {s.id: str(n) for n, s in enumerate(ordered, 1)}


def _rings(geometry, tolerance: float) -> list[list[list[tuple[float, float]]]]:
    import shapely  # the geometry libraries load when a map is drawn, not with the document's types

    simplified = shapely.simplify(geometry, tolerance, preserve_topology=True) if tolerance else geometry
    parts = getattr(simplified, "geoms", [simplified])
    out = []
    for part in parts:
        if part.geom_type != "Polygon" or part.is_empty:
            continue
        rings = [list(part.exterior.coords)] + [list(r.coords) for r in part.interiors]
        out.append([[(float(x), float(y)) for x, y, *_ in ring] for ring in rings])
    return out


def _venue_levels(assessment: Assessment) -> tuple[dict[int, str], dict[int, bool]]:
    """Each venue's highest event risk level, and whether any of its events is a flashpoint."""
    venue_level: dict[int, str] = {}
    venue_flag: dict[int, bool] = {}
    for event in assessment.events:
        if event.venue_id is None:
            continue
        current = venue_level.get(event.venue_id)
        if current is None or LEVEL_RANK.get(event.level, -1) > LEVEL_RANK.get(current, -1):
            venue_level[event.venue_id] = event.level
        venue_flag[event.venue_id] = venue_flag.get(event.venue_id, False) or event.flashpoint
    return venue_level, venue_flag


def build_scene(
    snapshot: PlanSnapshot,
    assessment: Assessment,
    constituency_ids: list[int] | None = None,
    detail: float = 1500.0,
) -> MapScene:
    """The map of the chosen constituencies (all when None).

    detail is how many units across the map one boundary vertex may resolve;
    boundaries are simplified to it so a national file draws quickly.
    """
    wanted = set(constituency_ids) if constituency_ids else None
    seats = [c for c in snapshot.constituencies if c.boundary and (wanted is None or c.id in wanted)]
    stations = [s for s in snapshot.stations if wanted is None or s.constituency_id in wanted]
    venues = [v for v in snapshot.venues if wanted is None or v.constituency_id in wanted]
    # Each station keyed as its own constituency's map and tables key it, so the app shows the PDF's numbers.
    by_seat: dict[int | None, list] = {}
    for station in stations:
        by_seat.setdefault(station.constituency_id, []).append(station)
    keys = {n: key for group in by_seat.values() for n, key in station_keys(group).items()}
    scene = _scene(seats, _Levels(assessment).points(stations, venues, keys), detail)
    _add_wards({0: scene}, {0: seats}, snapshot.wards, detail)
    _add_rvp([scene], snapshot)
    return scene


def build_seat_scenes(snapshot: PlanSnapshot, assessment: Assessment, detail: float = 1500.0) -> dict[int, MapScene]:
    """Each constituency's own map, its stations and venues grouped once (a national plan has 650)."""
    levels = _Levels(assessment)
    stations: dict[int | None, list] = {}
    venues: dict[int | None, list] = {}
    for station in snapshot.stations:
        stations.setdefault(station.constituency_id, []).append(station)
    for venue in snapshot.venues:
        venues.setdefault(venue.constituency_id, []).append(venue)
    scenes = {seat.id: _scene([seat] if seat.boundary else [],
                              levels.points(stations.get(seat.id, []), venues.get(seat.id, [])), detail)
              for seat in snapshot.constituencies}
    _add_wards(scenes, {seat.id: [seat] for seat in snapshot.constituencies}, snapshot.wards, detail)
    _add_rvp(scenes.values(), snapshot)
    return scenes


def _add_rvp(scenes, snapshot: PlanSnapshot) -> None:
    """The rendezvous points (the plan's and each count venue's own), on each map whose frame holds them. Only an
    edition that may know an RVP has one in its snapshot; a reference that does not read as one (typed in before
    it was checked) is left off."""
    from electionplan.domain.errors import ValidationError
    from electionplan.domain.gridref import parse_grid_reference

    order = snapshot.order
    # Each labelled by its own name, so the plan's RVP and a count's own are told apart on the map and in its caption.
    named = [(order.rvp_grid_ref, "RVP", order.rvp_name),
             *((entry.grid_ref, "Count RVP", entry.name) for entry in order.count_rvps)] if order else []
    labels: dict[str, tuple[str, str]] = {}
    for reference, label, name in named:
        if reference:
            labels.setdefault(reference, (label, " ".join(name.split())))  # one mark for a point named twice
    places = []
    for reference, (label, name) in labels.items():
        try:
            places.append((*parse_grid_reference(reference), label, name))
        except ValidationError:
            continue
    scenes = list(scenes)
    for x, y, label, name in places:
        for scene in scenes:
            minx, miny, maxx, maxy = scene.bounds
            if minx <= x <= maxx and miny <= y <= maxy:
                scene.points.append(MapPoint("rvp", 0, x, y, "", label, True, name))


def _add_wards(scenes: dict[int, MapScene], seats: dict[int, list], wards, detail: float) -> None:
    """Each map's wards: their edges within its constituencies, and each name at a point inside its part.

    One spatial query pairs every ward with every map's area at once, and the cuts are made for all pairs
    together, so a national plan's 650 maps do not loop over its wards."""
    import shapely

    from electionplan.geo.shapes import many_from_wkb

    ward_list = [w for w in wards if w.boundary]
    areas = [(key, seat.boundary) for key, group in seats.items() for seat in group if seat.boundary]
    if not ward_list or not areas:
        return
    ward_shapes = many_from_wkb([w.boundary for w in ward_list])
    area_shapes = many_from_wkb([blob for _, blob in areas])
    area_index, ward_index = shapely.STRtree(ward_shapes).query(area_shapes, predicate="intersects")
    inside = shapely.intersection(ward_shapes[ward_index], area_shapes[area_index])
    # A ward only grazing the edge (generalised boundaries cut across their neighbours) is not this map's.
    share = shapely.area(inside) >= 0.1 * shapely.area(ward_shapes[ward_index])
    area_index, ward_index, inside = area_index[share], ward_index[share], inside[share]
    edges = shapely.intersection(shapely.boundary(ward_shapes[ward_index]), area_shapes[area_index])
    spots = shapely.point_on_surface(inside)
    for a, w, edge, spot in zip(area_index, ward_index, edges, spots, strict=True):
        scene = scenes[areas[a][0]]
        tolerance = max(scene.width, scene.height) / detail
        scene.lines += [MapLine("ward", part) for part in _line_parts(shapely.simplify(edge, tolerance))]
        scene.names.append(MapLabel("ward", ward_list[w].name, float(spot.x), float(spot.y)))


class _Levels:
    """Each station's RAG and each venue's highest event level, looked up once per plan."""

    def __init__(self, assessment: Assessment):
        self.rag = {s.id: s.rag for s in assessment.stations}
        self.venue_level, self.venue_flag = _venue_levels(assessment)

    def points(self, stations, venues, keys: dict[int, str] | None = None) -> list[MapPoint]:
        points: list[MapPoint] = []
        keys = keys if keys is not None else station_keys(stations)
        for station in stations:
            if station.easting is None or station.northing is None:
                continue
            level = self.rag.get(station.id, "green")
            label = station.station_number or station.name
            points.append(MapPoint("station", station.id, station.easting, station.northing, level, label,
                                   level != "green", keys[station.id]))
        for venue in venues:
            if venue.easting is None or venue.northing is None or venue.id not in self.venue_level:
                continue
            points.append(MapPoint("venue", venue.id, venue.easting, venue.northing, self.venue_level[venue.id],
                                   venue.name, self.venue_flag[venue.id]))
        return points


def _scene(seats, points: list[MapPoint], detail: float) -> MapScene:
    import shapely

    from electionplan.geo.shapes import from_wkb

    shapes = [from_wkb(c.boundary) for c in seats]
    if shapes:
        minx, miny, maxx, maxy = shapely.union_all(shapes).bounds
    else:
        minx = miny = maxx = maxy = None
    if minx is None:
        if not points:
            return MapScene((0.0, 0.0, 1000.0, 1000.0))
        xs, ys = [p.x for p in points], [p.y for p in points]
        minx, miny, maxx, maxy = min(xs) - 500, min(ys) - 500, max(xs) + 500, max(ys) + 500
    margin = max(maxx - minx, maxy - miny) * 0.04
    bounds = (minx - margin, miny - margin, maxx + margin, maxy + margin)
    tolerance = max(bounds[2] - bounds[0], bounds[3] - bounds[1]) / detail
    areas = []
    for seat, shape in zip(seats, shapes, strict=False):
        if shape is None:  # a seat without a boundary is not drawn
            continue
        inner = shape.representative_point()
        areas.append(MapArea(seat.id, seat.gss_code, seat.name, _rings(shape, tolerance), (inner.x, inner.y)))
    # Flagged points last, so they sit on top of quiet ones.
    points.sort(key=lambda p: (p.flagged, LEVEL_RANK.get(p.level, 0), p.entity == "venue", p.id))
    return MapScene(bounds, areas, points)


def enlargement(scene: MapScene, keys: set[str], aspect: float = 1.0) -> MapScene | None:
    """The part of a map around the stations too close together to number on it, drawn larger; None when
    there are none. Boundaries are cut to its edge, so nothing is drawn outside the frame."""
    import shapely

    crowded = [p for p in scene.points if p.entity == "station" and p.key in keys]
    if not crowded:
        return None
    xs, ys = [p.x for p in crowded], [p.y for p in crowded]
    pad = max(max(xs) - min(xs), max(ys) - min(ys), 400.0) * 0.35
    minx, miny, maxx, maxy = min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad
    # As wide for its height as the frame it is drawn in (`aspect`), so the enlargement fills it.
    grow_x = max((maxy - miny) * aspect - (maxx - minx), 0.0) / 2
    grow_y = max((maxx - minx) / aspect - (maxy - miny), 0.0) / 2
    bounds = (minx - grow_x, miny - grow_y, maxx + grow_x, maxy + grow_y)
    inside = [p for p in scene.points if bounds[0] <= p.x <= bounds[2] and bounds[1] <= p.y <= bounds[3]]
    areas, lines = [], [line for line in scene.lines if line.kind != "seat"]
    for area in scene.areas:
        shapes = [shapely.Polygon(rings[0], rings[1:]) for rings in area.polygons]
        if not shapes:
            continue
        whole = shapely.union_all(shapes)
        cut = shapely.clip_by_rect(whole, *bounds)
        if not cut.is_empty:
            areas.append(MapArea(area.id, area.code, area.name, _rings(cut, 0.0), area.label_point))
            lines += [MapLine("seat", part) for part in _line_parts(shapely.clip_by_rect(whole.boundary, *bounds))]
    names = [n for n in scene.names if bounds[0] <= n.x <= bounds[2] and bounds[1] <= n.y <= bounds[3]]
    return MapScene(bounds, areas, inside, lines, names, clipped=True)


def _line_parts(geometry) -> list[list[tuple[float, float]]]:
    parts = [geometry]
    while any(hasattr(part, "geoms") for part in parts):  # a collection may hold multi-lines
        parts = [inner for part in parts for inner in getattr(part, "geoms", [part])]
    return [[(float(x), float(y)) for x, y, *_ in part.coords] for part in parts
            if part.geom_type in ("LineString", "LinearRing") and not part.is_empty]
