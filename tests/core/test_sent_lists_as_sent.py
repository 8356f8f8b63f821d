"""Events, threat and duty lists written the way returning officers, community groups and resourcing teams
really send them: a title above the header, spreadsheet date cells with the times beside them, times
written "19.00" or "7pm", candidates as "Surname, Forename" or with their titles, a venue spelt a little
differently from the plan's, attendance "c. 200", shifts called "Nights".
"""

from __future__ import annotations

import datetime as dt

import openpyxl
from sqlalchemy import text

from tests.core.sent_lists import one_line, plan_rows, query


def _workbook(path, rows, title: str | None = None):
    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
        sheet.merge_cells("A1:F1")
        sheet.append([])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _events(location, names) -> list[tuple]:
    return query(str(location), text("SELECT e.name, e.start, e.\"end\", v.name FROM event e LEFT JOIN venue v "
                                     "ON v.id = e.venue_id WHERE e.name IN :names ORDER BY e.start, e.name")
                 .bindparams(__import__("sqlalchemy").bindparam("names", expanding=True)), names=list(names))


def test_a_returning_officers_workbook_with_a_title_and_date_cells_imports(sample_plan_path, cli, tmp_path):
    path = _workbook(tmp_path / "hustings.xlsx", [
        ["Event name", "Type", "Date", "Start time", "End time", "Venue", "Postcode"],
        ["Rotary Club hustings", "Hustings", dt.datetime(2027, 1, 6), dt.time(19, 0), dt.time(21, 0),
         "Wyvernbridge Town Hall", "AW1 1TH"],
        ["Students' Union hustings", "hustings", dt.datetime(2027, 1, 11), "18.30", "8pm", "Wyvernbridge Academy",
         "AW1 6AY"],
    ], title="Wyvernbridge and Ashcombe by-election: hustings notified to the returning officer")
    result = cli("import", sample_plan_path, "events", path)
    assert result.returncode == 0, result.stderr
    assert "2 new" in result.stdout
    events = _events(sample_plan_path, ["Rotary Club hustings", "Students' Union hustings"])
    assert [(e[0], str(e[1])[:16], str(e[2])[:16]) for e in events] == [
        ("Rotary Club hustings", "2027-01-06 19:00", "2027-01-06 21:00"),
        ("Students' Union hustings", "2027-01-11 18:30", "2027-01-11 20:00")]


def test_written_dates_and_times_are_read_and_a_date_without_its_year_is_refused_on_its_column(
        sample_plan_path, cli, tmp_path):
    path = tmp_path / "hustings.csv"
    path.write_text("Event,Type,Date,Start,Finish,Venue,Post code\n"
                    "H1,Hustings,Tues 5th January 2027,7pm,9.15pm,Wyvernbridge Town Hall,AW1 1TH\n"
                    "H2,Hustings,05/01/27,19.00,21:00,Wyvernbridge Town Hall,AW1 1TH\n", encoding="utf-8")
    result = cli("import", sample_plan_path, "events", path)
    assert result.returncode == 0, result.stderr
    assert [(e[0], str(e[1])[:16], str(e[2])[:16]) for e in _events(sample_plan_path, ["H1", "H2"])] == [
        ("H1", "2027-01-05 19:00", "2027-01-05 21:15"), ("H2", "2027-01-05 19:00", "2027-01-05 21:00")]
    before = plan_rows(str(sample_plan_path))
    path.write_text("Event,Type,Date,Start,Finish,Venue,Post code\n"
                    "H3,Hustings,Tues 5th Jan,19:00,21:00,Wyvernbridge Town Hall,AW1 1TH\n", encoding="utf-8")
    refused = cli("import", sample_plan_path, "events", path)
    assert refused.returncode == 1 and one_line(refused.stderr)
    # The bad cell is the date, not the times beside it.
    assert "row 2, column Date: 'Tues 5th Jan' is not a date" in refused.stderr
    assert "column Start" not in refused.stdout
    assert plan_rows(str(sample_plan_path)) == before
    # 5 January 2027 is a Tuesday: a list that says Monday has the day or the date wrong.
    path.write_text("Event,Type,Date,Start,Finish,Venue,Post code\n"
                    "H4,Hustings,Monday 5th January 2027,19:00,21:00,Wyvernbridge Town Hall,AW1 1TH\n", encoding="utf-8")
    wrong_day = cli("import", sample_plan_path, "events", path)
    assert wrong_day.returncode == 1 and "row 2, column Date: 'Monday 5th January 2027' is not a date" in wrong_day.stderr
    assert plan_rows(str(sample_plan_path)) == before


def test_candidates_by_surname_first_or_title_a_venue_spelt_differently_and_rough_attendance_import(
        sample_plan_path, cli, tmp_path):
    path = tmp_path / "hustings.csv"
    path.write_text("name,kind,start,end,venue,postcode,expected attendance,candidates\n"
                    "Churches hustings,hustings,06/01/2027 19:00,06/01/2027 21:00,St. Aldhelms Church,aw12sa,c. 200,"
                    "\"Okafor, Daniel; Cllr Margaret Ellery-Stone\"\n"
                    "Youth hustings,hustings,07/01/2027 19:00,07/01/2027 21:00,Wyvernbridge Town-Hall,AW1 1TH,200-300,"
                    "Dr Priya Ramanathan\n", encoding="utf-8")
    venues_before = query(str(sample_plan_path), text("SELECT count(*) FROM venue"))
    result = cli("import", sample_plan_path, "events", path)
    assert result.returncode == 0, result.stderr
    # The plan's own venues, not new ones under a second spelling.
    assert query(str(sample_plan_path), text("SELECT count(*) FROM venue")) == venues_before
    events = query(str(sample_plan_path), text(
        "SELECT e.name, v.name, e.expected_attendance FROM event e JOIN venue v ON v.id = e.venue_id "
        "WHERE e.name IN ('Churches hustings', 'Youth hustings') ORDER BY e.start"))
    assert events == [("Churches hustings", "St Aldhelm's Church", 200), ("Youth hustings", "Wyvernbridge Town Hall", 300)]
    linked = query(str(sample_plan_path), text(
        "SELECT e.name, c.name FROM event_candidate l JOIN event e ON e.id = l.event_id "
        "JOIN candidate c ON c.id = l.candidate_id WHERE e.name IN ('Churches hustings', 'Youth hustings') "
        "ORDER BY e.name, c.name"))
    assert linked == [("Churches hustings", "Daniel Okafor"), ("Churches hustings", "Margaret Ellery-Stone"),
                      ("Youth hustings", "Priya Ramanathan")]


def test_candidates_listed_with_commas_are_refused_with_the_separator_to_use(sample_plan_path, cli, tmp_path):
    path = tmp_path / "hustings.csv"
    path.write_text("name,kind,start,end,venue,candidates\n"
                    "H,hustings,06/01/2027 19:00,06/01/2027 21:00,Wyvernbridge Town Hall,\"Daniel Okafor, Sarah Whitcombe\"\n",
                    encoding="utf-8")
    before = plan_rows(str(sample_plan_path))
    result = cli("import", sample_plan_path, "events", path)
    assert result.returncode == 1 and one_line(result.stderr)
    assert "separate several candidates with ';'" in result.stderr
    assert plan_rows(str(sample_plan_path)) == before


def test_a_duty_sheet_calling_its_shifts_earlies_and_nights_imports_and_an_impossible_strength_is_refused(
        sample_plan_path, cli, tmp_path):
    path = _workbook(tmp_path / "duties.xlsx", [
        ["Duty date", "Tour of duty", "Officers available"],
        [dt.datetime(2027, 1, 20), "Earlies", 14], [dt.datetime(2027, 1, 20), "Late turn", 16],
        [dt.datetime(2027, 1, 20), "N", 9]], title="Resourcing: election week")
    result = cli("import", sample_plan_path, "capacity", path)
    assert result.returncode == 0, result.stderr
    rows = query(str(sample_plan_path), text("SELECT shift, officers FROM officer_capacity WHERE day = '2027-01-20' "
                                             "ORDER BY shift"))
    assert rows == [("early", 14), ("late", 16), ("night", 9)]
    before = plan_rows(str(sample_plan_path))
    path = tmp_path / "duties.csv"
    path.write_text("date,shift,officers\n21/01/2027,early,9999999\n", encoding="utf-8")
    refused = cli("import", sample_plan_path, "capacity", path)
    assert refused.returncode == 1 and one_line(refused.stderr)
    assert "row 2, column officers: '9999999' is not a number of officers (a whole number, 0 to 35,000)" in refused.stderr
    assert plan_rows(str(sample_plan_path)) == before


def test_a_threat_log_with_date_and_time_cells_imports_and_a_row_sent_twice_is_refused(sample_plan_path, cli, tmp_path):
    path = _workbook(tmp_path / "threats.xlsx", [
        ["Candidate", "Threat level", "Date reported", "Details"],
        ["Okafor, Daniel", "High", dt.datetime(2026, 11, 20, 14, 30), "Email naming the hustings"]],
        title="OFFICIAL-SENSITIVE: threat log")
    result = cli("import", sample_plan_path, "threats", path)
    assert result.returncode == 0, result.stderr
    stored = query(str(sample_plan_path), text(
        "SELECT c.name, t.severity, t.reported_on FROM threat_report t JOIN candidate c ON c.id = t.candidate_id "
        "WHERE t.summary = 'Email naming the hustings'"))
    assert [(r[0], r[1], str(r[2])) for r in stored] == [("Daniel Okafor", "high", "2026-11-20")]
    before = plan_rows(str(sample_plan_path))
    path = tmp_path / "threats.csv"
    path.write_text("candidate,severity,reported,summary\n"
                    "Sarah Whitcombe,medium,21/11/2026,Abusive calls\n"
                    "Sarah Whitcombe,Medium,2026-11-21,abusive calls\n", encoding="utf-8")
    refused = cli("import", sample_plan_path, "threats", path)
    assert refused.returncode == 1 and one_line(refused.stderr)
    assert "row 3, column summary: the same report (target, date, severity and words) as row 2" in refused.stderr
    assert plan_rows(str(sample_plan_path)) == before


def test_a_re_sent_list_says_and_audits_each_value_it_puts_back_over_the_spocs_own_edit(sample_plan_path, cli, tmp_path):
    path = tmp_path / "hustings.csv"
    path.write_text("name,kind,start,end,venue,expected attendance\n"
                    "Rotary hustings,hustings,06/01/2027 19:00,06/01/2027 21:00,Wyvernbridge Town Hall,200\n",
                    encoding="utf-8")
    assert cli("import", sample_plan_path, "events", path).returncode == 0
    ((event_id,),) = query(str(sample_plan_path), text("SELECT id FROM event WHERE name = 'Rotary hustings'"))
    edited = cli("edit", sample_plan_path, "event", event_id, "--set", "expected_attendance=400")
    assert edited.returncode == 0, edited.stderr
    again = cli("import", sample_plan_path, "events", path)
    assert again.returncode == 0 and "1 changed" in again.stdout
    assert "row 2: 'Rotary hustings' expected attendance was 400, now 200" in again.stdout
    audit = query(str(sample_plan_path), text("SELECT action, field, old, new FROM audit_entry WHERE entity = 'Event' "
                                              "AND entity_id = :id ORDER BY id"), id=event_id)
    assert audit[-1] == ("import", "expected_attendance", "400", "200")


def test_a_threat_naming_an_event_and_a_candidate_not_listed_at_it_is_kept_and_said(sample_plan_path, cli, tmp_path):
    path = tmp_path / "threats.csv"
    path.write_text("candidate,severity,reported,summary,event\n"
                    "Lucy Marchetti,high,20/11/2026,Post urging people to confront her,Caldermoor barracks site hustings\n"
                    "Daniel Okafor,high,20/11/2026,Message naming the hustings,Caldermoor barracks site hustings\n",
                    encoding="utf-8")
    result = cli("import", sample_plan_path, "threats", path)
    assert result.returncode == 0, result.stderr
    assert "2 new" in result.stdout
    assert ("row 2: Lucy Marchetti is not listed at the event 'Caldermoor barracks site hustings'; add them to it if "
            "they will be there") in result.stdout
    assert "row 3:" not in result.stdout  # Daniel Okafor is on the hustings' list


def test_a_csv_saved_from_a_workbook_with_its_title_line_imports_and_rows_keep_their_line_numbers(
        sample_plan_path, cli, tmp_path):
    path = tmp_path / "hustings.csv"
    body = ("Hustings notified to the returning officer,,,,\n,,,,\nname,kind,start,end,venue\n"
            "Rotary hustings,hustings,06/01/2027 19:00,06/01/2027 21:00,Wyvernbridge Town Hall\n")
    path.write_text(body + "Library hustings,hustings,soon,06/01/2027 21:00,Wyvernbridge Town Hall\n", encoding="utf-8-sig")
    before = plan_rows(str(sample_plan_path))
    refused = cli("import", sample_plan_path, "events", path)
    assert refused.returncode == 1 and one_line(refused.stderr)
    assert "row 5, column start: 'soon' is not a date and time" in refused.stderr  # the line the file shows it on
    assert plan_rows(str(sample_plan_path)) == before
    path.write_text(body, encoding="utf-8-sig")
    result = cli("import", sample_plan_path, "events", path)
    assert result.returncode == 0 and "1 new" in result.stdout, result.stderr
    assert [e[0] for e in _events(sample_plan_path, ["Rotary hustings"])] == ["Rotary hustings"]


def test_the_words_lists_use_for_kinds_of_event_are_read(sample_plan_path, cli, tmp_path):
    path = tmp_path / "events.csv"
    words = {"Husting": "hustings", "March": "protest", "Street stall": "canvassing", "Leader visit": "campaign_visit",
             "Verification & count": "count", "Declaration of result": "declaration"}
    path.write_text("name,kind,start,end,venue\n" + "".join(
        f"Kind {n},{word},0{n + 1}/01/2027 10:00,0{n + 1}/01/2027 11:00,Wyvernbridge Town Hall\n"
        for n, word in enumerate(words)), encoding="utf-8")
    result = cli("import", sample_plan_path, "events", path)
    assert result.returncode == 0, result.stderr
    stored = query(str(sample_plan_path), text("SELECT kind FROM event WHERE name LIKE 'Kind %' ORDER BY name"))
    assert [k for (k,) in stored] == list(words.values())


def test_a_count_listed_from_2215_to_0430_ends_the_next_morning_and_a_slipped_hour_is_still_refused(
        sample_plan_path, cli, tmp_path):
    path = tmp_path / "events.csv"
    header = "Event,Type,Date,Start,Finish,Venue\n"
    path.write_text(header + "Count night,Verification & count,21/01/2027,22:15,04:30,Wyvernbridge Leisure Centre\n",
                    encoding="utf-8")
    result = cli("import", sample_plan_path, "events", path)
    assert result.returncode == 0, result.stderr
    assert [(str(e[1])[:16], str(e[2])[:16]) for e in _events(sample_plan_path, ["Count night"])] == [
        ("2027-01-21 22:15", "2027-01-22 04:30")]
    before = plan_rows(str(sample_plan_path))
    path.write_text(header + "Slip,Hustings,06/01/2027,19:00,18:00,Wyvernbridge Town Hall\n", encoding="utf-8")
    refused = cli("import", sample_plan_path, "events", path)
    assert refused.returncode == 1 and "row 2, column Finish: the end must be after the start" in refused.stderr
    assert plan_rows(str(sample_plan_path)) == before
