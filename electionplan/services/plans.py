"""Creating a plan and reading its headline facts."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from electionplan.db import audit
from electionplan.db import models as m
from electionplan.db.opening import open_store
from electionplan.db.planfile import create_plan_file, staged_plan_file
from electionplan.db.store import PlanStore, is_database_location
from electionplan.domain import validation as v
from electionplan.domain.errors import PlanFileError
from electionplan.domain.order import CALL_SIGN_CLAUSE
from electionplan.domain.timefmt import today_london

# Read as plans.X by their callers; they live where `info` reaches them without the mapped models.
from electionplan.services.plan_summary import WHOLE_EDITION, plan_info, review_status  # noqa: F401
from electionplan.system.faults import fault_point
from electionplan.system.preferences import acting_person

DEFAULT_INTENTION = (
    "To facilitate a safe, fair and peaceful {election}, in which every candidate can campaign, "
    "every elector can vote and every count can be completed free from intimidation, violence or "
    "disorder; to protect candidates, agents, electoral staff and the public; to uphold the rights "
    "to freedom of expression and of assembly (Articles 10 and 11 ECHR) in a manner that is "
    "impartial and gives no political advantage to any candidate or party; and to investigate "
    "electoral offences promptly."
)

DEFAULT_COMMUNICATIONS = (
    f"Force control room is the single point for incidents; {CALL_SIGN_CLAUSE}. The SPOC holds a daily call with the returning officer's team during the campaign "
    "and hourly contact on polling day and through the count. Candidates and agents receive the "
    "named police contact for their area. Media enquiries go to corporate communications; no "
    "officer comments on candidates or parties."
)


def plan_reference(force: str, polling_day: dt.date) -> str:
    initials = "".join(word[0] for word in re.findall(r"[A-Za-z]+", force) if word[0].isupper()) or "EP"
    return f"EP-{initials}-{polling_day:%Y%m%d}"


def _preparer() -> str:
    person = acting_person()
    return person.label if person else ""


def _new_store(location: Path | str, overwrite: bool) -> PlanStore:
    """An empty plan at a file path or a database URL."""
    if is_database_location(location):
        from electionplan.services.copying import create_empty_store

        return create_empty_store(location, replace=overwrite)
    return create_plan_file(location, overwrite=overwrite)


@dataclass(frozen=True)
class _Facts:
    name: str
    kind: str
    polling_day: dt.date
    force: str
    notice_date: dt.date | None
    count_date: dt.date | None


def create_plan(
    path: Path | str,
    *,
    name: str,
    kind: str,
    polling_day: dt.date,
    force: str,
    notice_date: dt.date | None = None,
    count_date: dt.date | None = None,
    overwrite: bool = False,
    fill: Callable[[PlanStore], object] | None = None,
) -> PlanStore:
    """A new plan at a file path or a `postgresql://…?plan=NAME` URL, filled by `fill` (a sample, a quick setup)
    before anyone else may read it.

    A database plan that exists and is to be replaced is built beside the old one and swapped in whole, as
    `copy --force` replaces one: stopped at any point, the old plan stays as it was.
    """
    name = v.require(name, "name", "Election name")
    force = v.require(force, "force", "Force")
    v.check_election_kind(kind)
    if notice_date and notice_date > polling_day:
        raise v.ValidationError("The notice of election must come before polling day.", "notice_date")
    if count_date and count_date < polling_day:
        raise v.ValidationError("The count cannot be before polling day.", "count_date")
    facts = _Facts(name, kind, polling_day, force, notice_date, count_date)
    if is_database_location(path):
        from electionplan.db.pgreplace import staged_replacement
        from electionplan.db.pgstore import database_plan_exists
        from electionplan.db.store import database_identity

        if database_plan_exists(str(path)):
            if not overwrite:  # as for a file: `new` replaces nothing (its --force names the police force)
                raise PlanFileError(f"{database_identity(str(path)).label} already holds a plan; choose another "
                                    "name or remove it first.")
            with staged_replacement(str(path)) as staged:
                _make(staged, facts, fill)
            return open_store(path)
    if overwrite and Path(path).is_file():  # replaced whole, once made: a failure keeps the plan there
        with staged_plan_file(Path(path)) as staged:
            _make(staged, facts, fill)
        return open_store(path)
    plan = _new_store(path, overwrite)
    try:
        _make(plan, facts, fill)
    except Exception:
        from electionplan.services.copying import discard_new_plan

        plan.close()
        discard_new_plan(path)
        raise
    return plan


def _make(plan: PlanStore, facts: _Facts, fill: Callable[[PlanStore], object] | None) -> None:
    with plan.session() as session:
        election = m.Election(name=facts.name, kind=facts.kind, force=facts.force, polling_day=facts.polling_day,
                              notice_date=facts.notice_date,
                              count_date=facts.count_date or facts.polling_day + dt.timedelta(days=1))
        session.add(election)
        session.add(
            m.Plan(
                reference=plan_reference(facts.force, facts.polling_day),
                prepared_by=_preparer(),
                intention=DEFAULT_INTENTION.format(election=facts.name),
                communications=DEFAULT_COMMUNICATIONS,
                distribution=[],
                review_interval_days=7,
                next_review_date=min(today_london() + dt.timedelta(days=7), facts.polling_day),
            )
        )
        session.flush()
        audit.record(session, "create", "Election", election.id, "", "", facts.name)
    fault_point("plan-made")
    if fill is not None:
        fill(plan)
        fault_point("plan-filled")
