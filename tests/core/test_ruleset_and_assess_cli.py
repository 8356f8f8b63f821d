"""The ruleset file and the `assess` command."""

from __future__ import annotations

import json
import re

import pytest

from electionplan.domain.errors import RulesetError
from electionplan.risk.ruleset import default_ruleset_path, parse_ruleset
from tests.conftest import pdf_pages


def default_text():
    return default_ruleset_path().read_text(encoding="utf-8")


def test_default_ruleset_loads_with_name_version_and_hash():
    rules = parse_ruleset(default_text())
    assert rules.name and rules.version
    assert len(rules.sha256) == 64


@pytest.mark.parametrize(
    "old, new, key",
    [
        ("flashpoint_threshold = 15", "flashpoint_threshold = 40", "event.flashpoint_threshold"),
        ("sitting_mp = 30", 'sitting_mp = "lots"', "candidate.sitting_mp"),
        ("outdoor = 0.5 ", "# ", "event.outdoor"),  # the line commented out, with its rationale
        ('early = ["07:00", "15:00"]', 'early = ["7am", "15:00"]', "shifts.early"),
        ("radius_m = 400", "radius_m = 400\nmystery = 1", "station.mystery"),
        ("briefing_offered_min_pct = 90", "briefing_offered_min_pct = 140", "candidate.briefing_offered_min_pct"),
        ("briefing_offered_min_pct = 90", "", "candidate.briefing_offered_min_pct"),  # missing at this schema
    ],
)
def test_invalid_ruleset_names_the_key_and_reason(old, new, key):
    text = default_text()
    assert old in text
    with pytest.raises(RulesetError) as info:
        parse_ruleset(text.replace(old, new, 1), "force.toml")
    message = str(info.value)
    assert key in message and message.startswith("force.toml:")
    assert any(word in message for word in ("must be", "missing", "not a known"))


@pytest.mark.presentation
def test_assess_json_has_the_contracted_keys_and_is_deterministic(sample_plan_path, cli):
    first = cli("assess", sample_plan_path, "--json", "--as-at", "2026-11-21")
    assert first.returncode == 0, first.stderr
    data = json.loads(first.stdout)
    assert set(data["ruleset"]) >= {"name", "version", "hash"}
    assert all(set(c) >= {"name", "level", "score", "reasons"} for c in data["candidates"])
    assert all(set(f) >= {"name", "kind", "start", "level", "score", "reasons", "presence"} for f in data["flashpoints"])
    assert all(set(s) >= {"name", "rag", "reasons"} for s in data["stations"])
    assert all(set(d) >= {"date", "shift", "officers_required", "officers_available"} for d in data["demand"])
    assert data["flashpoints"] and len(data["stations"]) == 55
    for party in ("Progress Alliance", "Green Commonwealth", "Liberal Reform", "Heritage Party", "Workers' Voice"):
        assert party not in first.stdout
    second = cli("assess", sample_plan_path, "--json", "--as-at", "2026-11-21")
    assert second.stdout == first.stdout


def test_a_force_ruleset_changes_the_assessment_and_is_reported(sample_plan_path, cli, tmp_path):
    strict = tmp_path / "strict.toml"
    strict.write_text(
        re.sub(r'version = "[^"]+"', 'version = "force-1"', default_text(), count=1)
        .replace("flashpoint_threshold = 15", "flashpoint_threshold = 25"),
        encoding="utf-8",
    )
    base = json.loads(cli("assess", sample_plan_path, "--json", "--as-at", "2026-11-21").stdout)
    forced = json.loads(cli("assess", sample_plan_path, "--json", "--as-at", "2026-11-21", "--ruleset", strict).stdout)
    assert forced["ruleset"]["version"] == "force-1"
    assert forced["ruleset"]["hash"] != base["ruleset"]["hash"]
    assert len(forced["flashpoints"]) < len(base["flashpoints"])
    # Kept in the plan, the force ruleset applies without --ruleset.
    assert cli("ruleset", sample_plan_path, "--set", strict).returncode == 0
    stored = json.loads(cli("assess", sample_plan_path, "--json", "--as-at", "2026-11-21").stdout)
    assert stored["ruleset"]["hash"] == forced["ruleset"]["hash"]


def test_invalid_ruleset_on_the_command_line_is_one_line_exit_1(sample_plan_path, cli, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(default_text().replace("threat_half_life_days = 180", "threat_half_life_days = -1"), encoding="utf-8")
    result = cli("assess", sample_plan_path, "--ruleset", bad)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "candidate.threat_half_life_days" in result.stderr


@pytest.mark.presentation
def test_assess_text_output_reads_as_a_summary(sample_plan_path, cli):
    result = cli("assess", sample_plan_path, "--as-at", "2026-11-21")
    assert result.returncode == 0
    assert "Flashpoints" in result.stdout and "SHORT BY" in result.stdout
    assert "15/01/2027" in result.stdout


def test_a_ruleset_altered_without_renaming_is_never_printed_as_the_national_text(sample_plan_path, cli, tmp_path):

    quiet = tmp_path / "quiet-change.toml"
    quiet.write_text(default_text().replace("flashpoint_threshold = 15", "flashpoint_threshold = 25"), encoding="utf-8")
    assert quiet.read_text(encoding="utf-8") != default_text()

    def document_control(name: str) -> str:
        pdf = tmp_path / name
        assert cli("export", sample_plan_path, "-o", pdf).returncode == 0
        return " ".join(" ".join(pdf_pages(pdf)[:4]).split())

    national = parse_ruleset(default_text())
    said = f"{national.name}, version {national.version}"
    assert said in document_control("national.pdf") and ", altered" not in document_control("national.pdf")
    assert cli("ruleset", sample_plan_path, "--set", quiet).returncode == 0
    text = document_control("altered.pdf")
    assert f"{said}, altered" in text and "not the national text of that name and version" in text
