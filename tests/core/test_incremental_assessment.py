"""Re-assessing after an edit reuses what the edit cannot change, and gives exactly a fresh assessment's result."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from electionplan.risk.engine import Assessor, assess_plan
from electionplan.risk.patrols import patrol_clusters, recommended_patrols
from electionplan.services.synthetic import synthetic_snapshot

AS_AT = dt.date(2029, 4, 20)


@pytest.fixture(scope="module")
def plan():
    return synthetic_snapshot(constituencies=30, stations=1_500, candidates=200, events=300, seed=5)


def _with_station(plan, index: int, **changes):
    stations = list(plan.stations)
    stations[index] = dataclasses.replace(stations[index], **changes)
    return dataclasses.replace(plan, stations=tuple(stations))


def _fresh(plan, rules):
    return assess_plan(plan, rules, AS_AT).to_dict()


def test_a_station_edit_reuses_candidates_and_events_and_matches_a_fresh_assessment(plan, rules):
    assessor = Assessor()
    first = assessor.assess(plan, rules, AS_AT)
    quiet = next(k for k, s in enumerate(plan.stations) if not s.intimidation_history and not (s.concerns or "").strip())
    edited = _with_station(plan, quiet, intimidation_history=True, concerns="Abuse of staff at the last poll")
    again = assessor.assess(edited, rules, AS_AT)
    assert again.to_dict() == _fresh(edited, rules)
    assert again.to_dict() != first.to_dict()  # the edit moved the station
    # Nothing the candidates or the events are worked out from changed: their results are the same objects.
    assert all(a is b for a, b in zip(first.candidates, again.candidates, strict=True))
    assert all(a is b for a, b in zip(first.events, again.events, strict=True))


def test_a_candidate_edit_is_assessed_afresh(plan, rules):
    assessor = Assessor()
    first = assessor.assess(plan, rules, AS_AT)
    candidates = list(plan.candidates)
    candidates[0] = dataclasses.replace(candidates[0], sitting_mp=not candidates[0].sitting_mp)
    edited = dataclasses.replace(plan, candidates=tuple(candidates))
    again = assessor.assess(edited, rules, AS_AT)
    assert again.to_dict() == _fresh(edited, rules)
    assert not any(a is b for a, b in zip(first.candidates, again.candidates, strict=True))


def test_moving_a_station_where_an_incident_happened_reassesses_the_events_near_it(plan, rules):
    at_station = next((i for i in plan.incidents if i.station_id is not None and i.easting is None), None)
    if at_station is None:
        pytest.skip("the synthetic plan recorded no incident at a station without its own point")
    assessor = Assessor()
    first = assessor.assess(plan, rules, AS_AT)
    index = next(k for k, s in enumerate(plan.stations) if s.id == at_station.station_id)
    venue = next(v for v in plan.venues if v.easting is not None)
    moved = _with_station(plan, index, easting=venue.easting, northing=venue.northing)
    again = assessor.assess(moved, rules, AS_AT)
    assert again.to_dict() == _fresh(moved, rules)
    assert not all(a is b for a, b in zip(first.events, again.events, strict=True))


def test_another_ruleset_or_day_is_never_answered_from_the_last(plan, rules):
    assessor = Assessor()
    assessor.assess(plan, rules, AS_AT)
    later = AS_AT + dt.timedelta(days=400)  # threat reports have aged: candidates' scores fall
    assert assessor.assess(plan, rules, later).to_dict() == assess_plan(plan, rules, later).to_dict()


def test_the_demand_counts_the_same_recommended_patrols_the_deployment_builds(plan, rules):
    assessment = assess_plan(plan, rules, AS_AT)
    clusters = patrol_clusters(plan.stations, assessment.stations, rules)
    assert clusters and any(c.recommended for c in clusters) and not all(c.recommended for c in clusters)
    assert recommended_patrols(plan.stations, assessment.stations, rules) == sum(c.recommended for c in clusters)
