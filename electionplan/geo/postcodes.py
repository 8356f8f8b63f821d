"""Postcode centroids from files the user loads: OS Code-Point Open or ONSPD.

There is no network lookup, ever: a postcode not in a loaded file is unknown.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from electionplan.db import audit
from electionplan.db import models as m
from electionplan.db.models import table_of
from electionplan.db.store import PlanStore
from electionplan.domain.errors import ImportFailed
from electionplan.domain.validation import UK_POSTCODE_AREAS, check_postcode, in_uk, postcode_area
from electionplan.geo.assign import assign_locations

_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")
_MAX_BYTES = 900_000_000
_CHUNK = 5_000


def postcode_key(text: str) -> str:
    return re.sub(r"\s+", "", (text or "").upper())


@dataclass
class PostcodeImportReport:
    loaded: int = 0
    files: list[str] = field(default_factory=list)
    without_coordinates: int = 0
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    stations_located: int = 0  # stations already in the plan that these postcodes placed
    wards: dict[str, str] = field(default_factory=dict)  # postcode -> ward code, when asked for and the file has them


def _ward_column(first_row: list[str], has_header: bool) -> int | None:
    """Where the file keeps each postcode's ward: Code-Point Open's tenth column, or ONSPD's osward."""
    lowered = [c.strip().lower() for c in first_row]
    if has_header:
        return next((lowered.index(n) for n in ("admin_ward_code", "osward") if n in lowered), None)
    return 9 if len(first_row) >= 10 else None


def _layout(first_row: list[str], path: Path) -> tuple[bool, int, int, int]:
    """(has_header, postcode column, easting column, northing column)."""
    lowered = [c.strip().lower() for c in first_row]
    if "oseast1m" in lowered and "osnrth1m" in lowered:  # ONSPD
        code = lowered.index("pcds") if "pcds" in lowered else lowered.index("pcd")
        return True, code, lowered.index("oseast1m"), lowered.index("osnrth1m")
    if "postcode" in lowered and "eastings" in lowered and "northings" in lowered:  # Code-Point with header
        return True, lowered.index("postcode"), lowered.index("eastings"), lowered.index("northings")
    if len(first_row) >= 4 and _POSTCODE.match(postcode_key(first_row[0])):  # Code-Point Open data file
        return False, 0, 2, 3
    raise ImportFailed(
        f"{path.name} is not a Code-Point Open or ONSPD postcode file "
        "(expected postcode, eastings and northings columns)."
    )


def read_postcode_file(path: Path, report: PostcodeImportReport, *, wards: bool = False) -> dict[str, tuple[float, float]]:
    if not path.exists():
        raise ImportFailed(f"{path} does not exist.")
    if path.stat().st_size > _MAX_BYTES:
        raise ImportFailed(f"{path.name} is too large to be a postcode file.")
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig", errors="replace")
    if "\x00" in text[:4096]:
        raise ImportFailed(f"{path.name} is not a text file.")
    reader = csv.reader(io.StringIO(text))
    rows = iter(reader)
    first = next(rows, None)
    if first is None:
        raise ImportFailed(f"{path.name} is empty.")
    has_header, c_code, c_e, c_n = _layout(first, path)
    c_ward = _ward_column(first, has_header) if wards else None
    found: dict[str, tuple[float, float]] = {}
    numbered = rows if has_header else iter([first, *rows])
    width = max(c_code, c_e, c_n)
    for number, row in enumerate(numbered, start=2 if has_header else 1):
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) <= width:
            report.skipped.append(f"{path.name} row {number}: too few columns")
            continue
        code = postcode_key(row[c_code])
        if not _POSTCODE.match(code):
            report.skipped.append(f"{path.name} row {number}, column {c_code + 1}: '{row[c_code][:12]}' is not a postcode")
            continue
        try:
            easting, northing = float(row[c_e]), float(row[c_n])
        except ValueError:
            report.skipped.append(f"{path.name} row {number}: eastings/northings are not numbers")
            continue
        if easting == 0 and northing == 0:
            report.without_coordinates += 1
            continue
        if not in_uk(easting, northing):
            report.skipped.append(f"{path.name} row {number}: coordinates outside the United Kingdom")
            continue
        found[code] = (easting, northing)
        if c_ward is not None and len(row) > c_ward and row[c_ward].strip():
            report.wards[code] = row[c_ward].strip()
    if not found and not report.without_coordinates:
        if has_header and number_of_rows(text) <= 1:
            report.notes.append(f"{path.name} has a header but no postcodes; skipped")
            return found
        raise ImportFailed(f"{path.name} holds no postcodes with coordinates.")
    return found


def number_of_rows(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.strip())


def store_postcodes(session: Session, found: dict[str, tuple[float, float]]) -> None:
    codes = list(found)
    for start in range(0, len(codes), _CHUNK):
        chunk = codes[start : start + _CHUNK]
        session.execute(delete(m.Postcode).where(m.Postcode.postcode.in_(chunk)))
        session.execute(
            insert(m.Postcode),
            [{"postcode": c, "easting": found[c][0], "northing": found[c][1]} for c in chunk],
        )


def import_postcodes(plan: PlanStore, paths: list[Path | str], *, wards: bool = False) -> PostcodeImportReport:
    """Load one or more postcode files; all are read before anything is stored.

    With `wards`, the report also keeps each postcode's ward code (not stored
    in the plan), so a by-election's station file can be tied to its seat.
    """
    report = PostcodeImportReport()
    found: dict[str, tuple[float, float]] = {}
    for path in map(Path, paths):
        found.update(read_postcode_file(path, report, wards=wards))
        report.files.append(path.name)
    if not found and not report.without_coordinates:
        raise ImportFailed(f"{', '.join(report.files)}: no postcodes with coordinates.")
    with plan.session(write=True) as session:
        store_postcodes(session, found)
        report.stations_located = locate_unlocated_stations(session)
        audit.record(session, "import", "Postcode", None, "postcodes", "", f"{len(found)} postcodes")
        assign_locations(session)  # newly placed stations take their seat
    report.loaded = len(found)
    return report


def locate_unlocated_stations(session: Session) -> int:
    """Place stations that have a postcode but no location; how many were placed."""
    table = table_of(m.PollingStation)
    waiting = session.execute(select(table.c.id, table.c.postcode)
                              .where(table.c.easting.is_(None), table.c.postcode != "")).all()
    found = lookup_postcodes(session, [postcode for _, postcode in waiting])
    params = [{"_id": station_id, "easting": point[0], "northing": point[1]}
              for station_id, postcode in waiting if (point := found.get(postcode_key(postcode)))]
    if params:
        session.execute(update(table).where(table.c.id == bindparam("_id"))
                        .values(easting=bindparam("easting"), northing=bindparam("northing"),
                                version_id=table.c.version_id + 1), params)
    return len(params)


def lookup_postcodes(session: Session, postcodes: list[str]) -> dict[str, tuple[float, float]]:
    """Centroids for the given postcodes (any spacing or case); unknown ones are absent."""
    keys = sorted({postcode_key(p) for p in postcodes if p})
    found: dict[str, tuple[float, float]] = {}
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        for code, easting, northing in session.execute(
            select(m.Postcode.postcode, m.Postcode.easting, m.Postcode.northing).where(m.Postcode.postcode.in_(chunk))
        ):
            found[code] = (easting, northing)
    return found


def check_typed_postcode(session: Session, text: str, field: str = "postcode") -> str:
    """A postcode someone typed, refused beside its field when it cannot exist.

    Its area must be a UK postcode area, or one the plan already holds (the
    fictional sample's). Where the loaded postcode files cover its district,
    it must be one of theirs: a typo there would place the station wrongly.
    """
    from electionplan.domain.errors import ValidationError
    postcode = check_postcode(text, field)
    if not postcode:
        return postcode
    key = postcode_key(postcode)
    area = postcode_area(postcode)
    if area not in UK_POSTCODE_AREAS and not _area_in_plan(session, area):
        raise ValidationError(f"'{text.strip()}' is not a UK postcode: there is no postcode area {area}.", field)
    district = key[:-3]
    loaded = select(m.Postcode.postcode).where(m.Postcode.postcode.like(f"{district}___"))
    if session.execute(loaded.limit(1)).first() and not session.get(m.Postcode, key):
        raise ValidationError(f"{postcode} is not in the loaded postcode files, which list the postcodes of "
                              f"{postcode.split()[0]}; check it for a typing slip.", field)
    return postcode


def _area_in_plan(session: Session, area: str) -> bool:
    """Whether a station or venue of the plan already has a postcode in this area."""
    for model in (m.PollingStation, m.Venue):
        rows = session.scalars(select(model.postcode).where(model.postcode.like(f"{area}%")).limit(50))
        if any(postcode_area(code or "") == area for code in rows):
            return True
    return False
