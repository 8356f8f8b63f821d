"""Deployment within capacity: optimal on small shifts, sound on random plans, and what a commander asks of the sample."""

from __future__ import annotations

import itertools
import json
import random

import pytest

from electionplan.risk.deploy_solver import DeployItem, solve_shift
from electionplan.risk.deployment import WhatIf, deploy_plan, deployment_items, scaled
from electionplan.risk.engine import assess_plan
from electionplan.risk.ruleset import TIERS
from electionplan.services.synthetic import synthetic_snapshot
from tests.conftest import call, ok, plan_sql
from tests.core.shifts import CURVE, random_shift, tier_values


def brute_force(items: list[DeployItem], capacity: int, order: tuple[str, ...]) -> tuple[float, ...]:
    """The best tier values over every allocation of whole units within capacity."""
    choices = [[u * i.unit for u in range(i.units + 1)] for i in items]
    return max(tier_values(items, officers, order) for officers in itertools.product(*choices)
               if sum(officers) <= capacity)


@pytest.mark.parametrize("seed", range(60))
def test_the_solver_fills_each_priority_in_turn_as_a_search_of_every_allocation_does(seed):
    items, capacity, order = random_shift(random.Random(seed))
    solved = solve_shift(items, capacity, CURVE, order)
    assert sum(solved.officers) <= capacity
    assert all(o % i.unit == 0 and 0 <= o <= i.need for i, o in zip(items, solved.officers, strict=True))
    assert tier_values(items, solved.officers, order) == pytest.approx(brute_force(items, capacity, order), abs=1e-5)


def test_the_brute_force_tests_meet_short_shifts_and_split_items():
    drawn = [random_shift(random.Random(seed)) for seed in range(60)]
    assert sum(capacity < sum(i.need for i in items) for items, capacity, _ in drawn) > 30
    assert sum(any(i.first_tier for i in items) for items, _, _ in drawn) > 10


def test_a_very_high_flashpoint_gets_its_psus_before_any_amber_patrol():
    psu = [DeployItem(f"event-{n}", "protest", f"Protest {n}", "very_high", 25, 8.0, 25, "PSU",
                      "very_high_flashpoints") for n in range(2)]
    patrols = [DeployItem(f"patrol-{n}", "patrol", f"Patrol {n}", "amber", 2, 20.0, 2, "patrol", "amber_patrols")
               for n in range(30)]
    solved = solve_shift(psu + patrols, 60, CURVE)
    assert solved.officers[:2] == (25, 25) and sum(solved.officers[2:]) == 10
    reordered = solve_shift(psu + patrols, 60, CURVE, ("amber_patrols", *(t for t in TIERS if t != "amber_patrols")))
    assert reordered.officers[:2] == (0, 0) and sum(reordered.officers[2:]) == 60


@pytest.mark.parametrize("seed", [3, 7, 11])
def test_on_random_plans_capacity_holds_units_are_whole_and_more_officers_never_raise_risk(seed, rules):
    snapshot = synthetic_snapshot(constituencies=3, stations=90, candidates=15, events=80, seed=seed)
    assessment = assess_plan(snapshot, rules)
    by_scale = {scale: deploy_plan(snapshot, assessment, rules, WhatIf(capacity_scale=scale))
                for scale in (0.0, 0.05, 0.25, 1.0, 2.0)}
    asked = deployment_items(snapshot, assessment, rules)
    for deployment in by_scale.values():
        assert deployment.status == "Optimal"
        for s in deployment.shifts:
            unit = {i.key: i.unit for i in asked.get((s.date, s.shift), [])}  # a quiet shift asks nothing
            assert s.allocated <= s.capacity + s.mutual_aid
            assert all(a.officers % unit[a.key] == 0 for a in s.assignments)
    for low, high in itertools.pairwise(sorted(by_scale)):
        for a, b in zip(by_scale[low].shifts, by_scale[high].shifts, strict=True):
            # More officers never fill a priority less: the first tier that differs gains.
            items = asked.get((a.date, a.shift), [])
            order = tuple(rules.deployment.priorities)
            worth = [tier_values(items, tuple({x.key: x.officers for x in d.assignments}.get(i.key, 0) for i in items),
                                 order) for d in (a, b)]
            assert worth[1] >= worth[0] or worth[1] == pytest.approx(worth[0], abs=1e-5), (a.date, a.shift)
    assert any(s.unmet for s in by_scale[0.05].shifts)  # not vacuous: short shifts exist


def test_capacity_scaling_rounds_to_the_nearest_officer():
    assert [scaled(2500, 0.57), scaled(2500, 0.5702), scaled(3, 0.5), scaled(7, 0.0), scaled(24, 1.0)] == \
        [1425, 1426, 2, 0, 24]


def deploy_json(plan, *extra) -> dict:
    return json.loads(ok("deploy", plan, "--json", *extra))


@pytest.mark.presentation
def test_the_sample_names_what_the_short_late_shift_leaves_and_mutual_aid_covers_it(sample_plan_path):
    data = deploy_json(sample_plan_path)
    assert {"solver", "shifts", "total_residual_risk"} <= set(data)
    assert {"name", "status", "gap"} <= set(data["solver"]) and data["solver"]["status"] == "Optimal"
    short = next(s for s in data["shifts"] if (s["date"], s["shift"]) == ("2027-01-15", "late"))
    assert {"date", "shift", "capacity", "allocated", "assignments", "patrols", "unmet", "residual_risk"} <= set(short)
    # A PSU goes out whole or not at all: 24 officers cannot field the protest's one PSU of 25.
    assert (short["allocated"], short["capacity"]) == (4, 24)
    assert [u["item"] for u in short["unmet"]] == ["Demonstration against asylum accommodation plans"]
    assert (short["unmet"][0]["officers"], short["unmet"][0]["need"]) == (0, 25) and short["unmet"][0]["reason"]
    assert short["unmet"][0]["cover"] == "0 of 1 PSU (0 of 25 officers)"
    aided = deploy_json(sample_plan_path, "--mutual-aid", "2027-01-15:late:5", "--shift", "2027-01-15:late")
    assert [(s["date"], s["shift"], s["unmet"]) for s in aided["shifts"]] == [("2027-01-15", "late", [])]
    assert aided["total_residual_risk"] < data["total_residual_risk"]


@pytest.mark.presentation
def test_polling_day_patrols_visit_clusters_of_stations(sample_plan_path):
    data = deploy_json(sample_plan_path, "--shift", "2027-01-21:late")
    (shift,) = data["shifts"]
    patrolled = [name for p in shift["patrols"] for name in p["stations"]]
    assert shift["patrols"] and len(patrolled) == len(set(patrolled))
    assert all(p["officers"] == 2 for p in shift["patrols"])


@pytest.mark.presentation
def test_the_allocation_is_the_same_when_parties_are_permuted_or_renamed(sample_plan_path):
    before = ok("deploy", sample_plan_path, "--json")
    db = plan_sql(sample_plan_path)
    with db:
        parties = [p for (p,) in db.execute("SELECT party FROM candidate ORDER BY id")]
        for n, (cid,) in enumerate(db.execute("SELECT id FROM candidate ORDER BY id").fetchall()):
            db.execute("UPDATE candidate SET party = ? WHERE id = ?", (f"Renamed {parties[(n + 3) % len(parties)]}", cid))
    db.close()
    assert ok("deploy", sample_plan_path, "--json") == before


@pytest.mark.parametrize("args, says", [
    (["--shift", "2027-01-15"], "not DATE:SHIFT"),
    (["--mutual-aid", "2027-01-15:late:lots"], "mutual aid"),
    (["--capacity-scale", "-1"], "capacity scale"),
    (["--mutual-aid", "2027-01-15:late:\u00b2"], "mutual aid"),
    (["--mutual-aid", "2027-01-15:late:9000", "--mutual-aid", "2027-01-15:late:9000"], "more than 10,000"),
])
@pytest.mark.presentation
@pytest.mark.store_once
def test_deploy_mistakes_get_one_line(sample_plan_path, args, says):
    code, _, err = call("deploy", sample_plan_path, *args)
    assert code == 1 and says in err and len(err.strip().splitlines()) == 1, err


@pytest.mark.presentation
@pytest.mark.slow
def test_the_plan_pdf_carries_the_deployment_and_its_accepted_risks_signed_off_on_approval(sample_plan_path, tmp_path):
    from tests.conftest import pdf_words

    police, ro, approved = tmp_path / "police.pdf", tmp_path / "ro.pdf", tmp_path / "approved.pdf"
    ok("export", sample_plan_path, "-o", police)
    text = pdf_words(police)
    assert "Deploymentbyshift" in text and "Acceptedrisks" in text and "Polling-daypatrolplan" in text
    assert "Tobeacceptedonapproval" in text and "0of1PSU(0of25officers)" in text and "First,thecountandthedeclaration;second,veryhighflashpoints" in text
    ok("export", sample_plan_path, "-o", ro, "--edition", "returning-officer")
    ro_text = pdf_words(ro)
    patrol = deploy_json(sample_plan_path, "--shift", "2027-01-21:early")["shifts"][0]["patrols"][0]
    assert "Polling-daypatrolplan" in ro_text and "".join(patrol["item"].split()) in ro_text
    assert "Acceptedrisks" not in ro_text and "Residualrisk" not in ro_text and "0of1PSU" not in ro_text and "veryhighflashpoints,inwholeunits" not in ro_text
    ok("--as", "Ch Supt Mark Tolland", "revise", sample_plan_path, "-m", "Approved for polling", "--approve")
    ok("export", sample_plan_path, "-o", approved, "--revision", "1.0")
    assert "acceptedbyChSuptMarkTollandonapprovingrevision1.0" in pdf_words(approved)


@pytest.mark.presentation
def test_every_bit_of_residual_risk_is_traceable_to_a_listed_item(sample_plan_path):
    for shift in deploy_json(sample_plan_path)["shifts"]:
        listed = sum(u["residual_risk"] for u in shift["unmet"] + shift["unvisited"])
        assert listed == pytest.approx(shift["residual_risk"], abs=1e-3), (shift["date"], shift["shift"])
    polling = deploy_json(sample_plan_path, "--shift", "2027-01-21:early")["shifts"][0]
    assert polling["unvisited"] and all(u["stations"] for u in polling["unvisited"])


@pytest.mark.presentation
def test_a_shift_asked_about_is_shown_even_with_nothing_on_it_and_no_capacity_is_said(sample_plan_path):
    (quiet,) = deploy_json(sample_plan_path, "--shift", "2027-01-13:late")["shifts"]
    assert (quiet["capacity"], quiet["assignments"], quiet["unmet"]) == (8, [], [])
    db = plan_sql(sample_plan_path)
    with db:
        db.execute("DELETE FROM officer_capacity")
    db.close()
    short = next(s for s in deploy_json(sample_plan_path)["shifts"] if s["unmet"])
    assert short["capacity_recorded"] is False and "No officers are recorded" in short["unmet"][0]["reason"]


@pytest.mark.presentation
def test_the_demand_and_the_deployment_agree_on_what_each_shift_needs(sample_plan_path):
    demand = {(d["date"], d["shift"]): d["officers_required"] for d in json.loads(ok("assess", sample_plan_path, "--json"))["demand"]}
    for shift in deploy_json(sample_plan_path)["shifts"]:
        assert shift["needed"] == demand[(shift["date"], shift["shift"])]


def test_a_station_with_no_location_or_constituency_is_never_pooled_into_a_patrol(rules):
    import dataclasses

    from electionplan.risk.patrols import patrol_clusters

    snapshot = synthetic_snapshot(constituencies=2, stations=60, candidates=6, events=10, seed=5)
    stations = list(snapshot.stations)
    unlocated = {stations[n].id for n in (3, 17)}
    seatless = {stations[n].id for n in (5, 40)}
    stations = [dataclasses.replace(s, easting=None, northing=None) if s.id in unlocated
                else dataclasses.replace(s, constituency_id=None) if s.id in seatless else s for s in stations]
    snapshot = dataclasses.replace(snapshot, stations=tuple(stations))
    clusters = patrol_clusters(snapshot.stations, assess_plan(snapshot, rules).stations, rules)
    by_station = {sid: c for c in clusters for sid in c.station_ids}
    assert unlocated | seatless <= set(by_station)  # none dropped
    for sid in unlocated | seatless:
        assert by_station[sid].station_ids == (sid,)  # a patrol of its own
    located = [c for c in clusters if not set(c.station_ids) & (unlocated | seatless)]
    assert any(len(c.station_ids) > 1 for c in located)  # the others still pool
    seat_of = {s.id: s.constituency_id for s in snapshot.stations}
    assert all(len({seat_of[sid] for sid in c.station_ids}) == 1 for c in clusters)
