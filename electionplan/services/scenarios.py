"""Running the scenario book, as `electionplan scenarios` does: against the national default or a force's ruleset."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from electionplan.risk.ruleset import Ruleset, load_ruleset
from electionplan.risk.scenarios import ScenarioResult, run_book


@dataclass(frozen=True)
class ScenarioReport:
    ruleset: Ruleset
    results: list[ScenarioResult]

    @property
    def differing(self) -> list[ScenarioResult]:
        return [r for r in self.results if not r.passed]


def run_scenarios(ruleset_path: str | Path | None = None, book: str | Path | None = None) -> ScenarioReport:
    rules = load_ruleset(ruleset_path)
    return ScenarioReport(rules, run_book(rules, Path(book) if book else None))
