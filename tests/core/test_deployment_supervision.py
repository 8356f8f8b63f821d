"""A supervision ratio a force sets in its ruleset: sergeants go out with the officers they supervise, from the same
shift, and the account, the demand and the plan say so. A ruleset without it deploys exactly as before."""

from __future__ import annotations

import hashlib
import itertools
import json

import pytest

from electionplan.domain.errors import RulesetError
from electionplan.risk.deploy_solver import constables_per_sergeant, solve_shift, supervisors
from electionplan.risk.ruleset import default_ruleset_path, load_ruleset, parse_ruleset
from tests.conftest import ok, pdf_words
from tests.core.shifts import CURVE, supervised_shift, tier_values, with_ratio


def brute_force(items, capacity, order, ratio) -> tuple[float, ...]:
    """The best tier values over every allocation of whole units whose officers and sergeants fit the shift."""
    choices = [[u * i.unit for u in range(i.units + 1)] for i in items]
    return max(tier_values(items, officers, order) for officers in itertools.product(*choices)
               if sum(officers) + supervisors(items, officers, ratio) <= capacity)


@pytest.mark.parametrize("seed", range(60))
def test_units_and_their_sergeants_fit_the_shift_as_a_search_of_every_allocation_finds(seed):
    items, capacity, order, ratio = supervised_shift(seed)
    solved = solve_shift(items, capacity, CURVE, order, ratio)
    assert solved.supervisors == supervisors(items, solved.officers, ratio)
    assert sum(solved.officers) + solved.supervisors <= capacity
    assert all(o % i.unit == 0 and 0 <= o <= i.need for i, o in zip(items, solved.officers, strict=True))
    assert tier_values(items, solved.officers, order) == pytest.approx(brute_force(items, capacity, order, ratio),
                                                                       abs=1e-5)


def test_the_supervision_tests_meet_shifts_where_sergeants_cost_a_unit():
    cost = 0
    for seed in range(60):
        items, capacity, order, ratio = supervised_shift(seed)
        cost += brute_force(items, capacity, order, ratio) != brute_force(items, capacity, order, 0)
    assert cost > 5  # the ratio changes the best allocation in many of them: the brute force is not vacuous


def test_without_a_ratio_no_sergeant_is_added():
    items, capacity, order, _ = supervised_shift(5)
    assert solve_shift(items, capacity, CURVE, order).supervisors == 0


@pytest.mark.parametrize("value", ["0", "101", "2.5", '"eight"', "true"])
def test_a_mistaken_ratio_is_named_by_its_key(value):
    with pytest.raises(RulesetError) as info:
        parse_ruleset(with_ratio(value), "force.toml")
    assert str(info.value).startswith("force.toml: deployment.constables_per_sergeant is invalid")


def test_the_national_default_sets_no_ratio_and_keeps_its_hash():
    text = default_ruleset_path().read_bytes()
    rules = load_ruleset()
    assert constables_per_sergeant(rules) == 0 and "constables_per_sergeant" not in rules.data["deployment"]
    assert rules.deployment.constables_per_sergeant is None
    assert rules.sha256 == hashlib.sha256(text).hexdigest()


def test_an_issued_revision_keeps_its_ruleset_hash_and_its_deployment(sample_plan_path, tmp_path):
    before = json.loads(ok("deploy", sample_plan_path, "--json"))
    ok("--as", "Insp A Example", "revise", sample_plan_path, "-m", "Issued before the force set a ratio")
    issued = json.loads(ok("revisions", sample_plan_path, "--json"))
    force = tmp_path / "force.toml"
    force.write_text(with_ratio(8), encoding="utf-8")
    ok("ruleset", sample_plan_path, "--set", force)
    assert json.loads(ok("revisions", sample_plan_path, "--json")) == issued
    ok("ruleset", sample_plan_path, "--clear")
    assert json.loads(ok("deploy", sample_plan_path, "--json")) == before
    assert all("supervisors" not in s for s in before["shifts"])


@pytest.mark.presentation
def test_a_force_ratio_sends_sergeants_with_the_officers_and_every_surface_says_so(sample_plan_path, tmp_path):
    force = tmp_path / "force.toml"
    force.write_text(with_ratio(2), encoding="utf-8")
    ok("ruleset", sample_plan_path, "--set", force)
    data = json.loads(ok("deploy", sample_plan_path, "--json"))
    demand = {(d["date"], d["shift"]): d["officers_required"]
              for d in json.loads(ok("assess", sample_plan_path, "--json"))["demand"]}
    supervised = [s for s in data["shifts"] if s["supervisors"]]
    assert supervised
    for s in data["shifts"]:
        assert s["needed"] == demand[(s["date"], s["shift"])]  # the demand counts the same sergeants
        officers = sum(a["officers"] for a in s["assignments"] if a["unit"] != "PSU") + sum(
            p["officers"] for p in s["patrols"])
        assert s["supervisors"] == -(-officers // 2) and s["allocated"] == s["supervisors"] + officers + sum(
            a["officers"] for a in s["assignments"] if a["unit"] == "PSU")
        assert s["allocated"] + s["spare"] == s["on_duty"]
        if s["supervisors"]:
            assert f"{s['supervisors']} sergeant" in s["summary"] and "one to every 2" in s["summary"]
    text = ok("deploy", sample_plan_path)
    assert "one sergeant to every 2 officers" in text
    ok("export", sample_plan_path, "-o", tmp_path / "plan.pdf")
    assert "OfficersdeployedoutsideaPSUgooutunderasergeantfromthesameshift,onesergeanttoevery2officers" in \
        pdf_words(tmp_path / "plan.pdf")
