"""The scenario book: typical situations with the outcome a SPOC expects, run against a ruleset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from electionplan.risk import candidates as candidate_risk
from electionplan.risk.ruleset import SCHEMA_VERSION, default_ruleset_path, load_ruleset
from electionplan.risk.scenario_book import default_book_dir
from electionplan.risk.scenarios import run_book

CATEGORIES = {"candidates", "events", "stations", "impartiality"}


def _force_ruleset(tmp_path: Path, old: str, new: str) -> Path:
    text = default_ruleset_path().read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "force.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_the_book_passes_on_the_national_default(cli):
    result = cli("scenarios", "--json")
    assert result.returncode == 0, result.stdout[-2000:]
    data = json.loads(result.stdout)
    vignettes = data["vignettes"]
    assert len(vignettes) >= 40 and data["differing"] == 0
    assert {v["category"] for v in vignettes} == CATEGORIES
    assert all(v["expected"]["level"] == v["actual"]["level"] for v in vignettes)
    assert data["ruleset"]["hash"] == load_ruleset().sha256


def test_the_book_holds_the_outcomes_a_spoc_expects():
    results = {r.key: r for r in run_book(load_ruleset())}
    named = results["event-14-critical-threat-names-hustings"].actual
    assert named.flashpoint and named.presence in ("dedicated", "public_order")
    assert results["candidate-05-critical-threat-10-days"].actual.level in ("high", "very_high")
    assert results["event-12-high-risk-candidate-attends"].actual.presence in ("patrol", "dedicated", "public_order")
    # A medium candidate carries weight: the same hustings without them is a band lower.
    assert results["event-11-medium-candidate-counts"].actual.level == "medium"
    assert results["event-02-open-hustings"].actual.level == "low"


def test_a_vignette_fails_when_a_weight_it_depends_on_is_changed(cli, tmp_path):
    # The critical weight of a threat naming an event is what makes a small meeting a flashpoint.
    force = _force_ruleset(tmp_path, "named_threat = { low = 1, medium = 2, high = 3, critical = 4 }",
                           "named_threat = { low = 1, medium = 2, high = 3, critical = 2 }")
    result = cli("scenarios", "--ruleset", force)
    assert result.returncode == 1
    lines = {line.split()[1]: line for line in result.stdout.splitlines() if line.startswith(("ok", "DIFF"))}
    assert lines["event-15-critical-threat-names-small-meeting"].startswith("DIFF")
    assert "actual medium, not a flashpoint" in lines["event-15-critical-threat-names-small-meeting"]
    assert lines["candidate-05-critical-threat-10-days"].startswith("ok")
    assert "differ" in result.stdout.splitlines()[-1]


def test_the_old_critical_weight_leaves_a_threatened_candidate_at_medium(tmp_path):
    force = _force_ruleset(tmp_path, "critical = 45 }", "critical = 28 }")
    results = {r.key: r for r in run_book(load_ruleset(force))}
    failed = results["candidate-05-critical-threat-10-days"]
    assert not failed.passed and failed.actual.level == "medium" and failed.expected.level == "high"


def test_an_impartiality_vignette_fails_if_party_reached_a_score(monkeypatch):
    real = candidate_risk.assess_candidate

    def partisan(candidate, *args, **kwargs):
        result = real(candidate, *args, **kwargs)
        if candidate.party == "Heritage Party":
            result.level = "very_high"
        return result

    monkeypatch.setattr(candidate_risk, "assess_candidate", partisan)
    results = {r.key: r for r in run_book(load_ruleset())}
    assert results["impartiality-01-sitting-mp-high-threat"].differs_under == ("Heritage Party",)
    assert not results["impartiality-01-sitting-mp-high-threat"].passed
    assert results["impartiality-03-no-factors"].differs_under == ("Heritage Party",)


def test_a_damaged_vignette_is_one_line_and_exit_1(cli, tmp_path):
    book = tmp_path / "book"
    book.mkdir()
    (book / "good.toml").write_text((default_book_dir() / "candidate-02-sitting-mp.toml").read_text(encoding="utf-8"),
                                    encoding="utf-8")
    (book / "broken.toml").write_text('[vignette]\ntitle = "x"\ncategory = "events"\n[expect]\nsubject = "event:nope"\n'
                                      'level = "low"\n', encoding="utf-8")
    result = cli("scenarios", "--book", book)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "broken.toml" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("flag", [[], ["--json"]])
def test_a_force_ruleset_that_does_not_load_is_one_line(cli, tmp_path, flag):
    bad = tmp_path / "bad.toml"
    bad.write_text(f"[ruleset]\nname = 'x'\nversion = '1'\nschema = {SCHEMA_VERSION}\n", encoding="utf-8")
    result = cli("scenarios", "--ruleset", bad, *flag)
    assert result.returncode == 1 and result.stderr.count("\n") == 1
