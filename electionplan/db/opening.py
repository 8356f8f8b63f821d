"""Opening a plan from wherever it lives: the one entry point above the stores."""

from __future__ import annotations

from pathlib import Path

from electionplan.db.planfile import open_plan_file
from electionplan.db.readonly import open_plan_read_only
from electionplan.db.store import PlanStore, database_identity, is_database_location
from electionplan.domain.errors import PlanFileError


def open_store(location: str | Path, *, read_only: bool = False) -> PlanStore:
    """Open the plan at a path or database URL; read-only never changes the plan."""
    if is_database_location(location):
        database_identity(str(location))  # a malformed URL is refused before anything else
        raise PlanFileError("This version of electionplan opens plan files only, not database plans.")
    if read_only:
        return open_plan_read_only(Path(location))
    return open_plan_file(Path(location))
