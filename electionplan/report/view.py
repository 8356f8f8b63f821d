"""The plan document, built from one snapshot and its assessment.

build_plan_document assembles the full (police) content, one builder per
section, from an edition's view of the plan (`report.edition_view`);
editions.allow_document then keeps only the fields the edition names. The
renderer only lays out what it is given and never touches the database.
"""

from __future__ import annotations

from typing import Any

from electionplan.domain.order import with_recorded_call_signs
from electionplan.domain.plandata import PlanSnapshot
from electionplan.report.document import PlanDocument
from electionplan.report.editions import POLICIES
from electionplan.report.sections.deployment import build_deployment
from electionplan.report.sections.front import build_changes, build_control, build_cover
from electionplan.report.sections.information import build_information
from electionplan.report.sections.operations import (
    build_administration,
    build_contributions,
    build_incidents,
    build_method,
    build_register,
)
from electionplan.report.sections.order import build_order, order_count_rvps
from electionplan.report.sections.scope import plan_scope
from electionplan.report.sections.summary import build_summary
from electionplan.risk.deployment import Deployment
from electionplan.risk.results import Assessment
from electionplan.risk.ruleset import Ruleset


def build_plan_document(
    snapshot: PlanSnapshot,
    assessment: Assessment,
    rules: Ruleset,
    *,
    constituency_code: str | None = None,
    revision: dict[str, Any] | None = None,
    revisions: list[dict[str, str]] | None = None,
    changes: dict[str, Any] | None = None,
    review_comments: list[dict[str, str]] | None = None,
    deployment: Deployment | None = None,
    issued: bool = False,
    assessed: bool = True,
) -> PlanDocument:
    """`assessed` is False for an edition outside the police, whose events carry no assessment."""
    scope = plan_scope(snapshot, assessment, rules, constituency_code, assessed)
    plan = snapshot.plan
    return PlanDocument(
        edition=POLICIES["police"].edition,
        cover=build_cover(scope, revision or {}),
        control=build_control(scope, revisions or [], review_comments or [], issued),
        summary=build_summary(scope),
        information=build_information(scope),
        intention=plan.intention or "",
        method=build_method(scope),
        administration=build_administration(scope),
        register=build_register(scope),
        communications=with_recorded_call_signs(plan.communications or "",
                                                snapshot.order.channels if snapshot.order else ()),
        changes=build_changes(changes),
        incidents=build_incidents(scope),
        contributions=build_contributions(scope),
        deployment=build_deployment(scope, deployment, revision or {}),
        order=build_order(snapshot.order, plan.communications or "", snapshot.contacts,
                          order_count_rvps(snapshot, rules.rvp)),
    )
