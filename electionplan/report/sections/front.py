"""The cover and document control sections."""

from __future__ import annotations

import datetime as dt
from typing import Any

from electionplan.domain.display import plural
from electionplan.domain.timefmt import fmt_date
from electionplan.report.document import (
    ChangeEntry,
    Changes,
    Cover,
    DocumentControl,
    ReviewCommentLine,
    RevisionLine,
    RulesetLine,
)
from electionplan.report.sections.scope import PlanScope
from electionplan.risk.ruleset import load_ruleset


def build_cover(scope: PlanScope, revision: dict[str, Any]) -> Cover:
    election, plan = scope.snapshot.election, scope.snapshot.plan
    as_at = fmt_date(scope.assessment.as_at)
    return Cover(
        title="Election policing plan",
        force=election.force,
        election=election.name,
        election_kind=election.kind,
        constituencies=tuple(f"{c.name} ({c.gss_code})" for c in scope.seats),
        reference=plan.reference,
        revision=revision.get("number") or "Draft",
        revision_date=revision.get("date") or as_at,
        status=revision.get("status") or "Draft – not yet approved",
        prepared_by=plan.prepared_by or "",
        # Only an approved revision names its approver; a later, unapproved issue does not inherit one.
        approved_by=(plan.approved_by if revision.get("approved") else "") or "Awaiting approval",
        as_at=as_at,
    )


def _altered(ruleset: dict[str, str]) -> bool:
    """Whether the ruleset carries the national default's name and version but not its text."""
    default = load_ruleset()
    return (ruleset["name"], ruleset["version"]) == (default.name, default.version) and ruleset["hash"] != default.sha256


def _next_review(due: dt.date | None, as_at: dt.date) -> str:
    """The next review date, flagged as `info` flags it when the plan is assessed after it."""
    if due is None:
        return ""
    late = (as_at - due).days
    return fmt_date(due) + (f": OVERDUE by {plural(late, 'day')} (assessed {fmt_date(as_at)})"
                            if late > 0 else "")


def build_control(scope: PlanScope, revisions: list[dict[str, str]],
                  review_comments: list[dict[str, str]], issued: bool = False) -> DocumentControl:
    """`issued`: an issued revision, printed with the ruleset it was assessed by then; only the plan as it
    is now is compared with today's national text (an older text of the same version was national once)."""
    plan, ruleset = scope.snapshot.plan, scope.assessment.ruleset
    return DocumentControl(
        revisions=tuple(RevisionLine(**r) for r in revisions),
        distribution=tuple(plan.distribution),
        next_review=_next_review(plan.next_review_date, scope.assessment.as_at),
        review_interval=plan.review_interval_days,
        ruleset=RulesetLine(ruleset["name"], ruleset["version"], ruleset["hash"], altered=not issued and _altered(ruleset)),
        review_comments=tuple(ReviewCommentLine(**c) for c in review_comments),
    )


def _entries(items: list[dict[str, Any]], detail) -> tuple[ChangeEntry, ...]:
    return tuple(ChangeEntry(c["entity"], c["entity_label"], c["name"], c.get("field", ""), detail(c)) for c in items)


def build_changes(changes: dict[str, Any] | None) -> Changes | None:
    """services.diff's document of what changed, as the document's typed entries."""
    if changes is None:
        return None
    return Changes(
        since=changes["since"],
        added=_entries(changes["added"], lambda c: ""),
        removed=_entries(changes["removed"], lambda c: ""),
        changed=_entries(changes["changed"], lambda c: f"{c['field_label']}: {c['old']} → {c['new']}"),
        moved=_entries(changes["moved"], lambda c: f"{c['old']} → {c['new']}. {c.get('reason', '')}"),
    )
