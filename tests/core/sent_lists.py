"""A plan built from real files for the imports of what a SPOC is sent, and what the tests read back.

Every real constituency (ONS July 2024), the Halton postcodes of Code-Point
Open (Runcorn is in Halton) and the Commons Library's 4,515 candidates of the
2024 general election. Tests draw venues, postcodes and candidates from the
same files, so names repeat across seats and councils as they really do.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from electionplan.db.opening import open_store

CODE_POINT = ["postcode", "quality", "easting", "northing", "country", "region", "health", "county", "district", "ward"]
HALTON = "E06000006"
RUNCORN = "E14001455"


@dataclass(frozen=True)
class RealPlan:
    location: str  # a file path or a database URL, as the command line takes it
    postcodes: pd.DataFrame  # Halton's Code-Point rows with coordinates, as loaded into the plan
    candidates: pd.DataFrame  # the Commons Library list: name, seat code, seat name


def halton_postcodes(shared: Path) -> pd.DataFrame:
    rows = pd.read_csv(shared / "postcodes/wa.csv", header=None, names=CODE_POINT, dtype={"postcode": str})
    rows = rows[(rows["district"] == HALTON) & (rows["easting"] > 0)]
    return rows.iloc[::40].reset_index(drop=True)  # a few hundred, spread over the borough


def commons_candidates(shared: Path) -> pd.DataFrame:
    rows = pd.read_csv(shared / "candidates/HoC-GE2024-results-by-candidate.csv", dtype=str, encoding="utf-8-sig")
    return pd.DataFrame({"name": rows["Candidate first name"].str.strip() + " " + rows["Candidate surname"].str.strip(),
                         "code": rows["ONS ID"], "seat": rows["Constituency name"]})


def plan_rows(location: str) -> dict[str, list[tuple]]:
    """Every row of every table, for comparing a plan before and after."""
    from sqlalchemy import select

    from electionplan.db.models import Base

    with open_store(location, read_only=True) as plan, plan.session() as session:
        return {table.name: [tuple(row) for row in session.execute(select(table).order_by(*table.primary_key.columns))]
                for table in Base.metadata.sorted_tables}


def query(location: str, statement, **params) -> list[tuple]:
    with open_store(location, read_only=True) as plan, plan.session() as session:
        return [tuple(row) for row in session.execute(statement, params)]


def one_line(stderr: str) -> bool:
    return len(stderr.strip().splitlines()) == 1 and "Traceback" not in stderr
