"""What the app shows of a plan, read in one transaction after an edit.

An edit's refresh needs the plan and its assessment, the issued revisions, the
operational order and the audit log. Each read in its own session costs a
connection and a transaction apiece, and could see a colleague's commit land
between two of them; one read session gives one consistent picture. The audit
only grows, so only the entries after the last one shown are read, unless the
plan's history is no longer the one shown (the file was replaced: an import
undone, a backup restored), when it is read whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from electionplan.db.store import PlanStore
from electionplan.domain.order import OrderContent
from electionplan.report.audit_csv import AuditLine, audit_lines_in
from electionplan.risk.engine import Assessor
from electionplan.services.assessment import AssessedPlan, Since, assessed_plan, plan_inputs
from electionplan.services.order import order_in
from electionplan.services.revisions import IssuedRevision, RevisionContent, revision_in, revisions_in
from electionplan.system.collector import collection_paused


@dataclass(frozen=True)
class PlanReading:
    assessed: AssessedPlan
    revisions: list[IssuedRevision]
    order: OrderContent
    # The audit entries after the last one shown, oldest first; the whole audit when `audit_whole`.
    audit: list[AuditLine]
    audit_whole: bool
    revision: RevisionContent | None  # the revision asked for, decoded


def audit_after(session: Session, last: AuditLine | None) -> tuple[list[AuditLine], bool]:
    """The entries after `last`, and whether they are the whole audit (nothing shown yet, or another history)."""
    if last is not None:
        lines = audit_lines_in(session, last.id - 1)
        if lines and lines[0] == last:
            return lines[1:], False
    return audit_lines_in(session), True


def read_plan(plan: PlanStore, *, assessor: Assessor | None = None, since: Since | None = None,
              last_audit: AuditLine | None = None, revision: str | None = None) -> PlanReading:
    """Read and assess the plan with its revisions, order and new audit entries, in one read session; with
    `revision`, that issued revision too."""
    with collection_paused():
        with plan.session() as session:
            snapshot, rules = plan_inputs(session, None, since)
            revisions = revisions_in(session)
            order = order_in(session)
            audit, whole = audit_after(session, last_audit)
            content = revision_in(session, revision) if revision else None
        return PlanReading(assessed_plan(snapshot, rules, None, assessor), revisions, order, audit, whole, content)
