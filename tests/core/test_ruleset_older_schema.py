"""A force's ruleset written without a `schema` line reads as the first schema: it takes the national default's
settings added since, never those the first rulesets already held, nor the default's name and version."""

from __future__ import annotations

import pytest

from tests.conftest import plan_fingerprint


def _first_schema_copy() -> str:
    from electionplan.risk.ruleset import default_ruleset_path

    lines = default_ruleset_path().read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.startswith("schema =")) + "\n"


@pytest.mark.file_store
@pytest.mark.parametrize(("dropped", "words"), [
    ("radius_m = 500", "force.toml: event.radius_m is missing; it must be a distance in metres above 0"),
    ("version = ", "force.toml: ruleset.version is missing"),
    ("name = ", "force.toml: ruleset.name is missing"),
    ("sitting_mp = ", "force.toml: candidate.sitting_mp is missing"),
])
def test_a_ruleset_with_no_schema_line_must_state_what_the_first_rulesets_held(sample_plan_path, cli, tmp_path,
                                                                               dropped, words):
    text = _first_schema_copy()
    force = tmp_path / "force.toml"
    force.write_text(text, encoding="utf-8")
    assert cli("assess", sample_plan_path, "--ruleset", force).returncode == 0  # whole, it reads as before
    force.write_text("\n".join(line for line in text.splitlines() if not line.startswith(dropped)) + "\n",
                     encoding="utf-8")
    before = plan_fingerprint(sample_plan_path)
    for args in (("ruleset", sample_plan_path, "--set", force), ("assess", sample_plan_path, "--ruleset", force)):
        refused = cli(*args)
        lines = refused.stderr.strip().splitlines()
        assert refused.returncode == 1 and len(lines) == 1 and lines[0].startswith(f"electionplan: error: {words}")
    assert plan_fingerprint(sample_plan_path) == before


@pytest.mark.file_store
def test_a_ruleset_naming_only_itself_is_not_given_the_national_default(sample_plan_path, cli, tmp_path):
    force = tmp_path / "force.toml"
    force.write_text("[ruleset]\nname = 'Wyvernshire force ruleset'\nversion = '1'\n", encoding="utf-8")
    refused = cli("ruleset", sample_plan_path, "--set", force)
    assert refused.returncode == 1 and "missing section [candidate]" in refused.stderr
    assert "Wyvernshire" not in cli("ruleset", sample_plan_path).stdout


@pytest.mark.parametrize("schema", ["0", "-3"])
def test_a_schema_before_the_first_is_refused_by_its_key(cli, tmp_path, schema):
    from electionplan.risk.ruleset import SCHEMA_VERSION, default_ruleset_path

    force = tmp_path / "force.toml"
    force.write_text(default_ruleset_path().read_text(encoding="utf-8").replace(
        f"schema = {SCHEMA_VERSION}", f"schema = {schema}", 1), encoding="utf-8")
    refused = cli("scenarios", "--ruleset", force)
    lines = refused.stderr.strip().splitlines()
    assert refused.returncode == 1 and len(lines) == 1
    assert lines[0].startswith("electionplan: error: force.toml: ruleset.schema is invalid; it must be the ruleset "
                               "schema it was written for, from 1")


@pytest.mark.parametrize(("written", "words"), [
    ("nearest_m = 5000", "rvp.nearest_m is invalid; it must be less than rvp.farthest_m (3,000 where the ruleset "
                         "leaves it out)"),
    ("farthest_m = 30", "rvp.farthest_m is invalid; it must be more than rvp.nearest_m (50 where the ruleset leaves "
                        "it out)"),
    ("nearest_m = 400\nfarthest_m = 300", "rvp.farthest_m is invalid; it must be more than rvp.nearest_m"),
])
def test_rvp_distances_at_odds_name_the_setting_the_force_wrote(cli, tmp_path, written, words):
    from electionplan.risk.ruleset import default_ruleset_path

    force = tmp_path / "force.toml"
    force.write_text(default_ruleset_path().read_text(encoding="utf-8") + f"\n[rvp]\n{written}\n", encoding="utf-8")
    refused = cli("scenarios", "--ruleset", force)
    assert refused.returncode == 1 and refused.stderr.strip() == f"electionplan: error: force.toml: {words}"
