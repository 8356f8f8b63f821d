"""Fixtures for the core tests that need a plan holding every real constituency."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from electionplan.db.planfile import open_plan_file
from electionplan.geo.boundaries import import_boundaries
from electionplan.services.plans import create_plan

ONS = "boundaries/PCON_July2024_UK_BUC.geojson"


@pytest.fixture(scope="module")
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
