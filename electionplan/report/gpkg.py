"""The plan's layers as a GeoPackage for the force's GIS team (EPSG:27700)."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from electionplan.domain.plandata import PlanSnapshot
from electionplan.geo.layers import points_frame
from electionplan.geo.locations import BNG
from electionplan.geo.shapes import from_wkb
from electionplan.report.rows import event_rows, station_rows
from electionplan.risk.results import Assessment
from electionplan.system.files import atomic_output

LAYERS = ("constituencies", "polling_stations", "venues", "events")


def _constituency_layer(snapshot: PlanSnapshot) -> gpd.GeoDataFrame:
    seats = snapshot.constituencies
    return gpd.GeoDataFrame(
        {
            "gss_code": [c.gss_code for c in seats],
            "name": [c.name for c in seats],
            "electorate": [c.electorate for c in seats],
            "returning_officer": [c.returning_officer or "" for c in seats],
        },
        geometry=[from_wkb(c.boundary) if c.boundary else None for c in seats],
        crs=BNG,
    )


def _station_frame(snapshot: PlanSnapshot, assessment: Assessment) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "station_id": s.id,
                "council": s.council,
                "council_id": s.council_id,
                "station_number": s.number,
                "polling_district": s.district,
                "name": s.name,
                "address": s.address,
                "postcode": s.postcode,
                "electorate": s.electorate,
                "rag": s.rag,
                "presence": s.presence,
                "reasons": " ".join(s.reasons),
                "grid_ref": s.grid_ref,
                "easting": s.easting,
                "northing": s.northing,
            }
            for s in station_rows(snapshot, assessment)
        ],
        columns=["station_id", "council", "council_id", "station_number", "polling_district", "name", "address", "postcode", "electorate",
                 "rag", "presence", "reasons", "grid_ref", "easting", "northing"],
    )


def _venue_frame(snapshot: PlanSnapshot) -> pd.DataFrame:
    return pd.DataFrame(
        [{"venue_id": v.id, "name": v.name, "address": v.address or "", "postcode": v.postcode or "",
          "easting": v.easting, "northing": v.northing} for v in snapshot.venues],
        columns=["venue_id", "name", "address", "postcode", "easting", "northing"],
    )


# An event's columns outside the police: its public facts, and presence at the count and declaration only.
PUBLIC_EVENT_COLUMNS = ["event_id", "name", "kind", "start", "end", "venue", "organiser", "attendance", "presence",
                        "easting", "northing"]


def _event_frame(snapshot: PlanSnapshot, assessment: Assessment, assessed: bool = True) -> pd.DataFrame:
    if not assessed:
        return pd.DataFrame(
            [{"event_id": e.id, "name": e.name, "kind": e.kind, "start": f"{e.start:%Y-%m-%d %H:%M}",
              "end": f"{e.end:%Y-%m-%d %H:%M}", "venue": e.venue, "organiser": e.organiser,
              "attendance": e.attendance, "presence": e.presence, "easting": e.easting, "northing": e.northing}
             for e in event_rows(snapshot, assessment)],
            columns=PUBLIC_EVENT_COLUMNS)
    return pd.DataFrame(
        [
            {
                "event_id": e.id,
                "name": e.name,
                "kind": e.kind,
                "start": f"{e.start:%Y-%m-%d %H:%M}",
                "end": f"{e.end:%Y-%m-%d %H:%M}",
                "venue": e.venue,
                "level": e.level,
                "score": e.score,
                "flashpoint": int(e.flashpoint),
                "presence": e.presence,
                "easting": e.easting,
                "northing": e.northing,
            }
            for e in event_rows(snapshot, assessment)
        ],
        columns=["event_id", "name", "kind", "start", "end", "venue", "level", "score", "flashpoint", "presence",
                 "easting", "northing"],
    )


def plan_layers(snapshot: PlanSnapshot, assessment: Assessment, assessed: bool = True) -> dict[str, gpd.GeoDataFrame]:
    """The layers, built from the same display rows as the app's tables and the PDF; with `assessed` False
    (outside the police) events carry no assessment."""
    return {
        "constituencies": _constituency_layer(snapshot),
        "polling_stations": points_frame(_station_frame(snapshot, assessment)),
        "venues": points_frame(_venue_frame(snapshot)),
        "events": points_frame(_event_frame(snapshot, assessment, assessed)),
    }


def export_geopackage(snapshot: PlanSnapshot, assessment: Assessment, target: Path | str,
                      assessed: bool = True) -> dict[str, int]:
    return write_layers(plan_layers(snapshot, assessment, assessed), target)


def write_layers(layers: dict[str, gpd.GeoDataFrame], target: Path | str) -> dict[str, int]:
    """The layers as one GeoPackage; the features written in each."""
    with atomic_output(Path(target), fresh=True) as temp:
        for name in LAYERS:
            frame = layers[name]
            # GeoPackage wants one geometry type per layer; unlocated rows keep a null geometry.
            frame.to_file(temp, layer=name, driver="GPKG", engine="pyogrio")
    return {name: len(layers[name]) for name in LAYERS}
