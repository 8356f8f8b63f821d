"""Importing constituency (or ward) boundaries from the files forces receive.

GeoJSON, GeoPackage (with a layer choice) and Shapefile, zipped or not, in any
CRS; everything is stored in British National Grid. The code and name columns
are found by what their values look like, because ONS, OS Boundary-Line and
council GIS teams all name them differently.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from electionplan.db import audit
from electionplan.db import models as m
from electionplan.db.geopackage import OPEN_OPTIONS, check_geopackage, is_geopackage
from electionplan.db.store import PlanStore
from electionplan.domain.display import plural
from electionplan.domain.errors import ImportFailed
from electionplan.domain.text import same_name
from electionplan.domain.validation import BNG_EASTING, BNG_NORTHING
from electionplan.geo.locations import BNG, WGS84
from electionplan.geo.shapes import to_wkb
from electionplan.system.limits import check_unpacked_size

GSS_RE = re.compile(r"^[EWSNK]\d{8}$")
_NAME_COLUMN_RE = re.compile(r"(?i)^(name|.*nm|.*_name|constituency|ward)$")
_MAX_FEATURES = 20_000
_MAX_COORDINATES = 5_000_000  # a full-resolution national file has about 3 million


@dataclass
class BoundaryImportReport:
    imported: list[str] = field(default_factory=list)  # GSS codes
    updated: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.imported) + len(self.updated)


# What a boundary file may hold before it is read: a full-resolution national
# file is about 3 million points (some 50 MB of shapefile), so a file, or a zip
# unpacking to, more than this is refused unread.
_MAX_SOURCE_BYTES = 400_000_000


def _refuse_oversized(path: Path) -> None:
    parts = [path] + ([path.with_suffix(s) for s in (".dbf", ".shx")] if path.suffix.lower() == ".shp" else [])
    size = sum(p.stat().st_size for p in parts if p.exists())
    if size > _MAX_SOURCE_BYTES:
        raise ImportFailed(f"{path.name} is {size // 1_000_000:,} MB, more than any boundary file "
                           f"({_MAX_SOURCE_BYTES // 1_000_000} MB); simplify it first.")


def _source_path(path: Path) -> str:
    if path.suffix.lower() == ".zip":
        check_unpacked_size(path, _MAX_SOURCE_BYTES)
        try:
            with zipfile.ZipFile(path) as archive:
                inner = [n for n in archive.namelist() if n.lower().endswith((".shp", ".geojson", ".gpkg"))]
        except zipfile.BadZipFile:
            raise ImportFailed(f"{path.name} is not a readable zip file.") from None
        if not inner:
            raise ImportFailed(f"{path.name} holds no shapefile, GeoJSON or GeoPackage.")
        if inner[0].lower().endswith(".gpkg"):
            raise ImportFailed(f"{path.name} holds a GeoPackage: unzip it and import the .gpkg itself, so it can be "
                               "checked before it is read.")
        return f"/vsizip/{path}/{inner[0]}"
    _refuse_oversized(path)
    if is_geopackage(path):
        check_geopackage(path)
    return str(path)


def _open_options(path: Path) -> dict[str, str]:
    return OPEN_OPTIONS if is_geopackage(path) else {}


def list_layers(path: Path | str) -> list[str]:
    try:
        source = _source_path(Path(path))
        return [str(row[0]) for row in pyogrio.list_layers(source)]
    except ImportFailed:
        raise
    except Exception:
        raise ImportFailed(f"{Path(path).name} is not a boundary file that can be read.") from None


def read_boundary_file(path: Path | str, layer: str | None = None) -> gpd.GeoDataFrame:
    path = Path(path)
    if not path.exists():
        raise ImportFailed(f"{path} does not exist.")
    source = _source_path(path)
    # One read, capped: a second pass for the file's summary would parse a GeoJSON twice.
    with warnings.catch_warnings(record=True) as raised:
        warnings.simplefilter("always")
        try:
            frame = gpd.read_file(source, layer=layer, engine="pyogrio", max_features=_MAX_FEATURES + 1,
                                  **_open_options(path))
        except Exception as exc:
            if layer is not None and "layer" in str(exc).lower():
                raise ImportFailed(f"{path.name} has no layer '{layer}'; it has: {', '.join(list_layers(path))}.") from None
            raise ImportFailed(f"{path.name} is not a boundary file that can be read (GeoJSON, GeoPackage or Shapefile).") from None
    if not isinstance(frame, gpd.GeoDataFrame):
        where = f"layer '{layer}' of {path.name}" if layer else path.name
        raise ImportFailed(f"{where} has no geometry: it is a table, not a boundary file.")
    if len(frame) and not np.isfinite(shapely.get_coordinates(frame.geometry.values)).all():
        raise ImportFailed(f"{path.name} has a boundary point that is not a number (NaN or infinite); "
                           "fix the file and import it again.")
    if len(frame) > _MAX_FEATURES:
        raise ImportFailed(f"{path.name} has more than {_MAX_FEATURES} features; a boundary file holds at most {_MAX_FEATURES}.")
    # The reader's own warnings (odd encodings, field widths) would reach the
    # user as library text; they are reported once, in the app's words.
    frame.attrs["metadata"] = _metadata_text(source, layer)
    frame.attrs["read_warnings"] = [f"{path.name}: the file reader noted a problem ({w.category.__name__}); check the areas imported."
                                    for w in raised[:1]]
    return frame


# Real seats differ in area many times over (a city seat and a Highland one); a
# cartogram's tiles, drawn equal in their own CRS, stay within a few tens of
# per cent of each other once projected (Web Mercator's scale changes with latitude).
_SAME_AREA_OWN_CRS, _UNIFORM_AREA_PROJECTED = 0.02, 0.3


def _metadata_text(source: str, layer: str | None) -> str:
    """The file's own description of itself (a GeoPackage layer's description, say), as one line of text."""
    try:
        with warnings.catch_warnings():  # the reader's own notes (several layers, say) are never shown to the user
            warnings.simplefilter("ignore")
            info = pyogrio.read_info(source, layer=layer)
    except Exception:  # a file read once already; its metadata is a hint, never a reason to fail
        return ""
    parts = [*(info.get("layer_metadata") or {}).values(), *(info.get("dataset_metadata") or {}).values()]
    return " ".join(str(p) for p in parts)[:2_000]


def refuse_cartogram(frame: gpd.GeoDataFrame, source_name: str, *, projected: bool = True) -> None:
    """A hex or square cartogram carries real codes on shapes of one size and form: not geography.

    Checked twice: in the file's own CRS, where a cartogram's shapes are equal,
    and after projection to BNG, where they are still implausibly alike.
    """
    if len(frame) < 10:
        return
    areas = shapely.area(frame.geometry.values)
    vertices = shapely.get_num_coordinates(frame.geometry.values)
    spread = _UNIFORM_AREA_PROJECTED if projected else _SAME_AREA_OWN_CRS
    same_area = areas.std() <= spread * areas.mean()
    same_form = (vertices == vertices[0]).mean() >= 0.95
    if same_area and same_form:
        raise ImportFailed(f"{source_name} looks like a cartogram: all {len(frame)} shapes have the same area and form "
                           "(hexagons or squares), so they are not real boundaries. Use the boundary file itself.")


def _code_column(frame: pd.DataFrame) -> str | None:
    best, best_share = None, 0.0
    for column in frame.columns:
        if column == frame.geometry.name:
            continue
        # A sample decides: codes fill a whole column, so 200 values are as telling as 20,000.
        values = frame[column].dropna().head(200).astype(str).str.strip()
        if values.empty:
            continue
        share = values.str.match(GSS_RE).mean()
        if share > best_share:
            best, best_share = column, share
    return best if best_share >= 0.8 else None


def _name_column(frame: pd.DataFrame, code_column: str | None) -> str | None:
    candidates = [c for c in frame.columns if c not in (code_column, frame.geometry.name) and _NAME_COLUMN_RE.match(c)]
    # Prefer an English name over a Welsh one (ONS puts it in ...NMW).
    candidates.sort(key=lambda c: (c.upper().endswith("NMW"), c.upper() != "NAME", len(c)))
    return candidates[0] if candidates else None


def _assume_crs(frame: gpd.GeoDataFrame, warnings: list[str]) -> gpd.GeoDataFrame:
    if frame.crs is not None:
        return frame
    minx, miny, maxx, maxy = frame.total_bounds
    guessed = WGS84 if (-180 <= minx and maxx <= 180 and -90 <= miny and maxy <= 90) else BNG
    warnings.append(f"The file states no coordinate system; read as {guessed} from its coordinates.")
    return frame.set_crs(guessed)


def _code_and_name(frame: gpd.GeoDataFrame, source_name: str) -> gpd.GeoDataFrame:
    code_col = _code_column(frame)
    name_col = _name_column(frame, code_col)
    if code_col is None and name_col is None:
        raise ImportFailed(
            f"{source_name} has no column of GSS codes (such as PCON24CD) and no name column; "
            "cannot tell which area is which."
        )
    if code_col is None:
        raise ImportFailed(f"{source_name} has no column of GSS codes (such as PCON24CD or CODE).")
    if name_col is None:
        raise ImportFailed(f"{source_name} has no name column (such as PCON24NM or NAME).")
    return gpd.GeoDataFrame(
        {
            "gss_code": frame[code_col].astype(str).str.strip(),
            "name": frame[name_col].fillna("").astype(str).str.strip(),
        },
        geometry=frame.geometry.values,
        crs=frame.crs,
    )


def _only(out: gpd.GeoDataFrame, only: list[str], source_name: str) -> gpd.GeoDataFrame:
    """The areas asked for by code or name (case and accents ignored); all of them must be there."""
    wanted = {w.strip() for w in only if w.strip()}
    wanted_names = {same_name(w) for w in wanted}
    names = out["name"].map(same_name)
    chosen = out["gss_code"].str.upper().isin({w.upper() for w in wanted}) | names.isin(wanted_names)
    found = {c.upper() for c in out.loc[chosen, "gss_code"]} | set(names[chosen])
    missing = [w for w in wanted if w.upper() not in found and same_name(w) not in found]
    if missing:
        raise ImportFailed(f"{source_name} has no area with code or name: {', '.join(sorted(missing))}.")
    return out[chosen]


def _drop(out: gpd.GeoDataFrame, mask, warnings: list[str], reason: str) -> gpd.GeoDataFrame:
    """Leave out the rows in mask, with one warning each naming the area and why."""
    for _, row in out[mask].iterrows():
        warnings.append(reason.format(code=row["gss_code"], name=row["name"]))
    return out[~mask]


def _repair(out: gpd.GeoDataFrame, warnings: list[str]) -> gpd.GeoDataFrame:
    invalid = ~out.geometry.is_valid
    if invalid.any():
        for _, row in out[invalid].iterrows():
            warnings.append(f"{row['gss_code']} {row['name']}: invalid geometry repaired.")
        repaired = shapely.make_valid(out.geometry.values[invalid.to_numpy()])
        # make_valid can return collections with stray lines; keep the areas.
        repaired = [_polygonal(g) for g in repaired]
        out.loc[invalid, "geometry"] = gpd.GeoSeries(repaired, index=out.index[invalid], crs=out.crs)
    return out


def _to_bng(out: gpd.GeoDataFrame, source_name: str) -> gpd.GeoDataFrame:
    if int(shapely.get_num_coordinates(out.geometry.values).sum()) > _MAX_COORDINATES:
        raise ImportFailed(f"{source_name} has more than {_MAX_COORDINATES:,} boundary points; simplify it first.")
    try:
        return out.to_crs(BNG)
    except Exception:
        raise ImportFailed(f"{source_name}: its coordinates cannot be converted to British National Grid.") from None


def _outside_uk(out: gpd.GeoDataFrame):
    bounds = out.geometry.bounds
    outside = ~((bounds["minx"] >= BNG_EASTING[0]) & (bounds["miny"] >= BNG_NORTHING[0])
                & (bounds["maxx"] <= BNG_EASTING[1]) & (bounds["maxy"] <= BNG_NORTHING[1]))
    return outside | ~np.isfinite(bounds.to_numpy()).all(axis=1)


def prepare_boundaries(
    frame: gpd.GeoDataFrame, only: list[str] | None = None, source_name: str = "file"
) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Pick, repair and reproject: returns gss_code, name, geometry in BNG."""
    warnings: list[str] = list(frame.attrs.get("read_warnings", []))
    out = _code_and_name(frame, source_name)
    refuse_cartogram(out, source_name, projected=False)  # the whole file, as drawn, before any is chosen
    if only:
        out = _only(out, only, source_name)
    out = _drop(out, ~out["gss_code"].str.match(GSS_RE), warnings, "'{name}' skipped: '{code}' is not a GSS code.")
    out = _drop(out, out.geometry.isna() | out.geometry.is_empty, warnings, "{code} {name} skipped: it has no geometry.")
    if out.empty:
        raise ImportFailed(f"{source_name} has no usable boundary geometry.")
    out = _to_bng(_repair(_assume_crs(out, warnings), warnings), source_name)
    out = _drop(out, _outside_uk(out), warnings, "{code} {name} skipped: it lies outside the United Kingdom.")
    refuse_cartogram(out, source_name)
    unusable = out.geometry.isna() | out.geometry.is_empty | (out.geometry.area <= 0)
    out = _drop(out, unusable, warnings, "{code} {name} skipped: its geometry has no area.")
    if out.empty:
        raise ImportFailed(f"{source_name} has no usable boundary geometry.")
    if out["gss_code"].duplicated(keep=False).any():
        # Some files split one area over several features: merge them.
        out = out.dissolve(by="gss_code", aggfunc={"name": "first"}).reset_index()
        warnings.append("Areas split over several features were merged by GSS code.")
    return out, warnings


def _polygonal(geometry):
    if geometry is None:
        return None
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [g for g in getattr(geometry, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    if not parts:
        return None
    return shapely.union_all(parts)


def store_boundaries(session: Session, prepared: gpd.GeoDataFrame, report: BoundaryImportReport) -> None:
    existing = {c.gss_code: c for c in session.scalars(select(m.Constituency))}
    new_rows = []
    for code, name, geometry in zip(prepared["gss_code"], prepared["name"], prepared.geometry.values, strict=False):
        if code in existing:
            row = existing[code]
            row.boundary_wkb = to_wkb(geometry)
            row.name = name or row.name
            report.updated.append(code)
        else:
            new_rows.append({"gss_code": code, "name": name, "boundary_wkb": to_wkb(geometry)})
            report.imported.append(code)
    session.flush()
    if new_rows:  # one executemany for a national file's 650 new seats
        session.execute(insert(m.Constituency), new_rows)
    audit.record(session, "import", "Constituency", None, "boundaries", "", plural(report.count, "area"))


def read_areas(path: Path | str, layer: str | None = None, only: list[str] | None = None
               ) -> tuple[gpd.GeoDataFrame, list[str]]:
    """A boundary file's areas (all, or those asked for) in BNG, and what was noted reading it."""
    path = Path(path)
    frame = read_boundary_file(path, layer)
    if frame.geometry is None or len(frame) == 0:
        raise ImportFailed(f"{path.name} has no features.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # what matters is reported in the app's words
        prepared, notes = prepare_boundaries(frame, only, path.name)
    prepared.attrs["metadata"] = frame.attrs.get("metadata", "")
    return prepared, notes


def choose_areas(areas: gpd.GeoDataFrame, wanted: list[str], source_name: str) -> gpd.GeoDataFrame:
    """The areas asked for by code or name, with the same matcher an import uses."""
    return _only(areas, wanted, source_name)


def store_areas(plan: PlanStore, prepared: gpd.GeoDataFrame, notes: list[str]) -> BoundaryImportReport:
    """Store prepared areas in the plan and place its stations and venues in them: all or nothing."""
    from electionplan.geo.assign import assign_locations  # assignment follows the new boundaries

    report = BoundaryImportReport(warnings=list(notes))
    with plan.session(write=True) as session:
        store_boundaries(session, prepared, report)
        assign_locations(session)
    return report


def import_boundaries(
    plan: PlanStore, path: Path | str, *, only: list[str] | None = None, layer: str | None = None
) -> BoundaryImportReport:
    """Import a boundary file into the plan: all or nothing."""
    return store_areas(plan, *read_areas(path, layer, only))
