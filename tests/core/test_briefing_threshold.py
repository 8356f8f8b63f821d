"""The national view flags each force against its own ruleset's briefing line."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from electionplan.risk.ruleset import SCHEMA_VERSION, default_ruleset_path

# Three force plans copied from the sample file; the national view over database plans is tested in tests/store.
pytestmark = pytest.mark.file_store

KEY = "briefing_offered_min_pct = 90"


def _force_plan(template, tmp_path, name, cli, ruleset=None):
    path = tmp_path / f"{name}.eplan"
    shutil.copyfile(template, path)
    # Two of the sample's seven candidates not yet offered a briefing: 71.4%, between 50% and 90%.
    for candidate in ("1", "2"):
        assert cli("edit", path, "candidate", candidate, "--set", "briefing_offered=",
                   "--set", "briefing_accepted=").returncode == 0
    if ruleset is not None:
        result = cli("ruleset", path, "--set", ruleset)
        assert result.returncode == 0, result.stderr
    return path


def _ruleset(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_each_force_is_flagged_against_its_own_threshold(sample_plan_template, cli, tmp_path):
    default = default_ruleset_path().read_text(encoding="utf-8")
    assert KEY in default and f"schema = {SCHEMA_VERSION}" in default
    lenient = _ruleset(tmp_path, "lenient.toml", default.replace(KEY, "briefing_offered_min_pct = 50", 1)
                       .replace('version = "2026.4"', 'version = "force-50"', 1))
    # A force's copy written for the schema before the setting existed: it takes the national default's line.
    older = _ruleset(tmp_path, "older.toml", default.replace(KEY, "", 1)
                     .replace(f"schema = {SCHEMA_VERSION}", f"schema = {SCHEMA_VERSION - 1}", 1)
                     .replace('version = "2026.4"', 'version = "force-old"', 1))
    plans = [_force_plan(sample_plan_template, tmp_path, "lenient", cli, lenient),
             _force_plan(sample_plan_template, tmp_path, "national", cli),
             _force_plan(sample_plan_template, tmp_path, "older", cli, older)]
    out = tmp_path / "n.json"
    result = cli("national", "-o", out, "--as-at", "2026-11-21", *plans)
    assert result.returncode == 0, result.stderr
    forces = {f["source"].rsplit("/", 1)[-1]: f for f in json.loads(out.read_text(encoding="utf-8"))["forces"]}
    assert {name: (f["briefings_offered_pct"], f["briefing_threshold_pct"], f["briefings_below_threshold"])
            for name, f in forces.items()} == {"lenient.eplan": (71.4, 50.0, False),
                                               "national.eplan": (71.4, 90.0, True),
                                               "older.eplan": (71.4, 90.0, True)}
    assert forces["older.eplan"]["ruleset"]["version"] == "force-old"
    # Flagged forces come first on election night.
    assert [f["source"].rsplit("/", 1)[-1] for f in json.loads(out.read_text(encoding="utf-8"))["forces"]][-1] \
        == "lenient.eplan"
    pdf = tmp_path / "n.pdf"
    assert cli("national", "-o", pdf, "--as-at", "2026-11-21", *plans).returncode == 0
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # The two forces at the national line are flagged on their rows; the lenient force is not.
    assert text.count("5 (71%) below 90%") == 2 and "below 50%" not in text
    assert "each force's own ruleset's line: 50% or 90%" in " ".join(text.split())


def test_a_threshold_above_100_is_refused_in_one_line_and_the_plan_keeps_its_ruleset(sample_plan_template, cli,
                                                                                     tmp_path):
    plan = _force_plan(sample_plan_template, tmp_path, "force", cli)
    before = cli("ruleset", plan).stdout
    bad = _ruleset(tmp_path, "bad.toml", default_ruleset_path().read_text(encoding="utf-8")
                   .replace(KEY, "briefing_offered_min_pct = 140", 1))
    result = cli("ruleset", plan, "--set", bad)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "bad.toml: candidate.briefing_offered_min_pct is invalid; it must be a percentage from 0 to 100" \
        in result.stderr
    assert cli("ruleset", plan).stdout == before
