"""Polling-station importers for the files council election software writes.

Each format is a small spec: how to recognise its header and which column
feeds which station field. Rows are de-duplicated by station id (address-level
exports repeat a station once per property), coordinates of 0 or blank fall
back to a loaded postcode, and the whole import is one transaction.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from electionplan.db import models as m
from electionplan.db.planfile import PlanFile
from electionplan.domain.errors import ImportFailed
from electionplan.geo.assign import assign_locations
from electionplan.geo.locations import lonlat_to_bng
from electionplan.geo.postcodes import lookup_postcodes, postcode_key
from electionplan.importers.tabular import Table, decode, read_json_records, read_table
from electionplan.db import audit

log = logging.getLogger(__name__)
from electionplan.domain.validation import POSTCODE_RE, in_uk, normalise_postcode

STATION_FIELDS = ("council_id", "station_number", "name", "address_1", "address_2", "address_3", "address_4",
                  "postcode", "uprn", "easting", "northing", "lon", "lat", "stated_constituency", "electorate")


@dataclass(frozen=True)
class StationFormat:
    key: str
    label: str
    detect: tuple[str, ...]  # header names that must all be present (lower case)
    columns: dict[str, tuple[str, ...]]  # station field -> candidate header names
    address_columns: tuple[str, ...] = ()


FORMATS = [
    StationFormat(
        "xpress_dc", "Xpress \"Democracy Club\" export", ("polling_place_id", "polling_place_name"),
        {"council_id": ("polling_place_id",), "name": ("polling_place_name",), "postcode": ("polling_place_postcode",),
         "easting": ("polling_place_easting",), "northing": ("polling_place_northing",),
         "uprn": ("polling_place_uprn",), "station_number": ("polling_place_district_reference",)},
        ("polling_place_address_1", "polling_place_address_2", "polling_place_address_3", "polling_place_address_4"),
    ),
    StationFormat(
        "xpress_weblookup", "Xpress WebLookup", ("pollingplaceid", "pollingplaceaddress1"),
        {"council_id": ("pollingplaceid",), "name": ("pollingplaceaddress1",), "postcode": ("pollingplaceaddress7",),
         "easting": ("pollingplaceeasting",), "northing": ("pollingplacenorthing",),
         "station_number": ("pollingdistrictreference",)},
        ("pollingplaceaddress2", "pollingplaceaddress3", "pollingplaceaddress4", "pollingplaceaddress5", "pollingplaceaddress6"),
    ),
    StationFormat(
        "democracy_counts", "Democracy Counts stations file", ("stationcode", "placename"),
        {"council_id": ("stationcode",), "name": ("placename",), "postcode": ("postcode",),
         "easting": ("xordinate",), "northing": ("yordinate",), "station_number": ("stationcode",),
         "uprn": ("uprn",)},
        ("add1", "add2", "add3", "add4", "add5", "add6"),
    ),
    StationFormat(
        "halarose", "Halarose (newer layout)", ("pollingstationname", "pollingvenueid", "pollingstationnumber"),
        {"council_id": ("pollingstationnumber",), "name": ("pollingstationname",), "postcode": ("pollingstationpostcode",),
         "easting": ("pollingvenueeasting",), "northing": ("pollingvenuenorthing",), "uprn": ("pollingvenueuprn",),
         "station_number": ("pollingstationnumber",)},
        ("pollingstationaddress1", "pollingstationaddress2", "pollingstationaddress3", "pollingstationaddress4", "pollingstationaddress5"),
    ),
    StationFormat(
        "idox_eros", "Idox Eros / Halarose (older layout)", ("pollingstationname", "pollingstationaddress_1"),
        {"council_id": ("pollingstationnumber",), "name": ("pollingstationname",), "postcode": ("pollingstationpostcode",),
         "station_number": ("pollingstationnumber",)},
        ("pollingstationaddress_1", "pollingstationaddress_2", "pollingstationaddress_3", "pollingstationaddress_4", "pollingstationaddress_5"),
    ),
]

# Header names a plain station list may use, for the generic importer.
PLAIN_HEADERS: dict[str, tuple[str, ...]] = {
    "council_id": ("id", "station_id", "council_id", "polling_station_id", "station id", "ref", "reference"),
    "station_number": ("station_number", "number", "station number", "polling station number", "district"),
    "name": ("name", "station_name", "station name", "polling_station", "polling station", "polling station name", "venue", "place"),
    "address_1": ("address", "address_1", "address1", "address line 1", "street"),
    "address_2": ("address_2", "address2", "address line 2", "locality"),
    "address_3": ("address_3", "address3", "address line 3", "town"),
    "address_4": ("address_4", "address4", "address line 4"),
    "postcode": ("postcode", "post_code", "post code", "postal code"),
    "uprn": ("uprn",),
    "easting": ("easting", "eastings", "x", "os_x", "bng_e"),
    "northing": ("northing", "northings", "y", "os_y", "bng_n"),
    "lon": ("lon", "lng", "long", "longitude"),
    "lat": ("lat", "latitude"),
    "stated_constituency": ("constituency", "constituency_code", "pcon", "pcon24cd", "gss", "ward_code"),
    "electorate": ("electorate", "electors", "voters"),
}

PLACEHOLDER_POSTCODES = {"A1 1AA", "AA1 1AA"}


@dataclass
class StationImportReport:
    format: str
    encoding: str
    rows_read: int = 0
    stations: int = 0
    added: int = 0
    updated: int = 0
    duplicates_merged: int = 0
    located_by_postcode: int = 0
    skipped: list[str] = field(default_factory=list)
    unlocated: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    station_ids: list[int] = field(default_factory=list)


def detect_format(header: list[str]) -> StationFormat | None:
    lowered = {h.lower() for h in header}
    for spec in FORMATS:
        if all(name in lowered for name in spec.detect):
            return spec
    return None


def plain_mapping(header: list[str], overrides: dict[str, str] | None = None) -> dict[str, str]:
    """Which column feeds which field in a plain station list."""
    lowered = {h.lower(): h.lower() for h in header}
    mapping: dict[str, str] = {}
    for target, names in PLAIN_HEADERS.items():
        for name in names:
            if name in lowered and lowered[name] not in mapping.values():
                mapping[target] = lowered[name]
                break
    for target, column in (overrides or {}).items():
        if target not in STATION_FIELDS:
            raise ImportFailed(f"--map: '{target}' is not a station field; use one of {', '.join(STATION_FIELDS)}.")
        if column.lower() not in lowered:
            raise ImportFailed(f"--map: the file has no column '{column}'.")
        mapping[target] = column.lower()
    return mapping


def _number(text: str) -> float | None:
    text = (text or "").strip().replace(",", "")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value


def _rows_from_json(path: Path) -> tuple[str, list[tuple[int, dict[str, str]]], str]:
    data = read_json_records(path)
    encoding = decode(path.read_bytes()[:4096], path.name)[1] if path.stat().st_size else "utf-8"
    if not data:
        raise ImportFailed(f"{path.name} is not an FCS ElectionsPro station feed (a list of stations).")
    keys = {k.lower() for k in data[0]}
    if not {"stationid", "name"} <= keys:
        raise ImportFailed(f"{path.name} is not an FCS ElectionsPro station feed (no stationId and name).")
    rows = []
    for n, record in enumerate(data, start=1):
        flat = {str(k).lower(): "" if v is None else str(v) for k, v in record.items() if not isinstance(v, (list, dict))}
        rows.append((n, {
            "council_id": flat.get("stationid", ""), "name": flat.get("name", ""),
            "address_1": flat.get("addressline1", ""), "address_2": flat.get("addressline2", ""),
            "address_3": flat.get("addressline3", ""), "address_4": " ".join(x for x in (flat.get("addressline4", ""), flat.get("addressline5", "")) if x),
            "postcode": flat.get("addresspostcode", ""), "uprn": "" if flat.get("addressuprn") in ("0", "") else flat.get("addressuprn", ""),
            "lat": flat.get("latitude", ""), "lon": flat.get("longitude", ""), "station_number": flat.get("stationid", ""),
        }))
    return "FCS ElectionsPro JSON", rows, encoding


def _xlsx_table(path: Path) -> Table:
    try:
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:
        raise ImportFailed(f"{path.name} is not a readable XLSX workbook.") from None
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    book.close()
    if not rows:
        raise ImportFailed(f"{path.name} is empty.")
    header = [str(h or "").strip() for h in rows[0]]
    table = Table(path.name, header, [], "xlsx", "")
    for n, row in enumerate(rows[1:], start=2):
        if row is None or all(c in (None, "") for c in row):
            continue
        table.rows.append((n, {h.lower(): "" if c is None else str(c).strip() for h, c in zip(header, row)}))
    return table


def read_station_rows(path: Path, *, format_key: str | None = None, mapping: dict[str, str] | None = None
                      ) -> tuple[str, str, list[tuple[int, dict[str, str]]], list[str], dict[str, str]]:
    """(format label, encoding, canonical rows, skipped rows, column mapping)."""
    if not path.exists():
        raise ImportFailed(f"{path} does not exist.")
    if path.stat().st_size == 0:
        raise ImportFailed(f"{path.name} is empty.")
    if path.suffix.lower() == ".json" or format_key == "fcs":
        label, rows, encoding = _rows_from_json(path)
        return label, encoding, rows, [], {}
    table = _xlsx_table(path) if path.suffix.lower() == ".xlsx" else read_table(path)
    if not table.rows and not table.problems:
        raise ImportFailed(f"{path.name} has a header but no stations.")
    spec = None
    if format_key and format_key != "plain":
        spec = next((f for f in FORMATS if f.key == format_key), None)
        if spec is None:
            raise ImportFailed(f"Unknown station format '{format_key}'; choose from {', '.join([f.key for f in FORMATS] + ['fcs', 'plain'])}.")
    elif format_key is None:
        spec = detect_format(table.header)
    if spec is not None:
        lowered = {h.lower() for h in table.header}
        columns = {target: next((n for n in names if n in lowered), "") for target, names in spec.columns.items()}
        canonical = []
        for line, row in table.rows:
            out = {target: row.get(column, "") for target, column in columns.items()}
            parts = [row.get(c, "") for c in spec.address_columns if row.get(c, "")]
            for i, part in enumerate(parts[:4]):
                out[f"address_{i + 1}"] = part
            if len(parts) > 4:
                out["address_4"] = ", ".join(parts[3:])
            canonical.append((line, out))
        return spec.label, table.encoding, canonical, table.problems, {k: v for k, v in columns.items() if v}
    found = plain_mapping(table.header, mapping)
    has_place = "name" in found and ("postcode" in found or {"easting", "northing"} <= set(found) or {"lon", "lat"} <= set(found))
    if not has_place:
        raise ImportFailed(
            f"{path.name} is not a polling-station file: no known council export header, and no columns for "
            "a station name with a postcode or coordinates. Map the columns with --map field=column."
        )
    canonical = [(line, {target: row.get(column, "") for target, column in found.items()}) for line, row in table.rows]
    return "Plain station list", table.encoding, canonical, table.problems, found


def _located(easting, northing) -> bool:
    return (easting is not None and northing is not None and not (easting == 0 and northing == 0)
            and in_uk(easting, northing))


def prepare_stations(session: Session, path: Path, *, format_key=None, mapping=None, districts: Path | None = None
                     ) -> tuple[list[dict[str, Any]], StationImportReport]:
    label, encoding, rows, skipped, columns = read_station_rows(path, format_key=format_key, mapping=mapping)
    report = StationImportReport(format=label, encoding=encoding, rows_read=len(rows) + len(skipped),
                                 skipped=list(skipped), mapping=columns)
    stations: dict[str, dict[str, Any]] = {}
    for line, row in rows:
        name = (row.get("name") or "").strip()
        number = (row.get("station_number") or "").strip()
        postcode = normalise_postcode(row.get("postcode", ""))
        if number.lower() in ("n/a", "na"):
            report.skipped.append(f"row {line}, column station number: 'n/a' means no polling station; skipped")
            continue
        if postcode in PLACEHOLDER_POSTCODES or "dummy record" in " ".join(row.values()).lower():
            report.skipped.append(f"row {line}: placeholder record; skipped")
            continue
        if not name:
            report.skipped.append(f"row {line}, column name: the station has no name; skipped")
            continue
        key = (row.get("council_id") or "").strip() or f"{name}|{postcode}"
        if key in stations:
            report.duplicates_merged += 1
            continue
        if postcode and not POSTCODE_RE.match(postcode):
            report.skipped.append(f"row {line}, column postcode: '{row.get('postcode')}' is not a postcode; kept without it")
            postcode = ""
        easting, northing = _number(row.get("easting", "")), _number(row.get("northing", ""))
        if not _located(easting, northing):
            easting = northing = None
            lon, lat = _number(row.get("lon", "")), _number(row.get("lat", ""))
            if lon is not None and lat is not None and not (lon == 0 and lat == 0) and -9 <= lon <= 3 and 49 <= lat <= 61:
                e, n = lonlat_to_bng(lon, lat)
                easting, northing = float(e), float(n)
        electorate = _number(row.get("electorate", ""))
        stations[key] = {
            "council_id": key[:60], "station_number": number[:30], "name": name[:200],
            "address_1": row.get("address_1", "")[:200], "address_2": row.get("address_2", "")[:200],
            "address_3": row.get("address_3", "")[:200], "address_4": row.get("address_4", "")[:200],
            "postcode": postcode, "uprn": (row.get("uprn") or "").lstrip("0")[:20],
            "easting": easting, "northing": northing,
            "electorate": int(electorate) if electorate is not None and electorate >= 0 else None,
            "stated_constituency": (row.get("stated_constituency") or "")[:160],
            "_line": line,
        }
    if not stations:
        raise ImportFailed(f"{path.name} holds no usable polling stations; nothing was imported.", report.skipped)
    missing = [s["postcode"] for s in stations.values() if s["easting"] is None and s["postcode"]]
    found = lookup_postcodes(session, missing) if missing else {}
    for station in stations.values():
        if station["easting"] is None:
            point = found.get(postcode_key(station["postcode"]))
            if point:
                station["easting"], station["northing"] = point
                report.located_by_postcode += 1
            else:
                report.unlocated.append(f"row {station['_line']}: '{station['name']}' has no usable location"
                                        + ("" if station["postcode"] else " and no postcode"))
    if districts is not None:
        _count_addresses(districts, stations, report)
    return list(stations.values()), report


def _count_addresses(path: Path, stations: dict[str, dict[str, Any]], report: StationImportReport) -> None:
    """A Democracy Counts districts (addresses) file: note how many addresses each station serves."""
    table = read_table(path)
    column = table.column("stationcode")
    if column is None:
        raise ImportFailed(f"{path.name} is not a Democracy Counts districts file (no StationCode column).")
    counts: dict[str, int] = {}
    for _, row in table.rows:
        counts[row[column]] = counts.get(row[column], 0) + 1
    for key, station in stations.items():
        if key in counts:
            station["notes"] = f"Serves {counts[key]} addresses in the council's file."


def store_stations(session: Session, prepared: list[dict[str, Any]], report: StationImportReport) -> None:
    existing = {s.council_id: s for s in session.scalars(select(m.PollingStation)) if s.council_id}
    for values in prepared:
        values = {k: v for k, v in values.items() if not k.startswith("_")}
        row = existing.get(values["council_id"])
        if row is None:
            row = m.PollingStation(**values)
            session.add(row)
            report.added += 1
        else:
            for key, value in values.items():
                setattr(row, key, value)
            report.updated += 1
    session.flush()
    report.stations = report.added + report.updated
    report.station_ids = [s.id for s in session.scalars(select(m.PollingStation).where(
        m.PollingStation.council_id.in_([p["council_id"] for p in prepared])))]
    audit.record(session, "import", "PollingStation", None, "file", "", f"{report.stations} stations ({report.format})")


def import_stations(plan: PlanFile, path: Path | str, *, format_key: str | None = None, mapping: dict[str, str] | None = None,
                    districts: Path | str | None = None, within: int | None = None) -> StationImportReport:
    """Import a station file; with `within`, keep only stations inside that constituency."""
    path = Path(path)
    log.debug("station import: reading %s", path.suffix)
    with plan.session() as session:
        prepared, report = prepare_stations(session, path, format_key=format_key, mapping=mapping,
                                            districts=Path(districts) if districts else None)
        if within is not None:
            prepared = _keep_inside(session, prepared, within, report)
        store_stations(session, prepared, report)
        assign_locations(session)
    log.debug("station import: %d stations, %d skipped rows", report.stations, len(report.skipped))
    return report


def _keep_inside(session: Session, prepared: list[dict[str, Any]], constituency_id: int, report: StationImportReport):
    import numpy as np

    from electionplan.geo.shapes import from_wkb
    import shapely

    seat = session.get(m.Constituency, constituency_id)
    boundary = from_wkb(seat.boundary_wkb) if seat and seat.boundary_wkb else None
    if boundary is None:
        return prepared
    located = [p for p in prepared if p["easting"] is not None]
    inside = np.zeros(len(located), dtype=bool)
    if located:
        points = shapely.points([p["easting"] for p in located], [p["northing"] for p in located])
        inside = shapely.intersects(boundary, points)
    keep_ids = {id(p) for p, ok in zip(located, inside) if ok}
    kept = []
    for station in prepared:
        if station["easting"] is None or id(station) in keep_ids:
            kept.append(station)
        else:
            report.outside.append(f"'{station['name']}' ({station['postcode'] or 'no postcode'}) lies outside {seat.name}")
    if not kept:
        raise ImportFailed(f"None of the stations in the file lies inside {seat.name}; nothing was imported.", report.outside[:20])
    return kept


def parse_mapping(items: list[str] | None) -> dict[str, str]:
    mapping = {}
    for item in items or []:
        if "=" not in item:
            raise ImportFailed(f"--map takes field=column, not '{item}'.")
        target, column = item.split("=", 1)
        mapping[target.strip()] = column.strip()
    return mapping

