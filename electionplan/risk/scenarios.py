"""Running the scenario book against a ruleset: each vignette's expected and actual outcome.

A force that changes a weight runs the book with its ruleset and sees which
typical situations now come out differently, before it adopts the change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from electionplan.risk.engine import assess_plan
from electionplan.risk.presence import RANK
from electionplan.risk.results import Assessment
from electionplan.risk.ruleset import Ruleset
from electionplan.risk.scenario_book import Vignette, fragment_snapshot, load_book, subject_id


@dataclass(frozen=True)
class Outcome:
    level: str
    flashpoint: bool | None
    presence: str | None


@dataclass(frozen=True)
class ScenarioResult:
    key: str
    title: str
    category: str
    subject: str
    expected: Outcome
    actual: Outcome
    # Under which party an impartiality vignette came out otherwise; empty when the same under all.
    differs_under: tuple[str, ...]
    passed: bool

    def to_dict(self) -> dict:
        def outcome(o: Outcome) -> dict:
            return {"level": o.level, "flashpoint": o.flashpoint, "presence": o.presence}

        return {"vignette": self.key, "title": self.title, "category": self.category, "subject": self.subject,
                "expected": outcome(self.expected), "actual": outcome(self.actual),
                "differs_under_parties": list(self.differs_under), "passed": self.passed}


def _outcome(assessment: Assessment, kind: str, record_id: int) -> Outcome:
    if kind == "candidate":
        candidate = next(c for c in assessment.candidates if c.id == record_id)
        return Outcome(candidate.level, None, None)
    if kind == "event":
        event = next(e for e in assessment.events if e.id == record_id)
        return Outcome(event.level, event.flashpoint, event.presence.option if event.presence else "none")
    station = next(s for s in assessment.stations if s.id == record_id)
    return Outcome(station.rag, None, station.presence.option if station.presence else "none")


def _meets(expected: Outcome, actual: Outcome) -> bool:
    """The level exactly; flashpoint or not where expected; at least the expected presence."""
    if actual.level != expected.level:
        return False
    if expected.flashpoint is not None and actual.flashpoint != expected.flashpoint:
        return False
    return expected.presence is None or RANK.index(actual.presence or "none") >= RANK.index(expected.presence)


def run_vignette(vignette: Vignette, rules: Ruleset) -> ScenarioResult:
    kind, record_id = subject_id(vignette)
    turns = range(max(1, len(vignette.parties)))
    outcomes = [_outcome(assess_plan(fragment_snapshot(vignette, turn), rules, vignette.as_at), kind, record_id)
                for turn in turns]
    e = vignette.expected
    expected = Outcome(e.level, e.flashpoint, e.min_presence)
    # The subject's party under each turn: the first candidate takes parties[turn].
    differs = tuple(vignette.parties[turn] for turn in turns if outcomes[turn] != outcomes[0])
    return ScenarioResult(vignette.key, vignette.title, vignette.category, e.subject, expected, outcomes[0],
                          differs, _meets(expected, outcomes[0]) and not differs)


def run_book(rules: Ruleset, folder: Path | None = None) -> list[ScenarioResult]:
    return [run_vignette(vignette, rules) for vignette in load_book(folder)]
