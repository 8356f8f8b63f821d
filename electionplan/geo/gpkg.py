"""The plan's layers as a GeoPackage for the force's GIS team (EPSG:27700)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from electionplan.geo.layers import points_frame
from electionplan.geo.locations import BNG
from electionplan.geo.shapes import from_wkb
from electionplan.risk.results import Assessment
from electionplan.domain.display import grid_ref_of, station_address
from electionplan.system.files import atomic_output

LAYERS = ("constituencies", "polling_stations", "venues", "events")


def plan_layers(snapshot: dict[str, Any], assessment: Assessment) -> dict[str, gpd.GeoDataFrame]:
    seats = snapshot["constituencies"]
    constituencies = gpd.GeoDataFrame(
        {
            "gss_code": [c["gss_code"] for c in seats],
            "name": [c["name"] for c in seats],
            "electorate": [c.get("electorate") for c in seats],
            "returning_officer": [c.get("returning_officer") or "" for c in seats],
        },
        geometry=[from_wkb(bytes.fromhex(c["boundary"])) if c.get("boundary") else None for c in seats],
        crs=BNG,
    )
    rag = {s.id: s for s in assessment.stations}
    stations = pd.DataFrame(
        [
            {
                "station_id": s["id"],
                "council_id": s.get("council_id") or "",
                "station_number": s.get("station_number") or "",
                "name": s["name"],
                "address": station_address(s),
                "postcode": s.get("postcode") or "",
                "electorate": s.get("electorate"),
                "rag": rag[s["id"]].rag if s["id"] in rag else "",
                "presence": rag[s["id"]].presence.description if s["id"] in rag and rag[s["id"]].presence else "",
                "reasons": " ".join(rag[s["id"]].reasons) if s["id"] in rag else "",
                "grid_ref": grid_ref_of(s, missing=""),
                "easting": s.get("easting"),
                "northing": s.get("northing"),
            }
            for s in snapshot["stations"]
        ],
        columns=["station_id", "council_id", "station_number", "name", "address", "postcode", "electorate",
                 "rag", "presence", "reasons", "grid_ref", "easting", "northing"],
    )
    venue_rows = pd.DataFrame(
        [{"venue_id": v["id"], "name": v["name"], "address": v.get("address") or "", "postcode": v.get("postcode") or "",
          "easting": v.get("easting"), "northing": v.get("northing")} for v in snapshot["venues"]],
        columns=["venue_id", "name", "address", "postcode", "easting", "northing"],
    )
    venues_by_id = {v["id"]: v for v in snapshot["venues"]}
    events = pd.DataFrame(
        [
            {
                "event_id": e.id,
                "name": e.name,
                "kind": e.kind,
                "start": e.start.replace("T", " "),
                "end": e.end.replace("T", " "),
                "venue": (venues_by_id.get(e.venue_id) or {}).get("name", ""),
                "level": e.level,
                "score": e.score,
                "flashpoint": int(e.flashpoint),
                "presence": e.presence.description if e.presence else "",
                "easting": (venues_by_id.get(e.venue_id) or {}).get("easting"),
                "northing": (venues_by_id.get(e.venue_id) or {}).get("northing"),
            }
            for e in assessment.events
        ],
        columns=["event_id", "name", "kind", "start", "end", "venue", "level", "score", "flashpoint", "presence",
                 "easting", "northing"],
    )
    return {
        "constituencies": constituencies,
        "polling_stations": points_frame(stations),
        "venues": points_frame(venue_rows),
        "events": points_frame(events),
    }


def export_geopackage(snapshot: dict[str, Any], assessment: Assessment, target: Path | str) -> dict[str, int]:
    layers = plan_layers(snapshot, assessment)
    with atomic_output(Path(target)) as temp:
        for name in LAYERS:
            frame = layers[name]
            # GeoPackage wants one geometry type per layer; unlocated rows keep a null geometry.
            frame.to_file(temp, layer=name, driver="GPKG", engine="pyogrio")
    return {name: len(layers[name]) for name in LAYERS}
