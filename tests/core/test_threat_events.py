"""Events assessed with the threats that name them, their venue or their dates, and attending candidates' threats."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

from electionplan.domain.plancodec import decode_snapshot
from electionplan.domain.plandata import ThreatReportRecord
from electionplan.risk.engine import Assessor, assess_plan
from electionplan.risk.ruleset import load_ruleset
from tests.conftest import AS_AT

OLD_RULESET = Path(__file__).resolve().parents[1] / "data" / "national-default-2026.2.toml"


def _threat(snapshot, **values) -> ThreatReportRecord:
    base = dict(id=max(t.id for t in snapshot.threat_reports) + 1, candidate_id=None, reported_on=AS_AT,
                kind="Threat of violence", severity="critical", reported_to="", reference="", summary="")
    return ThreatReportRecord(**{**base, **values})


def _with(snapshot, *threats):
    return dataclasses.replace(snapshot, threat_reports=snapshot.threat_reports + threats)


def _event(assessment, name):
    return next(e for e in assessment.events if e.name == name)


def test_a_threat_naming_a_hustings_makes_it_a_flashpoint_with_its_reason_and_weight(sample_snapshot, rules):
    snapshot = decode_snapshot(sample_snapshot)
    quiet = min((e for e in assess_plan(snapshot, rules, AS_AT).events if e.kind == "hustings"),
                key=lambda e: e.score)
    assert not quiet.flashpoint
    record = next(e for e in snapshot.events if e.id == quiet.id)
    after = _event(assess_plan(_with(snapshot, _threat(snapshot, event_id=record.id, reported_on=dt.date(2026, 11, 2))),
                               rules, AS_AT), quiet.name)
    assert after.flashpoint and after.presence.option in ("dedicated", "public_order")
    assert ("A critical threat at this hustings (threat of violence) was reported on 02/11/2026 (likelihood +4)."
            in after.reasons)
    assert any(r.startswith("The critical threat it names puts those attending at risk of harm (impact +")
               for r in after.reasons)


def test_a_venue_threat_naming_a_candidate_weighs_only_where_they_attend_inside_its_dates(sample_snapshot, rules):
    snapshot = decode_snapshot(sample_snapshot)
    by_venue: dict[int, list] = {}
    for event in snapshot.events:
        by_venue.setdefault(event.venue_id, []).append(event)
    venue_id, events = max(by_venue.items(), key=lambda item: len(item[1]))
    assert len(events) >= 2
    target = events[0]
    candidate_id = next(c for c in target.candidate_ids
                        if any(c not in e.candidate_ids for e in events[1:]) or len(events) == 1)
    threat = _threat(snapshot, candidate_id=candidate_id, venue_id=venue_id, severity="medium",
                     valid_from=target.start.date(), valid_to=target.end.date(), kind="Marked report")
    result = assess_plan(_with(snapshot, threat), rules, AS_AT)
    named = {e.id for e in result.events if any("(marked report)" in r for r in e.reasons)}
    assert named == {target.id}
    reason = next(f.reason for f in _event(result, target.name).likelihood_factors if "(marked report)" in f.reason)
    assert reason.startswith("A medium threat against an attending candidate at this venue")


def test_a_dates_only_threat_weighs_on_every_event_in_its_dates_and_no_other(sample_snapshot, rules):
    snapshot = decode_snapshot(sample_snapshot)
    day = sorted({e.start.date() for e in snapshot.events})[2]
    threat = _threat(snapshot, severity="low", valid_from=day, valid_to=day, kind="Marked report")
    result = assess_plan(_with(snapshot, threat), rules, AS_AT)
    named = {e.id for e in result.events if any("(marked report)" in r for r in e.reasons)}
    assert named == {e.id for e in snapshot.events if e.start.date() <= day <= e.end.date()} != set()
    assert any("covering" in r and day.strftime("%d/%m/%Y") in r for e in result.events for r in e.reasons)


def test_an_attending_candidates_recent_serious_threat_is_a_reason_and_an_old_one_is_not(sample_snapshot, rules):
    snapshot = decode_snapshot(sample_snapshot)
    event = next(e for e in snapshot.events if e.candidate_ids and e.kind == "hustings")
    quiet = dataclasses.replace(snapshot, threat_reports=())
    recent = _threat(snapshot, candidate_id=event.candidate_ids[0], reported_on=AS_AT - dt.timedelta(days=10))
    old = dataclasses.replace(recent, reported_on=AS_AT - dt.timedelta(days=31))

    def reasons(*threats):
        return [f.reason for f in _event(assess_plan(_with(quiet, *threats), rules, AS_AT), event.name)
                .likelihood_factors if f.key == "candidate_threat"]

    assert reasons(recent) == [f"A critical threat against an attending candidate (threat of violence) was reported on "
                               f"{recent.reported_on:%d/%m/%Y}."]
    assert reasons(old) == []
    assert reasons(dataclasses.replace(recent, severity="medium")) == []


def test_an_edit_to_a_threat_report_reassesses_the_events(sample_snapshot, rules):
    snapshot = decode_snapshot(sample_snapshot)
    assessor = Assessor()
    event = snapshot.events[0]
    marked = _threat(snapshot, event_id=event.id, kind="Marked report")
    before = _event(assessor.assess(snapshot, rules, AS_AT), event.name)
    after = _event(assessor.assess(_with(snapshot, marked), rules, AS_AT), event.name)
    assert any("(marked report)" in r for r in after.reasons)
    assert not any("(marked report)" in r for r in before.reasons)


def test_an_older_ruleset_still_reads_and_assesses_without_the_new_weights(sample_snapshot):
    old = load_ruleset(OLD_RULESET)
    assert old.written_schema == 3 and old.version == "2026.2"
    assert set(old.event.attending_threat.values()) == {0}
    assert set(old.presence.candidate_floor.values()) == {"none"}
    snapshot = decode_snapshot(sample_snapshot)
    result = assess_plan(snapshot, old, AS_AT)
    assert not any(f.key == "candidate_threat" for e in result.events for f in e.likelihood_factors)
    by_level = old.presence.event_by_level
    assert all(e.presence.option == by_level[e.level] for e in result.events if not e.flashpoint)
    # The old figures: a critical report alone leaves a candidate at Medium, as it did.
    assert old.candidate.threat_severity["critical"] == 28
    # A threat naming an event is new data: it takes the national default's weights.
    event = snapshot.events[0]
    named = assess_plan(_with(snapshot, _threat(snapshot, event_id=event.id)), old, AS_AT)
    assert any(f.key == "named_threat" and f.weight == 4 for f in _event(named, event.name).likelihood_factors)


def test_the_returning_officer_reads_nothing_of_a_threat_that_names_an_event(sample_plan_path, cli):
    hustings = json.loads(cli("assess", sample_plan_path, "--json", "--as-at", "2026-11-21").stdout)["events"]
    target = min((e for e in hustings if e["kind"] == "hustings"), key=lambda e: e["score"])
    report = 1
    assert cli("edit", sample_plan_path, "threat_report", report, "--set", f"event_id={target['id']}").returncode == 0
    police = json.loads(cli("assess", sample_plan_path, "--json", "--as-at", "2026-11-21").stdout)
    ro = json.loads(cli("assess", sample_plan_path, "--json", "--as-at", "2026-11-21",
                        "--edition", "returning-officer").stdout)
    police_event = next(e for e in police["events"] if e["id"] == target["id"])
    ro_event = next(e for e in ro["events"] if e["id"] == target["id"])
    assert any("at this hustings" in r and "(likelihood +" in r for r in police_event["reasons"])
    # Outside the police an event is its public facts: the threat moves nothing the returning officer reads.
    assert ro_event["reasons"] == [] and ro_event["level"] == "" and ro_event["score"] == 0
    assert ro_event["name"] == police_event["name"] and ro_event["start"] == police_event["start"]
