"""Importing a file into a plan, as the command line and the app both do it.

One function runs every kind of import and returns a typed outcome: the
importer's own report, a headline, and the lines of detail the command line
prints and the app shows. Both front ends therefore do exactly the same thing
(a postcode import places the stations already in the plan, an incident import
says what moved since the latest revision) and say it in the same words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from electionplan.db.store import PlanStore
from electionplan.domain.display import plural
from electionplan.domain.errors import ValidationError
from electionplan.domain.vocab import IMPORT_KINDS

__all__ = ["IMPORT_KINDS", "ImportOutcome", "ImportRequest", "run_import"]

_LISTED = 50  # a national file's list of problems would bury the summary


@dataclass(frozen=True)
class ImportRequest:
    kind: str
    paths: tuple[Path, ...]
    format_key: str | None = None
    mapping: dict[str, str] | None = None
    districts: str | None = None
    council: str | None = None
    constituency: str | None = None
    ballot: str | None = None
    only: list[str] | None = None
    layer: str | None = None
    leave_out_outside: bool = False


@dataclass(frozen=True)
class ImportOutcome:
    kind: str
    headline: str
    lines: tuple[str, ...]
    reports: tuple[Any, ...] = field(default=())
    # Rows the file held that were not imported (refused, or clashing with the plan), one line each:
    # the app keeps them on Needs attention until the next import.
    unresolved: tuple[str, ...] = ()


def _listed(kind: str, items: list[str], limit: int = _LISTED) -> list[str]:
    lines = [f"{kind}: {item}" for item in items[:limit]]
    if len(items) > limit:
        lines.append(f"{kind}: … and {len(items) - limit} more")
    return lines


def _stations(plan: PlanStore, request: ImportRequest) -> ImportOutcome:
    from electionplan.importers.stations import import_stations

    report = import_stations(plan, request.paths[0], format_key=request.format_key, mapping=request.mapping,
                             districts=request.districts, council=request.council,
                             leave_out_outside=request.leave_out_outside)
    lines = [f"Format: {report.format} ({report.encoding}); council from {report.council_source}"]
    unresolved = (*_listed("skipped", report.skipped), *_listed("conflict", report.conflicts))
    for kind, items in (("skipped", report.skipped), ("conflict", report.conflicts), ("note", report.notes),
                        ("unlocated", report.unlocated), ("check", report.doubtful), ("left out", report.outside),
                        ("outside", report.outside_boundaries), ("changed", report.changed)):
        lines += _listed(kind, items)
    lines.append(report.summary())
    return ImportOutcome("stations", f"Imported {report.stations} stations ({report.format}).", tuple(lines), (report,),
                         unresolved)


def _candidates(plan: PlanStore, request: ImportRequest) -> ImportOutcome:
    from electionplan.importers.candidates import import_candidates

    report = import_candidates(plan, request.paths[0], constituency=request.constituency, ballot=request.ballot)
    names = report.added + report.updated
    listed = f": {', '.join(names)}" if len(names) <= 20 else f" in {report.seats} constituencies"
    headline = (f"Imported {report.count} candidates ({len(report.added)} new, {len(report.updated)} updated; "
                f"{report.format}){listed}.")
    lines = [f"skipped: {problem}" for problem in report.skipped] + [headline]
    if report.not_in_plan:
        lines.append(f"Left out {report.not_in_plan} candidates for constituencies not in this plan.")
    skipped = tuple(f"skipped: {problem}" for problem in report.skipped)
    return ImportOutcome("candidates", headline, tuple(lines), (report,), skipped)


def _boundaries(plan: PlanStore, request: ImportRequest) -> ImportOutcome:
    from electionplan.geo.boundaries import import_boundaries

    report = import_boundaries(plan, request.paths[0], only=request.only, layer=request.layer)
    headline = (f"Imported {len(report.imported)} new and updated {len(report.updated)} boundaries "
                f"(stored in British National Grid).")
    return ImportOutcome("boundaries", headline, (*(f"warning: {w}" for w in report.warnings), headline), (report,))


def _wards(plan: PlanStore, request: ImportRequest) -> ImportOutcome:
    from electionplan.geo.wards import import_wards

    report = import_wards(plan, request.paths[0], layer=request.layer)
    headline = (f"Kept {len(report.kept)} wards lying in the plan's constituencies, to draw on its maps "
                f"({report.left_out:,} others in the file left out).")
    return ImportOutcome("wards", headline, (*(f"warning: {w}" for w in report.warnings), headline), (report,))


def _postcodes(plan: PlanStore, request: ImportRequest) -> ImportOutcome:
    from electionplan.geo.postcodes import import_postcodes

    report = import_postcodes(plan, list(request.paths))
    headline = (f"Loaded {report.loaded:,} postcodes from {', '.join(report.files)}"
                f" ({report.without_coordinates:,} without coordinates were left out); "
                f"{report.stations_located:,} unlocated stations in the plan now located.")
    lines = [f"note: {note}" for note in report.notes] + _listed("skipped", report.skipped, 20) + [headline]
    return ImportOutcome("postcodes", headline, tuple(lines), (report,), tuple(_listed("skipped", report.skipped, 20)))


def _incidents(plan: PlanStore, request: ImportRequest) -> ImportOutcome:
    from electionplan.importers.incidents import import_incidents
    from electionplan.services.review import moved_since_latest

    reports = tuple(import_incidents(plan, path) for path in request.paths)
    lines = [f"Imported {plural(r.imported, 'incident')} from {path}." for r, path in zip(reports, request.paths, strict=True)]
    lines.append(moved_since_latest(plan))
    total = sum(r.imported for r in reports)
    return ImportOutcome("incidents", f"Imported {plural(total, 'incident')}.", tuple(lines), reports)


def _contributions(plan: PlanStore, request: ImportRequest) -> ImportOutcome:
    from electionplan.importers.contributions import import_contribution_files

    counts = import_contribution_files(plan, request.paths)
    lines = [f"Recorded {plural(n, 'contribution')} from {path}." if n else f"Nothing new in {path}: it was already recorded."
             for n, path in zip(counts, request.paths, strict=True)]
    return ImportOutcome("contributions", f"Recorded {plural(sum(counts), 'contribution')}.", tuple(lines), tuple(counts))


def _review(plan: PlanStore, request: ImportRequest) -> ImportOutcome:
    from electionplan.importers.review_pdf import import_review
    from electionplan.services.export import revision_review_hash

    reviews = tuple(import_review(plan, path, revision_review_hash) for path in request.paths)
    lines = [f"Recorded the review by {r.name or 'the reviewer'} against revision {r.revision}." for r in reviews]
    return ImportOutcome("review", lines[-1] if lines else "No review recorded.", tuple(lines), reviews)


def _sent(kind: str, noun: str, importer) -> Any:
    """A runner for a list a SPOC is sent: events, threat reports, duty capacity."""

    def run(plan: PlanStore, request: ImportRequest) -> ImportOutcome:
        report = importer(plan, request.paths[0])
        if report.added or report.changed:
            headline = (f"Imported {report.rows:,} {noun} from {report.file}: {report.added:,} new, "
                        f"{report.changed:,} changed, {report.unchanged:,} already in the plan as they are.")
        else:
            headline = f"Nothing changed: the {report.rows:,} {noun} in {report.file} are already in the plan as they are."
        lines = [f"Format: {report.format}", *_listed("note", report.notes), headline]
        return ImportOutcome(kind, headline, tuple(lines), (report,))

    return run


def _events(plan: PlanStore, path: Path):
    from electionplan.importers.events import import_events

    return import_events(plan, path)


def _threats(plan: PlanStore, path: Path):
    from dataclasses import fields

    from electionplan.domain.timefmt import today_london
    from electionplan.importers.threats import import_threats
    from electionplan.services.threat_reports import ThreatReportValues, checked_threat_report

    today = today_london()

    def check(record: dict[str, Any]) -> dict[str, Any]:
        # The same rules as a report typed into the candidate's form.
        values = ThreatReportValues(**{f.name: record[f.name] for f in fields(ThreatReportValues)})
        return checked_threat_report(values, today).record_values(record["candidate_id"])

    return import_threats(plan, path, check)


def _capacity(plan: PlanStore, path: Path):
    from electionplan.importers.capacity import import_capacity

    return import_capacity(plan, path)


_RUNNERS = {
    "events": _sent("events", "event rows", _events), "threats": _sent("threats", "threat reports", _threats),
    "capacity": _sent("capacity", "shifts", _capacity),
    "stations": _stations, "candidates": _candidates, "boundaries": _boundaries, "postcodes": _postcodes,
    "incidents": _incidents, "contributions": _contributions, "review": _review, "wards": _wards,
}


def run_import(plan: PlanStore, request: ImportRequest) -> ImportOutcome:
    """Import the request's file(s) into the plan: whole or not at all, with the report."""
    runner = _RUNNERS.get(request.kind)
    if runner is None:
        raise ValidationError(f"Cannot import '{request.kind}'; choose from {', '.join(IMPORT_KINDS)}.", "kind")
    if not request.paths:
        raise ValidationError("Choose a file to import.", "path")
    return runner(plan, request)
