"""Opening a plan from wherever it lives: the one entry point above the stores."""

from __future__ import annotations

from pathlib import Path

from electionplan.db.planfile import open_plan_file
from electionplan.db.readonly import open_plan_read_only
from electionplan.db.store import PlanStore, is_database_location


def open_store(location: str | Path, *, read_only: bool = False) -> PlanStore:
    """Open the plan at a path or database URL; read-only never changes the plan."""
    if is_database_location(location):
        from electionplan.db.pgstore import open_database_plan  # psycopg loads only for a database plan

        return open_database_plan(str(location), read_only=read_only)
    if read_only:
        return open_plan_read_only(Path(location))
    return open_plan_file(Path(location))
