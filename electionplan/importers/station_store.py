"""Writing prepared stations to the plan in bulk, keyed by (council, station id).

A council's file updates that council's stations and names the ones it
changed; another council's file only adds. Inserts and updates are single
executemany statements, so a national file is a handful of round trips.
"""

from __future__ import annotations

from typing import Any, cast

import numpy as np
import pandas as pd
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from electionplan.db import audit
from electionplan.db import models as m
from electionplan.db.models import table_of
from electionplan.db.record_kinds import kind_of
from electionplan.geo.assign import area_ids_at, bounded_areas
from electionplan.importers.station_rows import StationImportReport

STORED = ("council", "council_id", "station_number", "polling_district", "name", "address_1", "address_2", "address_3", "address_4",
          "postcode", "uprn", "easting", "northing", "electorate", "stated_constituency", "notes", "constituency_id")
# What a council's re-issued file can change about a station it already sent.
COMPARED = tuple(c for c in STORED if c not in ("council", "council_id", "notes", "constituency_id"))


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain dicts with None for missing values (what executemany wants)."""
    columns = [c for c in STORED if c in frame]
    clean = frame[columns].astype(object).where(frame[columns].notna(), None)
    return clean.to_dict("records")


def _insert_many(session: Session, frame: pd.DataFrame) -> None:
    """One executemany of plain tuples: at national size the per-row dicts cost more than the insert."""
    table = table_of(m.PollingStation)
    # Scalar defaults (ScalarElementColumnDefault) carry their value as .arg.
    defaults = {c.name: cast(Any, c.default).arg for c in table.columns
                if c.name not in STORED and not c.primary_key and c.default is not None and c.default.is_scalar}
    columns = [*STORED, *defaults]
    statement = insert(table).compile(dialect=session.get_bind().dialect, column_keys=columns)
    # SQLite takes positional parameters; PostgreSQL's driver takes them by name.
    names = statement.positiontup or list(statement.params)
    cells = [_cells(frame[name]) if name in STORED else [defaults[name]] * len(frame) for name in names]
    rows = zip(*cells, strict=False)
    parameters = list(rows) if statement.positiontup else [dict(zip(names, row, strict=True)) for row in rows]
    session.connection().exec_driver_sql(str(statement), parameters)


def _cells(column: pd.Series) -> list:
    """A column as Python values, with None where it has no value."""
    return column.astype(object).where(column.notna(), None).tolist() if column.hasnans else column.tolist()


def _existing(session: Session, councils: list[str]) -> pd.DataFrame:
    table = table_of(m.PollingStation)
    rows = session.execute(select(table.c.id, *[table.c[c] for c in STORED]).where(table.c.council.in_(councils))).all()
    return pd.DataFrame(rows, columns=["id", *STORED])


def _changed(new: pd.DataFrame, old: pd.DataFrame) -> np.ndarray:
    differs = np.zeros(len(new), dtype=bool)
    for column in COMPARED:
        a, b = new[column].astype(object), old[column].astype(object)
        both_missing = a.isna().to_numpy() & b.isna().to_numpy()
        if column in ("easting", "northing"):
            same = np.isclose(pd.to_numeric(a, errors="coerce").to_numpy(dtype=float),
                              pd.to_numeric(b, errors="coerce").to_numpy(dtype=float))
        else:
            same = (a.fillna("").astype(str).to_numpy() == b.fillna("").astype(str).to_numpy())
        differs |= ~(same | both_missing)
    return differs


def store_stations(session: Session, stations: pd.DataFrame, report: StationImportReport) -> None:
    """New stations inserted in one statement; those the council sent before updated where changed."""
    kind_of(m.PollingStation).check_settable(STORED)
    report.councils = sorted(stations["council"].unique())
    old = _existing(session, report.councils)
    if old.empty:  # a council's first file: nothing to compare against
        joined = stations.assign(id=np.nan)
    else:
        joined = stations.merge(old, on=["council", "council_id"], how="left", suffixes=("", "_old"))
    is_new = joined["id"].isna().to_numpy()
    if is_new.any():
        _insert_many(session, joined[is_new])
    _update_changed(session, joined[~is_new], report)
    report.added, report.updated = int(is_new.sum()), len(report.changed)
    report.stations = len(stations)
    audit.record(session, "import", "PollingStation", None, "file", "",
                 f"{report.stations} stations ({report.format}): {report.added} new, {report.updated} changed")


def _update_changed(session: Session, existing: pd.DataFrame, report: StationImportReport) -> None:
    """Stations the council sent before: rewrite those the file changes (its notes stay the SPOC's), name them."""
    if existing.empty:
        return
    table = table_of(m.PollingStation)
    previous = existing[[f"{c}_old" for c in COMPARED]].set_axis(list(COMPARED), axis=1)
    changed = existing[_changed(existing[list(COMPARED)].reset_index(drop=True), previous.reset_index(drop=True))]
    if changed.empty:
        return
    written = [c for c in STORED if c != "notes"]
    params = [{**r, "_id": int(i)} for r, i in zip(_records(changed[written]), changed["id"], strict=False)]
    statement = (update(table).where(table.c.id == bindparam("_id"))
                 .values({**{c: bindparam(c) for c in written}, "version_id": table.c.version_id + 1}))
    session.execute(statement, params)
    report.changed = [f"{n} ({c} {k})" for n, c, k in zip(changed["name"], changed["council"], changed["council_id"], strict=False)]


def constituency_of(session: Session, stations: pd.DataFrame) -> pd.Series:
    """Each station's constituency by its location: None when unlocated or outside every boundary."""
    easting = pd.to_numeric(stations["easting"], errors="coerce").to_numpy(dtype=float)
    northing = pd.to_numeric(stations["northing"], errors="coerce").to_numpy(dtype=float)
    found = pd.Series(area_ids_at(easting, northing, bounded_areas(session)), index=stations.index)
    return found.astype("Int64").astype(object).where(found.notna(), None)


def outside_every_boundary(session: Session, stations: pd.DataFrame) -> np.ndarray:
    """Located stations that no boundary in the plan contains (none when the plan has no boundaries)."""
    has_boundaries = session.scalar(select(m.Constituency.id).where(m.Constituency.boundary_wkb.is_not(None)).limit(1))
    if has_boundaries is None:
        return np.zeros(len(stations), dtype=bool)
    return stations["easting"].notna().to_numpy() & stations["constituency_id"].isna().to_numpy()

