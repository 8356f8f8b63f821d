"""The service layer validates, audits and refuses stale writes."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from electionplan.db import models as m
from electionplan.db.records import create_record, delete_record, restore_record, update_record
from electionplan.domain.errors import ConflictError, ValidationError


def _event(**over):
    values = {
        "name": "Extra hustings",
        "kind": "hustings",
        "start": dt.datetime(2027, 1, 13, 19, 0),
        "end": dt.datetime(2027, 1, 13, 21, 0),
        "expected_attendance": 100,
    }
    values.update(over)
    return values


def test_event_outside_election_period_is_refused(sample_plan):
    with pytest.raises(ValidationError, match="outside the election period") as info:
        create_record(sample_plan, m.Event, _event(start=dt.datetime(2028, 1, 1, 19), end=dt.datetime(2028, 1, 1, 21)))
    assert info.value.field == "start"
    assert "01/01/2028" in str(info.value)


def test_event_end_before_start_is_refused(sample_plan):
    with pytest.raises(ValidationError, match="end must be after"):
        create_record(sample_plan, m.Event, _event(end=dt.datetime(2027, 1, 13, 18, 0)))


def test_station_outside_uk_and_missing_name_are_refused(sample_plan):
    with pytest.raises(ValidationError, match="outside the United Kingdom"):
        create_record(sample_plan, m.PollingStation, {"name": "X", "easting": 900_000.0, "northing": 100.0})
    with pytest.raises(ValidationError, match="name is required") as info:
        create_record(sample_plan, m.PollingStation, {"name": "  "})
    assert info.value.field == "name"
    with pytest.raises(ValidationError, match="postcode"):
        create_record(sample_plan, m.PollingStation, {"name": "X", "postcode": "NOT A CODE"})


def test_edits_are_audited_field_by_field_and_restricted_values_withheld(sample_plan):
    with sample_plan.session() as s:
        cand = s.scalars(select(m.Candidate).where(m.Candidate.name == "Priya Ramanathan")).one()
    update_record(sample_plan, m.Candidate, cand.id, {"prominence": 2, "home_address": "1 Secret Lane, AW9 9ZZ"})
    with sample_plan.session() as s:
        entries = s.scalars(select(m.AuditEntry).where(m.AuditEntry.entity_id == cand.id, m.AuditEntry.action == "update")).all()
        by_field = {e.field: e for e in entries}
    assert by_field["prominence"].old == "0" and by_field["prominence"].new == "2"
    assert by_field["home_address"].new == "(restricted)"
    assert "Secret" not in by_field["home_address"].old + by_field["home_address"].new


def test_stale_version_is_a_conflict_and_nothing_changes(sample_plan):
    with sample_plan.session() as s:
        station = s.scalars(select(m.PollingStation)).first()
        seen_version = station.version_id
    update_record(sample_plan, m.PollingStation, station.id, {"notes": "first writer"}, expected_version=seen_version)
    with pytest.raises(ConflictError, match="changed by someone else"):
        update_record(sample_plan, m.PollingStation, station.id, {"notes": "second writer"}, expected_version=seen_version)
    with sample_plan.session() as s:
        assert s.get(m.PollingStation, station.id).notes == "first writer"


def test_delete_and_restore_keep_links(sample_plan):
    with sample_plan.session() as s:
        event = s.scalars(select(m.Event).where(m.Event.kind == "count")).one()
        event_id, attendees = event.id, sorted(c.id for c in event.candidates)
    values = delete_record(sample_plan, m.Event, event_id)
    with sample_plan.session() as s:
        assert s.get(m.Event, event_id) is None
    restore_record(sample_plan, m.Event, event_id, values)
    with sample_plan.session() as s:
        restored = s.get(m.Event, event_id)
        assert sorted(c.id for c in restored.candidates) == attendees
        assert restored.kind == "count"


@pytest.mark.parametrize(
    "kind, record, change, message",
    [
        ("threat_report", "1", "candidate_id=9999", "There is no candidate 9999 in this plan."),
        ("threat_report", "1", "reported_on=2099-01-01", "Date reported cannot be after the election period closes"),
        ("station", "99999", "name=Nowhere", "There is no polling station 99999 in this plan"),
    ],
)
def test_an_edit_naming_what_is_not_there_is_one_clear_line(sample_plan_path, cli, kind, record, change, message):
    from tests.conftest import plan_fingerprint

    before = plan_fingerprint(sample_plan_path)
    result = cli("edit", sample_plan_path, kind, record, "--set", change)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr
    assert "unexpected" not in result.stderr and "no longer exists" not in result.stderr
    assert plan_fingerprint(sample_plan_path) == before
