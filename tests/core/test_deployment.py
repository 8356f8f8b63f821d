"""Deployment within capacity: optimal on small shifts, sound on random plans, and what a commander asks of the sample."""

from __future__ import annotations

import itertools
import json
import random

import pytest

from electionplan.risk.deploy_solver import ALWAYS_WEIGHT, DeployItem, residual, solve_shift
from electionplan.risk.deployment import WhatIf, deploy_plan, deployment_items
from electionplan.risk.engine import assess_plan
from electionplan.services.synthetic import synthetic_snapshot
from tests.conftest import plan_sql
from tests.core.test_editions import call, ok

CURVE = [[0, 0], [0.5, 0.7], [1, 1]]


def random_shift(rng: random.Random) -> tuple[list[DeployItem], int]:
    items = []
    for n in range(rng.randint(2, 5)):
        whole = rng.random() < 0.3
        level = rng.choice(["medium", "high", "very_high"])
        items.append(DeployItem(
            key=f"item {n}", kind="patrol" if whole else rng.choice(["hustings", "protest", "count"]),
            label=f"item {n}", level=level, need=rng.randint(1, 4), weight=float(rng.choice([2, 4, 8])), whole=whole,
            always=rng.random() < 0.15 and not whole, very_high_flashpoint=level == "very_high" and not whole,
            green_patrol=whole and rng.random() < 0.5))
    return items, rng.randint(0, sum(i.need for i in items) + 1)


def rules_hold(items: list[DeployItem], officers: tuple[int, ...], capacity: int) -> bool:
    if sum(officers) > capacity:
        return False
    always = sum(i.need for i in items if i.always)
    if always <= capacity and any(i.always and o < i.need for i, o in zip(items, officers, strict=True)):
        return False
    greens = any(i.green_patrol and o for i, o in zip(items, officers, strict=True))
    short = any(i.very_high_flashpoint and o < i.need for i, o in zip(items, officers, strict=True))
    return not (greens and short)


def objective(items: list[DeployItem], officers: tuple[int, ...], capacity: int) -> float:
    """Residual risk; when the always-covered items cannot all be covered, theirs counts first."""
    first = 1.0 if sum(i.need for i in items if i.always) <= capacity else ALWAYS_WEIGHT
    return sum(residual(i, o, CURVE) * (first if i.always else 1.0) for i, o in zip(items, officers, strict=True))


def brute_force(items: list[DeployItem], capacity: int) -> float:
    """The least objective over every allocation that keeps the rules."""
    choices = [(0, i.need) if i.whole else range(i.need + 1) for i in items]
    return min((objective(items, officers, capacity) for officers in itertools.product(*choices)
                if rules_hold(items, officers, capacity)), default=float("inf"))


@pytest.mark.parametrize("seed", range(40))
def test_the_solver_matches_a_search_of_every_allocation_on_small_shifts(seed):
    items, capacity = random_shift(random.Random(seed))
    solved = solve_shift(items, capacity, CURVE)
    assert rules_hold(items, solved.officers, capacity)
    assert objective(items, solved.officers, capacity) == pytest.approx(brute_force(items, capacity), abs=1e-6)


@pytest.mark.parametrize("seed", [3, 7, 11])
def test_on_random_plans_capacity_holds_rules_hold_and_more_officers_never_raise_risk(seed, rules):
    snapshot = synthetic_snapshot(constituencies=3, stations=90, candidates=15, events=80, seed=seed)
    assessment = assess_plan(snapshot, rules)
    by_scale = {scale: deploy_plan(snapshot, assessment, rules, WhatIf(capacity_scale=scale))
                for scale in (0.0, 0.05, 0.25, 1.0, 2.0)}
    asked = deployment_items(snapshot, assessment, rules)
    for deployment in by_scale.values():
        assert deployment.status == "Optimal"
        for s in deployment.shifts:
            given = {a.key: a.officers for a in s.assignments}
            items = asked[(s.date, s.shift)]
            assert s.allocated <= s.capacity + s.mutual_aid
            assert rules_hold(items, tuple(given.get(i.key, 0) for i in items), s.capacity + s.mutual_aid)
    for low, high in itertools.pairwise(sorted(by_scale)):
        for a, b in zip(by_scale[low].shifts, by_scale[high].shifts, strict=True):
            assert b.residual_risk <= a.residual_risk + 1e-6, (a.date, a.shift)
    assert any(s.unmet for s in by_scale[0.05].shifts)  # not vacuous: short shifts exist


def deploy_json(plan, *extra) -> dict:
    return json.loads(ok("deploy", plan, "--json", *extra))


def test_the_sample_names_what_the_short_late_shift_leaves_and_mutual_aid_covers_it(sample_plan_path):
    data = deploy_json(sample_plan_path)
    assert {"solver", "shifts", "total_residual_risk"} <= set(data)
    assert {"name", "status", "gap"} <= set(data["solver"]) and data["solver"]["status"] == "Optimal"
    short = next(s for s in data["shifts"] if (s["date"], s["shift"]) == ("2027-01-15", "late"))
    assert {"date", "shift", "capacity", "allocated", "assignments", "patrols", "unmet", "residual_risk"} <= set(short)
    assert short["allocated"] == short["capacity"] == 24
    assert [u["item"] for u in short["unmet"]] == ["Demonstration against asylum accommodation plans"]
    assert short["unmet"][0]["need"] - short["unmet"][0]["officers"] == 5 and short["unmet"][0]["reason"]
    aided = deploy_json(sample_plan_path, "--mutual-aid", "2027-01-15:late:5", "--shift", "2027-01-15:late")
    assert [(s["date"], s["shift"], s["unmet"]) for s in aided["shifts"]] == [("2027-01-15", "late", [])]
    assert aided["total_residual_risk"] < data["total_residual_risk"]


def test_polling_day_patrols_visit_clusters_of_stations(sample_plan_path):
    data = deploy_json(sample_plan_path, "--shift", "2027-01-21:late")
    (shift,) = data["shifts"]
    patrolled = [name for p in shift["patrols"] for name in p["stations"]]
    assert shift["patrols"] and len(patrolled) == len(set(patrolled))
    assert all(p["officers"] == 2 for p in shift["patrols"])


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
def test_deploy_mistakes_get_one_line(sample_plan_path, args, says):
    code, _, err = call("deploy", sample_plan_path, *args)
    assert code == 1 and says in err and len(err.strip().splitlines()) == 1, err


@pytest.mark.slow
def test_the_plan_pdf_carries_the_deployment_and_its_accepted_risks_signed_off_on_approval(sample_plan_path, tmp_path):
    from tests.core.test_editions import pdf_words

    police, ro, approved = tmp_path / "police.pdf", tmp_path / "ro.pdf", tmp_path / "approved.pdf"
    ok("export", sample_plan_path, "-o", police)
    text = pdf_words(police)
    assert "Deploymentbyshift" in text and "Acceptedrisks" in text and "Polling-daypatrolplan" in text
    assert "Tobeacceptedonapproval" in text and "20of25officers" in text
    ok("export", sample_plan_path, "-o", ro, "--edition", "returning-officer")
    ro_text = pdf_words(ro)
    assert "Polling-daypatrolplan" in ro_text and "Patrol2(10stations)" in ro_text
    assert "Acceptedrisks" not in ro_text and "Residualrisk" not in ro_text and "20of25officers" not in ro_text
    ok("--as", "Ch Supt Mark Tolland", "revise", sample_plan_path, "-m", "Approved for polling", "--approve")
    ok("export", sample_plan_path, "-o", approved, "--revision", "1.0")
    assert "acceptedbyChSuptMarkTollandonapprovingrevision1.0" in pdf_words(approved)


def test_every_bit_of_residual_risk_is_traceable_to_a_listed_item(sample_plan_path):
    for shift in deploy_json(sample_plan_path)["shifts"]:
        listed = sum(u["residual_risk"] for u in shift["unmet"] + shift["unvisited"])
        assert listed == pytest.approx(shift["residual_risk"], abs=1e-3), (shift["date"], shift["shift"])
    polling = deploy_json(sample_plan_path, "--shift", "2027-01-21:early")["shifts"][0]
    assert polling["unvisited"] and all(u["stations"] for u in polling["unvisited"])


def test_a_shift_asked_about_is_shown_even_with_nothing_on_it_and_no_capacity_is_said(sample_plan_path):
    (quiet,) = deploy_json(sample_plan_path, "--shift", "2027-01-13:late")["shifts"]
    assert (quiet["capacity"], quiet["assignments"], quiet["unmet"]) == (8, [], [])
    db = plan_sql(sample_plan_path)
    with db:
        db.execute("DELETE FROM officer_capacity")
    db.close()
    short = next(s for s in deploy_json(sample_plan_path)["shifts"] if s["unmet"])
    assert short["capacity_recorded"] is False and "No officers are recorded" in short["unmet"][0]["reason"]


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
