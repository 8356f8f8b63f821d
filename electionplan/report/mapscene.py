"""One map description for every output: the PDF draws it, the GUI shows it.

A MapScene holds areas, points coloured by risk, which points are labelled,
and a scale bar length. Renderers only turn it into marks on a page or screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from electionplan.domain.display import round_up_nice
from electionplan.domain.plandata import PlanSnapshot
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


@dataclass
class MapScene:
    bounds: tuple[float, float, float, float]
    areas: list[MapArea] = field(default_factory=list)
    points: list[MapPoint] = field(default_factory=list)

    @property
    def width(self) -> float:
        return self.bounds[2] - self.bounds[0]

    @property
    def height(self) -> float:
        return self.bounds[3] - self.bounds[1]


def nice_scale_length(width_m: float) -> float:
    """A round scale-bar length about a fifth of the map's width."""
    return round_up_nice(max(width_m / 5, 1.0), slack=0.6)


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
    return _scene(seats, _Levels(assessment).points(stations, venues), detail)


def build_seat_scenes(snapshot: PlanSnapshot, assessment: Assessment, detail: float = 1500.0) -> dict[int, MapScene]:
    """Each constituency's own map, its stations and venues grouped once (a national plan has 650)."""
    levels = _Levels(assessment)
    stations: dict[int | None, list] = {}
    venues: dict[int | None, list] = {}
    for station in snapshot.stations:
        stations.setdefault(station.constituency_id, []).append(station)
    for venue in snapshot.venues:
        venues.setdefault(venue.constituency_id, []).append(venue)
    return {seat.id: _scene([seat] if seat.boundary else [],
                            levels.points(stations.get(seat.id, []), venues.get(seat.id, [])), detail)
            for seat in snapshot.constituencies}


class _Levels:
    """Each station's RAG and each venue's highest event level, looked up once per plan."""

    def __init__(self, assessment: Assessment):
        self.rag = {s.id: s.rag for s in assessment.stations}
        self.venue_level, self.venue_flag = _venue_levels(assessment)

    def points(self, stations, venues) -> list[MapPoint]:
        points: list[MapPoint] = []
        for station in stations:
            if station.easting is None or station.northing is None:
                continue
            level = self.rag.get(station.id, "green")
            label = station.station_number or station.name
            points.append(MapPoint("station", station.id, station.easting, station.northing, level, label,
                                   level != "green"))
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
