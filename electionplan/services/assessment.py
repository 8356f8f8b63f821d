"""Assessing a plan file: which ruleset applies, and the result."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from electionplan.db import audit
from electionplan.db.queries import get_plan_row
from electionplan.db.snapshot import load_snapshot
from electionplan.db.store import PlanStore
from electionplan.domain.plandata import PlanSnapshot
from electionplan.risk.engine import Assessor
from electionplan.risk.results import Assessment
from electionplan.risk.ruleset import Ruleset, load_ruleset, parse_ruleset
from electionplan.system.collector import collection_paused

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Since:
    """A snapshot read earlier, and the records updated in the plan after it was read (table: ids)."""

    snapshot: PlanSnapshot
    updated: dict[str, frozenset[int]]


@dataclass
class AssessedPlan:
    snapshot: PlanSnapshot
    ruleset: Ruleset
    assessment: Assessment


def ruleset_for(session: Session, ruleset_path: Path | str | None = None) -> Ruleset:
    """An explicit file wins; then the plan's own ruleset; then the national default."""
    if ruleset_path:
        return load_ruleset(ruleset_path)
    stored = get_plan_row(session).ruleset_toml
    if stored:
        return parse_ruleset(stored, "the plan's ruleset")
    return load_ruleset()


def assess_plan_file(
    plan: PlanStore, ruleset_path: Path | str | None = None, as_at: dt.date | None = None,
    assessor: Assessor | None = None, since: Since | None = None,
) -> AssessedPlan:
    """Read and assess the plan; an `assessor` kept from the last time reuses what has not changed, and
    `since` (the last snapshot and the records updated after it) reads only those records again."""
    with collection_paused():
        with plan.session() as session:
            snapshot, rules = plan_inputs(session, ruleset_path, since)
        return assessed_plan(snapshot, rules, as_at, assessor)


def plan_inputs(session: Session, ruleset_path: Path | str | None = None,
                since: Since | None = None) -> tuple[PlanSnapshot, Ruleset]:
    """The plan and the ruleset it is assessed by, read in the caller's transaction (given `since`, only the
    records updated after that snapshot are read again)."""
    if since is not None:
        return load_snapshot(session, since.snapshot, since.updated), ruleset_for(session, ruleset_path)
    return load_snapshot(session), ruleset_for(session, ruleset_path)


def assessed_plan(snapshot: PlanSnapshot, rules: Ruleset, as_at: dt.date | None = None,
                  assessor: Assessor | None = None) -> AssessedPlan:
    assessment = (assessor or Assessor()).assess(snapshot, rules, as_at)
    log.debug("assessed: %d candidates, %d events (%d flashpoints), %d stations",
              len(assessment.candidates), len(assessment.events), len(assessment.flashpoints), len(assessment.stations))
    return AssessedPlan(snapshot, rules, assessment)


def set_plan_ruleset(plan: PlanStore, ruleset_path: Path | str | None) -> Ruleset:
    """Keep a force's ruleset in the plan (validated first), or clear it."""
    rules = load_ruleset(ruleset_path) if ruleset_path else load_ruleset()
    with plan.session() as session:
        row = get_plan_row(session)
        old = row.ruleset_toml
        row.ruleset_toml = rules.source if ruleset_path else None
        audit.record(session, "update", "Plan", row.id, "ruleset", "custom" if old else "default",
                     f"{rules.name} {rules.version}")
    return rules


def plan_ruleset(plan: PlanStore) -> Ruleset:
    """The ruleset the plan is assessed by: the force's own copy in the plan, or the national default."""
    with plan.session() as session:
        return ruleset_for(session)
