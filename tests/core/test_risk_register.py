"""The risk register: its rules live in risk.register and every number in the ruleset."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from electionplan.domain.errors import RulesetError
from electionplan.domain.plancodec import decode_snapshot
from electionplan.risk.engine import assess_plan
from electionplan.risk.register import residual_level, risk_register
from electionplan.risk.ruleset import default_ruleset_path, parse_ruleset
from tests.conftest import AS_AT


def default_text() -> str:
    return default_ruleset_path().read_text(encoding="utf-8")


def register_for(snapshot_data, rules):
    assessment = assess_plan(decode_snapshot(snapshot_data), rules, AS_AT)
    rags = [s.rag for s in assessment.stations]
    high = sum(1 for c in assessment.candidates if c.level in ("high", "very_high"))
    return risk_register(assessment.flashpoints, rags.count("red"), rags.count("amber"), high,
                         assessment.shortfalls, rules)


def test_a_ruleset_without_the_register_section_still_loads_with_the_national_numbers():
    text = default_text()
    # A file from before the register and the schema key: schema 1.
    older = text[: text.index("[register]")].replace("schema = ", "# schema = ")
    assert parse_ruleset(older, "older.toml").register == parse_ruleset(text).register


@pytest.mark.parametrize(
    "old, new, key",
    [
        ("presence_lowers_by = 1", "presence_lowers_by = 7", "register.presence_lowers_by"),
        ('lowering_presence = ["patrol", "dedicated", "public_order"]', 'lowering_presence = ["cavalry"]',
         "register.lowering_presence"),
        ("candidate_harm = { likelihood = [2, 4], impact = 4,", "candidate_harm = { likelihood = [2, 9], impact = 4,",
         "register.candidate_harm"),
        ('residual = ["low", "medium"] }\ncandidate_harm', 'residual = ["low", "severe"] }\ncandidate_harm',
         "register.station_intimidation"),
    ],
)
def test_an_invalid_register_setting_names_the_key(old, new, key):
    text = default_text()
    assert old in text
    with pytest.raises(RulesetError) as info:
        parse_ruleset(text.replace(old, new, 1), "force.toml")
    assert key in str(info.value) and str(info.value).startswith("force.toml:")


def test_standing_risk_scores_follow_the_ruleset(sample_snapshot):
    rules = parse_ruleset(default_text())
    before = {e.risk: e for e in register_for(sample_snapshot, rules)}
    changed = parse_ruleset(default_text().replace(
        "candidate_harm = { likelihood = [2, 4], impact = 4,", "candidate_harm = { likelihood = [2, 4], impact = 5,"))
    after = {e.risk: e for e in register_for(sample_snapshot, changed)}
    harm = "Threats, harassment or violence against candidates while campaigning"
    assert after[harm].impact == 5 and before[harm].impact == 4
    assert after[harm].score == after[harm].likelihood * 5


def test_presence_lowers_a_flashpoint_by_the_ruleset_bands():
    rules = parse_ruleset(default_text())
    assert residual_level("very_high", "public_order", rules) == "high"
    assert residual_level("very_high", "awareness", rules) == "very_high"
    two = parse_ruleset(default_text().replace("presence_lowers_by = 1", "presence_lowers_by = 2"))
    assert residual_level("very_high", "dedicated", two) == "medium"
    assert residual_level("medium", "dedicated", two) == "low"


@pytest.mark.presentation
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_the_pdf_register_uses_the_plans_ruleset(sample_plan_path, tmp_path, cli):
    force_rules = tmp_path / "force.toml"
    force_rules.write_text(default_text().replace("officer_shortfall = { likelihood = [1, 4], impact = 3,",
                                                  "officer_shortfall = { likelihood = [1, 4], impact = 5,"),
                           encoding="utf-8")
    assert cli("ruleset", sample_plan_path, "--set", force_rules).returncode == 0
    target = tmp_path / "plan.pdf"
    assert cli("export", sample_plan_path, "-o", target).returncode == 0
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True).stdout
    register = text[text.index("5. Risk assessment"):text.index("6. Communications")]
    likelihood, impact, score = re.search(r"Insufficient officers to meet\s+(\d)\s+(\d)\s+(\d+)", register).groups()
    assert impact == "5" and int(score) == int(likelihood) * 5
