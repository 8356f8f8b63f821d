"""Which constituency each polling station and venue lies in.

One vectorised spatial join per table; never a loop over polygons per point.
The same pass produces the data warnings a SPOC must see about locations.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from sqlalchemy import bindparam, update
from sqlalchemy.orm import Session

from electionplan.db import models as m
from electionplan.geo.generalisation import MAX_TOLERANCE
from electionplan.geo.layers import constituencies_frame, stations_frame, venues_frame


@dataclass(frozen=True)
class DataWarning:
    kind: str  # outside_boundary | constituency_mismatch | unlocated
    entity: str
    entity_id: int
    message: str


def area_ids_at(easting: np.ndarray, northing: np.ndarray, areas: gpd.GeoDataFrame) -> np.ndarray:
    """For each coordinate pair, the id of the area containing it (NaN where none or unlocated).

    Each area tests only the points inside its bounding box, against its
    prepared geometry, so no point objects are built. Areas are tried in id
    order and a point keeps its first area: one on a shared edge goes to the
    lower id, stably.
    """
    result = np.full(len(easting), np.nan)
    if not len(easting) or areas.empty:
        return result
    by_id = areas.sort_values("id")
    geometries = by_id.geometry.to_numpy()
    shapely.prepare(geometries)
    ids = by_id["id"].to_numpy(dtype=float)
    bounds = shapely.bounds(geometries)
    for n, geometry in enumerate(geometries):
        minx, miny, maxx, maxy = bounds[n]
        near = np.flatnonzero((easting >= minx) & (easting <= maxx) & (northing >= miny) & (northing <= maxy)
                              & np.isnan(result))
        if len(near):
            inside = shapely.intersects_xy(geometry, easting[near], northing[near])
            result[near[inside]] = ids[n]
    return result


def containing_area(points: gpd.GeoDataFrame, areas: gpd.GeoDataFrame) -> pd.Series:
    """For each point, the id of the area containing it (NaN where none)."""
    geometry = points.geometry.to_numpy()
    located = ~(shapely.is_missing(geometry) | shapely.is_empty(geometry))
    easting = np.full(len(points), np.nan)
    northing = np.full(len(points), np.nan)
    easting[located] = shapely.get_x(geometry[located])
    northing[located] = shapely.get_y(geometry[located])
    return pd.Series(area_ids_at(easting, northing, areas), index=points.index, dtype=float)


def _at_own_edge(frame: gpd.GeoDataFrame, area_ids: pd.Series, current: pd.Series, areas: gpd.GeoDataFrame,
                 unlocated: np.ndarray) -> np.ndarray:
    """Points outside every boundary but within a generalised edge's reach of the seat they already have.

    Quick setup keeps such a station in its seat when its own data ties it
    there; moving another station must not take that away again.
    """
    result = np.zeros(len(frame), dtype=bool)
    candidates = np.flatnonzero(area_ids.isna().to_numpy() & current.notna().to_numpy() & ~unlocated)
    if not len(candidates) or areas.empty:
        return result
    seats = pd.Series(areas.geometry.to_numpy(), index=areas["id"].astype(float))
    own = current.iloc[candidates].map(seats).to_numpy()
    known = pd.notna(own)
    distances = np.full(len(candidates), np.inf)
    distances[known] = shapely.distance(own[known], frame.geometry.to_numpy()[candidates][known])
    result[candidates] = distances <= MAX_TOLERANCE
    return result


def _write_assignment(session: Session, table, frame: gpd.GeoDataFrame, area_ids: pd.Series, bounded: set[int],
                      areas: gpd.GeoDataFrame) -> None:
    current = pd.to_numeric(frame["constituency_id"], errors="coerce")
    # A located point outside every boundary belongs to no constituency, unless
    # it already has a seat whose (generalised) edge lies just beside it. An
    # unlocated one, or one placed by hand in a constituency with no boundary,
    # keeps what it has: the map cannot say otherwise.
    unlocated = (frame.geometry.isna() | frame.geometry.is_empty).to_numpy()
    unbounded = current.notna().to_numpy() & ~current.isin(bounded).to_numpy()
    keep = unlocated | unbounded | (not bounded) | _at_own_edge(frame, area_ids, current, areas, unlocated)
    new = area_ids.where(~keep, current)
    changed = ~((current == new) | (current.isna() & new.isna()))
    if not changed.any():
        return
    params = [
        {"_id": int(i), "_cid": (None if pd.isna(c) else int(c))}
        for i, c in zip(frame.loc[changed, "id"], new[changed], strict=False)
    ]
    statement = update(table).where(table.c.id == bindparam("_id")).values(constituency_id=bindparam("_cid"))
    session.connection().execute(statement, params)


def assign_locations(session: Session) -> list[DataWarning]:
    """Assign stations and venues to constituencies; return the data warnings."""
    areas = bounded_areas(session)
    bounded = {int(i) for i in areas["id"]}
    stations = stations_frame(session)
    station_areas = containing_area(stations, areas)
    _write_assignment(session, m.PollingStation.__table__, stations, station_areas, bounded, areas)
    venues = venues_frame(session)
    _write_assignment(session, m.Venue.__table__, venues, containing_area(venues, areas), bounded, areas)
    session.expire_all()
    return _station_warnings(stations, station_areas, areas)


def bounded_areas(session: Session):
    """The plan's constituencies that have a boundary to test points against."""
    areas = constituencies_frame(session)
    return areas[areas.geometry.notna()]


def station_warnings(session: Session) -> list[DataWarning]:
    areas = bounded_areas(session)
    stations = stations_frame(session)
    return _station_warnings(stations, containing_area(stations, areas), areas)


def _station_warnings(stations: gpd.GeoDataFrame, area_ids: pd.Series, areas: gpd.GeoDataFrame) -> list[DataWarning]:
    if stations.empty:
        return []
    unlocated = stations.geometry.isna().to_numpy()
    outside = np.zeros(len(stations), dtype=bool)
    mismatch = np.zeros(len(stations), dtype=bool)
    area_code = dict(zip(areas["id"], areas["gss_code"], strict=False))
    area_name = dict(zip(areas["id"], areas["name"], strict=False))
    if not areas.empty:
        outside = ~unlocated & area_ids.isna().to_numpy()
        stated = stations["stated_constituency"].fillna("").str.strip().str.lower()
        codes = area_ids.map(area_code).fillna("").str.lower()
        names = area_ids.map(area_name).fillna("").str.lower()
        mismatch = (~unlocated & ~outside & (stated != "") & (stated != codes) & (stated != names)).to_numpy()
    warnings: list[DataWarning] = []
    # Only the flagged rows are visited, so a clean national file costs nothing here.
    for position in np.flatnonzero(unlocated | outside | mismatch):
        row = stations.iloc[position]
        label, station_id = _station_label(row), int(row["id"])
        if unlocated[position]:
            warnings.append(DataWarning("unlocated", "PollingStation", station_id, f"{label} has no usable location."))
        elif outside[position]:
            warnings.append(
                DataWarning("outside_boundary", "PollingStation", station_id, f"{label} lies outside every boundary in the plan.")
            )
        else:
            area = area_ids.iloc[position]
            warnings.append(
                DataWarning(
                    "constituency_mismatch",
                    "PollingStation",
                    station_id,
                    f"{label} is listed for {row['stated_constituency']} but its location lies in "
                    f"{area_name[area]} ({area_code[area]}).",
                )
            )
    return warnings


def _station_label(row) -> str:
    number = f" ({row['station_number']})" if row.get("station_number") else ""
    return f"Polling station '{row['name']}'{number}"
