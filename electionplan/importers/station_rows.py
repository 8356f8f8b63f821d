"""Turning a council file's rows into stations, column by column.

Every check runs over whole columns (pandas), so a national file of 40,000
rows costs the same few passes as a file of forty. Rows are merged only when
they are the same station (the same id in the same council, with the same name
and address, as address-level exports repeat it); the same key with another
name or address is a conflict, reported by row and never merged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from electionplan.domain.validation import POSTCODE_RE
from electionplan.geo.locations import lonlat_to_bng
from electionplan.importers.station_swap import in_uk
from electionplan.system.councils import council_in_name, council_label

PLACEHOLDER_POSTCODES = ("A1 1AA", "AA1 1AA")
_AUTHORITY_CODE_RE = re.compile(r"[EWSN]\d{8}")
_OLD_AUTHORITY_CODE_RE = r"^\d\d[A-Z]{2}$"
TEXT_LIMITS = {"council": 60, "council_id": 60, "station_number": 30, "polling_district": 60, "name": 200, "address_1": 200,
               "address_2": 200, "address_3": 200, "address_4": 200, "uprn": 20, "stated_constituency": 160}


@dataclass
class StationImportReport:
    format: str
    encoding: str
    rows_read: int = 0
    stations: int = 0  # stations the file holds once rows are merged
    added: int = 0
    updated: int = 0
    duplicates_merged: int = 0  # address rows of a station already read
    located_by_postcode: int = 0
    council_source: str = ""
    councils: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # rows not imported, with the reason
    conflicts: list[str] = field(default_factory=list)  # same key, different station: not imported
    notes: list[str] = field(default_factory=list)  # rows kept, with something left out
    unlocated: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)  # left out: outside the plan's area
    outside_boundaries: list[str] = field(default_factory=list)  # kept, but outside every boundary
    doubtful: list[str] = field(default_factory=list)  # kept, but perhaps given with easting and northing swapped
    changed: list[str] = field(default_factory=list)  # existing stations this file changed
    mapping: dict[str, str] = field(default_factory=dict)

    @property
    def accounted(self) -> int:
        """Every row read is kept, merged, a conflict, skipped or outside the area."""
        return self.stations + self.duplicates_merged + len(self.conflicts) + len(self.skipped) + len(self.outside)

    def summary(self) -> str:
        return (f"{self.rows_read} rows read: {self.stations} stations kept ({self.added} new, {self.updated} changed), "
                f"{self.duplicates_merged} address rows merged, {len(self.conflicts)} conflicts, "
                f"{len(self.skipped)} skipped, {len(self.outside)} left out as outside the plan's area"
                + (f", {len(self.outside_boundaries)} kept with no constituency (outside every boundary)"
                   if self.outside_boundaries else "")
                + (f", {len(self.doubtful)} to check (perhaps easting and northing swapped)" if self.doubtful else "")
                + f"; {self.located_by_postcode} located by postcode. Council from {self.council_source}.")


def council_for_file(path: Path, frame: pd.DataFrame, option: str | None) -> tuple[pd.Series, str]:
    """Each row's council, and where it came from, in the order the report promises."""
    from_column = frame.get("council", pd.Series("", index=frame.index)).fillna("").str.strip()
    fallback, source = "", ""
    if option:
        fallback, source = option.strip(), "the --council option"
    elif (found := _AUTHORITY_CODE_RE.search(path.stem)) is not None:
        fallback, source = found.group(0), f"the authority code in the file name ({found.group(0)})"
    elif (named := council_in_name(path.stem)) is not None:
        fallback, source = named, f"the council the file name names ({council_label(named)}, {named})"
    else:
        fallback, source = path.stem, f"the file name ({path.stem})"
    old_codes = (from_column != "").any() and bool(from_column.str.match(_OLD_AUTHORITY_CODE_RE).all())
    if named_too := (not option and old_codes and council_in_name(path.stem)):
        # A pre-2011 ONS code (Xpress writes '00DA' for Leeds) names no council the app knows; the file name does.
        from_column = pd.Series(named_too, index=frame.index)
        source = f"the council the file name names ({council_label(named_too)}, {named_too})"
    elif (from_column != "").any():
        source = f"the file's council column ({frame.attrs.get('council_column', 'council')})"
    return from_column.where(from_column != "", fallback).str.slice(0, 60), source


def canonical_frame(rows: pd.DataFrame | list[tuple[int, dict[str, str]]]) -> pd.DataFrame:
    """Every station field present as stripped text (empty when the file lacks it), with `_line`.

    The postcode is normalised here once ('ab12cd' -> 'AB1 2CD'); the file's
    own text stays in `postcode_as_written` for the report.
    """
    if isinstance(rows, list):  # JSON feeds: cells as the feed wrote them
        frame = pd.DataFrame.from_records([row for _, row in rows]).fillna("")
        frame["_line"] = [line for line, _ in rows]
        for column in [c for c in frame.columns if c != "_line"]:
            frame[column] = frame[column].astype(str).str.strip()
    else:  # tables are read stripped
        frame = rows.copy()
    for column in ("council_id", "station_number", "polling_district", "name", "postcode", "address_1", "address_2", "address_3",
                   "address_4", "uprn", "easting", "northing", "lon", "lat", "stated_constituency", "electorate", "council"):
        if column not in frame:
            frame[column] = ""
    frame["postcode_as_written"] = frame["postcode"]
    frame["postcode"] = normalised_postcodes(frame["postcode"])
    return frame


def skip_unusable(frame: pd.DataFrame, report: StationImportReport) -> pd.DataFrame:
    """Rows that are no station at all: 'n/a' numbers, placeholders, rows with no name."""
    dummy = [frame[c].str.contains("dummy record", case=False, regex=False) for c in ("name", "address_1")]
    reasons = [
        (frame["station_number"].isin(["n/a", "N/A", "N/a", "na", "NA"]),
         "column station number: 'n/a' means no polling station; skipped"),
        (frame["postcode"].isin(PLACEHOLDER_POSTCODES) | dummy[0] | dummy[1], "placeholder record; skipped"),
        (frame["name"] == "", "column name: the station has no name; skipped"),
    ]
    dropped = np.zeros(len(frame), dtype=bool)
    for mask, reason in reasons:
        mask = mask.to_numpy() & ~dropped
        sep = ", " if reason.startswith("column") else ": "
        report.skipped += [f"row {line}{sep}{reason}" for line in frame["_line"].to_numpy()[mask]]
        dropped |= mask
    return frame[~dropped]


def normalised_postcodes(column: pd.Series) -> pd.Series:
    """'ab12cd' -> 'AB1 2CD' over a whole column; blank cells are left as they are."""
    written = column != ""
    if not written.any():
        return column
    compact = column[written].str.upper().str.replace(" ", "", regex=False)
    spaced = compact.where(compact.str.len() < 5, compact.str[:-3] + " " + compact.str[-3:])
    return column.where(~written, spaced)


def merge_address_rows(frame: pd.DataFrame, report: StationImportReport) -> pd.DataFrame:
    """Keep one row per (council, id); same-station repeats merge, different stations conflict."""
    frame = frame.copy()
    no_id = frame["council_id"] == ""
    if no_id.any():
        frame.loc[no_id, "council_id"] = frame.loc[no_id, "name"] + "|" + frame.loc[no_id, "postcode"]
    keys = ["council", "council_id"]
    in_group = frame.duplicated(subset=keys, keep=False).to_numpy()
    if not in_group.any():
        return frame
    # Only rows that share a key are compared, so a clean national file costs one pass.
    grouped = frame[in_group]
    signature = (grouped["name"] + "|" + grouped["address_1"] + "|" + grouped["postcode"]).str.lower()
    signature = signature.str.replace(r"[^a-z0-9|]+", "", regex=True)
    by_key = [grouped["council"], grouped["council_id"]]
    repeated = grouped.duplicated(subset=keys, keep="first").to_numpy()
    conflict = repeated & (signature != signature.groupby(by_key).transform("first")).to_numpy()
    report.duplicates_merged += int((repeated & ~conflict).sum())
    if conflict.any():
        first_line = grouped["_line"].groupby(by_key).transform("first")
        clashing = grouped[conflict]
        report.conflicts += [
            f"row {line}: station {key} of {council} is '{name}' here but a different station at row {first}; not imported"
            for line, key, council, name, first in zip(clashing["_line"], clashing["council_id"], clashing["council"],
                                                        clashing["name"], first_line[conflict], strict=False)
        ]
    dropped = np.zeros(len(frame), dtype=bool)
    dropped[np.flatnonzero(in_group)[repeated]] = True
    return frame[~dropped]


def _numbers(column: pd.Series) -> np.ndarray:
    values = pd.to_numeric(column, errors="coerce").to_numpy(dtype=float, copy=True)
    written = np.isnan(values) & (column != "").to_numpy()
    if written.any():  # thousands separators, as spreadsheets write them
        values[written] = pd.to_numeric(column[written].str.replace(",", "", regex=False), errors="coerce")
    values[~np.isfinite(values)] = np.nan  # "inf" or "1e999" is no location
    return values


def locate(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(easting, northing, given easting, given northing): BNG from the file's own columns, NaN where unknown.

    The given pair is the file's own numbers wherever it wrote a point, in the
    UK or not, so the file as a whole can be checked for swapped columns.
    """
    easting, northing = _numbers(frame["easting"]), _numbers(frame["northing"])
    given = ~(np.isnan(easting) | np.isnan(northing) | ((easting == 0) & (northing == 0)))
    given_e, given_n = np.where(given, easting, np.nan), np.where(given, northing, np.nan)
    inside = given & in_uk(easting, northing)
    easting, northing = np.where(inside, easting, np.nan), np.where(inside, northing, np.nan)
    lon, lat = _numbers(frame["lon"]), _numbers(frame["lat"])
    usable = np.isnan(easting) & (lon >= -9) & (lon <= 3) & (lat >= 49) & (lat <= 61) & ~((lon == 0) & (lat == 0))
    if usable.any():
        east, north = lonlat_to_bng(lon[usable], lat[usable])
        easting[usable], northing[usable] = east, north
    return easting, northing, given_e, given_n


def station_values(frame: pd.DataFrame, report: StationImportReport) -> pd.DataFrame:
    """The columns the plan stores, cleaned; postcodes that are not postcodes are dropped with a note."""
    postcode = frame["postcode"]
    written = postcode != ""
    bad = written.copy()
    bad[written] = ~postcode[written].str.match(POSTCODE_RE.pattern)
    report.notes += [f"row {line}, column postcode: '{text}' is not a postcode; kept without it"
                     for line, text in zip(frame["_line"][bad], frame["postcode_as_written"][bad], strict=False)]
    out = pd.DataFrame({name: _clipped(frame[name], limit) for name, limit in TEXT_LIMITS.items()})
    out["uprn"] = _clipped(frame["uprn"].str.lstrip("0"), 20)
    out["postcode"] = postcode.where(~bad, "")
    electorate = _numbers(frame["electorate"])
    out["electorate"] = pd.array(np.where(electorate >= 0, electorate, np.nan), dtype="Float64").round().astype("Int64")
    out["notes"] = frame.get("notes", pd.Series("", index=frame.index))
    out["_line"] = frame["_line"]
    return out


def _clipped(column: pd.Series, limit: int) -> pd.Series:
    return column.str.slice(0, limit) if (column.str.len() > limit).any() else column
