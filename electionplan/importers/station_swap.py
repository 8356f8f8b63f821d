"""Is a station file's easting and northing the wrong way round? Decided for the file, never per station.

Around Manchester eastings and northings are both about 380–400 km, so a
correct station outside the plan's seat can land inside it once its numbers
change places. One such station says nothing about the file: a file is
swapped only when most of its points lie outside every boundary and inside one
once swapped. Otherwise the file is imported and the stations whose own place
is implausible (outside the UK, or far from the plan's area) but whose swapped
place is inside a boundary are listed with both, for the SPOC to decide.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from sqlalchemy.orm import Session

from electionplan.domain.errors import ImportFailed
from electionplan.domain.validation import BNG_EASTING, BNG_NORTHING
from electionplan.geo.assign import area_ids_at, bounded_areas

# A station this close to the plan's boundaries is where the plan works: never called swapped.
NEAR_METRES = 30_000.0


def in_uk(easting: np.ndarray, northing: np.ndarray) -> np.ndarray:
    return ((easting >= BNG_EASTING[0]) & (easting <= BNG_EASTING[1])
            & (northing >= BNG_NORTHING[0]) & (northing <= BNG_NORTHING[1]))


def _inside_and_near(areas: gpd.GeoDataFrame, easting: np.ndarray, northing: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(inside a boundary as given, inside one once swapped, near the plan's area as given)."""
    own_uk = in_uk(easting, northing)
    if areas.empty:  # no boundaries yet: the UK is the plan's area
        return own_uk, in_uk(northing, easting), own_uk
    own = ~np.isnan(area_ids_at(easting, northing, areas))
    swapped = np.zeros(len(easting), dtype=bool)
    outside = np.flatnonzero(~own)  # a sound file's points are inside: only the others are swapped and tested
    swapped[outside] = ~np.isnan(area_ids_at(northing[outside], easting[outside], areas))
    near = own.copy()
    candidates = np.flatnonzero(own_uk & ~own & swapped)  # only these can be doubted; measure only them
    if len(candidates):
        union = shapely.union_all(areas.geometry.to_numpy())
        points = shapely.points(easting[candidates], northing[candidates])
        near[candidates] = shapely.distance(union, points) <= NEAR_METRES
    return own, swapped, near


def check_swapped(session: Session, stations: pd.DataFrame, file_name: str, mapping: dict[str, str],
                  areas: gpd.GeoDataFrame | None = None) -> list[str]:
    """Refuse a swapped file with the exact options that fix it; otherwise the doubtful stations, listed.

    The areas are the plan's boundaries, or, for a file cut to one seat, every
    area of the boundary file the seat came from.
    """
    easting = pd.to_numeric(stations["_given_e"], errors="coerce").to_numpy(dtype=float)
    northing = pd.to_numeric(stations["_given_n"], errors="coerce").to_numpy(dtype=float)
    given = ~(np.isnan(easting) | np.isnan(northing))
    if not given.any():
        return []
    areas = bounded_areas(session) if areas is None else areas
    own, swapped, near = _inside_and_near(areas, np.nan_to_num(easting, nan=-1e9), np.nan_to_num(northing, nan=-1e9))
    evidence = given & ~own & swapped
    if evidence.sum() * 2 > given.sum():
        east_column, north_column = mapping.get("easting", "EASTING"), mapping.get("northing", "NORTHING")
        raise ImportFailed(
            f"{file_name}: {int(evidence.sum())} of its {int(given.sum())} located stations lie outside every boundary "
            "in the plan but inside one with easting and northing swapped; if its columns are the wrong way round, "
            f"import it with --map easting={north_column} --map northing={east_column}.")
    doubtful = evidence & ~near
    if not doubtful.any():
        return []
    # Only the doubted stations are named, so a sound national file costs nothing here.
    seat_ids = area_ids_at(northing[doubtful], easting[doubtful], areas)
    labels = dict(zip(areas["id"], areas["name"] + " (" + areas["gss_code"] + ")", strict=False))
    return [f"row {line}: '{name}' given at {e:.0f}, {n:.0f} lies outside the plan's area; with easting and "
            f"northing swapped ({n:.0f}, {e:.0f}) it would lie in {labels.get(seat, 'the UK')}; check its location"
            for line, name, e, n, seat in zip(stations["_line"][doubtful], stations["name"][doubtful],
                                              easting[doubtful], northing[doubtful], seat_ids, strict=False)]
