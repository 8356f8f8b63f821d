"""Threat reports name what they threaten: a candidate, an event, a venue, the dates it covers."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from electionplan.db import models as m
from electionplan.db.opening import open_store
from electionplan.db.planfile import open_plan_file
from electionplan.db.snapshot import load_snapshot
from electionplan.domain.errors import ValidationError
from electionplan.domain.plancodec import decode_snapshot, encode_snapshot
from electionplan.services.editing import create_record

OLD_PLAN = Path(__file__).resolve().parents[1] / "data" / "plan_schema_0001.eplan"


def _snapshot(location):
    with open_store(location) as plan, plan.session() as session:
        return load_snapshot(session)


def test_edit_names_an_event_and_dates_and_the_audit_keeps_no_value(sample_plan_path, cli):
    before = _snapshot(sample_plan_path)
    hustings = next(e for e in before.events if e.kind == "hustings")
    report = before.threat_reports[0]
    result = cli("edit", sample_plan_path, "threat_report", report.id, "--set", f"event_id={hustings.id}",
                 "--set", "valid_from=01/11/2026", "--set", "valid_to=2026-12-20")
    assert result.returncode == 0, result.stderr
    after = next(t for t in _snapshot(sample_plan_path).threat_reports if t.id == report.id)
    assert (after.event_id, str(after.valid_from), str(after.valid_to)) == (hustings.id, "2026-11-01", "2026-12-20")
    assert after.candidate_id == report.candidate_id
    audit = cli("audit", sample_plan_path, "--last", "3").stdout
    # A shared store adds the login and time its server stamped; the field and its value come before it.
    cells = [[c for c in line.split("  ") if not c.startswith("[server:")] for line in audit.splitlines()]
    lines = {row[-2]: row[-1] for row in cells}
    assert lines == {"event_id": "(restricted)", "valid_from": "(restricted)", "valid_to": "(restricted)"}


def test_a_report_may_name_only_an_event_but_not_nothing(sample_plan_path, cli):
    report = _snapshot(sample_plan_path).threat_reports[0]
    dropped = cli("edit", sample_plan_path, "threat_report", report.id, "--set", "candidate_id=")
    assert dropped.returncode == 1 and "Say what the threat is against" in dropped.stderr
    assert len(dropped.stderr.strip().splitlines()) == 1
    venue = _snapshot(sample_plan_path).venues[0]
    moved = cli("edit", sample_plan_path, "threat_report", report.id, "--set", f"venue_id={venue.id}",
                "--set", "candidate_id=")
    assert moved.returncode == 0, moved.stderr
    after = next(t for t in _snapshot(sample_plan_path).threat_reports if t.id == report.id)
    assert after.candidate_id is None and after.venue_id == venue.id


def test_targets_that_do_not_exist_or_dates_backwards_are_refused_in_one_line(sample_plan_path, cli):
    report = _snapshot(sample_plan_path).threat_reports[0]
    missing = cli("edit", sample_plan_path, "threat_report", report.id, "--set", "event_id=99999")
    assert missing.returncode == 1 and "There is no event 99999" in missing.stderr
    backwards = cli("edit", sample_plan_path, "threat_report", report.id,
                    "--set", "valid_from=2026-12-05", "--set", "valid_to=2026-11-01")
    assert backwards.returncode == 1
    assert "cannot end (01/11/2026) before it starts (05/12/2026)" in backwards.stderr
    assert next(t for t in _snapshot(sample_plan_path).threat_reports if t.id == report.id) == report


def test_an_event_only_report_is_created_and_the_event_deleted_keeps_the_report(sample_plan_path):
    snap = _snapshot(sample_plan_path)
    event = snap.events[0]
    with open_store(sample_plan_path) as plan:
        new_id = create_record(plan, m.ThreatReport, {
            "event_id": event.id, "reported_on": snap.election.polling_day.replace(day=1),
            "kind": "Threatening letter", "severity": "critical"})
        with pytest.raises(ValidationError):
            create_record(plan, m.ThreatReport, {"reported_on": snap.election.polling_day, "kind": "Call",
                                                 "severity": "low"})
        with plan.session() as session:
            session.delete(session.get(m.Event, event.id))
    kept = next(t for t in _snapshot(sample_plan_path).threat_reports if t.id == new_id)
    assert kept.event_id is None and kept.severity == "critical"


def test_old_revisions_keep_their_hash_and_new_targets_round_trip(sample_snapshot):
    from electionplan.domain.canonical import canonical_json

    old = canonical_json(sample_snapshot)
    assert "event_id" not in sample_snapshot["threat_reports"][0]
    assert canonical_json(encode_snapshot(decode_snapshot(sample_snapshot))) == old
    sample_snapshot["threat_reports"][0].update(event_id=3, valid_from="2026-11-01")
    decoded = decode_snapshot(sample_snapshot)
    assert decoded.threat_reports[0].event_id == 3 and str(decoded.threat_reports[0].valid_from) == "2026-11-01"
    assert encode_snapshot(decoded)["threat_reports"][0]["valid_from"] == "2026-11-01"


@pytest.mark.file_store
def test_a_plan_from_the_first_schema_upgrades_with_its_reports_against_their_candidates(tmp_path):
    old = tmp_path / "old.eplan"
    shutil.copyfile(OLD_PLAN, old)
    with sqlite3.connect(old) as conn:
        stored = conn.execute("SELECT id, candidate_id FROM threat_report ORDER BY id").fetchall()
    assert stored
    with open_plan_file(old) as plan, plan.session() as session:
        reports = load_snapshot(session).threat_reports
    assert [(t.id, t.candidate_id) for t in reports] == stored
    assert all(t.event_id is None and t.venue_id is None and t.valid_from is None for t in reports)
