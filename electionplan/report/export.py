"""Exporting the plan as a PDF: choose the content, redact, render, write atomically."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import select

from electionplan.db import models as m
from electionplan.db.planfile import PlanFile
from electionplan.domain.errors import ElectionPlanError, NotFound
from electionplan.report.pdf import PlanPdfRenderer
from electionplan.report.redaction import policy_for, redact_for
from electionplan.report.view import build_plan_view
from electionplan.services.assessment import assess_plan_file
from electionplan.services.diff import diff_snapshots
from electionplan.system.files import atomic_write_bytes
from electionplan.services.revisions import list_revisions, load_revision, previous_number, revision_rows
from electionplan.domain.timefmt import fmt_date, fmt_datetime

log = logging.getLogger(__name__)


class ExportCancelled(ElectionPlanError):
    pass


def _review_comments(plan: PlanFile) -> list[dict[str, str]]:
    with plan.session() as session:
        return [
            {"revision": c.revision_number, "reviewer": ", ".join(p for p in (c.reviewer, c.role) if p),
             "date": fmt_date(c.reviewed_on), "comments": c.comments}
            for c in session.scalars(select(m.ReviewComment).order_by(m.ReviewComment.id))
        ]


def plan_pdf_bytes(plan: PlanFile, *, edition: str = "police", constituency: str | None = None,
                   revision: str | None = None) -> tuple[bytes, dict]:
    policy_for(edition)  # an unknown edition fails before any work
    revisions = list_revisions(plan)
    if revision:
        content = load_revision(plan, revision)
        snapshot, rules, assessment = content.snapshot, content.ruleset, content.assessment()
        meta = content.meta
        shown = [r for r in revisions if r.key <= meta.key]
        info = {"number": meta.number, "date": fmt_datetime(meta.issued_at), "approved": meta.approved,
                "status": "Approved" if meta.number_major >= 1 else "Draft"}
        prior = previous_number(plan, meta.number)
    else:
        result = assess_plan_file(plan)
        snapshot, rules, assessment = result.snapshot, result.ruleset, result.assessment
        shown = revisions
        latest = revisions[-1] if revisions else None
        info = {"number": f"{latest.number} + working changes" if latest else "Draft", "approved": False,
                "status": "Working draft, not issued"}
        prior = latest.number if latest else None
    changes = None
    if prior:
        before = load_revision(plan, prior)
        changes = diff_snapshots(before.snapshot, snapshot, before.assessment(), assessment, prior, info["number"])
    if constituency and not any(c["gss_code"] == constituency for c in snapshot["constituencies"]):
        raise NotFound(f"The plan has no constituency with GSS code {constituency}.")
    view = build_plan_view(snapshot, assessment, edition=edition, constituency_code=constituency, revision=info,
                           revisions=revision_rows(shown), changes=changes, review_comments=_review_comments(plan))
    view["bands"] = rules["event"]["bands"]
    redacted = redact_for(view, edition)
    return PlanPdfRenderer(redacted).render(), redacted


def export_pdf(plan: PlanFile, target: Path | str, *, edition: str = "police", constituency: str | None = None,
               revision: str | None = None, cancelled=lambda: False) -> str:
    data, view = plan_pdf_bytes(plan, edition=edition, constituency=constituency, revision=revision)
    if cancelled():
        # Nothing has been written: a cancelled export leaves the target as it was.
        raise ExportCancelled("The export was cancelled; no file was written.")
    atomic_write_bytes(Path(target), data)
    log.debug("pdf written: %s edition, %d bytes", edition, len(data))
    return f"Wrote {target} ({view['edition_label']}, revision {view['revision']}, {len(data) // 1024} KB)"
