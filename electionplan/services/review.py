"""Keeping the plan under review: diffs between revisions and what moved."""

from __future__ import annotations

from typing import Any

from electionplan.db.store import PlanStore
from electionplan.services.assessment import assess_plan_file
from electionplan.services.diff import diff_snapshots
from electionplan.services.revisions import list_revisions, load_revision


def diff_revisions(plan: PlanStore, a: str, b: str) -> dict[str, Any]:
    """The diff from revision a to revision b ('live' for the plan as it is now)."""
    old = load_revision(plan, a)
    if b == "live":
        live = assess_plan_file(plan, as_at=None)
        return diff_snapshots(old.snapshot, live.snapshot, old.assessment(), live.assessment, old.meta.number, "live")
    new = load_revision(plan, b)
    return diff_snapshots(old.snapshot, new.snapshot, old.assessment(), new.assessment(), old.meta.number, new.meta.number)


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
