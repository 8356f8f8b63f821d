"""Importing threat reports and duty capacity, and refusing hostile lists whole, in one line, unread.

Threat reports name real Commons Library candidates and the events and venues
of an imported hustings list; their summaries are restricted, so the audit
holds "(restricted)" and the log holds none of them.
"""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

from sqlalchemy import text

from tests.core.sent_lists import RUNCORN, one_line, plan_rows, query

SUMMARY = "Letter threatening violence at the hustings"


def _hustings(plan, cli, tmp_path) -> str:
    who = plan.candidates.loc[plan.candidates["code"] == RUNCORN, "name"].iat[0]
    hall = plan.postcodes.iloc[3]
    path = tmp_path / "hustings.csv"
    path.write_text("name,kind,start,end,venue,postcode,candidates\n"
                    f"Churches Together hustings,hustings,12/04/2029 19:00,12/04/2029 21:00,Civic Hall,{hall.postcode},{who}\n"
                    f"Market rally,protest,20/04/2029 12:00,20/04/2029 14:00,Market Square,{hall.postcode},\n")
    assert cli("import", plan.location, "events", path).returncode == 0
    return who


def test_threat_reports_name_their_candidate_event_venue_and_dates(real_plan, cli, tmp_path):
    who = _hustings(real_plan, cli, tmp_path)
    path = tmp_path / "threats.csv"
    path.write_text("Candidate,Severity,Date Reported,Summary,Event,Venue,From,To,Crime reference\n"
                    f"{who},Critical,02/11/2026,{SUMMARY},Churches Together hustings,,,,CH/26/1\n"
                    ",high,2026-11-03,Posts urging a crowd to the rally,,market square,20/04/2029,20/04/2029,\n")
    result = cli("import", real_plan.location, "threats", path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 new" in result.stdout
    stored = query(real_plan.location, text(
        "SELECT c.name, t.severity, t.reported_on, e.name, v.name, t.valid_from, t.valid_to, t.kind, t.reference "
        "FROM threat_report t LEFT JOIN candidate c ON c.id = t.candidate_id LEFT JOIN event e ON e.id = t.event_id "
        "LEFT JOIN venue v ON v.id = t.venue_id ORDER BY t.reported_on"))
    assert [(r[0], r[1], str(r[2]), r[3], r[4], str(r[5]), r[8]) for r in stored] == [
        (who, "critical", "2026-11-02", "Churches Together hustings", None, "None", "CH/26/1"),
        (None, "high", "2026-11-03", None, "Market Square", "2029-04-20", ""),
    ]
    audit = query(real_plan.location, text("SELECT field, new FROM audit_entry WHERE entity = 'ThreatReport'"))
    assert ("summary", "(restricted)") in audit
    assert not any(SUMMARY in (new or "") for _, new in audit)
    logs = Path(os.environ["XDG_STATE_HOME"])
    assert not any(SUMMARY in f.read_text(errors="replace") for f in logs.rglob("*") if f.is_file())
    before = plan_rows(real_plan.location)
    again = cli("import", real_plan.location, "threats", path)
    assert again.returncode == 0 and "Nothing changed" in again.stdout
    assert plan_rows(real_plan.location) == before


def test_a_bad_threat_list_is_refused_whole_by_row_and_column(real_plan, cli, tmp_path):
    who = _hustings(real_plan, cli, tmp_path)
    path = tmp_path / "threats.csv"
    path.write_text("candidate,severity,reported,summary,from,to\n"
                    f"{who},high,01/11/2026,Abusive calls,,\n"
                    "Nobody Known,high,01/11/2026,Abusive calls,,\n"
                    f"{who},urgent,01/11/2026,Abusive calls,,\n"
                    f"{who},low,01/11/2026,Abusive calls,01/01/2031,\n")
    before = plan_rows(real_plan.location)
    result = cli("import", real_plan.location, "threats", path)
    assert result.returncode == 1 and one_line(result.stderr)
    assert "row 3, column candidate: no candidate 'Nobody Known' in the plan" in result.stdout
    assert "row 4, column severity: 'urgent' is not a severity" in result.stdout
    assert "row 5, column from: the date 01/01/2031 is outside the campaign" in result.stdout
    assert "row 2" not in result.stdout
    assert plan_rows(real_plan.location) == before


def test_duty_capacity_imports_and_again_changes_nothing(real_plan, cli, tmp_path):
    path = tmp_path / "capacity.csv"
    path.write_text("Date,Shift,Officers available\n02/05/2029,Early,40\n2029-05-03,Late shift,\"1,200\"\n"
                    "03/05/2029,night,12\n")
    result = cli("import", real_plan.location, "capacity", path)
    assert result.returncode == 0 and "3 new" in result.stdout
    rows = query(real_plan.location, text("SELECT day, shift, officers FROM officer_capacity ORDER BY day, shift"))
    assert [(str(d), s, n) for d, s, n in rows] == [("2029-05-02", "early", 40), ("2029-05-03", "late", 1200),
                                                    ("2029-05-03", "night", 12)]
    before = plan_rows(real_plan.location)
    assert "Nothing changed" in cli("import", real_plan.location, "capacity", path).stdout
    assert plan_rows(real_plan.location) == before
    path.write_text("Day,Tour,Number\n01/01/2031,early,4\n2029-05-03,noon,x\n2029-05-03,late,5\n03/05/2029,Late,6\n")
    result = cli("import", real_plan.location, "capacity", path)
    assert result.returncode == 1 and one_line(result.stderr)
    for problem in ("row 2, column Day: the date 01/01/2031 is outside the campaign",
                    "row 3, column Tour: 'noon' is not a shift", "row 3, column Number: 'x' is not a number",
                    "row 5, column Tour: repeats the day and shift of row 4"):
        assert problem in result.stdout
    assert plan_rows(real_plan.location) == before


def test_hostile_events_lists_get_one_line_and_change_nothing(real_plan, cli, tmp_path):
    header = b"name,kind,start,end,venue,candidates\n"
    million = tmp_path / "million.csv"
    million.write_bytes(header + b"Hustings,hustings,12/04/2029 19:00,12/04/2029 21:00,,\n" * 1_000_000)
    huge_field = tmp_path / "field.csv"
    huge_field.write_bytes(header + b"Hustings,hustings,12/04/2029 19:00,12/04/2029 21:00,," + b"x" * 50_000_000 + b"\n")
    oversized = tmp_path / "oversized.csv"
    with oversized.open("wb") as handle:  # sparse: refused by its size before a byte is read
        handle.write(header)
        handle.truncate(70_000_000)
    mixed = tmp_path / "mixed.csv"
    mixed.write_text("name,kind,start,end,venue,candidates\n"
                     "Hustings,hustings,12/04/2029 19:00,12/04/2029 21:00,,Nobody Known\n"
                     "Hustings,hustings,12/04/2031 19:00,12/04/2031 21:00,,\n")
    before = plan_rows(real_plan.location)
    expected = {million: "more than 100,000 rows", huge_field: "longer than 200,000 characters",
                oversized: "70 MB", mixed: "2 problem(s)"}
    for path, words in expected.items():
        traced = path is huge_field  # tracing every allocation slows the others for nothing
        if traced:
            tracemalloc.start()
        result = cli("import", real_plan.location, "events", path)
        if traced:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            assert peak < 20_000_000  # the 50 MB line is never held
        assert result.returncode == 1 and one_line(result.stderr), path.name
        assert words in result.stderr, result.stderr
    mixed_out = cli("import", real_plan.location, "events", mixed).stdout
    assert "row 2, column candidates: no candidate 'Nobody Known' in the plan" in mixed_out
    assert "row 3, column start: the start 12/04/2031 is outside the campaign" in mixed_out
    assert plan_rows(real_plan.location) == before
