"""Patrols as routes a sergeant can drive: within the shift and the longest route, shorter than the clusters they
replace, with visit times, on the sample and on Trafford's real polling stations."""

from __future__ import annotations

import json

import numpy as np
import pytest

from electionplan.risk.engine import assess_plan
from electionplan.risk.patrols import PATROLLED, _zorder, patrol_clusters, spatial_clusters
from electionplan.risk.routes import route_fits, route_rules, travel
from tests.conftest import ok


def km_along(ids, where, rules) -> float:
    points = np.array([where[i] for i in ids], dtype=float)
    road, _ = travel(points, route_rules(rules))
    return float(sum(road[k, k + 1] for k in range(len(ids) - 1)) / 1000)


# The clustering routing replaced, kept here to measure against in the same run: a Z-order within each
# constituency, cut by visits, with no regard to distance; each cluster given its best order.
def legacy_clusters(snapshot, assessment, rules):
    """The clustering deploy used before routing: a Z-order within each constituency, cut by visits."""
    option = {r.id: r.presence.option if r.presence else "none" for r in assessment.stations}
    rag = {r.id: r.rag for r in assessment.stations}
    kept = [s for s in snapshot.stations if option.get(s.id) in PATROLLED and s.easting is not None
            and s.constituency_id is not None]
    key = {s.id: int(_zorder(np.array([s.easting]), np.array([s.northing]))[0]) for s in kept}
    kept.sort(key=lambda s: (s.constituency_id, key[s.id], s.id))
    per, clusters, last = rules.deployment.visits_per_patrol, {}, {}
    for s in kept:
        used = last.get(s.constituency_id, 0)
        clusters.setdefault((s.constituency_id, used // per), []).append(s)
        last[s.constituency_id] = used + rules.deployment.visits_by_rag[rag[s.id]]
    return list(clusters.values())


def best_open_path_km(stations, rules):
    """The shortest open path through a few stations (Held-Karp), by the ruleset's travel."""
    points = np.array([(s.easting, s.northing) for s in stations], dtype=float)
    road, _ = travel(points, route_rules(rules))
    n = len(points)
    if n == 1:
        return 0.0
    best = {(1 << i, i): 0.0 for i in range(n)}
    for _ in range(n - 1):  # one station added to every path a round
        nxt = {}
        for (mask, last), cost in best.items():
            for j in range(n):
                if mask & (1 << j):
                    continue
                k = (mask | (1 << j), j)
                c = cost + road[last, j]
                if c < nxt.get(k, float("inf")):
                    nxt[k] = c
        best = nxt
    return min(best.values()) / 1000


def no_longer_than_before(snapshot, rules) -> None:
    assessment = assess_plan(snapshot, rules)
    where = {s.id: (s.easting, s.northing) for s in snapshot.stations if s.easting is not None}
    before = [best_open_path_km(c, rules) for c in legacy_clusters(snapshot, assessment, rules)]
    after = [km_along(c.station_ids, where, rules) for c in patrol_clusters(snapshot.stations, assessment.stations, rules)
             if all(i in where for i in c.station_ids)]
    assert max(after) <= max(before) and sum(after) <= sum(before), (max(after), max(before), sum(after), sum(before))


def check_routes(snapshot, rules) -> tuple[list, list]:
    """Every route keeps the limits; none is longer than the longest cluster it replaces, nor are they all."""
    assessment = assess_plan(snapshot, rules)
    routed = patrol_clusters(snapshot.stations, assessment.stations, rules)
    start = spatial_clusters(snapshot.stations, assessment.stations, rules)
    where = {s.id: (s.easting, s.northing) for s in snapshot.stations if s.easting is not None}
    rr = route_rules(rules)
    for c in routed:
        if not all(i in where for i in c.station_ids):
            assert len(c.station_ids) == 1
            continue
        points = np.array([where[i] for i in c.station_ids], dtype=float)
        road, seconds = travel(points, rr)
        assert route_fits(list(range(len(points))), list(c.station_visits), road, seconds, rr), c.key
        assert c.km <= rr.max_route_km
    located = [s for s in start if all(i in where for i in s)]
    before = [km_along(ids, where, rules) for ids in located]
    # Both measured alike, in this run: each route's own stations, by the ruleset's travel.
    after = [km_along(c.station_ids, where, rules) for c in routed if all(i in where for i in c.station_ids)]
    assert max(after) <= max(before) + 1e-6 and sum(after) <= sum(before) + 1e-6
    assert sorted(i for c in routed for i in c.station_ids) == sorted(i for s in start for i in s)  # none lost
    assert len(routed) == len(start)  # as many patrols as the demand counted
    return routed, before


def test_the_samples_patrols_keep_their_limits_and_are_no_longer_than_the_clusters(sample_snapshot, rules):
    from electionplan.domain.plancodec import decode_snapshot

    routed, before = check_routes(decode_snapshot(sample_snapshot), rules)
    assert sum(c.km for c in routed) < sum(before)  # the routing shortened something: the test is not vacuous
    no_longer_than_before(decode_snapshot(sample_snapshot), rules)


def test_traffords_real_stations_are_routed_within_the_limits_and_shorter(trafford, rules):
    routed, before = check_routes(trafford, rules)
    no_longer_than_before(trafford, rules)
    assert any(c.recommended for c in routed) and any(not c.recommended for c in routed)
    assert sum(c.km for c in routed) < sum(before)


@pytest.mark.presentation
def test_deploy_json_gives_each_patrol_its_route_visits_and_times(sample_plan_path):
    data = json.loads(ok("deploy", sample_plan_path, "--json", "--shift", "2027-01-21:early"))
    (shift,) = data["shifts"]
    assert shift["patrols"]
    for p in shift["patrols"]:
        assert {"item", "officers", "level", "stations", "route", "km", "drive_min", "call_sign"} <= set(p)
        assert [stop["visits"] for stop in p["route"]] == [len(stop["arrive"]) for stop in p["route"]]
        times = [t for stop in p["route"] for t in stop["arrive"]]
        assert all("07:00" <= t <= "15:00" for t in times) and p["km"] <= 60
        assert p["call_sign"].split("-")[0] == "WA" and len(p["route"]) == len(p["stations"])
    first_pass = [stop["arrive"][0] for stop in shift["patrols"][0]["route"]]
    assert first_pass == sorted(first_pass) and len(set(first_pass)) == len(first_pass)  # in visiting order


@pytest.mark.presentation
def test_the_same_plan_always_gives_the_same_routes_and_allocation(sample_plan_path):
    first = ok("deploy", sample_plan_path, "--json")
    assert '"route"' in first and ok("deploy", sample_plan_path, "--json") == first


def pyvrp_problem(points: np.ndarray, rules):
    """A routing problem over these stations with PyVRP's own types, the road distances as routes.py measures them."""
    from pyvrp import Client, Depot, Location, ProblemData, VehicleType

    road, seconds = travel(points, route_rules(rules))
    size = len(points) + 1
    distance, duration = np.zeros((size, size), dtype=np.int64), np.zeros((size, size), dtype=np.int64)
    distance[1:, 1:], duration[1:, 1:] = np.round(road), np.round(seconds)
    return distance, ProblemData(locations=[Location(0, 0)] * size, clients=[Client(i + 1, [1], [], 900)
                                                                             for i in range(len(points))],
                                 depots=[Depot(location=0)], vehicle_types=[VehicleType(2, capacity=[24])],
                                 distance_matrices=[distance], duration_matrices=[duration])


@pytest.mark.parametrize("where", ["trafford", "sample"])
def test_the_neighbourhood_the_search_moves_in_is_pyvrps_own(where, request, rules):
    """Each station's nearest, as routes.py builds them once for every constituency, equal PyVRP's own
    compute_neighbours: the same search, so the same routes, whichever builds them."""
    from pyvrp.search import NeighbourhoodParams, compute_neighbours

    from electionplan.risk.routes import NEIGHBOURS, _neighbours, _parts

    if where == "trafford":
        stations = request.getfixturevalue("trafford").stations
    else:
        from electionplan.domain.plancodec import decode_snapshot

        stations = decode_snapshot(request.getfixturevalue("sample_snapshot")).stations
    located = np.array([(s.easting, s.northing) for s in stations if s.easting is not None], dtype=float)
    # Real stations share buildings, so distances tie: the order of ties must be PyVRP's too.
    located = np.vstack([located, located[:3]])
    for n in (2, 5, 13, len(located)):
        distance, data = pyvrp_problem(located[:n], rules)
        theirs = compute_neighbours(data, NeighbourhoodParams(num_neighbours=min(NEIGHBOURS, n - 1)))
        ours = _neighbours(distance[1:, 1:], _parts())
        assert {a.idx: [b.idx for b in near] for a, near in ours.items()} == \
            {a.idx: [b.idx for b in near] for a, near in theirs.items()}, n
