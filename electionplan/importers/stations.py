"""Polling-station importers for the files council election software writes.

Each format is a small spec: how to recognise its header and which column
feeds which station field. Rows are de-duplicated by station id (address-level
exports repeat a station once per property), coordinates of 0 or blank fall
back to a loaded postcode, and the whole import is one transaction.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from electionplan.db.store import PlanStore
from electionplan.domain.errors import ImportFailed
from electionplan.geo.postcodes import lookup_postcodes
from electionplan.importers.matching import match_columns
from electionplan.importers.station_rows import (
    StationImportReport,
    canonical_frame,
    council_for_file,
    locate,
    merge_address_rows,
    skip_unusable,
    station_values,
)
from electionplan.importers.station_seat import SeatCut, keep_in_seat
from electionplan.importers.station_store import (
    constituency_of,
    outside_every_boundary,
    store_stations,
)
from electionplan.importers.station_swap import check_swapped
from electionplan.importers.tabular import (
    decode,
    frame_from_table,
    read_frame,
    read_json_records,
    read_table,
    read_xlsx_table,
)

log = logging.getLogger(__name__)

STATION_FIELDS = ("council_id", "station_number", "polling_district", "name", "address_1", "address_2", "address_3", "address_4",
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
         "uprn": ("polling_place_uprn",), "station_number": ("polling_place_district_reference",),
         "polling_district": ("polling_place_district_reference",)},
        ("polling_place_address_1", "polling_place_address_2", "polling_place_address_3", "polling_place_address_4"),
    ),
    StationFormat(
        "xpress_weblookup", "Xpress WebLookup", ("pollingplaceid", "pollingplaceaddress1"),
        {"council_id": ("pollingplaceid",), "name": ("pollingplaceaddress1",), "postcode": ("pollingplaceaddress7",),
         "easting": ("pollingplaceeasting",), "northing": ("pollingplacenorthing",),
         "station_number": ("pollingdistrictreference",), "polling_district": ("pollingdistrictreference",)},
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
         "station_number": ("pollingstationnumber",), "polling_district": ("pollingdistrictname", "pollingdistrictid")},
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
    "station_number": ("station_number", "number", "station number", "polling station number", "station_no"),
    "polling_district": ("polling_district", "polling district", "district", "district_code", "polling_district_ref"),
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
    "electorate": ("electorate", "electors", "voters", "no. of electors", "number of electors"),
}

# A council column in a combined list; codes are preferred to names.
COUNCIL_HEADERS = ("la_code", "lad_code", "lad24cd", "lad23cd", "council_code", "local_authority_code", "authoritycode",
                   "authority_code", "council", "la_name", "council_name", "local_authority", "authority")


def council_column(header: list[str]) -> str | None:
    lowered = {h.lower() for h in header}
    return next((name for name in COUNCIL_HEADERS if name in lowered), None)


def detect_format(header: list[str]) -> StationFormat | None:
    lowered = {h.lower() for h in header}
    for spec in FORMATS:
        if all(name in lowered for name in spec.detect):
            return spec
    return None


def plain_mapping(header: list[str], overrides: dict[str, str] | None = None) -> dict[str, str]:
    """Which column feeds which field in a plain station list."""
    lowered = {h.lower(): h.lower() for h in header}
    mapping = match_columns(header, PLAIN_HEADERS)
    return with_overrides(mapping, set(lowered), overrides)


def with_overrides(mapping: dict[str, str], lowered: set[str], overrides: dict[str, str] | None) -> dict[str, str]:
    """The user's --map choices over what was found, in any format."""
    mapping = dict(mapping)
    for target, column in (overrides or {}).items():
        if target not in STATION_FIELDS:
            raise ImportFailed(f"--map: '{target}' is not a station field; use one of {', '.join(STATION_FIELDS)}.")
        if column.lower() not in lowered:
            raise ImportFailed(f"--map: the file has no column '{column}'.")
        mapping[target] = column.lower()
    return mapping


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


def _compact_address(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """Non-empty address parts moved up into address_1..4; a fifth part onwards joins line 4."""
    joined = pd.Series("", index=frame.index, dtype=object)
    for column in (c for c in columns if c in frame):
        part = frame[column]
        joined = joined.where(part == "", joined + "\x1f" + part)
    parts = joined.str.slice(1).str.split("\x1f", n=3, expand=True).reindex(columns=range(4)).astype(object).fillna("")
    return pd.DataFrame({f"address_{i + 1}": parts[i].str.replace("\x1f", ", ", regex=False) for i in range(4)},
                        index=frame.index)


def _spec_for(format_key: str | None, header: list[str]) -> StationFormat | None:
    if format_key and format_key != "plain":
        spec = next((f for f in FORMATS if f.key == format_key), None)
        if spec is None:
            raise ImportFailed(f"Unknown station format '{format_key}'; choose from "
                               f"{', '.join([f.key for f in FORMATS] + ['fcs', 'plain'])}.")
        return spec
    return detect_format(header) if format_key is None else None


def read_station_rows(path: Path, *, format_key: str | None = None, mapping: dict[str, str] | None = None
                      ) -> tuple[str, str, pd.DataFrame, list[str], dict[str, str]]:
    """(format label, encoding, canonical rows with their file line in `_line`, skipped rows, column mapping)."""
    if not path.exists():
        raise ImportFailed(f"{path} does not exist.")
    if path.stat().st_size == 0:
        raise ImportFailed(f"{path.name} is empty.")
    if path.suffix.lower() == ".json" or format_key == "fcs":
        label, rows, encoding = _rows_from_json(path)
        return label, encoding, canonical_frame(rows), [], {}
    table = frame_from_table(read_xlsx_table(path)) if path.suffix.lower() == ".xlsx" else read_frame(path)
    if table.frame.empty and not table.problems:
        raise ImportFailed(f"{path.name} has a header but no stations.")
    spec = _spec_for(format_key, table.header)
    if spec is not None:
        lowered = {h.lower() for h in table.header}
        found = {target: next((n for n in names if n in lowered), "") for target, names in spec.columns.items()}
        found["council"] = council_column(table.header) or ""
        # Councils add the register's electorate to any export; it is kept whatever the layout.
        found["electorate"] = next((n for n in PLAIN_HEADERS["electorate"] if n in lowered), "")
        found = with_overrides({k: v for k, v in found.items() if v}, lowered, mapping)
        rows = table.frame[list(found.values()) + ["_line"]].set_axis([*found, "_line"], axis=1)
        rows = pd.concat([rows, _compact_address(table.frame, spec.address_columns)], axis=1)
        return spec.label, table.encoding, rows, table.problems, found
    found = plain_mapping(table.header, mapping)
    has_place = "name" in found and ("postcode" in found or {"easting", "northing"} <= set(found) or {"lon", "lat"} <= set(found))
    if not has_place:
        raise ImportFailed(
            f"{path.name} is not a polling-station file: no known council export header, and no columns for "
            "a station name with a postcode or coordinates. Map the columns with --map field=column."
        )
    if (council := council_column(table.header)) is not None:
        found["council"] = council
    rows = table.frame[list(found.values()) + ["_line"]].set_axis([*found, "_line"], axis=1)
    if "station_number" not in found and "council_id" in found:  # a plain list's id is the council's own number
        rows["station_number"] = rows["council_id"]
    return "Plain station list", table.encoding, rows, table.problems, found


def prepare_stations(session: Session, path: Path, *, format_key=None, mapping=None, districts: Path | None = None,
                     council: str | None = None) -> tuple[pd.DataFrame, StationImportReport]:
    """The file's stations as one frame of stored columns, and the report so far."""
    label, encoding, rows, skipped, columns = read_station_rows(path, format_key=format_key, mapping=mapping)
    report = StationImportReport(format=label, encoding=encoding, rows_read=len(rows) + len(skipped),
                                 skipped=list(skipped), mapping=columns)
    frame = canonical_frame(rows)
    frame.attrs["council_column"] = columns.get("council", "council")
    frame["council"], report.council_source = council_for_file(path, frame, council)
    frame = merge_address_rows(skip_unusable(frame, report), report)
    if frame.empty:
        raise ImportFailed(f"{path.name} holds no usable polling stations; nothing was imported.", report.skipped)
    easting, northing, given_e, given_n = locate(frame)
    if districts is not None:
        frame["notes"] = _address_counts(districts, frame)
    stations = station_values(frame, report)
    stations["easting"], stations["northing"] = easting, northing
    stations["_given_e"], stations["_given_n"] = given_e, given_n
    _locate_by_postcode(session, stations, report)
    return stations, report


def _locate_by_postcode(session: Session, stations: pd.DataFrame, report: StationImportReport) -> None:
    missing = stations["easting"].isna()
    keys = stations.loc[missing, "postcode"].str.replace(" ", "", regex=False)
    found = lookup_postcodes(session, list(keys[keys != ""].unique()))
    points = pd.DataFrame.from_dict(found, orient="index", columns=["e", "n"]) if found else pd.DataFrame(columns=["e", "n"])
    stations.loc[missing, "easting"] = keys.map(points["e"]).to_numpy(dtype=float)
    stations.loc[missing, "northing"] = keys.map(points["n"]).to_numpy(dtype=float)
    report.located_by_postcode = int(missing.sum() - stations["easting"].isna().sum())
    still = stations[stations["easting"].isna()]
    report.unlocated += [f"row {line}: '{name}' has no usable location" + ("" if postcode else " and no postcode")
                         for line, name, postcode in zip(still["_line"], still["name"], still["postcode"], strict=False)]


def _address_counts(path: Path, frame: pd.DataFrame) -> pd.Series:
    """A Democracy Counts districts (addresses) file: how many addresses each station serves."""
    table = read_table(path)
    column = table.column("stationcode")
    if column is None:
        raise ImportFailed(f"{path.name} is not a Democracy Counts districts file (no StationCode column).")
    counts = pd.Series([row[column] for _, row in table.rows], dtype=str).value_counts()
    served = frame["council_id"].map(counts)
    return served.map(lambda n: f"Serves {int(n)} addresses in the council's file.", na_action="ignore").fillna("")


def import_stations(plan: PlanStore, path: Path | str, *, format_key: str | None = None, mapping: dict[str, str] | None = None,
                    districts: Path | str | None = None, within: int | SeatCut | None = None, council: str | None = None,
                    leave_out_outside: bool = False) -> StationImportReport:
    """Import a station file in one transaction.

    With `within` (a constituency's id, or a SeatCut saying how to judge its
    edge), keep only that constituency's stations; with
    `leave_out_outside`, leave out stations outside every boundary in the plan.
    Each station is placed in its constituency as it is written, so stations
    the file does not touch keep theirs without a national reassignment.
    """
    path = Path(path)
    log.debug("station import: reading %s", path.suffix)
    with plan.session(write=True) as session:
        stations, report = prepare_stations(session, path, format_key=format_key, mapping=mapping,
                                            districts=Path(districts) if districts else None, council=council)
        stations["constituency_id"] = constituency_of(session, stations)
        cut = SeatCut(within) if isinstance(within, int) else within
        report.doubtful = check_swapped(session, stations, path.name, report.mapping, cut.areas if cut else None)
        if cut is not None:
            stations = keep_in_seat(session, stations, cut, report)
        outside = outside_every_boundary(session, stations)
        labels = _outside_labels(stations, outside)
        if leave_out_outside:
            report.outside += labels
            stations = stations[~outside]
        else:
            report.outside_boundaries = labels
        store_stations(session, stations, report)
    log.debug("station import: %d stations, %d skipped rows", report.stations, len(report.skipped))
    return report


def _outside_labels(stations: pd.DataFrame, outside: np.ndarray) -> list[str]:
    return [f"row {line}: '{name}' ({postcode or 'no postcode'}) lies outside every boundary in the plan"
            for line, name, postcode in zip(stations["_line"][outside], stations["name"][outside],
                                            stations["postcode"][outside], strict=False)]


def stations_outside_boundaries(plan: PlanStore, path: Path | str, *, mapping: dict[str, str] | None = None,
                                council: str | None = None) -> list[str]:
    """Before anything is written: the file's stations that would lie outside every boundary in the plan."""
    with plan.session() as session:
        stations, _ = prepare_stations(session, Path(path), mapping=mapping, council=council)
        stations["constituency_id"] = constituency_of(session, stations)
        return _outside_labels(stations, outside_every_boundary(session, stations))


def parse_mapping(items: list[str] | None) -> dict[str, str]:
    mapping = {}
    for item in items or []:
        if "=" not in item:
            raise ImportFailed(f"--map takes field=column, not '{item}'.")
        target, column = item.split("=", 1)
        mapping[target.strip()] = column.strip()
    return mapping

