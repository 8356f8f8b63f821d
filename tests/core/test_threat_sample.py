"""The sample carries a critical threat naming a hustings: the JSON, the PDF and both editions show it."""

from __future__ import annotations

import json

from electionplan.risk.presence import RANK
from electionplan.risk.ruleset import load_ruleset
from tests.conftest import pdf_words

REASON = ("A critical threat at this hustings (letter threatening violence at hustings) was reported on 19/11/2026 "
          "(likelihood +4).")
HUSTINGS = "Young voters' hustings"


def _squeezed(text: str) -> str:
    return "".join(text.split())


def test_assess_json_shows_the_threatened_hustings_and_the_candidate(sample_plan_path, cli):
    result = cli("assess", sample_plan_path, "--json", "--as-at", "2026-11-21")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    hustings = next(e for e in data["flashpoints"] if e["name"] == HUSTINGS)
    assert REASON in hustings["reasons"]
    assert RANK.index(hustings["presence"]["option"]) >= RANK.index("dedicated")
    lucy = next(c for c in data["candidates"] if c["name"] == "Lucy Marchetti")
    assert lucy["level"] == "high"
    threat = next(f for f in lucy["factors"] if f["factor"] == "threats")
    assert "the most serious critical, the latest on 19/11/2026" in threat["reason"]
    # Every hustings she attends has officers nearby, whatever its own score.
    with_her = [e for e in data["events"] if e["kind"] == "hustings" and e["id"] in _events_of(sample_plan_path, cli)]
    assert with_her and all(RANK.index(e["presence"]["option"]) >= RANK.index("patrol") for e in with_her)


def _events_of(sample_plan_path, cli) -> set[int]:
    from electionplan.db.opening import open_store
    from electionplan.db.snapshot import load_snapshot

    with open_store(sample_plan_path) as plan, plan.session() as session:
        snapshot = load_snapshot(session)
    lucy = next(c for c in snapshot.candidates if c.name == "Lucy Marchetti")
    return {e.id for e in snapshot.events if lucy.id in e.candidate_ids}


def test_the_police_pdf_gives_the_threat_with_its_weight_and_the_ruleset_in_words(sample_plan_path, cli, tmp_path):
    police = tmp_path / "police.pdf"
    assert cli("export", sample_plan_path, "-o", police).returncode == 0
    words = pdf_words(police)
    assert _squeezed(REASON) in words
    rules = load_ruleset()
    # Lettered in turn, with no gap a reader takes for a lost page: the sample has no contributions yet.
    annexes = ("Annex A. Candidate risk profiles", "Annex B. Incident log", "Annex C. How the risk was assessed")
    assert all(_squeezed(title) in words for title in annexes) and _squeezed("Annex D.") not in words
    assert _squeezed(f"{rules.name}, version {rules.version} (SHA-256 {rules.sha256})") in words
    assert _squeezed("a score of 15 or more is a flashpoint") in words
    assert _squeezed("adds 4 to the likelihood if critical") in words
    # Her profile in Annex A names the hustings the report threatens.
    assert _squeezed("'dealt with' at the young voters' hustings. Names: Young voters' hustings (14/01/2027).") in words


def test_the_returning_officers_pdf_lists_the_hustings_but_not_that_a_threat_weighs_on_it(sample_plan_path, cli,
                                                                                          tmp_path):
    """Outside the police an event is its public facts: even a fixed sentence that a threat weighs on it would
    move with the threat reports (see "Non-interference" in report.editions)."""
    ro = tmp_path / "ro.pdf"
    assert cli("export", sample_plan_path, "-o", ro, "--edition", "returning-officer").returncode == 0
    words = pdf_words(ro)
    assert _squeezed("Police information about a threat raises the risk at this event.") not in words
    assert _squeezed("uses information that is not shown in this edition") in words
    assert _squeezed("How the risk was assessed") not in words
    assert "letterthreateningviolence" not in words.lower() and "likelihood+4" not in words
    assert _squeezed(HUSTINGS) in words
