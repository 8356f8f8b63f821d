"""The plan's records as GeoDataFrames in EPSG:27700.

Everything spatial (assignment, proximity, maps, GeoPackage export) starts from
these frames, read with one set-based query per table.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from sqlalchemy import select
from sqlalchemy.orm import Session

from electionplan.db import models as m
from electionplan.geo.locations import BNG
from electionplan.geo.shapes import many_from_wkb


def constituencies_frame(session: Session) -> gpd.GeoDataFrame:
    rows = session.execute(
        select(m.Constituency.id, m.Constituency.gss_code, m.Constituency.name, m.Constituency.boundary_wkb)
    ).all()
    frame = pd.DataFrame(rows, columns=["id", "gss_code", "name", "wkb"])
    geometry = many_from_wkb(frame["wkb"]) if len(frame) else np.array([], dtype=object)
    return gpd.GeoDataFrame(frame.drop(columns="wkb"), geometry=geometry, crs=BNG)


def points_frame(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """Turn a frame with easting/northing columns into points; missing stays empty."""
    easting = pd.to_numeric(frame["easting"], errors="coerce").to_numpy(dtype=float)
    northing = pd.to_numeric(frame["northing"], errors="coerce").to_numpy(dtype=float)
    located = ~(np.isnan(easting) | np.isnan(northing))
    geometry = np.full(len(frame), None, dtype=object)
    if located.any():
        geometry[located] = shapely.points(easting[located], northing[located])
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=BNG)


def stations_frame(session: Session) -> gpd.GeoDataFrame:
    cols = [
        m.PollingStation.id,
        m.PollingStation.name,
        m.PollingStation.station_number,
        m.PollingStation.council_id,
        m.PollingStation.postcode,
        m.PollingStation.easting,
        m.PollingStation.northing,
        m.PollingStation.constituency_id,
        m.PollingStation.stated_constituency,
    ]
    rows = session.execute(select(*cols)).all()
    frame = pd.DataFrame(rows, columns=[c.key for c in cols])
    return points_frame(frame)


def venues_frame(session: Session) -> gpd.GeoDataFrame:
    cols = [m.Venue.id, m.Venue.name, m.Venue.postcode, m.Venue.easting, m.Venue.northing, m.Venue.constituency_id]
    rows = session.execute(select(*cols)).all()
    return points_frame(pd.DataFrame(rows, columns=[c.key for c in cols]))
