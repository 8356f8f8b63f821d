"""A force orders its deployment priorities in its ruleset: checked key by key, and followed by `deploy`."""

from __future__ import annotations

import json

import pytest

from electionplan.domain.errors import RulesetError
from electionplan.risk.ruleset import SCHEMA_VERSION, default_ruleset_path, parse_ruleset
from tests.conftest import ok, pdf_words

DEFAULT_ORDER = ('priorities = ["count_and_declaration", "very_high_flashpoints", '
                 '"red_stations_and_high_flashpoint_minimum",\n              "amber_patrols", "the_rest"]')


def default_text() -> str:
    text = default_ruleset_path().read_text(encoding="utf-8")
    assert DEFAULT_ORDER in text
    return text


@pytest.mark.parametrize("new, key, says", [
    ('priorities = ["count_and_declaration", "very_high_flashpoints", "very_high_flashpoints", "amber_patrols", '
     '"the_rest"]', "deployment.priorities", "once"),
    ('priorities = ["count_and_declaration", "amber_patrols", "the_rest"]', "deployment.priorities", "once"),
    ('priorities = ["count", "very_high_flashpoints", "red_stations_and_high_flashpoint_minimum", "amber_patrols", '
     '"the_rest"]', "deployment.priorities", "count_and_declaration"),
])
def test_a_mistaken_order_of_priorities_is_named_by_its_key(new, key, says):
    with pytest.raises(RulesetError) as info:
        parse_ruleset(default_text().replace(DEFAULT_ORDER, new), "force.toml")
    assert str(info.value).startswith(f"force.toml: {key} is invalid") and says in str(info.value)


def test_a_psu_that_does_not_add_up_to_the_unit_is_refused():
    text = default_text().replace("constable = 18", "constable = 17")
    with pytest.raises(RulesetError, match=r"deployment\.psu is invalid; its officers must add up to "
                                           r"presence\.public_order_unit \(25\)"):
        parse_ruleset(text, "force.toml")


def test_a_ruleset_written_before_priorities_takes_the_national_order():
    text = default_text().replace(DEFAULT_ORDER, "").replace(f"schema = {SCHEMA_VERSION}", "schema = 3")
    text = "\n".join(line for line in text.splitlines() if not line.startswith("psu ="))
    rules = parse_ruleset(text, "older.toml")
    assert rules.deployment.priorities[0] == "count_and_declaration"
    assert rules.deployment.psu == {"inspector": 1, "sergeant": 3, "constable": 18, "driver": 3}


def test_a_force_that_puts_amber_patrols_first_staffs_them_before_the_count(sample_plan_path, tmp_path):
    force = tmp_path / "force.toml"
    force.write_text(default_text().replace(DEFAULT_ORDER, 'priorities = ["amber_patrols", "count_and_declaration", '
                     '"very_high_flashpoints", "red_stations_and_high_flashpoint_minimum", "the_rest"]'),
                     encoding="utf-8")
    shift = ["--shift", "2027-01-21:night", "--shift", "2027-01-21:late", "--capacity-scale", "0.5"]
    national = json.loads(ok("deploy", sample_plan_path, "--json", *shift))
    ok("ruleset", sample_plan_path, "--set", force)
    forced = json.loads(ok("deploy", sample_plan_path, "--json", *shift))
    late = [s for s in (national, forced) for s in s["shifts"] if s["shift"] == "late"]
    # Nationally, 8 officers on the late shift leave an amber patrol unstaffed; a force putting them first staffs it.
    assert [u["level"] for u in late[0]["unmet"]] == ["amber"]
    assert not [u for u in late[1]["unmet"] if u["kind"] == "patrol" and u["level"] == "amber"]
    # The plan prints the force's order in words.
    ok("export", sample_plan_path, "-o", tmp_path / "plan.pdf")
    assert "First,patrolsofamberpollingstations;second,thecountandthedeclaration;third,veryhighflashpoints" \
        in pdf_words(tmp_path / "plan.pdf")


def test_a_dedicated_presence_is_whole_crews_and_an_older_ruleset_keeps_its_own_figures():
    from electionplan.risk.presence import presence_officers

    rules = parse_ruleset(default_text())
    older = parse_ruleset(default_text().replace(f"schema = {SCHEMA_VERSION}", "schema = 3"))
    # 350 people at 100 a officer want 4; 450 want 5, which is three crews of two, never two crews and a lone officer.
    assert [presence_officers("dedicated", n, rules) for n in (0, 150, 350, 450)] == [2, 2, 4, 6]
    assert [presence_officers("dedicated", n, older) for n in (0, 150, 350, 450)] == [2, 2, 4, 5]
