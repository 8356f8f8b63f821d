"""Keeping the plan under review: diffs between revisions and what moved."""

from __future__ import annotations

from typing import Any

from electionplan.db.store import PlanStore
from electionplan.services.editions import EditionRequest, diff_edition
from electionplan.services.revisions import list_revisions


def diff_revisions(plan: PlanStore, a: str, b: str) -> dict[str, Any]:
    """The police's diff from revision a to revision b ('live' for the plan as it is now)."""
    return diff_edition(plan, a, b, EditionRequest())


def moved_since_latest(plan: PlanStore) -> str:
    """'3 items changed level since revision 1.1', after a re-assessment."""
    revisions = list_revisions(plan)
    if not revisions:
        return "Re-assessed; no revision has been issued yet to compare with."
    latest = revisions[-1].number
    moved = diff_revisions(plan, latest, "live")["moved"]
    count = len(moved)
    noun = "item" if count == 1 else "items"
    lines = [f"Re-assessed: {count} {noun} changed level since revision {latest}."]
    lines += [f"  {m['entity_label']} '{m['name']}': {m['old']} -> {m['new']}" for m in moved]
    return "\n".join(lines)
