"""Importing an events list as a SPOC is sent it, into a plan built from real files.

The venues are real Halton postcodes, the candidates the Commons Library's,
and the traps are real ones: a candidate's name shared by two seats, a venue
name used twice in one borough, easting and northing swapped, a workbook
whose first sheet is a cover note.
"""

from __future__ import annotations

import datetime as dt

from shapely.geometry import Point
from sqlalchemy import text

from tests.core.sent_lists import RUNCORN, one_line, plan_rows, query

HEADER = "Event Name,Type,Date,Start Time,End Time,Venue,Postcode,Constituency,Expected Attendance,Ticketed,Outdoor,Organiser,Topics,Candidates\n"


def _seat_of(shared_data, easting: float, northing: float) -> str:
    """The seat containing a point, by the ONS file itself (not the app's own assignment)."""
    import geopandas as gpd

    seats = gpd.read_file(shared_data / "boundaries/PCON_July2024_UK_BUC.geojson").to_crs(27700)
    return seats.loc[seats.contains(Point(easting, northing)), "PCON24CD"].iloc[0]


def _runcorn_candidates(plan) -> list[str]:
    return plan.candidates.loc[plan.candidates["code"] == RUNCORN, "name"].tolist()


def _events_file(tmp_path, plan) -> tuple:
    first, second = _runcorn_candidates(plan)[:2]
    halls = plan.postcodes.iloc[[3, 60]]  # two real postcodes some way apart in the same borough
    rows = [
        f"Churches Together hustings,Hustings,12/04/2029,19:00,21:00,St Mary's Church Hall,{halls.postcode.iat[0]},{RUNCORN},"
        f"180,no,no,Churches Together,housing; NHS,{first}; {second}\n",
        f"Youth hustings,hustings,2029-04-19,18:30,20:00,St Mary's Church Hall,{halls.postcode.iat[1]},,90,yes,no,"
        f"Youth council,,{first}\n",
        f"Market rally,Demonstration,20/04/2029,12:00,14:00,Market Square,{halls.postcode.iat[1]},,400,no,yes,,,\n",
    ]
    path = tmp_path / "hustings.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path, halls, (first, second)


def test_an_events_list_imports_with_real_venues_and_candidates_and_again_changes_nothing(real_plan, cli, tmp_path,
                                                                                           shared_data):
    path, halls, (first, second) = _events_file(tmp_path, real_plan)
    result = cli("import", real_plan.location, "events", path)
    assert result.returncode == 0, result.stderr
    assert "3 new" in result.stdout
    events = query(real_plan.location, text(
        "SELECT e.name, e.kind, e.start, v.name, v.postcode, c.gss_code, e.expected_attendance, e.outdoor "
        "FROM event e JOIN venue v ON v.id = e.venue_id LEFT JOIN constituency c ON c.id = e.constituency_id "
        "WHERE e.name IN ('Churches Together hustings', 'Youth hustings', 'Market rally') ORDER BY e.start"))
    assert [(e[0], e[1]) for e in events] == [("Churches Together hustings", "hustings"), ("Youth hustings", "hustings"),
                                              ("Market rally", "protest")]
    assert str(events[0][2])[:16] == "2029-04-12 19:00"
    # The same hall name at two postcodes is two venues; the rally's venue is new and located.
    assert {(e[3], e[4]) for e in events[:2]} == {("St Mary's Church Hall", p) for p in halls.postcode}
    # With no constituency written, an event takes the seat its venue lies in, as the ONS boundaries say.
    assert events[1][5] == _seat_of(shared_data, halls.easting.iat[1], halls.northing.iat[1])
    assert events[0][5] == RUNCORN and events[0][6] == 180 and bool(events[2][7])
    linked = query(real_plan.location, text(
        "SELECT c.name FROM event_candidate l JOIN event e ON e.id = l.event_id JOIN candidate c ON c.id = l.candidate_id "
        "WHERE e.name = 'Churches Together hustings' ORDER BY c.name"))
    assert [row[0] for row in linked] == sorted([first, second])
    before = plan_rows(real_plan.location)
    again = cli("import", real_plan.location, "events", path)
    assert again.returncode == 0 and "Nothing changed" in again.stdout
    assert plan_rows(real_plan.location) == before


def test_a_corrected_list_changes_only_what_it_corrects(real_plan, cli, tmp_path):
    path, _, _ = _events_file(tmp_path, real_plan)
    assert cli("import", real_plan.location, "events", path).returncode == 0
    path.write_text(path.read_text().replace("12/04/2029,19:00,21:00", "12/04/2029,19:00,21:30"))
    result = cli("import", real_plan.location, "events", path)
    assert result.returncode == 0 and "0 new, 1 changed, 2 already" in result.stdout
    ends = query(real_plan.location, text("SELECT e.end FROM event e WHERE e.name = 'Churches Together hustings'"))
    assert [str(row[0])[:16] for row in ends] == ["2029-04-12 21:30"]
    # A list that moves an event adds it at its new time, and says the old one is still in the plan.
    path.write_text(path.read_text().replace("12/04/2029,19:00,21:30", "13/04/2029,19:00,21:30"))
    moved = cli("import", real_plan.location, "events", path)
    assert moved.returncode == 0 and "1 new" in moved.stdout
    assert ("note: row 2: 'Churches Together hustings' is added at 13/04/2029 19:00; the plan also has it at "
            "12/04/2029 19:00 at the same venue") in moved.stdout


def test_a_name_two_seats_share_needs_the_seat_or_the_id(real_plan, cli, tmp_path):
    shared = real_plan.candidates.groupby("name")["code"].nunique()
    name = shared[shared == 2].index[0]
    seats = real_plan.candidates[real_plan.candidates["name"] == name].sort_values("code")
    path = tmp_path / "visits.csv"
    row = f"Visit,campaign visit,15/04/2029 10:00,15/04/2029 11:00,,{{seat}},{name}\n"
    path.write_text("name,kind,start,end,venue,constituency,candidates\n" + row.format(seat=""))
    before = plan_rows(real_plan.location)
    result = cli("import", real_plan.location, "events", path)
    assert result.returncode == 1 and one_line(result.stderr)
    assert f"row 2, column candidates: '{name}' names 2 candidates" in result.stdout
    assert seats["seat"].iat[0] in result.stdout and seats["seat"].iat[1] in result.stdout
    assert plan_rows(real_plan.location) == before
    # The row's own seat settles it; so does the seat in brackets.
    path.write_text("name,kind,start,end,venue,constituency,candidates\n" + row.format(seat=seats["code"].iat[1])
                    + f"Visit two,campaign visit,16/04/2029 10:00,16/04/2029 11:00,,,{name} ({seats['seat'].iat[0]})\n")
    assert cli("import", real_plan.location, "events", path).returncode == 0
    linked = query(real_plan.location, text(
        "SELECT e.name, s.gss_code FROM event_candidate l JOIN event e ON e.id = l.event_id "
        "JOIN candidate c ON c.id = l.candidate_id JOIN constituency s ON s.id = c.constituency_id "
        "WHERE e.name IN ('Visit', 'Visit two') ORDER BY e.name"))
    assert linked == [("Visit", seats["code"].iat[1]), ("Visit two", seats["code"].iat[0])]


def test_a_venue_named_alone_is_refused_when_two_venues_share_the_name(real_plan, cli, tmp_path):
    path, _, _ = _events_file(tmp_path, real_plan)
    assert cli("import", real_plan.location, "events", path).returncode == 0
    alone = tmp_path / "alone.csv"
    alone.write_text("name,kind,start,end,venue\nQuiz,hustings,21/04/2029 19:00,21/04/2029 21:00,ST MARY'S CHURCH HALL\n")
    before = plan_rows(real_plan.location)
    result = cli("import", real_plan.location, "events", alone)
    assert result.returncode == 1 and one_line(result.stderr)
    assert "row 2, column venue: 'ST MARY'S CHURCH HALL' names 2 venues in the plan" in result.stdout
    assert plan_rows(real_plan.location) == before


def test_swapped_easting_and_northing_are_refused_by_row(real_plan, cli, tmp_path, shared_data):
    hall = real_plan.postcodes.iloc[10]
    seat = _seat_of(shared_data, hall.easting, hall.northing)
    # Swapped, a Halton point still lands in England (in another seat), so the row's own seat or postcode tells.
    assert _seat_of(shared_data, hall.northing, hall.easting) != seat
    path = tmp_path / "swapped.csv"
    path.write_text("Name,Kind,Start,End,Venue,Easting,Northing,Constituency,Postcode\n"
                    f"Hustings,hustings,12/04/2029 19:00,12/04/2029 21:00,Hall A,{hall.easting},{hall.northing},{seat},\n"
                    f"Hustings,hustings,13/04/2029 19:00,13/04/2029 21:00,Hall B,{hall.northing},{hall.easting},{seat},\n"
                    f"Hustings,hustings,14/04/2029 19:00,14/04/2029 21:00,Hall C,{hall.northing},{hall.easting},,"
                    f"{hall.postcode}\n")
    before = plan_rows(real_plan.location)
    result = cli("import", real_plan.location, "events", path)
    assert result.returncode == 1 and one_line(result.stderr)
    assert "row 3, column Easting:" in result.stdout and "row 4, column Easting:" in result.stdout
    assert "the other way round" in result.stdout and "row 2" not in result.stdout
    assert plan_rows(real_plan.location) == before


def test_a_workbook_whose_first_sheet_is_a_cover_note(real_plan, cli, tmp_path):
    import openpyxl

    from electionplan.domain.gridref import to_grid_reference

    first = _runcorn_candidates(real_plan)[0]
    hall = real_plan.postcodes.iloc[5]
    book = openpyxl.Workbook()
    cover = book.active
    cover.title = "Read me"
    cover.append(["Hustings notified to the returning officer; one sheet a week."])
    for title, day in (("Week 1", 10), ("Week 2", 17)):
        sheet = book.create_sheet(title)
        sheet.append(["Name", "Kind", "Start", "End", "Venue", "Grid ref", "Candidates"])
        sheet.append([f"Hustings {title}", "Hustings", dt.datetime(2029, 4, day, 19), dt.datetime(2029, 4, day, 21),
                      "Civic Hall", to_grid_reference(hall.easting, hall.northing, 10), first])
    path = tmp_path / "hustings.xlsx"
    book.save(path)
    result = cli("import", real_plan.location, "events", path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "sheet 'Week 1'" in result.stdout
    rows = query(real_plan.location, text("SELECT e.name, e.start, v.easting, v.northing FROM event e "
                                          "JOIN venue v ON v.id = e.venue_id WHERE v.name = 'Civic Hall'"))
    assert [(r[0], str(r[1])[:16]) for r in rows] == [("Hustings Week 1", "2029-04-10 19:00")]
    assert abs(rows[0][2] - hall.easting) < 1 and abs(rows[0][3] - hall.northing) < 1


def test_the_import_command_names_the_new_kinds(cli):
    result = cli("import", "--help")
    assert result.returncode == 0
    for kind in ("events", "threats", "capacity"):
        assert kind in result.stdout
    assert "date, shift, officers" in " ".join(result.stdout.split())


def test_when_notice_was_received_is_kept_and_cannot_follow_the_start(real_plan, cli, tmp_path):
    hall = real_plan.postcodes.iloc[7]
    path = tmp_path / "short-notice.csv"
    rows = ("Event,Type,Start,End,Venue,Postcode,Date notified\n"
            f"Pop-up rally,protest,14/04/2029 12:00,14/04/2029 13:00,Shopping centre,{hall.postcode},14/04/2029 09:30\n"
            f"Late rally,protest,15/04/2029 12:00,15/04/2029 13:00,Shopping centre,{hall.postcode},16/04/2029\n")
    path.write_text(rows)
    before = plan_rows(real_plan.location)
    result = cli("import", real_plan.location, "events", path)
    assert result.returncode == 1 and one_line(result.stderr)
    assert "row 3, column Date notified: notice cannot be received after the event starts" in result.stdout
    assert plan_rows(real_plan.location) == before
    path.write_text(rows.rsplit("Late rally", 1)[0])
    assert cli("import", real_plan.location, "events", path).returncode == 0
    notice = query(real_plan.location, text("SELECT notice_received FROM event WHERE name = 'Pop-up rally'"))
    assert [str(row[0])[:16] for row in notice] == ["2029-04-14 09:30"]


def test_a_name_that_is_a_candidate_only_in_another_seat_is_refused_and_their_id_links_them(real_plan, cli, tmp_path):
    elsewhere = real_plan.candidates[real_plan.candidates["code"] == "E14001446"]  # Rochdale
    name = next(n for n in elsewhere["name"] if (real_plan.candidates["name"] == n).sum() == 1)
    hall = real_plan.postcodes.iloc[3]
    path = tmp_path / "hustings.csv"
    row = f"Runcorn hustings,hustings,12/04/2029 19:00,12/04/2029 21:00,Brindley Theatre,{hall.postcode},{RUNCORN},"
    path.write_text("name,kind,start,end,venue,postcode,constituency,candidates\n" + row + name + "\n", encoding="utf-8")
    before = plan_rows(real_plan.location)
    result = cli("import", real_plan.location, "events", path)
    assert result.returncode == 1 and one_line(result.stderr)
    assert f"row 2, column candidates: '{name}' is a candidate in Rochdale, not in Runcorn and Helsby" in result.stderr
    assert plan_rows(real_plan.location) == before
    (their_id,) = query(real_plan.location, text("SELECT id FROM candidate WHERE name = :name"), name=name)[0]
    path.write_text("name,kind,start,end,venue,postcode,constituency,candidates\n" + row + f"{their_id}\n", encoding="utf-8")
    assert cli("import", real_plan.location, "events", path).returncode == 0
    linked = query(real_plan.location, text("SELECT c.name FROM event_candidate l JOIN candidate c ON c.id = l.candidate_id "
                                            "JOIN event e ON e.id = l.event_id WHERE e.name = 'Runcorn hustings'"))
    assert linked == [(name,)]


def test_a_zero_width_space_does_not_make_a_second_venue_or_event(real_plan, cli, tmp_path):
    hall = real_plan.postcodes.iloc[3]
    path = tmp_path / "hustings.csv"
    line = "{0},hustings,12/04/2029 19:00,12/04/2029 21:00,{1},{2}\n"
    path.write_text("name,kind,start,end,venue,postcode\n" + line.format("Civic hustings", "Brindley Theatre", hall.postcode),
                    encoding="utf-8")
    assert cli("import", real_plan.location, "events", path).returncode == 0
    before = plan_rows(real_plan.location)
    path.write_text("name,kind,start,end,venue,postcode\n"
                    + line.format("Civic\u200b hustings", "Brindley\u2060 Theatre", hall.postcode), encoding="utf-8")
    again = cli("import", real_plan.location, "events", path)
    assert again.returncode == 0 and "Nothing changed" in again.stdout
    assert plan_rows(real_plan.location) == before
