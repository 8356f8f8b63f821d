"""Cutting a council's station file to one seat, as a by-election needs.

A station inside the seat's boundary is kept. One just outside it is kept too
when the boundary is generalised enough to have cut it off and the station's
own data puts it inside: its row names the seat, or its ward (from the row, or
its postcode's ward) is one the file's other stations place in the seat. Every
station left out is listed with how far outside it lies and the seat it falls
in, and a file with nothing inside still builds the plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from sqlalchemy.orm import Session

from electionplan.db import models as m
from electionplan.geo.assign import area_ids_at
from electionplan.geo.postcodes import postcode_key
from electionplan.geo.shapes import from_wkb
from electionplan.importers.station_rows import StationImportReport

# A ward's GSS code: England E05, Wales W05, Scotland S13, Northern Ireland N08.
WARD_CODE_RE = r"^(e05|w05|s13|n08)\d{6}$"


@dataclass(frozen=True)
class SeatCut:
    seat_id: int
    tolerance_m: float = 0.0  # how far outside the edge a station is still judged by its own data
    boundary_label: str = ""  # "ultra-generalised (ONS BUC)", for the notes
    areas: gpd.GeoDataFrame | None = None  # every area of the boundary file (id, gss_code, name), to say where others fall
    postcode_wards: dict[str, str] = field(default_factory=dict)  # postcode (no space) -> ward code, from loaded files


def station_wards(stations: pd.DataFrame, postcode_wards: dict[str, str]) -> tuple[pd.Series, pd.Series]:
    """(each station's ward code, lower case, '' when unknown; where it came from: 'ward' or "postcode's ward")."""
    stated = stations["stated_constituency"].fillna("").str.strip().str.lower()
    from_row = stated.where(stated.str.match(WARD_CODE_RE), "")
    keys = stations["postcode"].fillna("").map(postcode_key)
    from_postcode = keys.map(pd.Series(postcode_wards, dtype=object)).astype(object).fillna("").astype(str).str.lower()
    ward = from_row.where(from_row != "", from_postcode)
    source = pd.Series(np.where(from_row != "", "ward", np.where(from_postcode != "", "postcode's ward", "")),
                       index=stations.index)
    return ward, source


def _placed_by_others(ward: pd.Series, located: np.ndarray, inside: np.ndarray) -> np.ndarray:
    """Whether the file's other located stations in the same ward lie mostly inside the seat."""
    frame = pd.DataFrame({"ward": ward.to_numpy(), "located": located.astype(int), "inside": (inside & located).astype(int)})
    totals = frame.groupby("ward")[["located", "inside"]].transform("sum")
    others_located = totals["located"].to_numpy() - frame["located"].to_numpy()
    others_inside = totals["inside"].to_numpy() - frame["inside"].to_numpy()
    return (frame["ward"].to_numpy() != "") & (others_located > 0) & (others_inside * 2 > others_located)


def _distances(geometry, easting: np.ndarray, northing: np.ndarray, which: np.ndarray) -> np.ndarray:
    out = np.full(len(easting), np.nan)
    if which.any():
        out[which] = shapely.distance(geometry, shapely.points(easting[which], northing[which]))
    return out


def keep_in_seat(session: Session, stations: pd.DataFrame, cut: SeatCut, report: StationImportReport) -> pd.DataFrame:
    """The stations the seat keeps (inside, or tied and close enough), with every other one listed."""
    seat = session.get(m.Constituency, cut.seat_id)
    if seat is None or seat.boundary_wkb is None:
        return stations
    easting = pd.to_numeric(stations["easting"], errors="coerce").to_numpy(dtype=float)
    northing = pd.to_numeric(stations["northing"], errors="coerce").to_numpy(dtype=float)
    located = ~np.isnan(easting)
    inside = (stations["constituency_id"] == cut.seat_id).to_numpy()
    stated = stations["stated_constituency"].fillna("").str.strip().str.lower()
    named = stated.isin({(seat.gss_code or "").lower(), (seat.name or "").lower()} - {""}).to_numpy()
    ward, source = station_wards(stations, cut.postcode_wards)
    by_ward = _placed_by_others(ward, located, inside)
    tied = named | by_ward
    distance = _distances(from_wkb(seat.boundary_wkb), easting, northing, located & ~inside)
    close = located & ~inside & (distance <= cut.tolerance_m)
    keep = inside | (~located & tied) | (close & tied)
    why = np.where(named, "its row names the seat", "its " + source + " (" + ward.str.upper() + ") lies in the seat "
                   "by the file's other stations")
    notes = [f"Kept although {d:,.0f} m outside {seat.name} on the {cut.boundary_label or 'imported'} boundary: {w}."
             for d, w in zip(distance[close & tied], why[close & tied], strict=False)]
    kept = stations[keep].copy()
    kept.loc[(close & tied)[keep], "notes"] = notes
    report.notes += [f"row {line}: '{name}' {note[0].lower()}{note[1:]}" for line, name, note
                     in zip(stations["_line"][close & tied], stations["name"][close & tied], notes, strict=False)]
    report.outside += _left_out(stations, ~keep, located, distance, seat.name, cut.areas)
    kept.loc[~located[keep] | (close & tied)[keep], "constituency_id"] = cut.seat_id
    return kept


def _left_out(stations: pd.DataFrame, out: np.ndarray, located: np.ndarray, distance: np.ndarray, seat_name: str,
              areas: gpd.GeoDataFrame | None) -> list[str]:
    """Each station left out, and why: how far outside and in which seat, or that nothing ties it (whole columns)."""
    if not out.any():
        return []
    left = stations[out]
    placed = located[out]
    postcode = left["postcode"].fillna("")
    label = "'" + left["name"] + "' (" + postcode.where(postcode != "", "no postcode") + ")"
    falls_in = pd.Series("no seat of the boundary file", index=left.index)
    if areas is not None and placed.any():
        easting = pd.to_numeric(left["easting"], errors="coerce").to_numpy(dtype=float)
        northing = pd.to_numeric(left["northing"], errors="coerce").to_numpy(dtype=float)
        labels = pd.Series((areas["name"] + " (" + areas["gss_code"] + ")").to_numpy(), index=areas["id"].astype(float))
        found = pd.Series(area_ids_at(easting, northing, areas), index=left.index).map(labels)
        falls_in = found.where(found.notna(), falls_in)
    metres = pd.Series(distance[out], index=left.index).map(lambda d: f"{d:,.0f}" if np.isfinite(d) else "")
    outside = label + f" lies outside {seat_name}, " + metres + " m from its edge, in " + falls_in
    untied = label + f" has no location and nothing in its row ties it to {seat_name}"
    return outside.where(placed, untied).tolist()
