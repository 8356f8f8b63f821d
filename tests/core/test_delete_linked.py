"""`delete` of a record others name says what goes with it and what would no longer name it, and does it only when
asked, each change audited; the plan's only SPOC is never deleted."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from electionplan.db import models as m
from electionplan.db.planfile import open_plan_file
from tests.conftest import plan_fingerprint


def _count(plan_path, statement) -> int:
    with open_plan_file(plan_path) as plan, plan.session() as session:
        return session.scalar(statement)


def _candidate_with_threats(plan_path) -> tuple[int, str, int, int]:
    with open_plan_file(plan_path) as plan, plan.session() as session:
        candidate_id, threats = session.execute(
            select(m.ThreatReport.candidate_id, func.count()).where(m.ThreatReport.candidate_id.is_not(None))
            .group_by(m.ThreatReport.candidate_id).order_by(func.count().desc())).first()
        candidate = session.get(m.Candidate, candidate_id)
        return candidate_id, candidate.name, threats, len(candidate.events)


@pytest.mark.file_store
def test_a_candidate_with_threat_reports_is_deleted_only_when_told_what_goes_with_it(sample_plan_path, cli):
    candidate_id, name, threats, events = _candidate_with_threats(sample_plan_path)
    assert threats >= 2 and events >= 1
    before = plan_fingerprint(sample_plan_path)

    refused = cli("delete", sample_plan_path, "candidate", candidate_id)
    lines = refused.stderr.strip().splitlines()
    assert refused.returncode == 1 and len(lines) == 1
    assert f"The candidate {candidate_id} ('{name}') is named by other records: {threats} threat reports would be " \
           f"deleted with it, and {events} events" in lines[0]
    assert lines[0].endswith("Nothing was deleted; give --with-linked to delete it so.")
    assert plan_fingerprint(sample_plan_path) == before

    done = cli("delete", sample_plan_path, "candidate", candidate_id, "--with-linked")
    assert done.returncode == 0, done.stderr
    assert f"With it: {threats} threat reports deleted with it, and {events} events" in done.stdout
    assert _count(sample_plan_path, select(func.count()).select_from(m.ThreatReport)
                  .where(m.ThreatReport.candidate_id == candidate_id)) == 0
    audit = cli("audit", sample_plan_path, "--last", "40").stdout
    assert audit.count("delete  ThreatReport") == threats  # each report the candidate took with it is audited
    assert f"delete  Candidate  {candidate_id}" in audit
    assert audit.count("update  Event") >= events


@pytest.mark.file_store
def test_a_count_venue_names_the_events_it_would_leave_without_a_venue(sample_plan_path, cli):
    rvp = cli("order", sample_plan_path, "--count-rvp",
              "Wyvernbridge Leisure Centre=Fire station yard; Kestrel Quarry Road; SJ 8790 1890")
    assert rvp.returncode == 0
    with open_plan_file(sample_plan_path) as plan, plan.session() as session:
        venue_id = session.scalar(select(m.Venue.id).where(m.Venue.name == "Wyvernbridge Leisure Centre"))
        at_venue = session.scalar(select(func.count()).select_from(m.Event).where(m.Event.venue_id == venue_id))
    refused = cli("delete", sample_plan_path, "venue", venue_id)
    assert refused.returncode == 1
    assert f"1 count RVP would be deleted with it, and {at_venue} events would no longer name it." in refused.stderr
    assert cli("delete", sample_plan_path, "venue", venue_id, "--with-linked").returncode == 0
    assert _count(sample_plan_path, select(func.count()).select_from(m.Event).where(m.Event.venue_id == venue_id)) == 0


@pytest.mark.file_store
def test_a_record_nothing_names_is_deleted_as_before(sample_plan_path, cli):
    added = cli("add", sample_plan_path, "venue", "--set", "name=Drill hall")
    venue_id = int(added.stdout.split()[2].rstrip(":"))
    deleted = cli("delete", sample_plan_path, "venue", venue_id)
    assert deleted.returncode == 0 and "With it" not in deleted.stdout


@pytest.mark.file_store
def test_the_plans_only_spoc_is_not_deleted_even_with_its_links(sample_plan_path, cli):
    with open_plan_file(sample_plan_path) as plan, plan.session() as session:
        spocs = list(session.scalars(select(m.Contact.id).where(m.Contact.role == "spoc")))
    assert len(spocs) == 1
    before = plan_fingerprint(sample_plan_path)
    refused = cli("delete", sample_plan_path, "contact", spocs[0], "--with-linked")
    assert refused.returncode == 1 and len(refused.stderr.strip().splitlines()) == 1
    assert "is the plan's only SPOC: add the SPOC who takes over first" in refused.stderr
    assert plan_fingerprint(sample_plan_path) == before
    demoted = cli("edit", sample_plan_path, "contact", spocs[0], "--set", "role=press")  # nor edited out of the role
    assert demoted.returncode == 1 and "is the plan's only SPOC: add the SPOC who takes over first" in demoted.stderr
    assert plan_fingerprint(sample_plan_path) == before
    assert cli("add", sample_plan_path, "contact", "--set", "role=spoc", "--set", "name=Insp K Osei").returncode == 0
    assert cli("delete", sample_plan_path, "contact", spocs[0]).returncode == 0  # handed over, the old one goes


@pytest.mark.file_store
def test_a_venue_a_threat_report_names_alone_is_not_deleted_from_under_it(sample_plan_path, cli):
    added = cli("add", sample_plan_path, "venue", "--set", "name=Drill hall")
    venue_id = int(added.stdout.split()[2].rstrip(":"))
    report = cli("add", sample_plan_path, "threat_report", "--set", f"venue_id={venue_id}", "--set", "severity=high",
                 "--set", "kind=Arson threat", "--set", "reported_on=01/12/2026", "--set", "summary=Letter")
    assert report.returncode == 0, report.stderr
    report_id = int(report.stdout.split()[2].rstrip(":"))
    before = plan_fingerprint(sample_plan_path)
    refused = cli("delete", sample_plan_path, "venue", venue_id, "--with-linked")
    assert refused.returncode == 1 and len(refused.stderr.strip().splitlines()) == 1
    assert f"Threat report {report_id} names only the venue {venue_id} ('Drill hall'), so it would then name " \
           "nothing and weigh on nothing" in refused.stderr
    assert plan_fingerprint(sample_plan_path) == before
    assert cli("edit", sample_plan_path, "threat_report", report_id, "--set", "valid_from=01/12/2026").returncode == 0
    assert cli("delete", sample_plan_path, "venue", venue_id, "--with-linked").returncode == 0  # now it names dates
