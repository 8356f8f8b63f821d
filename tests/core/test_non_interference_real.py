"""Non-interference on a plan built as a SPOC builds one from the returning officer's real files.

Stretford and Urmston from ONS boundaries, Trafford's polling stations (postcode centroids, some outside the
seat), the 2024 candidates from the Commons Library's national list, hustings shared by candidates and a
polling-day walkabout 114 m from a station, all through the command line. Pairs of this plan that differ in one
candidate's restricted inputs give the same outputs outside the police; a threat imported for the walkabout
makes it a flashpoint, and no station's reasons outside the police say so.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import SHARED_DATA, ok
from tests.core.pairs import Baseline, as_test_user, assert_pair_agrees, assert_station_reasons_hold, baseline

SEAT = "E14001528"
EVENTS = f"""name,kind,date,start,end,venue,easting,northing,constituency,expected_attendance,ticketed,outdoor,organiser,candidates
Stretford hustings,hustings,20/02/2027,19:00,21:00,Stretford Public Hall,375800,395600,{SEAT},250,no,no,Stretford Churches Together,Jim Newell; Mark Clayton; Daniel Jerrome; Andrew Western
Urmston hustings,hustings,25/02/2027,19:00,21:00,Urmston Library,377350,394700,{SEAT},120,no,no,Urmston Civic Society,Mark Cornes; Charlotte Faulkner; Khalila Chaudry; Andrew Western
Polling-day walkabout,other,04/03/2027,11:00,13:00,Urmston market,377300,394500,{SEAT},300,no,yes,Campaign,Mark Clayton
"""
THREAT = """candidate,severity,reported,summary,kind,event
Mark Clayton,critical,01/12/2026,Caller said the walkabout in Urmston would be attacked.,Threat to kill,Polling-day walkabout
"""


def build_real_plan(folder: Path) -> Path:
    data = SHARED_DATA
    plan = folder / "stretford.eplan"
    ok("quicksetup", plan, "--constituency", "Stretford and Urmston",
        "--boundaries", data / "boundaries" / "PCON_July2024_UK_BUC.geojson",
        "--stations", data / "stations" / "trafford_polling_stations_lonlat.csv",
        "--candidates", data / "candidates" / "HoC-GE2024-results-by-candidate.csv",
        "--polling-day", "2027-03-04", "--count-venue", "Urmston Leisure Centre, Bowfell Road, M41 5RR")
    events = folder / "events.csv"
    events.write_text(EVENTS, encoding="utf-8")
    ok("import", plan, "events", events)
    ok("revise", plan, "-m", "Issued to the returning officer")
    return plan


@pytest.fixture(scope="module")
def real_plan(tmp_path_factory) -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    folder = tmp_path_factory.mktemp("stretford")
    with as_test_user(folder):
        return build_real_plan(folder)


@pytest.fixture(scope="module")
def real_baseline(real_plan, tmp_path_factory) -> Baseline:
    """A copy of the real plan and its outputs, made once: each pair copies it and changes one kind of input."""
    folder = tmp_path_factory.mktemp("stretford-pairs")
    base = folder / "base.eplan"
    shutil.copyfile(real_plan, base)
    with as_test_user(folder):
        return baseline(base, folder)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["threat report", "all of them"])
def test_the_pairs_agree_on_a_plan_built_from_real_files(real_baseline, kind, tmp_path, monkeypatch):
    assert_pair_agrees(real_baseline, tmp_path, kind, monkeypatch)


@pytest.mark.slow
def test_an_imported_threat_that_makes_a_polling_day_flashpoint_moves_no_stations_reasons(real_plan, tmp_path,
                                                                                         monkeypatch):
    threatened = tmp_path / "threatened.eplan"
    shutil.copyfile(real_plan, threatened)
    threats = tmp_path / "threats.csv"
    threats.write_text(THREAT, encoding="utf-8")
    ok("import", threatened, "threats", threats)
    assert_station_reasons_hold(real_plan, threatened, tmp_path, [SEAT], [1, 2, 7], monkeypatch)
