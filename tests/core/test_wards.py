"""Wards kept from OS Boundary-Line, drawn faintly and named on the constituency's map."""

from __future__ import annotations

import pytest

from tests.core.conftest import ONS
from tests.core.pdfstructure import StructureTree, accessibility_findings, words

HOC = "candidates/HoC-GE2024-results-by-candidate.csv"
WARDS = "boundaries/boundaryline_wards_subset/district_borough_unitary_ward_region.shp"
FINCHLEY = ("Childs Hill Ward", "East Finchley Ward", "Finchley Church End Ward", "Garden Suburb Ward",
            "Golders Green Ward", "West Finchley Ward", "Woodhouse Ward")


@pytest.fixture
def finchley(shared_data, tmp_path, cli):
    plan = tmp_path / "finchley.eplan"
    result = cli("quicksetup", plan, "--constituency", "Finchley and Golders Green", "--boundaries", shared_data / ONS,
                 "--stations", shared_data / "stations/xpress_democracyclub_barnet.csv", "--candidates",
                 shared_data / HOC, "--polling-day", "2027-03-04", "--wards", shared_data / WARDS)
    assert result.returncode == 0, result.stderr
    return plan, result.stdout


def _map(path):
    order = StructureTree(path).walk()
    at, the_map = next((n, e) for n, e in enumerate(order) if e.role == "Figure" and e.alt.startswith("Map of"))
    return the_map, order[at + 1]


def test_quicksetup_keeps_the_seats_wards_and_the_map_draws_and_names_them(finchley, cli, tmp_path):
    plan, said = finchley
    # Of 736 wards in the south-east, only the eight in the seat: Barnet's, none of Kent's or Surrey's.
    assert "Wards: 8 wards of district_borough_unitary_ward_region.shp lie in Finchley and Golders Green" in said
    assert all(name in said for name in FINCHLEY)
    for edition in ("police", "returning-officer"):  # wards are public geography: both editions draw them
        target = tmp_path / f"{edition}.pdf"
        assert cli("export", plan, "-o", target, "--edition", edition).returncode == 0
        the_map, key = _map(target)
        named = the_map.alt.split("wards named: ")[1].rstrip(".").split(", ")
        assert len(named) >= 6 and set(named) <= set(FINCHLEY) | {"West Hendon Ward"}
        drawn = words(the_map.text)
        assert all(name in drawn for name in named)  # every ward the words name is drawn, and read in the figure
        assert "ward boundaries" in key.alt and "Ward boundary, with its name" in words(key.text)
        assert accessibility_findings(target) == []  # still PDF/UA: the names are the figure's text, its words the alt


def test_a_ward_file_for_elsewhere_is_refused_in_one_line_and_keeps_the_wards(finchley, shared_data, cli, tmp_path):
    plan, _ = finchley
    # A "ward file" that is the constituencies themselves, cut to the north-west: none lies in Finchley.
    import geopandas as gpd

    seats = gpd.read_file(shared_data / ONS)
    north_west = tmp_path / "wards_nw.geojson"
    seats[seats["PCON24NM"].isin(["Stretford and Urmston", "Altrincham and Sale West"])].to_file(north_west)
    result = cli("import", plan, "wards", north_west)
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "wards_nw.geojson has no ward in any of the plan's constituencies" in result.stderr
    target = tmp_path / "after.pdf"
    assert cli("export", plan, "-o", target).returncode == 0
    assert "Garden Suburb Ward" in _map(target)[0].alt  # the wards kept before are still there


def test_wards_need_the_constituencies_first(shared_data, tmp_path, cli):
    plan = tmp_path / "empty.eplan"
    assert cli("new", plan, "--name", "Test", "--kind", "by-election", "--polling-day", "2027-03-04",
               "--force", "Metropolitan Police").returncode == 0
    result = cli("import", plan, "wards", shared_data / WARDS)
    assert result.returncode == 1 and "import the constituencies' boundaries first" in result.stderr


def test_a_revision_issued_before_the_wards_prints_its_map_as_issued(finchley, shared_data, cli, tmp_path):
    plan, _ = finchley
    other = tmp_path / "plain.eplan"
    assert cli("quicksetup", other, "--constituency", "E14001238", "--boundaries", shared_data / ONS,
               "--stations", shared_data / "stations/xpress_democracyclub_barnet.csv", "--candidates",
               shared_data / HOC, "--polling-day", "2027-03-04").returncode == 0
    assert cli("revise", other, "-m", "Before wards").returncode == 0
    assert cli("import", other, "wards", shared_data / WARDS).returncode == 0
    then, now = tmp_path / "then.pdf", tmp_path / "now.pdf"
    assert cli("export", other, "--revision", "0.1", "-o", then).returncode == 0
    assert cli("export", other, "-o", now).returncode == 0
    assert "wards named" not in _map(then)[0].alt and "Ward boundary" not in words(_map(then)[1].text)
    assert "Garden Suburb Ward" in _map(now)[0].alt


def test_quicksetup_with_a_ward_file_for_elsewhere_builds_the_plan_without_wards_and_says_so(shared_data, cli, tmp_path):
    """Trafford's seat with the south-east's ward file: the by-election plan is still built, with a warning naming
    the file and how to add wards later, and its map draws none."""
    plan = tmp_path / "stretford.eplan"
    result = cli("quicksetup", plan, "--constituency", "Stretford and Urmston", "--boundaries", shared_data / ONS,
                 "--stations", shared_data / "stations/trafford_polling_stations_lonlat.csv", "--candidates", shared_data / HOC,
                 "--polling-day", "2027-03-04", "--wards", shared_data / WARDS)
    assert result.returncode == 0, result.stderr
    said = result.stdout + result.stderr
    assert "district_borough_unitary_ward_region.shp has no ward in Stretford and Urmston, so the plan has no wards" in said
    assert "Traceback" not in said
    target = tmp_path / "plan.pdf"
    assert cli("export", plan, "-o", target).returncode == 0
    assert "ward" not in _map(target)[0].alt.lower()
