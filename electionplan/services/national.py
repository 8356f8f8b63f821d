"""The national view: every force's plan, rolled up read-only.

A national portfolio lead must see that each force has a plan, kept under
review with returning officers' input, assessed by the same rules, and how many
candidates have been offered a security briefing. Each plan, a file or a
database plan, is opened read-only: nothing is upgraded, backed up or marked as
open, so every input is left exactly as it was. Only counts, document facts and
the when and where of each flashpoint and short shift leave a plan; no
restricted field is read into the roll-up.

On election night the view is read for need: forces are sorted with the most
flashpoints, the most shifts short and the fewest candidates offered a briefing
first, and a force whose share of candidates offered a briefing is below the
line is flagged. The line is each force's own ruleset's
`candidate.briefing_offered_min_pct`; a ruleset written before that setting
existed takes the national default's.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from electionplan.db import models as m
from electionplan.db.opening import open_store
from electionplan.db.queries import get_election, get_plan_row
from electionplan.db.store import PlanStore
from electionplan.domain.national import FlashpointLine, ForceSummary, NationalTotals, NationalView, ShortShift
from electionplan.domain.plancodec import iso_minutes
from electionplan.domain.timefmt import now_london
from electionplan.risk.ruleset import LEVELS, Ruleset
from electionplan.services.assessment import AssessedPlan, assess_plan_file
from electionplan.services.plans import review_status

log = logging.getLogger(__name__)

LISTED_LEVELS = ("high", "very_high")  # flashpoints listed one by one; lower levels are counted


def percentage(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def force_summary(plan: PlanStore, as_at: dt.date) -> ForceSummary:
    """One force's facts from its plan, by counting in SQL and assessing once."""
    with plan.session() as session:
        election, plan_row = get_election(session), get_plan_row(session)
        latest = session.scalars(select(m.Revision).order_by(m.Revision.major.desc(), m.Revision.minor.desc())).first()
        candidates = _count(session, m.Candidate)
        offered = _count(session, m.Candidate, m.Candidate.briefing_offered.is_not(None))
        ro_reviews = _count(session, m.ReviewComment)
        facts = (election.force, election.name, plan_row.reference, plan_row.review_interval_days,
                 plan_row.next_review_date)
        revision = (latest.number, "approved" if latest.major >= 1 else "draft", latest.issued_at) if latest else None
    force, election_name, reference, interval, due = facts
    assessed = assess_plan_file(plan, None, as_at)
    levels = Counter(event.level for event in assessed.assessment.flashpoints)
    review = review_status(interval, due, as_at)
    issued = revision[2].date().isoformat() if revision else None
    return ForceSummary(
        source=plan.identity.label, force=force, election=election_name, plan_reference=reference,
        revision=revision[0] if revision else None, revision_status=revision[1] if revision else "none issued",
        revision_date=issued, last_review=issued, next_review=review["next_review_date"],
        review_overdue=review["overdue"], days_overdue=review["days_overdue"],
        returning_officer_reviews=ro_reviews, candidates=candidates, briefings_offered=offered,
        briefings_offered_pct=percentage(offered, candidates),
        flashpoints={level: levels.get(level, 0) for level in LEVELS},
        shifts_short=len(assessed.assessment.shortfalls), ruleset=assessed.ruleset.describe(),
        briefing_threshold_pct=briefing_threshold(assessed.ruleset),
        flashpoint_list=_flashpoint_lines(force, assessed), short_shifts=_short_shifts(force, assessed),
    )


def briefing_threshold(rules: Ruleset) -> float:
    return float(rules.candidate.briefing_offered_min_pct)


def _flashpoint_lines(force: str, assessed: AssessedPlan) -> list[FlashpointLine]:
    """The high and very high flashpoints: when, where (the venue, else the constituency) and what."""
    venues = {v.id: ", ".join(p for p in (v.name, v.postcode) if p) for v in assessed.snapshot.venues}
    areas = {c.id: c.name for c in assessed.snapshot.constituencies}
    return [FlashpointLine(force, iso_minutes(event.start), venues.get(event.venue_id or -1) or areas.get(event.constituency_id or -1)
                           or "place not recorded", event.name, event.level)
            for event in sorted(assessed.assessment.flashpoints, key=lambda e: e.start) if event.level in LISTED_LEVELS]


def _short_shifts(force: str, assessed: AssessedPlan) -> list[ShortShift]:
    return [ShortShift(force, row.date.isoformat(), row.shift, row.shortfall) for row in assessed.assessment.shortfalls]


def national_totals(forces: list[ForceSummary]) -> NationalTotals:
    candidates = sum(f.candidates for f in forces)
    offered = sum(f.briefings_offered for f in forces)
    return NationalTotals(
        forces=len(forces),
        plans_without_revision=sum(1 for f in forces if f.revision is None),
        reviews_overdue=sum(1 for f in forces if f.review_overdue),
        returning_officer_reviews=sum(f.returning_officer_reviews for f in forces),
        candidates=candidates, briefings_offered=offered, briefings_offered_pct=percentage(offered, candidates),
        flashpoints={level: sum(f.flashpoints[level] for f in forces) for level in LEVELS},
        shifts_short=sum(f.shifts_short for f in forces),
    )


def national_view(locations: list[str | Path], as_at: dt.date) -> NationalView:
    """Roll up the plans at locations (files or database URLs), each opened read-only."""
    forces = []
    for location in locations:
        with open_store(location, read_only=True) as plan:
            forces.append(force_summary(plan, as_at))
    rulesets = sorted({tuple(sorted(f.ruleset.items())) for f in forces})
    used = Counter(tuple(sorted(f.ruleset.items())) for f in forces)
    common = dict(max(used.items(), key=lambda item: (item[1], item[0]))[0]) if used else {}
    log.info("national view of %d plans", len(forces))
    return NationalView(as_at.isoformat(), sorted(forces, key=lambda f: f.need), national_totals(forces),
                        [dict(r) for r in rulesets], now_london().isoformat(timespec="minutes"), common)
