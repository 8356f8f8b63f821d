"""Fixtures for the core tests that need a plan holding every real constituency.

Each such plan is built once a session from the real files and copied for
each test (a file copy, or a clone of a template database), since building
it costs far more than any test that reads it.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from electionplan.db.planfile import open_plan_file
from electionplan.geo.boundaries import import_boundaries
from electionplan.services.plans import create_plan

ONS = "boundaries/PCON_July2024_UK_BUC.geojson"


@pytest.fixture(scope="session")
def national_template(tmp_path_factory):
    from tests.conftest import SHARED_DATA

    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    path = tmp_path_factory.mktemp("national") / "ge.eplan"
    with create_plan(path, name="GE", kind="general", polling_day=dt.date(2029, 5, 3), force="Test Police") as plan:
        import_boundaries(plan, SHARED_DATA / ONS)
    return path


@pytest.fixture
def national_plan(store, national_template, tmp_path, request):
    """Every real constituency in a fresh plan: a file, or on the database run a database plan."""
    from electionplan.db.opening import open_store
    from tests.conftest import database_copy_of

    if store == "postgresql":
        with open_store(database_copy_of(request, national_template, "ge")) as plan:
            yield plan
        return
    target = tmp_path / "ge.eplan"
    shutil.copyfile(national_template, target)
    with open_plan_file(target) as plan:
        yield plan


@pytest.fixture(scope="session")
def real_template(national_template, tmp_path_factory):
    """The national plan with Halton's postcodes and the Commons Library's candidates: a plan built from real files."""
    from electionplan.geo.postcodes import import_postcodes
    from electionplan.importers.candidates import import_candidates
    from tests.conftest import SHARED_DATA
    from tests.core.sent_lists import commons_candidates, halton_postcodes

    folder = tmp_path_factory.mktemp("sent")
    path = folder / "real.eplan"
    shutil.copyfile(national_template, path)
    postcodes = halton_postcodes(SHARED_DATA)
    postcodes.to_csv(folder / "halton.csv", header=False, index=False)
    with open_plan_file(path) as plan:
        import_postcodes(plan, [folder / "halton.csv"])
        import_candidates(plan, SHARED_DATA / "candidates/HoC-GE2024-results-by-candidate.csv")
    return path, postcodes, commons_candidates(SHARED_DATA)


@pytest.fixture
def real_plan(store, real_template, tmp_path, request):
    """The real plan for one test: a file copy, or on the database run the same plan in PostgreSQL."""
    from tests.conftest import database_copy_of
    from tests.core.sent_lists import RealPlan

    path, postcodes, candidates = real_template
    if store == "postgresql":
        return RealPlan(database_copy_of(request, path, "real"), postcodes, candidates)
    target = tmp_path / "real.eplan"
    shutil.copyfile(path, target)
    return RealPlan(str(target), postcodes, candidates)


@pytest.fixture
def issued_sample(tmp_path, sample_plan_template):
    """A copy of the sample plan with revision 0.1 issued."""
    from tests.conftest import ok

    plan = tmp_path / "sample.eplan"
    shutil.copyfile(sample_plan_template, plan)
    ok("revise", plan, "-m", "Issued to the returning officer")  # so "Changes since 0.1" is in every output
    return plan


@pytest.fixture(scope="session")
def force_baseline(tmp_path_factory):
    """The 75-seat plan and its outputs, made once: each pair copies the plan and changes one kind of input."""
    from tests.core.pairs import as_test_user, baseline, write_force_plan

    folder = tmp_path_factory.mktemp("force-pairs")
    with as_test_user(folder):
        return baseline(write_force_plan(folder / "force.eplan"), folder)


@dataclass(frozen=True)
class ForcePdf:
    plan: Path  # a 75-seat synthetic force plan
    pdf: Path  # its police edition
    xlsx: Path  # and the companion files beside it, above the ruleset's size
    gpkg: Path
    said: str  # what the export said


@pytest.fixture(scope="session")
def force_police_pdf(tmp_path_factory) -> ForcePdf:
    """A 75-constituency force plan of 4,000 stations and its police edition, exported once for the tests that
    only read them. Seed 11 is the plan whose layout once left eight headings alone at the foot of a page."""
    from electionplan.services.synthetic import synthetic_snapshot, write_synthetic_plan
    from tests.conftest import built_once, ok
    from tests.core.pairs import as_test_user

    def build(folder: Path) -> None:
        with as_test_user(folder):
            write_synthetic_plan(synthetic_snapshot(constituencies=75, stations=4_000, candidates=520, events=600,
                                                    seed=11), folder / "force.eplan")
            said = ok("export", folder / "force.eplan", "-o", folder / "force.pdf")
        (folder / "said.txt").write_text(said, encoding="utf-8")

    folder = built_once(tmp_path_factory, "force-police-pdf", build)
    return ForcePdf(folder / "force.eplan", folder / "force.pdf", folder / "force-data.xlsx",
                    folder / "force-data.gpkg", (folder / "said.txt").read_text(encoding="utf-8"))


@pytest.fixture
def trafford(shared_data, tmp_path, rules):
    """Trafford's 81 real polling stations in a plan of two constituencies, a few with a history of intimidation."""
    import dataclasses

    import numpy as np

    from electionplan.services.synthetic import synthetic_snapshot
    from tests.conftest import ok

    plan = tmp_path / "trafford.eplan"
    ok("new", plan, "--name", "Trafford", "--kind", "local", "--polling-day", "2027-05-06", "--force", "GMP")
    ok("import", plan, "stations", shared_data / "stations/trafford_polling_stations_lonlat.csv", "--council",
       "E08000009")
    from electionplan.db.opening import open_store
    from electionplan.db.snapshot import load_snapshot

    with open_store(plan, read_only=True) as store, store.session() as session:
        stations = load_snapshot(session).stations
    base = synthetic_snapshot(constituencies=2, stations=2, candidates=2, events=2, seed=4)
    seats = [c.id for c in base.constituencies]
    middle = float(np.median([s.northing for s in stations]))
    stations = tuple(dataclasses.replace(s, constituency_id=seats[s.northing < middle],
                                         intimidation_history=n % 5 == 0) for n, s in enumerate(stations))
    return dataclasses.replace(base, stations=stations, events=())
