"""Exporting the plan as a PDF: read once, cut to the edition, render, write atomically.

Everything an export shows (the plan or an issued revision, the revision it is
compared with, the revision history and the review comments) is read in one
transaction, so a colleague's edit mid-export cannot mix two states of the plan.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from electionplan.db import models as m
from electionplan.db.queries import plan_pack_key
from electionplan.db.store import PlanStore
from electionplan.domain.canonical import content_hash
from electionplan.domain.errors import ElectionPlanError
from electionplan.domain.packs import REVIEW_EDITION, review_binding, sound_key
from electionplan.domain.plancodec import encode_snapshot
from electionplan.domain.plandata import PlanSnapshot
from electionplan.domain.timefmt import fmt_date, fmt_datetime
from electionplan.report.companion import companion_names, describe_companions, document_tables
from electionplan.report.document import PlanDocument
from electionplan.report.edition_view import EditionView, edition_view
from electionplan.report.editions import allow_document, policy_for
from electionplan.report.pdf import PlanPdfRenderer
from electionplan.report.tables import plan_tables, write_xlsx
from electionplan.report.view import build_plan_document
from electionplan.risk.deployment import deploy_plan
from electionplan.risk.engine import assess_plan
from electionplan.risk.ruleset import DEPLOYMENT_SCHEMA, Ruleset
from electionplan.risk.ruleset_optional import report_rows_in_full
from electionplan.services.assessment import plan_inputs
from electionplan.services.diff import diff_snapshots
from electionplan.services.revisions import (
    IssuedRevision,
    RevisionContent,
    number_before,
    revision_in,
    revision_rows,
    revisions_in,
)
from electionplan.system.files import atomic_write_bytes

log = logging.getLogger(__name__)


class ExportCancelled(ElectionPlanError):
    pass


@dataclass(frozen=True)
class ExportInputs:
    """What one export reads from the plan, all from the same transaction."""

    snapshot: PlanSnapshot
    rules: Ruleset
    as_at: dt.date | None  # None: the live plan, assessed as at today
    revision: dict[str, Any]
    shown: list[IssuedRevision]
    prior: RevisionContent | None
    review_comments: list[dict[str, str]]


def _review_comments(session: Session) -> list[dict[str, str]]:
    return [
        {"revision": c.revision_number, "reviewer": ", ".join(p for p in (c.reviewer, c.role) if p),
         "date": fmt_date(c.reviewed_on), "comments": c.comments}
        for c in session.scalars(select(m.ReviewComment).order_by(m.ReviewComment.id))
    ]


def read_export(session: Session, revision: str | None) -> ExportInputs:
    revisions = revisions_in(session)
    if revision:
        content = revision_in(session, revision)
        meta = content.meta
        info = {"number": meta.number, "date": fmt_datetime(meta.issued_at), "approved": meta.approved,
                "status": meta.status.capitalize(), "hash": meta.content_hash}
        snapshot, rules, as_at = content.snapshot, content.ruleset, content.as_at
        shown = [r for r in revisions if r.key <= meta.key]
        prior = number_before(revisions, meta.number)
    else:
        snapshot, rules = plan_inputs(session)
        as_at = None
        latest = revisions[-1] if revisions else None
        info = {"number": f"{latest.number} + working changes" if latest else "Draft", "approved": False,
                "status": "Working draft, not issued"}
        shown = revisions
        prior = latest.number if latest else None
    return ExportInputs(snapshot, rules, as_at, info, shown, revision_in(session, prior) if prior else None,
                        _review_comments(session))


def edition_changes(read: ExportInputs, view: EditionView) -> dict[str, Any] | None:
    """What changed since the prior revision, as the edition sees both sides."""
    if not read.prior:
        return None
    prior = read.prior
    before = edition_view(prior.snapshot, prior.assessment(), prior.ruleset, view.policy.key, view.constituency)
    return diff_snapshots(before.snapshot, view.snapshot, before.assessment, view.assessment,
                          prior.meta.number, read.revision["number"])


def review_content_hash(snapshot: PlanSnapshot, assessment, rules: Ruleset) -> str:
    """The hash a sign-off form binds: of the whole returning officer's edition of a revision, as it shows it.

    Not the revision's own content hash, which covers the police plan and so moves with every candidate's
    restricted inputs (see "Non-interference" in report.editions)."""
    view = edition_view(snapshot, assessment, rules, REVIEW_EDITION)
    return content_hash({"snapshot": encode_snapshot(view.snapshot), "assessment": view.assessment.to_dict()})


def revision_review_hash(session: Session, number: str) -> str:
    """`review_content_hash` of an issued revision, as the plan holds it."""
    content = revision_in(session, number)
    return review_content_hash(content.snapshot, content.assessment(), content.ruleset)


@dataclass(frozen=True)
class CompanionData:
    """The files a PDF at scale is written with: every row it leaves out, as its edition may see them."""

    xlsx: Path
    gpkg: Path
    tables: dict[str, tuple[list[str], list[list[Any]]]]
    layers: dict[str, Any]

    def write(self) -> None:
        from electionplan.report.gpkg import write_layers

        write_xlsx(self.tables, self.xlsx)
        write_layers(self.layers, self.gpkg)


def _companion(view: EditionView, document: PlanDocument, pdf: Path) -> CompanionData:
    from electionplan.report.gpkg import plan_layers  # geometry libraries load only for a plan at scale

    tables = plan_tables(view.snapshot, view.assessment, view.policy.whole) | document_tables(document)
    layers = plan_layers(view.snapshot, view.assessment, view.policy.whole)
    xlsx, gpkg = companion_names(pdf)
    return CompanionData(xlsx, gpkg, tables, layers)


def plan_pdf_bytes(plan: PlanStore, *, edition: str = "police", constituency: str | None = None,
                   revision: str | None = None) -> tuple[bytes, PlanDocument]:
    data, document, _ = plan_pdf(plan, edition=edition, constituency=constituency, revision=revision)
    return data, document


def plan_pdf(plan: PlanStore, *, edition: str = "police", constituency: str | None = None,
             revision: str | None = None, target: Path | None = None,
             ) -> tuple[bytes, PlanDocument, CompanionData | None]:
    """The PDF, its document, and, for a plan above the ruleset's size written to `target`, its companion files
    (with no target every row is printed, so a PDF never names a file that is not written with it)."""
    policy_for(edition)  # an unknown edition fails before any work
    with plan.session() as session:
        read = read_export(session, revision)
        key = plan_pack_key(session)
    # The plan is assessed (and deployed) whole, then cut to what the edition may be given.
    assessment = assess_plan(read.snapshot, read.rules, read.as_at)
    view = edition_view(read.snapshot, assessment, read.rules, edition, constituency)
    # A revision shows a deployment only if its own ruleset planned one.
    deployment = (deploy_plan(read.snapshot, assessment, read.rules)
                  if read.rules.written_schema >= DEPLOYMENT_SCHEMA else None)
    document = build_plan_document(view.snapshot, view.assessment, read.rules, constituency_code=constituency,
                                   revision=read.revision, revisions=revision_rows(read.shown), issued=bool(revision),
                                   changes=edition_changes(read, view),
                                   review_comments=read.review_comments, deployment=deployment,
                                   assessed=view.policy.whole)
    # Only the returning officer's edition is theirs to sign off: no other edition carries a returnable form.
    # A login that may not read the plan's key (a reviewer's) makes the edition without one: it cannot seal it.
    binding = ""
    if edition == REVIEW_EDITION and sound_key(key):  # the edition's own hash is worked out only for its form
        shown = review_content_hash(read.snapshot, assessment, read.rules) if revision else ""
        binding = review_binding(key, read.snapshot.plan.reference, read.revision["number"] if revision else "Draft",
                                 shown, edition)
    allowed = allow_document(dataclasses.replace(document, sign_off_binding=binding), edition)
    limit = report_rows_in_full(read.rules.report, issued=bool(revision))
    companion = None
    if target is not None and limit is not None and len(view.snapshot.stations) > limit:
        companion = _companion(view, allowed, target)
        allowed = dataclasses.replace(allowed, companion=describe_companions(
            target, {name: len(rows) for name, (_, rows) in companion.tables.items()},
            {name: len(frame) for name, frame in companion.layers.items()}))
    return PlanPdfRenderer(allowed).render(), allowed, companion


def export_pdf(plan: PlanStore, target: Path | str, *, edition: str = "police", constituency: str | None = None,
               revision: str | None = None, cancelled=lambda: False) -> str:
    data, document, companion = plan_pdf(plan, edition=edition, constituency=constituency, revision=revision,
                                         target=Path(target))
    if cancelled():
        # Nothing has been written: a cancelled export leaves the target as it was.
        raise ExportCancelled("The export was cancelled; no file was written.")
    atomic_write_bytes(Path(target), data)
    log.debug("pdf written: %s edition, %d bytes", edition, len(data))
    said = f"Wrote {target} ({document.edition.label}, revision {document.cover.revision}, {len(data) // 1024} KB)"
    if companion is None:
        return said
    companion.write()
    return f"{said}, with every row in {companion.xlsx.name} and {companion.gpkg.name} beside it"
