"""Every output of the plan, as an edition sees it.

The CLI and the app read the plan for any output through these functions, so
the GeoPackage, the spreadsheets, the JSON, `assess`, `diff` and `revisions`
carry what the chosen edition allows and nothing else. The police edition is
the default for the police's own outputs; anything sent outside the police is
exported with the edition its reader needs.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from electionplan.db.store import PlanStore
from electionplan.domain.errors import UsageError
from electionplan.domain.plancodec import encode_snapshot
from electionplan.report.edition_view import EditionView, edition_view
from electionplan.report.editions import policy_for
from electionplan.services.assessment import assess_plan_file
from electionplan.services.diff import diff_snapshots
from electionplan.services.revisions import IssuedRevision, list_revisions, load_revision
from electionplan.system.files import atomic_write_bytes

log = logging.getLogger(__name__)

FILE_KINDS = (".gpkg", ".csv", ".xlsx", ".json")


@dataclass(frozen=True)
class EditionRequest:
    edition: str = "police"
    constituency: str | None = None  # a GSS code: keep every part to that constituency


def assessed_edition(plan: PlanStore, request: EditionRequest, ruleset_path: Path | str | None = None,
                     as_at: dt.date | None = None) -> EditionView:
    """The live plan, assessed whole, as the edition may see it."""
    policy_for(request.edition)  # an unknown edition fails before any work
    result = assess_plan_file(plan, ruleset_path, as_at)
    return edition_view(result.snapshot, result.assessment, result.ruleset, request.edition, request.constituency)


def diff_edition(plan: PlanStore, a: str, b: str, request: EditionRequest) -> dict[str, Any]:
    """What changed from revision a to b ('live' for now), as the edition sees both."""
    old = load_revision(plan, a)
    before = edition_view(old.snapshot, old.assessment(), old.ruleset, request.edition, request.constituency)
    if b == "live":
        after, until = assessed_edition(plan, request), "live"
    else:
        new = load_revision(plan, b)
        after = edition_view(new.snapshot, new.assessment(), new.ruleset, request.edition, request.constituency)
        until = new.meta.number
    return diff_snapshots(before.snapshot, after.snapshot, before.assessment, after.assessment, old.meta.number, until)


def revision_entries(plan: PlanStore, edition: str) -> list[dict[str, Any]]:
    """The issued revisions; outside the police, with the summary written for recipients only and no content hash,
    which covers the police plan and so would move with a candidate's restricted inputs."""
    policy = policy_for(edition)
    entries = []
    for revision in list_revisions(plan):
        entry = revision.as_dict()
        if not policy.whole:
            entry.pop("note", None)
            entry.pop("content_hash", None)
        entries.append(entry)
    return entries


def revision_line(revision: IssuedRevision, edition: str) -> str:
    return revision.note if policy_for(edition).whole else revision.summary


def _json_bytes(view: EditionView) -> bytes:
    from electionplan.system.councils import council_label

    # The plan's records keep each station's council as the file gave it (often a GSS code); its name is beside.
    councils = {code: council_label(code) for code in sorted({s.council for s in view.snapshot.stations})}
    data = {"edition": view.policy.key, "constituency": view.constituency, "councils": councils,
            "plan": encode_snapshot(view.snapshot), "assessment": view.assessment.to_dict()}
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def export_edition_file(plan: PlanStore, target: Path, request: EditionRequest) -> str:
    """Write the GeoPackage, CSV, XLSX or JSON of the plan as the edition sees it."""
    suffix = target.suffix.lower()
    if suffix not in FILE_KINDS:
        raise UsageError(f"electionplan export: cannot write '{suffix}' files here")
    view = assessed_edition(plan, request)
    label = view.policy.edition.label
    if suffix == ".gpkg":
        from electionplan.report.gpkg import export_geopackage

        counts = export_geopackage(view.snapshot, view.assessment, target, assessed=view.policy.whole)
        return f"Wrote {target} ({label}): " + ", ".join(f"{name.replace('_', ' ')} {n}" for name, n in counts.items())
    if suffix == ".json":
        atomic_write_bytes(target, _json_bytes(view))
        return f"Wrote {target} ({label})."
    from electionplan.report.tables import export_csv, export_xlsx

    writer = export_csv if suffix == ".csv" else export_xlsx
    rows = writer(view.snapshot, view.assessment, target, assessed=view.policy.whole)
    log.debug("table written: %s edition, %d rows", request.edition, rows)
    return f"Wrote {target} ({label}, {rows} rows)."
