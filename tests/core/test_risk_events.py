"""Event scores: each likelihood and impact factor, flashpoints and presence."""

from __future__ import annotations

import copy

import pytest

from tests.conftest import AS_AT, assess_stored


def event_named(snapshot, name):
    return next(e for e in snapshot["events"] if e["name"] == name)


def result_named(assessment, name):
    return next(e for e in assessment.events if e.name == name)


def quiet(snapshot, name="Hollinsby Farmers' Union hustings"):
    """Strip an event down so a single factor can be switched on."""
    event = event_named(snapshot, name)
    event.update(candidate_ids=[], topics=[], ticketed=True, outdoor=False, expected_attendance=40,
                 start="2027-01-18T14:00", end="2027-01-18T16:00", notice_received="2026-12-20T16:20")
    return event


def factor_keys(snapshot, rules, name="Hollinsby Farmers' Union hustings"):
    result = result_named(assess_stored(snapshot, rules, AS_AT), name)
    return {f.key for f in result.likelihood_factors + result.impact_factors}, result


def test_hustings_near_the_demonstration_is_a_flashpoint_naming_it(sample_snapshot, rules):
    result = result_named(assess_stored(sample_snapshot, rules, AS_AT), "Caldermoor barracks site hustings")
    assert result.flashpoint
    assert any("demonstration" in reason.lower() and "m away" in reason for reason in result.reasons)


def test_score_is_likelihood_times_impact_within_1_to_25(sample_snapshot, rules):
    for event in assess_stored(sample_snapshot, rules, AS_AT).events:
        assert 1 <= event.likelihood <= 5 and 1 <= event.impact <= 5
        assert event.score == event.likelihood * event.impact
        assert event.reasons


@pytest.mark.parametrize(
    "switch, key",
    [
        (lambda e, s: e.update(candidate_ids=[c["id"] for c in s["candidates"] if c["former_mp"]]), "candidates"),
        (lambda e, s: e.update(topics=["Plans for asylum accommodation"]), "contentious_topic"),
        (lambda e, s: e.update(ticketed=False), "public_unticketed"),
        (lambda e, s: e.update(outdoor=True), "outdoor"),
        (lambda e, s: e.update(start="2027-01-18T19:30", end="2027-01-18T22:00"), "late_evening"),
        (lambda e, s: e.update(notice_received="2027-01-17T09:00"), "short_notice"),
        (lambda e, s: s["incidents"].append({
            "id": 99, "occurred_at": "2026-06-01T20:00", "kind": "Public disorder", "severity": "medium",
            "status": "closed", "event_id": None, "station_id": None, "venue_id": e["venue_id"],
            "candidate_id": None, "easting": None, "northing": None, "reference": "", "description": ""}),
         "earlier_incident"),
        (lambda e, s: s["incidents"].append({
            "id": 99, "occurred_at": "2027-01-10T20:00", "kind": "Assault", "severity": "high",
            "status": "open", "event_id": None, "station_id": None, "venue_id": e["venue_id"],
            "candidate_id": None, "easting": None, "northing": None, "reference": "", "description": ""}),
         "recent_incident"),
    ],
)
def test_each_likelihood_factor_switches_on_and_off(sample_snapshot, rules, switch, key):
    quiet(sample_snapshot)
    off_keys, off = factor_keys(sample_snapshot, rules)
    assert key not in off_keys
    on_snapshot = copy.deepcopy(sample_snapshot)
    switch(event_named(on_snapshot, "Hollinsby Farmers' Union hustings"), on_snapshot)
    on_keys, on = factor_keys(on_snapshot, rules)
    assert key in on_keys
    assert on.score >= off.score
    assert sum(f.weight for f in on.likelihood_factors) > sum(f.weight for f in off.likelihood_factors)


def test_protest_counts_only_when_near_and_overlapping(sample_snapshot, rules):
    event = quiet(sample_snapshot)
    protest = event_named(sample_snapshot, "Demonstration against asylum accommodation plans")
    hall = next(v for v in sample_snapshot["venues"] if v["id"] == event["venue_id"])
    protest_venue = next(v for v in sample_snapshot["venues"] if v["id"] == protest["venue_id"])
    protest_venue.update(easting=hall["easting"] + 150, northing=hall["northing"])
    protest.update(start=event["start"], end=event["end"])
    keys, _ = factor_keys(sample_snapshot, rules)
    assert "protest_nearby" in keys
    protest.update(start="2027-01-18T09:00", end="2027-01-18T11:00")  # earlier the same day
    keys, _ = factor_keys(sample_snapshot, rules)
    assert "protest_nearby" not in keys
    protest.update(start=event["start"], end=event["end"])
    protest_venue.update(easting=hall["easting"] + 5_000)
    keys, _ = factor_keys(sample_snapshot, rules)
    assert "protest_nearby" not in keys


def test_impact_rises_with_attendance_high_risk_candidates_and_media(sample_snapshot, rules):
    event = quiet(sample_snapshot)
    _, small = factor_keys(sample_snapshot, rules)
    event["expected_attendance"] = 900
    _, big = factor_keys(sample_snapshot, rules)
    assert big.impact > small.impact
    event["candidate_ids"] = [c["id"] for c in sample_snapshot["candidates"]][:3]
    keys, crowded = factor_keys(sample_snapshot, rules)
    assert "high_risk_candidates" in keys
    event["kind"] = "count"
    keys, count = factor_keys(sample_snapshot, rules)
    assert "media_profile" in keys and count.impact >= crowded.impact


def test_presence_follows_level_and_scales_with_attendance(sample_snapshot, rules):
    result = assess_stored(sample_snapshot, rules, AS_AT)
    for event in result.events:
        assert event.presence is not None
        if event.flashpoint:
            assert event.presence.option in ("dedicated", "public_order")
            assert event.presence.officers > 0
    protest = result_named(result, "Demonstration against asylum accommodation plans")
    assert protest.presence.option == "public_order"
    count = result_named(result, "Verification and count")
    event_named(sample_snapshot, "Verification and count")["expected_attendance"] = 1500
    bigger = result_named(assess_stored(sample_snapshot, rules, AS_AT), "Verification and count")
    assert bigger.presence.officers > count.presence.officers


def test_order_is_deterministic(sample_snapshot, rules):
    first = assess_stored(sample_snapshot, rules, AS_AT).to_dict()
    shuffled = copy.deepcopy(sample_snapshot)
    shuffled["events"].reverse()
    shuffled["stations"].reverse()
    shuffled["candidates"].reverse()
    assert assess_stored(shuffled, rules, AS_AT).to_dict() == first
