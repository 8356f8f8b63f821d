"""A scripted election week: approve, log incidents, add a hustings, re-issue."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re

import pytest
from pypdf import PdfWriter
from sqlalchemy import select

from electionplan.db import models as m
from electionplan.db.opening import open_store
from electionplan.db.records import create_record
from electionplan.domain.timefmt import today_london
from tests.conftest import pdf_text


def section(text: str, start: str, end: str) -> str:
    return text[text.index(start): text.index(end, text.index(start))]


@pytest.mark.slow
def test_scripted_election_week(sample_plan_path, cli, tmp_path):
    plan = sample_plan_path
    # 1. Approve 1.0 and keep its PDF.
    assert cli("revise", plan, "-m", "Plan approved by Gold", "--approve").returncode == 0
    first_pdf = tmp_path / "r1_0.pdf"
    assert cli("export", plan, "-o", first_pdf, "--revision", "1.0").returncode == 0
    first_text = pdf_text(first_pdf)
    assert "This is the first revision" in first_text

    # 2. Two incidents against a first-time candidate, and a new hustings.
    when = dt.datetime.combine(today_london(), dt.time(9)) - dt.timedelta(days=2)
    incidents = tmp_path / "incidents.csv"
    with incidents.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["occurred_at", "kind", "severity", "status", "candidate", "venue", "reference", "description"])
        writer.writerow([when.strftime("%Y-%m-%d %H:%M"), "Malicious communications", "high", "open",
                         "Priya Ramanathan", "", "WC/26/200001", "Threatening messages after a leaflet drop"])
        writer.writerow([(when + dt.timedelta(hours=5)).strftime("%d/%m/%Y %H:%M"), "Harassment", "medium", "open",
                         "Priya Ramanathan", "Hollinsby Village Hall", "WC/26/200002", "Followed home from a meeting"])
    imported = cli("import", plan, "incidents", incidents)
    assert imported.returncode == 0, imported.stderr
    assert re.search(r"\d+ items? changed level since revision 1\.0", imported.stdout)
    with open_store(plan) as p:
        with p.session() as s:
            hall = s.scalars(select(m.Venue).where(m.Venue.name == "Otterley Memorial Hall")).first()
            priya = s.scalars(select(m.Candidate).where(m.Candidate.name == "Priya Ramanathan")).one()
            seat = s.scalars(select(m.Constituency)).one()
        venue_id = create_record(p, m.Venue, {"name": "Otterley Memorial Hall", "easting": 395_600.0, "northing": 318_300.0,
                                              "constituency_id": seat.id}) if hall is None else hall.id
        create_record(p, m.Event, {
            "name": "Otterley village hustings", "kind": "hustings", "start": dt.datetime(2027, 1, 20, 19, 0),
            "end": dt.datetime(2027, 1, 20, 21, 0), "venue_id": venue_id, "constituency_id": seat.id,
            "expected_attendance": 110, "ticketed": False, "candidate_ids": [priya.id]})
    assessed = json.loads(cli("assess", plan, "--json").stdout)
    assert any(c["name"] == "Priya Ramanathan" and c["level"] != "low" for c in assessed["candidates"])

    # 3. Issue 1.1.
    assert cli("revise", plan, "-m", "Incidents logged; Otterley hustings added").returncode == 0
    listed = json.loads(cli("revisions", plan, "--json").stdout)
    assert [r["number"] for r in listed] == ["1.0", "1.1"]
    assert listed[0]["approved"] and not listed[1]["approved"]

    diff = json.loads(cli("diff", plan, "1.0", "1.1", "--json").stdout)
    added = {(a["entity"], a["name"]) for a in diff["added"]}
    assert ("Event", "Otterley village hustings") in added
    assert sum(1 for a in diff["added"] if a["entity"] == "Incident") == 2
    assert diff["removed"] == []
    moved = {(mv["entity"], mv["name"]): mv for mv in diff["moved"]}
    assert ("CandidateRisk", "Priya Ramanathan") in moved
    assert moved[("CandidateRisk", "Priya Ramanathan")]["old"] == "Low"
    assert "incident" in moved[("CandidateRisk", "Priya Ramanathan")]["reason"]

    second_pdf = tmp_path / "r1_1.pdf"
    assert cli("export", plan, "-o", second_pdf, "--revision", "1.1").returncode == 0
    changes = section(pdf_text(second_pdf), "Changes since revision 1.0", "Annex A")
    assert "Otterley village hustings" in changes
    assert "Malicious communications" in changes and "Harassment" in changes
    assert "Priya Ramanathan" in changes and "Low →" in changes
    assert "Candidate drop-in surgery" not in changes  # unchanged events are not listed

    # Re-exporting 1.0 reproduces 1.0, not the live plan.
    again = tmp_path / "r1_0_again.pdf"
    assert cli("export", plan, "-o", again, "--revision", "1.0").returncode == 0
    again_text = pdf_text(again)
    assert "Otterley village hustings" not in again_text
    assert again_text == first_text

    # The returning officer's comments on 1.0 come back against 1.0.
    ro_pdf = tmp_path / "ro_1_0.pdf"
    assert cli("export", plan, "-o", ro_pdf, "--revision", "1.0", "--edition", "returning-officer").returncode == 0
    writer = PdfWriter(clone_from=str(ro_pdf))
    for page in writer.pages:
        writer.update_page_form_field_values(page, {"ro_name": "Helen Carraway", "ro_comments": "Content with the count plan.",
                                                    "ro_date": "06/01/2027", "ro_decision": "Approved with comments"},
                                                   auto_regenerate=False)
    filled = tmp_path / "filled.pdf"
    writer.write(filled)
    review = cli("import", plan, "review", filled)
    assert review.returncode == 0, review.stderr
    with open_store(plan) as p, p.session() as s:
        comment = s.scalars(select(m.ReviewComment)).one()
        assert comment.revision_number == "1.0" and comment.revision_id is not None
        assert comment.comments.endswith("Content with the count plan.")
        actions = [(e.action, e.entity) for e in s.scalars(select(m.AuditEntry))]
    for step in [("revise", "Revision"), ("import", "Incident"), ("create", "Event"), ("import", "ReviewComment")]:
        assert step in actions, step
    assert sum(1 for a in actions if a == ("revise", "Revision")) == 2

    audit_csv = tmp_path / "audit.csv"
    assert cli("audit", plan, "--csv", audit_csv).returncode == 0
    assert "Otterley village hustings" in audit_csv.read_text(encoding="utf-8-sig")


@pytest.mark.slow
def test_contributions_reach_the_police_pdf_only(sample_plan_path, cli, tmp_path):
    form = tmp_path / "contributions.json"
    form.write_text(json.dumps([
        {"received": "2027-01-06 09:30", "from": "Colin Marsh", "organisation": "Ellery-Stone campaign", "kind": "request",
         "text": "Please note our candidate will arrive by the rear entrance", "event": "Churches Together hustings"},
        {"received": "06/01/2027 11:00", "from": "Ruth Penrose", "text": "Canvassing on the Hollinsby Fold estate on 16/01",
         "candidate": "Daniel Okafor"},
    ]))
    result = cli("import", sample_plan_path, "contributions", form)
    assert result.returncode == 0, result.stderr
    police, ro = tmp_path / "p.pdf", tmp_path / "r.pdf"
    assert cli("export", sample_plan_path, "-o", police).returncode == 0
    assert cli("export", sample_plan_path, "-o", ro, "--edition", "returning-officer").returncode == 0
    police_text, ro_text = pdf_text(police), pdf_text(ro)
    assert "Annex C. Contributions" in police_text
    assert "rear entrance" in police_text and "(about Churches Together hustings)" in police_text
    assert "rear entrance" not in ro_text


def test_a_bad_contribution_row_records_nothing(sample_plan_path, cli, tmp_path):
    form = tmp_path / "bad.csv"
    form.write_text("received,from,text,candidate\n2027-01-06 09:30,A,Fine,Daniel Okafor\n2027-01-06 09:31,B,Who?,Nobody Known\n")
    result = cli("import", sample_plan_path, "contributions", form)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "row 3, column candidate: no candidate called 'Nobody Known'" in result.stderr
    with open_store(sample_plan_path) as p, p.session() as s:
        assert s.scalars(select(m.Contribution)).all() == []
