"""The venue each row of an events file names: matched to the plan's venues, or added.

A venue is known by its name together with where it is (a postcode, easting
and northing, or a grid reference), because venue names repeat: every town has
a St Mary's Church Hall. A name alone matches only when the plan holds exactly
one venue of that name. Coordinates that lie outside the plan's boundaries but
inside one once easting and northing change places are refused by row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from electionplan.db import models as m
from electionplan.db.models import table_of
from electionplan.db.record_kinds import kind_of
from electionplan.domain.errors import ValidationError
from electionplan.domain.gridref import parse_grid_reference
from electionplan.domain.validation import POSTCODE_RE
from electionplan.geo.postcodes import lookup_postcodes
from electionplan.importers.sent_names import name_key, query_frame
from electionplan.importers.sent_table import RowProblems, SentTable
from electionplan.importers.station_rows import locate, normalised_postcodes
from electionplan.importers.station_store import constituency_of
from electionplan.importers.station_swap import in_uk

SAME_PLACE_METRES = 100.0  # a venue given by coordinates is the plan's venue of that name within this distance
NEAR_POSTCODE_METRES = 5_000.0  # a postcode's centroid lies within this of any building that has it


@dataclass
class Venues:
    ids: pd.Series  # the venue of each row (object: an id, or None when the row names none)
    seats: pd.Series  # the constituency the venue lies in, by its location (object: id or None)
    created: int = 0
    notes: list[str] = field(default_factory=list)


def _located(table: SentTable, postcode: pd.Series, problems: RowProblems, session: Session
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(easting, northing, from the file's own coordinates, the postcode's point) for each row; NaN where unknown."""
    lines = table.frame["_line"]
    written = pd.DataFrame({"easting": table.column("easting"), "northing": table.column("northing"),
                            "lon": "", "lat": ""})
    easting, northing, given_e, given_n = locate(written)
    # Outside the UK as written but inside it the other way round: this row's columns are swapped.
    swapped = ~np.isnan(given_e) & ~in_uk(given_e, given_n) & in_uk(given_n, given_e)
    given = ((written["easting"] != "") | (written["northing"] != "")).to_numpy()
    problems.add_rows(lines, swapped, table.label("easting"), "the easting and northing lie outside the UK but "
                      "inside it the other way round; check which column is which")
    problems.add_rows(lines, given & np.isnan(easting) & ~swapped, table.label("easting"),
                      "'" + written["easting"] + ", " + written["northing"] + "' is not an easting and northing in the UK")
    grid = table.column("grid_ref")
    for index in np.flatnonzero(((grid != "") & ~pd.Series(given, index=grid.index)).to_numpy()):
        try:
            easting[index], northing[index] = parse_grid_reference(grid.iat[index])
        except ValidationError as exc:
            problems.add(int(lines.iat[index]), table.label("grid_ref"), str(exc).rstrip("."))
    own = ~np.isnan(easting)
    found = lookup_postcodes(session, list(postcode[postcode != ""].unique()))
    keys = postcode.str.replace(" ", "", regex=False)
    at_postcode = np.array([found.get(k, (np.nan, np.nan)) for k in keys], dtype=float).reshape(-1, 2)
    easting = np.where(own, easting, at_postcode[:, 0])
    northing = np.where(own, northing, at_postcode[:, 1])
    return easting, northing, own, at_postcode


def _swapped(session: Session, points: pd.DataFrame, own: np.ndarray, stated: pd.Series,
             at_postcode: np.ndarray) -> np.ndarray:
    """Rows whose own coordinates are easting and northing the wrong way round, by the row's other evidence.

    A swapped point in Great Britain often still lands in Great Britain, so it
    is caught where the row says otherwise: the point lies outside every
    boundary but inside one swapped, or the row's constituency or postcode
    agrees with the swapped point and not with the point as written.
    """
    flipped = points[["northing", "easting"]].set_axis(["easting", "northing"], axis=1)
    flipped_seat = constituency_of(session, flipped).to_numpy()
    seat = points["constituency_id"].to_numpy()
    named = stated.notna().to_numpy() & (stated.astype(object).to_numpy() != -1)
    by_seat = named & (seat != stated.to_numpy()) & (flipped_seat == stated.to_numpy())
    away = np.hypot(points["easting"] - at_postcode[:, 0], points["northing"] - at_postcode[:, 1]).to_numpy()
    back = np.hypot(flipped["easting"] - at_postcode[:, 0], flipped["northing"] - at_postcode[:, 1]).to_numpy()
    by_postcode = (away > NEAR_POSTCODE_METRES) & (back <= NEAR_POSTCODE_METRES)
    outside = points["constituency_id"].isna().to_numpy()
    into_boundaries = outside & pd.notna(flipped_seat)
    return own & (into_boundaries | by_seat | by_postcode)


def match_venues(session: Session, table: SentTable, stated: pd.Series, problems: RowProblems) -> Venues:
    """Each row's venue id, adding the venues the plan does not hold yet; `stated` the row's own constituency."""
    lines = table.frame["_line"]
    name = table.column("venue")
    postcode = normalised_postcodes(table.column("postcode"))
    bad_postcode = ((postcode != "") & ~postcode.str.match(POSTCODE_RE.pattern)).to_numpy()
    problems.add_rows(lines, bad_postcode, table.label("postcode"), "'" + table.column("postcode") + "' is not a UK postcode")
    postcode = postcode.where(~bad_postcode, "")
    easting, northing, own, at_postcode = _located(table, postcode, problems, session)
    points = pd.DataFrame({"easting": easting, "northing": northing}, index=table.frame.index)
    points["constituency_id"] = constituency_of(session, points)
    problems.add_rows(lines, _swapped(session, points, own, stated, at_postcode), table.label("easting"),
                      "the easting and northing fit the row's constituency, postcode or the plan's boundaries only "
                      "the other way round; check which column is which")
    named = (name != "").to_numpy()
    problems.add_rows(lines, ~named & ((postcode != "") | ~np.isnan(easting)).to_numpy(), table.label("venue"),
                      "a location is given but no venue name")
    rows = pd.DataFrame({"key": name_key(name), "postcode": postcode, "easting": easting, "northing": northing,
                         "row": np.arange(len(name))})[named]
    ids = pd.Series([None] * len(name), index=table.frame.index, dtype=object)
    seats = points["constituency_id"].astype(object).where(named, None)
    matched = _held_matches(session, rows, table, problems)
    ids.iloc[matched.index.to_numpy()] = matched["first"].to_numpy()
    # A venue the plan holds is where the plan says it is, whatever the file's postcode gives.
    held_seats = matched["seat"].where(matched["seat"].notna(), None)
    seats.iloc[matched.index.to_numpy()] = held_seats.to_numpy()
    new = rows[~rows["row"].isin(matched.index) & ((rows["postcode"] != "") | rows["easting"].notna())]
    created = _add_venues(session, new, name, table.column("address"), points["constituency_id"])
    ids.iloc[new["row"].to_numpy()] = created.to_numpy()
    venues = Venues(ids, seats, created=int(created.nunique()))
    unlocated = new[new["easting"].isna()]
    venues.notes += [f"row {line}: venue '{text}' ({code}) is added without a location: its postcode is not among "
                     "the plan's loaded postcodes" for line, text, code in
                     zip(lines.iloc[unlocated["row"]], name.iloc[unlocated["row"]], unlocated["postcode"], strict=True)][:50]
    return venues


def _held_matches(session: Session, rows: pd.DataFrame, table: SentTable, problems: RowProblems) -> pd.DataFrame:
    """The plan's venue for each row that names one, and its constituency (indexed by row position)."""
    venue = table_of(m.Venue)
    held = query_frame(session, select(venue.c.id, venue.c.name, venue.c.postcode, venue.c.easting, venue.c.northing,
                                       venue.c.constituency_id),
                       ["id", "held_name", "held_postcode", "held_easting", "held_northing", "held_seat"])
    held = held.astype({"held_easting": float, "held_northing": float})
    held["key"] = name_key(held["held_name"].astype(str))
    pairs = rows.merge(held, on="key", how="inner")
    by_postcode = (pairs["postcode"] != "") & (pairs["postcode"] == pairs["held_postcode"])
    near = np.hypot(pairs["easting"] - pairs["held_easting"], pairs["northing"] - pairs["held_northing"]) <= SAME_PLACE_METRES
    by_place = (pairs["postcode"] == "") & pairs["easting"].notna() & near
    by_name = (pairs["postcode"] == "") & pairs["easting"].isna()
    pairs = pairs[(by_postcode | by_place | by_name).to_numpy()].sort_values("id")
    counts = pairs.groupby("row")["id"].agg(["first", "size"])
    counts["seat"] = pairs.groupby("row")["held_seat"].first().astype(object)
    only_name = rows.set_index("row").reindex(counts.index)
    ambiguous = (counts["size"] > 1) & (only_name["postcode"] == "") & only_name["easting"].isna()
    lines, label = table.frame["_line"], table.label("venue")
    for row, size in counts.loc[ambiguous, "size"].items():
        problems.add(int(lines.iat[row]), label, f"'{table.column('venue').iat[row]}' names {size} venues in the "
                     "plan; give its postcode, easting and northing, or grid reference")
    unknown = rows[(rows["postcode"] == "") & rows["easting"].isna() & ~rows["row"].isin(counts.index)]
    problems.add_rows(lines.iloc[unknown["row"]], np.ones(len(unknown), dtype=bool), label,
                      "'" + table.column("venue").iloc[unknown["row"]] + "' is not a venue in the plan; give its "
                      "postcode, easting and northing, or grid reference to add it")
    return counts.loc[~ambiguous, ["first", "seat"]]


def _add_venues(session: Session, new: pd.DataFrame, name: pd.Series, address: pd.Series, seats: pd.Series) -> pd.Series:
    """Insert each distinct new venue once; the new id of every row that names one."""
    if new.empty:
        return pd.Series([], dtype=object)
    place = new["easting"].round(0).astype(str) + "," + new["northing"].round(0).astype(str)
    identity = new["key"] + "|" + new["postcode"] + "|" + place.where(new["postcode"] == "", "")
    first = ~identity.duplicated()
    rows = new["row"][first].to_numpy()
    values = [{"name": n[:200], "address": a[:300], "postcode": p, "easting": None if np.isnan(e) else float(e),
               "northing": None if np.isnan(no) else float(no), "constituency_id": None if s is None or pd.isna(s) else int(s),
               "notes": "", "version_id": 1}
              for n, a, p, e, no, s in zip(name.iloc[rows], address.iloc[rows], new["postcode"][first],
                                           new["easting"][first], new["northing"][first], seats.iloc[rows], strict=True)]
    kind_of(m.Venue).check_settable(values[0])  # every row has the same keys
    venue = table_of(m.Venue)
    created = session.execute(insert(venue).returning(venue.c.id, sort_by_parameter_order=True), values).scalars().all()
    by_identity = dict(zip(identity[first], created, strict=True))
    return identity.map(by_identity).astype(object)
