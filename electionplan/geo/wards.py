"""The wards a plan keeps: those of a ward boundary file that lie in the plan's constituencies.

Wards orient a reader of the maps (a patrol sergeant knows Davyhulme East, not
E14001528). A national ward file holds some 9,000, so only the wards that
overlap the plan's constituencies are kept, simplified to 5 m, which no printed
map can show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely
from sqlalchemy import delete, insert, select

from electionplan.db import audit
from electionplan.db import models as m
from electionplan.db.store import PlanStore
from electionplan.domain.errors import ImportFailed
from electionplan.geo.boundaries import read_areas
from electionplan.geo.shapes import many_from_wkb, to_wkb

SIMPLIFY_M = 5.0
# A ward counts as in a constituency when this share of its area lies inside: a ward only touching the edge
# (generalised constituency boundaries cut across their neighbours' edges) is left out.
MIN_SHARE = 0.1


class NoWardsHere(ImportFailed):
    """A ward file that is read but holds none of the plan's wards (a file for another part of the country)."""


@dataclass
class WardImportReport:
    kept: list[str] = field(default_factory=list)  # ward names
    left_out: int = 0
    warnings: list[str] = field(default_factory=list)


def wards_in_seats(seats: np.ndarray, wards: np.ndarray) -> np.ndarray:
    """Which wards (a mask) have at least MIN_SHARE of their area inside any of the seats."""
    if len(seats) == 0 or len(wards) == 0:
        return np.zeros(len(wards), dtype=bool)
    tree = shapely.STRtree(seats)
    ward_index, seat_index = tree.query(wards, predicate="intersects")
    shared = shapely.area(shapely.intersection(wards[ward_index], seats[seat_index]))
    inside = np.zeros(len(wards))
    np.add.at(inside, ward_index, shared)
    return inside >= MIN_SHARE * shapely.area(wards)


def import_wards(plan: PlanStore, path: Path | str, layer: str | None = None) -> WardImportReport:
    """Keep the file's wards that lie in the plan's constituencies, replacing any kept before: all or nothing."""
    path = Path(path)
    areas, notes = read_areas(path, layer)
    report = WardImportReport(warnings=list(notes))
    with plan.session(write=True) as session:
        blobs = list(session.scalars(select(m.Constituency.boundary_wkb).where(m.Constituency.boundary_wkb.is_not(None))))
        if not blobs:
            raise ImportFailed(f"{path.name}: the plan has no constituency boundaries yet, so no ward can be placed "
                               "in one; import the constituencies' boundaries first.")
        geometries = np.asarray(areas.geometry.values, dtype=object)
        keep = wards_in_seats(many_from_wkb(blobs), geometries)
        if not keep.any():
            raise NoWardsHere(f"{path.name} has no ward in any of the plan's constituencies.")
        simplified = shapely.simplify(geometries[keep], SIMPLIFY_M, preserve_topology=True)
        rows = [{"gss_code": code, "name": name, "boundary_wkb": to_wkb(shape), "version_id": 1}
                for code, name, shape in zip(areas["gss_code"][keep], areas["name"][keep], simplified, strict=True)]
        session.execute(delete(m.Ward))  # a new ward file replaces the last: boundaries change at reviews
        session.execute(insert(m.Ward), rows)
        report.kept = sorted(row["name"] for row in rows)
        report.left_out = int((~keep).sum())
        audit.record(session, "import", "Ward", None, "wards", "", f"{len(rows)} wards from {path.name}")
    return report
