"""Reasons for the detail panes, from the sample plan's real assessment."""

from __future__ import annotations

import pytest

from electionplan.services.explain import explain_candidate, explain_event, explain_station, value_of
from tests.conftest import AS_AT, assess_stored


@pytest.fixture
def assessed(sample_snapshot, rules):
    return sample_snapshot, assess_stored(sample_snapshot, rules, AS_AT)


def test_a_candidates_reasons_add_up_to_the_score_and_list_threats_newest_first(assessed):
    snapshot, assessment = assessed
    result = max(assessment.candidates, key=lambda c: len(c.factors))
    record = next(c for c in snapshot["candidates"] if c["id"] == result.id)
    threats = [t for t in snapshot["threat_reports"] if t["candidate_id"] == result.id]
    item = explain_candidate(result, record, threats)
    why, threat_section, briefing = item.sections
    assert list(why.lines) == [f.reason for f in result.factors]
    assert item.headline.startswith(f"Score {result.score:g} = ")
    assert sum(float(p) for p in item.headline.split(" = ")[1].split()) == pytest.approx(result.score)
    assert len(threat_section.lines) == len(threats) > 0
    days = [line.split(" · ")[0] for line in threat_section.lines]
    assert days == sorted(days, key=lambda d: d[6:] + d[3:5] + d[:2], reverse=True)
    assert all(len(d) == 10 and d[2] == "/" for d in days)
    assert record["party"] not in " ".join(why.lines + threat_section.lines + briefing.lines)


def test_a_candidate_with_no_briefing_says_so(assessed):
    snapshot, assessment = assessed
    record = dict(snapshot["candidates"][0], briefing_offered=None, briefing_accepted=None, police_contact="")
    result = next(c for c in assessment.candidates if c.id == record["id"])
    briefing = explain_candidate(result, record, []).sections[2]
    assert briefing.lines[:2] == ("No briefing offered yet", "No police contact named")
    assert explain_candidate(result, record, []).sections[1].lines == ()


def test_a_red_station_gives_each_reason_with_its_points(assessed):
    snapshot, assessment = assessed
    result = next(s for s in assessment.stations if s.rag == "red")
    record = next(s for s in snapshot["stations"] if s["id"] == result.id)
    item = explain_station(result, record)
    assert item.rating == "Red"
    assert [line.rsplit(" (", 1)[0] for line in item.sections[0].lines] == [f.reason for f in result.factors]
    assert all(line.endswith(")") and "(+" in line for line in item.sections[0].lines)
    assert item.sections[2].lines == (result.presence.description,)


def test_a_flashpoint_shows_likelihood_times_impact(assessed):
    _, assessment = assessed
    result = assessment.flashpoints[0]
    item = explain_event(result, "Market Square")
    assert item.headline == f"Likelihood {result.likelihood} × impact {result.impact} = {result.score} · flashpoint"
    assert result.likelihood * result.impact == result.score
    assert len(item.sections[0].lines) == len(result.likelihood_factors)
    assert len(item.sections[1].lines) == len(result.impact_factors)
    assert "Market Square" in item.subtitle


def test_records_may_be_dataclasses():
    from dataclasses import dataclass

    @dataclass
    class Record:
        concerns: str

    assert value_of(Record("x"), "concerns") == "x" and value_of({"concerns": "y"}, "concerns") == "y"
    assert value_of(Record("x"), "missing") is None
