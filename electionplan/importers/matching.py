"""Finding the plan's records that an imported row names."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from electionplan.db import models as m


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
