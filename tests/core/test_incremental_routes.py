"""Routing, like the cut, is remembered by exactly the problem the solver is given: an unchanged plan routes
nothing again, an edit routes again only the groups it changed, and the routes are the very ones a fresh
routing gives, on Trafford's real polling stations and on a synthetic plan of twenty constituencies."""

from __future__ import annotations

import dataclasses

from electionplan.risk import group_cuts, patrols, routes
from electionplan.risk.engine import assess_plan
from electionplan.risk.ruleset import default_ruleset_path, parse_ruleset
from electionplan.services.synthetic import synthetic_snapshot


def routed(snapshot, rules):
    return patrols._routed(snapshot.stations, assess_plan(snapshot, rules).stations, rules)


def fresh(snapshot, rules):
    """The routes as a new process gives them, nothing remembered."""
    group_cuts.forget_cuts()
    return routed(snapshot, rules)


def solves(monkeypatch) -> list[int]:
    """How many stations each problem handed to the solver holds."""
    calls: list[int] = []
    real = routes.solve_routes

    def counted(points, *args):
        calls.append(len(points))
        return real(points, *args)

    monkeypatch.setattr(routes, "solve_routes", counted)
    return calls


def moved(snapshot, station_id: int, east_m: float):
    stations = tuple(dataclasses.replace(s, easting=s.easting + east_m) if s.id == station_id else s
                     for s in snapshot.stations)
    return dataclasses.replace(snapshot, stations=stations)


def check_an_edit(snapshot, rules, monkeypatch, east_m: float) -> None:
    first = fresh(snapshot, rules)
    assert first and any(len(p.station_ids) > 2 for p in first)
    calls = solves(monkeypatch)
    assert routed(snapshot, rules) == first and calls == []  # nothing changed: nothing routed again
    # A station in the middle of a routed patrol is moved, as an edit in the app moves it.
    patrol = next(p for p in first[len(first) // 2:] + first if len(p.station_ids) > 2)
    after = moved(snapshot, patrol.station_ids[1], east_m)
    incremental = routed(after, rules)
    problems = len(calls)
    assert 1 <= problems <= 2, calls  # its own group's problem (or the two it left and joined)
    assert sum(calls) < len(snapshot.stations) / 2
    monkeypatch.undo()
    assert incremental == fresh(after, rules)  # the very routes a fresh routing gives
    assert incremental != first


def test_an_edit_on_a_synthetic_plan_routes_its_group_alone_and_routes_as_afresh(rules, monkeypatch):
    snapshot = synthetic_snapshot(constituencies=20, stations=600, candidates=40, events=40, seed=3)
    check_an_edit(snapshot, rules, monkeypatch, 600.0)


def test_an_edit_on_traffords_real_stations_routes_its_group_alone_and_routes_as_afresh(trafford, rules,
                                                                                        monkeypatch):
    check_an_edit(trafford, rules, monkeypatch, 400.0)


def test_a_changed_ruleset_routes_every_group_again(rules, monkeypatch):
    """The route rules are part of what is remembered: a slower patrol car is routed afresh everywhere."""
    snapshot = synthetic_snapshot(constituencies=4, stations=300, candidates=8, events=8, seed=5)
    fresh(snapshot, rules)
    text = default_ruleset_path().read_text(encoding="utf-8")
    assert "visit_minutes = 10," in text
    slower = parse_ruleset(text.replace("visit_minutes = 10,", "visit_minutes = 15,"))
    calls = solves(monkeypatch)
    again = routed(snapshot, slower)
    assert len(calls) >= 4
    monkeypatch.undo()
    assert again == fresh(snapshot, slower)
