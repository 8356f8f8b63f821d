"""An edit re-cuts only the patrol groups whose stations changed, and the cut is the very one a fresh cut gives:
on Trafford's real polling stations and on a synthetic plan of twenty constituencies."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from electionplan.risk import group_cuts, patrols
from electionplan.risk.engine import assess_plan
from electionplan.risk.routes import split_at_limits
from electionplan.services.synthetic import synthetic_snapshot


def whole_cut(snapshot, rules, monkeypatch):
    """The cut as it was made before groups were remembered: every cluster of every group, at once."""
    with monkeypatch.context() as m:
        m.setattr(patrols, "split_groups_at_limits",
                  lambda _ids, points, visits, _groups, boundaries, rr, _key: split_at_limits(points, visits,
                                                                                              boundaries, rr))
        return patrols._cut_afresh(snapshot.stations, assess_plan(snapshot, rules).stations, rules)


def same(a, b) -> None:
    for name in ("ids", "seats", "rag_index", "patrol", "visits", "boundaries", "groups"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert np.array_equal(a.points, b.points, equal_nan=True)
    assert [s.id for s in a.kept] == [s.id for s in b.kept]


def edited(snapshot, station_id: int, east_m: float, **changes):
    """The plan with one station moved and changed, as an edit in the app leaves it."""
    stations = tuple(dataclasses.replace(s, easting=s.easting + east_m, **changes) if s.id == station_id else s
                     for s in snapshot.stations)
    return dataclasses.replace(snapshot, stations=stations)


def recut_rows(monkeypatch) -> list[int]:
    """How many stations each fresh cut of groups covers."""
    calls: list[int] = []
    real = group_cuts.split_at_limits

    def counted(points, visits, boundaries, rr):
        calls.append(len(points))
        return real(points, visits, boundaries, rr)

    monkeypatch.setattr(group_cuts, "split_at_limits", counted)
    return calls


def check_an_edit(snapshot, rules, monkeypatch, station_id: int, east_m: float, **changes) -> None:
    group_cuts.forget_cuts()
    first = patrols._cut_afresh(snapshot.stations, assess_plan(snapshot, rules).stations, rules)
    same(first, whole_cut(snapshot, rules, monkeypatch))  # a cold cut is the whole cut
    calls = recut_rows(monkeypatch)
    again = patrols._cut_afresh(snapshot.stations, assess_plan(snapshot, rules).stations, rules)
    assert calls == [] and again is not first
    same(again, first)  # nothing changed: every group's cut is the one remembered
    after = edited(snapshot, station_id, east_m, **changes)
    incremental = patrols._cut_afresh(after.stations, assess_plan(after, rules).stations, rules)
    fresh = whole_cut(after, rules, monkeypatch)
    same(incremental, fresh)
    # Only the edited station's group (or, where its patrol changed, the two it left and joined) was cut again.
    changed = {int(g) for cut in (first, incremental) for g in cut.groups[cut.ids == station_id]}
    assert calls == [sum(int((incremental.groups == g).sum()) for g in changed)]
    assert calls[0] < len(incremental.ids) / 2
    assert not np.array_equal(first.points, incremental.points, equal_nan=True)


def test_an_edit_on_a_synthetic_plan_recuts_its_group_alone_and_cuts_as_afresh(rules, monkeypatch):
    snapshot = synthetic_snapshot(constituencies=20, stations=1_500, candidates=40, events=40, seed=3)
    cut = patrols._cut_afresh(snapshot.stations, assess_plan(snapshot, rules).stations, rules)
    assert len(set(cut.groups.tolist())) >= 20
    station = int(cut.ids[len(cut.ids) // 2])  # a patrolled station in the middle of the plan
    check_an_edit(snapshot, rules, monkeypatch, station, 4_000.0, intimidation_history=True)
    check_an_edit(snapshot, rules, monkeypatch, station, -25_000.0)


def test_an_edit_on_traffords_real_stations_recuts_its_group_alone_and_cuts_as_afresh(trafford, rules,  # noqa: F811
                                                                                       monkeypatch):
    cut = patrols._cut_afresh(trafford.stations, assess_plan(trafford, rules).stations, rules)
    station = int(cut.ids[-1])
    check_an_edit(trafford, rules, monkeypatch, station, 1_500.0, intimidation_history=True)


def test_a_changed_group_is_cut_again_and_gives_the_changed_cut(rules, monkeypatch):
    """A station moved far enough that its group's clusters must change: the remembered cut is not reused."""
    snapshot = synthetic_snapshot(constituencies=4, stations=300, candidates=8, events=8, seed=5)
    group_cuts.forget_cuts()
    before = patrols._cut_afresh(snapshot.stations, assess_plan(snapshot, rules).stations, rules)
    calls = recut_rows(monkeypatch)
    for station in before.ids.tolist():  # the first station whose move changes where its group's clusters start
        after = edited(snapshot, int(station), 58_000.0)
        cut = patrols._cut_afresh(after.stations, assess_plan(after, rules).stations, rules)
        same(cut, whole_cut(after, rules, monkeypatch))
        if not np.array_equal(cut.boundaries, before.boundaries):
            break
        patrols._cut_afresh(snapshot.stations, assess_plan(snapshot, rules).stations, rules)
    else:
        pytest.fail("no move changed a cut")
    assert calls and not np.array_equal(cut.boundaries, before.boundaries)
