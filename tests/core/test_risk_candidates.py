"""Candidate risk profiles: each factor moves the score, and party never does."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from electionplan.domain.plancodec import decode_record
from electionplan.domain.plandata import CandidateRecord, IncidentRecord, ThreatReportRecord
from electionplan.risk.candidates import assess_candidate
from electionplan.services.synthetic import synthetic_snapshot_data
from tests.conftest import AS_AT, assess_stored

BLANK = {
    "id": 1, "name": "Test Candidate", "party": "Any", "constituency_id": 1, "sitting_mp": False,
    "former_mp": False, "prominence": 0, "intelligence_notes": "", "concerns_raised": "",
    "protective_measures": [],
}


def score(rules, threats=(), incidents=(), **over):
    return assess_candidate(
        decode_record(CandidateRecord, {**BLANK, **over}),
        [decode_record(ThreatReportRecord, t) for t in threats],
        [decode_record(IncidentRecord, i) for i in incidents],
        rules,
        AS_AT,
    )


def threat(days_ago: int, severity: str = "high"):
    return {"reported_on": (AS_AT - dt.timedelta(days=days_ago)).isoformat(), "severity": severity, "kind": "Letter"}


def test_blank_candidate_is_low_with_no_factors(rules):
    result = score(rules)
    assert result.score == 0 and result.level == "low"
    assert result.reasons == ["No risk factors recorded."]


@pytest.mark.parametrize(
    "change, factor",
    [
        ({"sitting_mp": True}, "sitting_mp"),
        ({"former_mp": True}, "former_mp"),
        ({"prominence": 3}, "prominence"),
        ({"intelligence_notes": "Fixated individual"}, "intelligence"),
        ({"concerns_raised": "Worried about canvassing"}, "concerns"),
    ],
)
def test_each_profile_factor_raises_the_score_and_is_listed(rules, change, factor):
    off, on = score(rules), score(rules, **change)
    assert on.score > off.score
    assert factor in [f.key for f in on.factors]
    assert factor not in [f.key for f in off.factors]


def test_sitting_mp_outweighs_former_mp(rules):
    assert score(rules, sitting_mp=True).score > score(rules, former_mp=True).score


def test_threats_weigh_by_severity_and_recency(rules):
    assert score(rules, [threat(10, "critical")]).score > score(rules, [threat(10, "low")]).score
    assert score(rules, [threat(10)]).score > score(rules, [threat(400)]).score
    assert score(rules, [threat(10), threat(20)]).score > score(rules, [threat(10)]).score


def test_protective_measures_reduce_the_score_but_never_below_zero(rules):
    risky = dict(former_mp=True, prominence=2)
    assert score(rules, protective_measures=["Alarm"], **risky).score < score(rules, **risky).score
    assert score(rules, protective_measures=["Alarm", "Survey", "CCTV"]).score == 0


def test_recent_incident_raises_candidate_for_the_window_only(rules):
    window = rules.event.incident_window_days
    recent = {"occurred_at": (dt.datetime.combine(AS_AT, dt.time(9)) - dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")}
    old = {"occurred_at": (dt.datetime.combine(AS_AT, dt.time(9)) - dt.timedelta(days=window + 5)).strftime("%Y-%m-%dT%H:%M")}
    assert score(rules, incidents=[recent]).score > score(rules).score
    assert score(rules, incidents=[old]).score == score(rules).score


def test_sample_former_mp_outranks_first_time_candidate(sample_snapshot, rules):
    result = assess_stored(sample_snapshot, rules, AS_AT)
    by_name = {c.name: c for c in result.candidates}
    order = ["low", "medium", "high", "very_high"]
    assert order.index(by_name["Margaret Ellery-Stone"].level) > order.index(by_name["Priya Ramanathan"].level)
    assert by_name["Priya Ramanathan"].level == "low"


def _permuted_parties(snapshot, seed):
    parties = [c["party"] for c in snapshot["candidates"]]
    random.Random(seed).shuffle(parties)
    for candidate, party in zip(snapshot["candidates"], parties, strict=False):
        candidate["party"] = party
    return snapshot


@pytest.mark.parametrize("seed", range(5))
def test_permuting_parties_changes_nothing_on_the_sample(sample_snapshot_template, rules, seed):
    import copy

    before = assess_stored(copy.deepcopy(sample_snapshot_template), rules, AS_AT).to_dict()
    after = assess_stored(_permuted_parties(copy.deepcopy(sample_snapshot_template), seed), rules, AS_AT).to_dict()
    assert after == before


@pytest.mark.parametrize("seed", range(3))
def test_permuting_and_renaming_parties_changes_nothing_on_random_plans(rules, seed):
    snapshot = synthetic_snapshot_data(constituencies=12, stations=300, candidates=80, events=60, seed=seed, with_boundaries=False)
    before = assess_stored(snapshot, rules, dt.date(2029, 4, 1)).to_dict()
    assert any(c["level"] != "low" for c in before["candidates"])  # the check is not vacuous
    permuted = _permuted_parties(snapshot, seed + 100)
    assert assess_stored(permuted, rules, dt.date(2029, 4, 1)).to_dict() == before
    for candidate in snapshot["candidates"]:
        candidate["party"] = "Renamed " + candidate["party"][::-1]
    assert assess_stored(snapshot, rules, dt.date(2029, 4, 1)).to_dict() == before


def test_party_is_not_in_the_engine_profile():
    from electionplan.risk.candidates import PROFILE_FIELDS

    assert "party" not in PROFILE_FIELDS
