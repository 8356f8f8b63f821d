"""Finding the plan's records that an imported row names, and the columns a file's header names."""

from __future__ import annotations

import re
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from electionplan.db import models as m


def header_key(name: str) -> str:
    """A header as compared: 'Station ID', 'station_id' and 'STATION-ID' are one column."""
    return re.sub(r"[^a-z0-9]+", "", (name or "").lower())


def match_columns(header: list[str], synonyms: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """Which column (lower-cased, as the readers key rows) feeds each field.

    Each field takes the first of its synonyms the header has, ignoring case,
    spaces and punctuation; a column feeds one field only.
    """
    by_key: dict[str, str] = {}
    for name in header:
        by_key.setdefault(header_key(name), name.lower())
    mapping: dict[str, str] = {}
    for target, names in synonyms.items():
        for name in names:
            column = by_key.get(header_key(name))
            if column is not None and column not in mapping.values():
                mapping[target] = column
                break
    return mapping


class NameIndex:
    """Case-insensitive lookups of events, stations, venues and candidates by name or id."""

    def __init__(self, session: Session):
        def index(rows, *keys):
            found: dict[str, int] = {}
            for row in rows:
                for key in keys:
                    value = (getattr(row, key) or "").strip().lower()
                    if value:
                        found.setdefault(value, row.id)
            return found

        self.events = index(session.scalars(select(m.Event)), "name")
        self.stations = index(session.scalars(select(m.PollingStation)), "council_id", "station_number", "name")
        self.venues = index(session.scalars(select(m.Venue)), "name")
        self.candidates = index(session.scalars(select(m.Candidate)), "name")

    @staticmethod
    def find(table: dict[str, int], text: str) -> int | None:
        return table.get((text or "").strip().lower())
