"""Real council station exports, candidate lists and the by-election quick setup."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from electionplan.db import models as m
from electionplan.importers.candidates import import_candidates
from electionplan.importers.stations import import_stations
from electionplan.services.plans import create_plan, plan_info
from tests.conftest import location_of
from tests.councils import station_file_inside_runcorn

# file: (format label, stations, duplicate rows merged, rows skipped, stations located from the file)
EXPECTED = {
    "xpress_democracyclub_barnet.csv": ("Xpress \"Democracy Club\" export", 1, 8, 0, 0),
    "xpress_weblookup_leeds.CSV": ("Xpress WebLookup", 1, 8, 0, 0),
    "democracy_counts_stations_barnet.csv": ("Democracy Counts stations file", 19, 0, 0, 0),
    "halarose_south_lakeland.csv": ("Halarose (newer layout)", 3, 1, 1, 3),
    "idox_eros_chorley.csv": ("Idox Eros / Halarose (older layout)", 1, 8, 0, 0),
    "fcs_waltham_forest.json": ("FCS ElectionsPro JSON", 2, 0, 0, 0),
    "trafford_polling_stations_lonlat.csv": ("Plain station list", 81, 0, 0, 81),
}


@pytest.fixture
def plan(new_plan_location):
    p = create_plan(new_plan_location, name="Test", kind="general", polling_day=dt.date(2029, 5, 3), force="Test Police")
    yield p
    p.close()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_real_council_format_imports_with_pinned_counts(plan, shared_data, name):
    label, count, merged, skipped, located = EXPECTED[name]
    report = import_stations(plan, shared_data / "stations" / name)
    assert report.format == label
    assert report.stations == count
    assert report.duplicates_merged == merged
    assert len(report.skipped) == skipped
    with plan.session() as s:
        stations = s.scalars(select(m.PollingStation)).all()
    assert len(stations) == count
    assert sum(1 for st in stations if st.easting is not None) == located
    assert all(st.name for st in stations)


def test_halarose_locations_and_na_station(plan, shared_data):
    report = import_stations(plan, shared_data / "stations/halarose_south_lakeland.csv")
    assert any("'n/a'" in s for s in report.skipped)
    with plan.session() as s:
        heron = s.scalars(select(m.PollingStation).where(m.PollingStation.station_number == "3")).one()
    assert (heron.easting, heron.northing) == (349506.0, 479545.0)
    assert heron.name == "The Heron Theatre"


def test_trafford_lonlat_becomes_bng(plan, shared_data):
    import_stations(plan, shared_data / "stations/trafford_polling_stations_lonlat.csv")
    with plan.session() as s:
        station = s.scalars(select(m.PollingStation).where(m.PollingStation.council_id == "4522")).one()
    assert 375_000 < station.easting < 378_000 and 394_000 < station.northing < 397_000


def test_zero_coordinates_fall_back_to_a_loaded_postcode(plan, tmp_path):
    from electionplan.geo.postcodes import import_postcodes

    codepoint = tmp_path / "cp.csv"
    codepoint.write_text('"EN5 4PU",10,524900,197900,"E92000001","","","","",""\n')
    import_postcodes(plan, [codepoint])
    stations = tmp_path / "dc.csv"
    stations.write_text("Add1,Add2,Add3,Add4,Add5,Add6,PostCode,StationCode,Xordinate,Yordinate,PlaceName\n"
                        "29 Hadley Highstone,Barnet,,,,,EN5 4PU,B1/1,0,0,Hadley Memorial Hall\n"
                        "1 Nowhere Road,Barnet,,,,,EN5 9ZZ,B2/1,,,Other Hall\n"
                        "Dummy Record,,,,,,A1 1AA,B3/1,0,0,Placeholder\n")
    report = import_stations(plan, stations)
    assert report.located_by_postcode == 1
    assert any("Other Hall" in u for u in report.unlocated)
    assert any("placeholder" in s for s in report.skipped)
    with plan.session() as s:
        hadley = s.scalars(select(m.PollingStation).where(m.PollingStation.council_id == "B1/1")).one()
    assert (hadley.easting, hadley.northing) == (524900.0, 197900.0)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "utf-16"])
@pytest.mark.parametrize("delimiter, suffix", [(",", ".tsv"), ("\t", ".csv")])
@pytest.mark.store_once
def test_encodings_and_delimiters_under_either_extension(plan, tmp_path, encoding, delimiter, suffix):
    path = tmp_path / f"stations{suffix}"
    rows = [["id", "name", "address", "postcode", "easting", "northing"],
            ["1", "Ysgol Gymraeg Bro Ŵyr" if encoding != "cp1252" else "St Mary’s Café – Hall", "1 Stryd", "SA4 3AA", "256000", "195000"]]
    path.write_bytes(("\n".join(delimiter.join(r) for r in rows) + "\n").encode(encoding))
    report = import_stations(plan, path)
    assert report.stations == 1
    with plan.session() as s:
        assert s.scalars(select(m.PollingStation)).one().name == rows[1][1]


def _broken(kind: str, tmp_path, shared_data):
    source = (shared_data / "stations/xpress_weblookup_leeds.CSV").read_bytes()
    path = tmp_path / f"{kind}.csv"
    if kind == "truncated":
        path.write_bytes(source[: len(source) - 40])
    elif kind == "wrong_encoding":
        path.write_bytes(bytes(range(128, 256)) * 40)
    elif kind == "not_a_csv":
        path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 20)
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "header_only":
        path.write_bytes(source.splitlines()[0] + b"\n")
    elif kind == "not_stations":
        path.write_text("colour,shape\nred,square\n")
    return path


@pytest.mark.parametrize("kind", ["truncated", "wrong_encoding", "not_a_csv", "empty", "header_only", "not_stations"])
@pytest.mark.store_once
def test_broken_variants_are_refused_or_reported_and_plan_unchanged(plan, tmp_path, shared_data, kind, cli):
    path = _broken(kind, tmp_path, shared_data)
    before = plan_info(plan)["counts"]
    if kind == "truncated":
        report = import_stations(plan, path)
        assert any("truncated" in s for s in report.skipped)
        assert report.stations == 1  # the complete rows still name the one station
        return
    result = cli("import", location_of(plan), "stations", path)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert plan_info(plan)["counts"] == before


def test_truncated_last_row_is_not_imported(plan, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,name,address,postcode,easting,northing\n1,First Hall,1 Road,AB1 2CD,350000,380000\n2,Second Ha")
    report = import_stations(plan, path)
    assert report.stations == 1
    assert any(s.startswith("row 3") and "truncated" in s for s in report.skipped)


def test_plain_mapping_can_be_overridden(plan, tmp_path, cli):
    path = tmp_path / "odd.csv"
    path.write_text("Ref,Venue title,PC,East,North\nA1,Odd Hall,AB1 2CD,350000,380000\n")
    assert cli("import", location_of(plan), "stations", path).returncode == 1
    result = cli("import", location_of(plan), "stations", path, "--map", "name=Venue title", "--map", "postcode=PC",
                 "--map", "easting=East", "--map", "northing=North", "--map", "council_id=Ref")
    assert result.returncode == 0, result.stderr
    with plan.session() as s:
        station = s.scalars(select(m.PollingStation)).one()
    assert (station.name, station.council_id, station.easting) == ("Odd Hall", "A1", 350000.0)


def test_xlsx_station_list(plan, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Name", "Address", "Postcode", "Longitude", "Latitude"])
    sheet.append(["Library", "High Street", "M41 5TP", -2.3676, 53.4558])
    path = tmp_path / "stations.xlsx"
    book.save(path)
    assert import_stations(plan, path).stations == 1


def test_hoc_candidates_pick_seat_and_flag_sitting_mp(plan, shared_data):
    report = import_candidates(plan, shared_data / "candidates/HoC-GE2024-results-by-candidate.csv", constituency="E14001455")
    assert report.count == 7
    with plan.session() as s:
        sitting = s.scalars(select(m.Candidate).where(m.Candidate.sitting_mp)).all()
    assert [c.name for c in sitting] == ["Mike Amesbury"]


def test_democracy_club_and_sopn_candidates(plan, tmp_path):
    dc = tmp_path / "dc.csv"
    dc.write_text("person_id,person_name,election_id,ballot_paper_id,election_date,election_current,party_name,party_id,"
                  "post_label,cancelled_poll,seats_contested,gss\n"
                  "1,Ann Example,parl.2027,parl.somewhere.by.2027-03-04,2027-03-04,True,Party A,PP1,Somewhere,False,1,E14000001\n"
                  "2,Bob Example,parl.2027,parl.elsewhere.by.2027-03-04,2027-03-04,True,Party B,PP2,Elsewhere,False,1,E14000002\n")
    report = import_candidates(plan, dc, ballot="parl.somewhere.by.2027-03-04")
    assert report.added == ["Ann Example"]
    sopn = tmp_path / "sopn.csv"
    sopn.write_text("Name,Description,Address area\nCarys Jones,Independent,Runcorn\n")
    assert import_candidates(plan, sopn).added == ["Carys Jones"]


@pytest.mark.slow
def test_quicksetup_runcorn_and_helsby(shared_data, tmp_path, cli):
    stations, inside = station_file_inside_runcorn(shared_data, tmp_path)
    plan_path = tmp_path / "rh.eplan"
    result = cli("quicksetup", plan_path, "--constituency", "E14001455",
                 "--boundaries", shared_data / "boundaries/PCON_July2024_UK_BUC.geojson",
                 "--stations", stations, "--postcodes", shared_data / "postcodes/wa.csv",
                 "--candidates", shared_data / "candidates/HoC-GE2024-results-by-candidate.csv",
                 "--polling-day", "2027-03-04", "--count-venue", "Halton Stadium, Lowerhouse Lane, Widnes, WA8 7DZ")
    assert result.returncode == 0, result.stderr
    assert "Manchester Town Hall" in result.stdout and "No hustings entered yet." in result.stdout
    info = json.loads(cli("info", plan_path, "--json").stdout)
    assert info["election"]["kind"] == "by-election"
    assert info["election"]["name"] == "Runcorn and Helsby parliamentary by-election"
    assert info["counts"]["candidates"] == 7 and info["counts"]["constituencies"] == 1
    assert info["counts"]["polling_stations"] == inside
    assert info["counts"]["events"] == 2
    from electionplan.db.planfile import open_plan_file

    with open_plan_file(plan_path) as p, p.session() as s:
        assert [c.name for c in s.scalars(select(m.Candidate).where(m.Candidate.sitting_mp))] == ["Mike Amesbury"]
        assert s.scalar(select(m.PollingStation).where(m.PollingStation.easting.is_(None))) is None
        count = s.scalars(select(m.Event).where(m.Event.kind == "count")).one()
        assert count.venue.name == "Halton Stadium" and count.venue.easting is not None
    exported = cli("export", plan_path, "-o", tmp_path / "rh.pdf")
    assert exported.returncode == 0, exported.stderr


def test_quicksetup_with_a_bad_file_leaves_no_plan(shared_data, tmp_path, cli):
    bad = tmp_path / "bad.csv"
    bad.write_text("colour\nred\n")
    plan_path = tmp_path / "rh.eplan"
    result = cli("quicksetup", plan_path, "--constituency", "E14001455",
                 "--boundaries", shared_data / "boundaries/PCON_July2024_UK_BUC.geojson", "--stations", bad,
                 "--candidates", shared_data / "candidates/HoC-GE2024-results-by-candidate.csv", "--polling-day", "2027-03-04")
    assert result.returncode == 1 and "not a polling-station file" in result.stderr
    assert not plan_path.exists()
