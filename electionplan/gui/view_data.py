"""Everything the window shows of a plan, worked out in one go and off the UI thread when it is large.

An assessment and the rows of every table are plain data, so they are built
where they cost nothing to the SPOC's typing: in the background for a national
plan, straight away for a by-election (under a second, and simpler to follow).
The window then only hands each table its rows, and a table told the same
records again repaints only the rows that changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from electionplan.db.store import PlanStore
from electionplan.domain.plandata import PlanSnapshot
from electionplan.gui import rows
from electionplan.risk.results import Assessment
from electionplan.services.assessment import assess_plan_file
from electionplan.services.revisions import load_revision

Rows = list[dict[str, Any]]


@dataclass(frozen=True)
class ViewData:
    snapshot: PlanSnapshot
    assessment: Assessment
    ruleset: Any
    constituencies: Rows
    stations: Rows
    events: Rows
    venues: Rows
    candidates: Rows
    incidents: Rows
    flashpoints: Rows
    demand: Rows
    demand_by_day: Rows
    # The levels of the latest revision's own assessment, when asked for (to say what moved since).
    revision_label: str = ""
    revision_levels: dict[tuple[str, int], str] | None = None


def build_view_data(plan: PlanStore, revision_for_levels: str | None = None) -> ViewData:
    """Assess the plan and build every table's rows (safe to run on a worker thread: no Qt);
    with `revision_for_levels`, that revision's levels too."""
    result = assess_plan_file(plan)
    snap, assessment = result.snapshot, result.assessment
    return ViewData(
        snapshot=snap, assessment=assessment, ruleset=result.ruleset,
        constituencies=rows.constituency_rows(snap, assessment), stations=rows.station_rows(snap, assessment),
        events=rows.event_rows(snap, assessment), venues=rows.venue_rows(snap),
        candidates=rows.candidate_rows(snap, assessment), incidents=rows.incident_rows(snap),
        flashpoints=rows.flashpoint_rows(snap, assessment), demand=rows.demand_rows(assessment),
        demand_by_day=rows.demand_by_day(assessment),
        revision_label=revision_for_levels or "",
        revision_levels=levels_of(load_revision(plan, revision_for_levels).assessment()) if revision_for_levels else None,
    )


def levels_of(assessment: Assessment | None) -> dict[tuple[str, int], str]:
    """Every candidate's and event's level and every station's rating, by kind and id."""
    if assessment is None:
        return {}
    levels = {("c", c.id): c.level for c in assessment.candidates}
    levels.update({("e", e.id): e.level for e in assessment.events})
    levels.update({("s", s.id): s.rag for s in assessment.stations})
    return levels
