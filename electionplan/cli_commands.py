"""Subcommands beyond the foundation's, each registered on the parser."""

from __future__ import annotations

import json
import sys

from electionplan.domain.timefmt import fmt_date, fmt_datetime, parse_date


def print_json(data) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def _open(path):
    from electionplan.db.opening import open_store

    return open_store(path)


# --- assess -------------------------------------------------------------------


def cmd_assess(args) -> int:
    from electionplan.services.assessment import assess_plan_file
    from electionplan.domain.timefmt import parse_time

    with _open(args.plan) as plan:
        result = assess_plan_file(plan, args.ruleset, parse_date(args.as_at, "as-at date") if args.as_at else None)
    data = result.assessment.to_dict()
    if args.json:
        print_json(data)
        return 0
    r = data["ruleset"]
    print(f"Ruleset: {r['name']} {r['version']} (sha256 {r['hash'][:12]}), as at {fmt_date(parse_date(data['as_at']))}")
    print("\nCandidates")
    for c in data["candidates"]:
        print(f"  {c['level'].replace('_', ' '):<10} {c['score']:>5}  {c['name']}")
    print(f"\nFlashpoints ({len(data['flashpoints'])})")
    for e in data["flashpoints"]:
        print(f"  {e['score']:>2} {e['level'].replace('_', ' '):<10} {fmt_datetime(parse_time(e['start']))}  {e['name']}")
        for reason in e["reasons"]:
            print(f"       - {reason}")
        print(f"       Presence: {e['presence']['description']}")
    rags = {k: sum(1 for s in data["stations"] if s["rag"] == k) for k in ("red", "amber", "green")}
    print(f"\nPolling stations: {rags['red']} red, {rags['amber']} amber, {rags['green']} green")
    for s in data["stations"]:
        if s["rag"] != "green":
            print(f"  {s['rag']:<6} {s['name']}: {' '.join(s['reasons'])}")
    print("\nOfficer demand against capacity")
    for d in data["demand"]:
        if d["officers_required"] or d["shortfall"]:
            flag = f"  SHORT BY {d['shortfall']}" if d["shortfall"] else ""
            print(f"  {fmt_date(parse_date(d['date']))} {d['shift']:<6} {d['officers_required']:>4} needed, {d['officers_available']:>4} available{flag}")
    if not data["shortfalls"]:
        print("  No shortfalls.")
    return 0


def cmd_ruleset(args) -> int:
    from electionplan.services.assessment import ruleset_for, set_plan_ruleset

    with _open(args.plan) as plan:
        if args.set or args.clear:
            rules = set_plan_ruleset(plan, args.set)
            print(f"The plan now uses {rules.name} {rules.version} (sha256 {rules.short_hash})")
            return 0
        with plan.session() as session:
            rules = ruleset_for(session)
    print(f"{rules.name} {rules.version} (sha256 {rules.sha256})")
    return 0


def register_assess(sub) -> None:
    p = sub.add_parser("assess", help="assess candidates, events, stations and officer demand")
    p.add_argument("plan", metavar="PLAN")
    p.add_argument("--json", action="store_true")
    p.add_argument("--ruleset", metavar="FILE", help="assess with this ruleset instead of the plan's")
    p.add_argument("--as-at", metavar="YYYY-MM-DD", help="assess as at this date (default today)")
    p.set_defaults(func=cmd_assess)

    p = sub.add_parser("ruleset", help="show or set the ruleset the plan uses")
    p.add_argument("plan", metavar="PLAN")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--set", metavar="FILE", help="keep this ruleset in the plan")
    group.add_argument("--clear", action="store_true", help="go back to the national default")
    p.set_defaults(func=cmd_ruleset)


# --- import and export --------------------------------------------------------


def _import_boundaries(plan, args) -> None:
    from electionplan.geo.boundaries import import_boundaries

    if len(args.files) != 1:
        raise _usage("import boundaries takes one file")
    only = [part for part in (args.only or "").split(",") if part.strip()] or None
    report = import_boundaries(plan, args.files[0], only=only, layer=args.layer)
    for warning in report.warnings:
        print(f"warning: {warning}")
    print(f"Imported {len(report.imported)} new and updated {len(report.updated)} boundaries "
          f"(stored in British National Grid).")


def _import_postcodes(plan, args) -> None:
    from electionplan.geo.assign import assign_locations
    from electionplan.geo.postcodes import import_postcodes

    report = import_postcodes(plan, args.files)
    for problem in report.skipped[:20]:
        print(f"skipped: {problem}")
    if len(report.skipped) > 20:
        print(f"skipped: … and {len(report.skipped) - 20} more rows")
    print(f"Loaded {report.loaded:,} postcodes from {', '.join(report.files)}"
          f" ({report.without_coordinates:,} without coordinates were left out).")
    with plan.session() as session:
        assign_locations(session)


def _import_incidents(plan, args) -> None:
    from electionplan.importers.incidents import import_incidents
    from electionplan.services.review import moved_since_latest

    for path in args.files:
        report = import_incidents(plan, path)
        print(f"Imported {report.imported} incident(s) from {path}.")
    print(moved_since_latest(plan))


def _import_contributions(plan, args) -> None:
    from electionplan.importers.contributions import import_contributions

    for path in args.files:
        print(f"Recorded {import_contributions(plan, path)} contribution(s) from {path}.")


def _import_review(plan, args) -> None:
    from electionplan.importers.review_pdf import import_review

    for path in args.files:
        review = import_review(plan, path)
        who = review.name or "the reviewer"
        print(f"Recorded the review by {who} against revision {review.revision}.")


def _import_stations(plan, args) -> None:
    from electionplan.importers.stations import import_stations, parse_mapping

    if len(args.files) != 1:
        raise _usage("import stations takes one file (add a districts file with --districts)")
    report = import_stations(plan, args.files[0], format_key=args.format, mapping=parse_mapping(args.map),
                             districts=args.districts)
    print(f"Format: {report.format} ({report.encoding})")
    for problem in report.skipped:
        print(f"skipped: {problem}")
    for problem in report.unlocated:
        print(f"unlocated: {problem}")
    print(f"Imported {report.stations} stations ({report.added} new, {report.updated} updated) from {report.rows_read} rows; "
          f"{report.duplicates_merged} duplicate rows merged; {report.located_by_postcode} located by postcode.")


def _import_candidates(plan, args) -> None:
    from electionplan.importers.candidates import import_candidates

    if len(args.files) != 1:
        raise _usage("import candidates takes one file")
    report = import_candidates(plan, args.files[0], constituency=args.constituency, ballot=args.ballot)
    for problem in report.skipped:
        print(f"skipped: {problem}")
    print(f"Imported {report.count} candidates ({report.format}): {', '.join(report.added + report.updated)}")


IMPORTERS = {
    "stations": _import_stations,
    "candidates": _import_candidates,
    "boundaries": _import_boundaries,
    "postcodes": _import_postcodes,
    "incidents": _import_incidents,
    "contributions": _import_contributions,
    "review": _import_review,
}


def _usage(message: str):
    from electionplan.domain.errors import UsageError

    return UsageError(f"electionplan import: {message}")


def cmd_import(args) -> int:
    handler = IMPORTERS.get(args.kind)
    if handler is None:
        raise _usage(f"cannot import '{args.kind}'; choose from {', '.join(IMPORTERS)}")
    with _open(args.plan) as plan:
        handler(plan, args)
    return 0


def cmd_export(args) -> int:
    from pathlib import Path

    from electionplan.domain.errors import UsageError

    target = Path(args.output)
    suffix = target.suffix.lower()
    exporters = {".gpkg": _export_gpkg, ".pdf": _export_pdf, ".csv": _export_table, ".xlsx": _export_table}
    if suffix not in exporters:
        raise UsageError("electionplan export: the output must end in .pdf, .gpkg, .csv or .xlsx")
    from electionplan.db.opening import open_store
    from electionplan.db.store import is_database_location

    # A database plan is exported from one consistent snapshot while colleagues edit it.
    with open_store(args.plan, read_only=is_database_location(args.plan)) as plan:
        exporters[suffix](plan, target, args)
    return 0


def _export_gpkg(plan, target, args) -> None:
    from electionplan.report.gpkg import export_geopackage
    from electionplan.services.assessment import assess_plan_file

    result = assess_plan_file(plan)
    counts = export_geopackage(result.snapshot, result.assessment, target)
    print(f"Wrote {target}: " + ", ".join(f"{name.replace('_', ' ')} {n}" for name, n in counts.items()))


def _export_table(plan, target, args) -> None:
    from electionplan.services.assessment import assess_plan_file
    from electionplan.report.tables import export_csv, export_xlsx

    result = assess_plan_file(plan)
    writer = export_csv if target.suffix.lower() == ".csv" else export_xlsx
    rows = writer(result.snapshot, result.assessment, target)
    print(f"Wrote {target} ({rows} rows).")


def _export_pdf(plan, target, args) -> None:
    from electionplan.services.export import export_pdf

    summary = export_pdf(plan, target, edition=args.edition, constituency=args.constituency, revision=args.revision)
    print(summary)


def register_import_export(sub) -> None:
    p = sub.add_parser("import", help="import boundaries, postcodes, stations, candidates, incidents, …")
    p.add_argument("plan", metavar="PLAN")
    p.add_argument("kind", metavar="KIND", help="boundaries | postcodes | …")
    p.add_argument("files", metavar="FILE", nargs="+")
    p.add_argument("--only", metavar="CODES", help="boundaries: GSS codes or names to keep, comma-separated")
    p.add_argument("--layer", metavar="NAME", help="boundaries: the GeoPackage layer to read")
    p.add_argument("--format", metavar="FORMAT", help="stations: xpress_dc, xpress_weblookup, democracy_counts, "
                   "halarose, idox_eros, fcs or plain (detected from the header when left out)")
    p.add_argument("--map", metavar="FIELD=COLUMN", action="append", help="stations: map a column to a field")
    p.add_argument("--districts", metavar="FILE", help="stations: the Democracy Counts districts file")
    p.add_argument("--constituency", metavar="CODE", help="candidates: the GSS code to pick")
    p.add_argument("--ballot", metavar="ID", help="candidates: the ballot paper id to pick")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="export the plan as a PDF or a GeoPackage")
    p.add_argument("plan", metavar="PLAN")
    p.add_argument("-o", "--output", required=True, metavar="OUT")
    p.add_argument("--edition", choices=["police", "returning-officer"], default="police")
    p.add_argument("--constituency", metavar="CODE")
    p.add_argument("--revision", metavar="N")
    p.set_defaults(func=cmd_export)


# --- revisions ------------------------------------------------------------------


def cmd_revise(args) -> int:
    from electionplan.services.revisions import issue_revision

    with _open(args.plan) as plan:
        meta = issue_revision(plan, args.message, approve=args.approve, summary=args.summary or "")
    state = "approved" if meta.approved else "issued"  # as issued just now, even a 0.x draft
    print(f"Revision {meta.number} {state} by {meta.author} at {fmt_datetime(meta.issued_at)} (sha256 {meta.content_hash[:12]}).")
    return 0


def cmd_revisions(args) -> int:
    from electionplan.services.revisions import list_revisions

    with _open(args.plan) as plan:
        revisions = list_revisions(plan)
    if args.json:
        print_json([r.as_dict() for r in revisions])
        return 0
    if not revisions:
        print("No revision has been issued yet.")
    for r in revisions:
        print(f"{r.number:>6}  {fmt_datetime(r.issued_at)}  {r.author:<12} {r.status:<9} {r.note}")
    return 0


def cmd_diff(args) -> int:
    from electionplan.services.review import diff_revisions

    with _open(args.plan) as plan:
        result = diff_revisions(plan, args.a, args.b)
    if args.json:
        print_json(result)
        return 0
    print(f"Changes from revision {result['from']} to {result['to']}")
    for title, key in (("Added", "added"), ("Removed", "removed")):
        for item in result[key]:
            print(f"  {title}: {item['entity_label']} '{item['name']}'")
    for item in result["changed"]:
        print(f"  Changed: {item['entity_label']} '{item['name']}', {item['field_label']}: {item['old']} -> {item['new']}")
    for item in result["moved"]:
        print(f"  Moved: {item['entity_label']} '{item['name']}' {item['old']} -> {item['new']}. {item['reason']}")
    if not any(result[k] for k in ("added", "removed", "changed", "moved")):
        print("  No changes.")
    return 0


def cmd_audit(args) -> int:
    from electionplan.report.audit_csv import AUDIT_COLUMNS, audit_rows, write_csv

    with _open(args.plan) as plan:
        rows = audit_rows(plan)
    if args.csv:
        write_csv(args.csv, AUDIT_COLUMNS, rows)
        print(f"Wrote {len(rows)} audit entries to {args.csv}")
        return 0
    for row in rows[-args.last:]:
        print("  ".join(cell for cell in row if cell))
    return 0


def register_revisions(sub) -> None:
    p = sub.add_parser("audit", help="show the audit log or export it to CSV")
    p.add_argument("plan", metavar="PLAN")
    p.add_argument("--csv", metavar="FILE", help="write the whole log to a CSV file")
    p.add_argument("--last", type=int, default=50, metavar="N", help="show the last N entries (default 50)")
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("revise", help="issue a revision of the plan")
    p.add_argument("plan", metavar="PLAN")
    p.add_argument("-m", "--message", required=True, metavar="NOTE")
    p.add_argument("--approve", action="store_true", help="approve: the next whole number (1.0, 2.0, …)")
    p.add_argument("--summary", metavar="TEXT",
                   help="what recipients outside the police may read about this revision (the note stays police-only)")
    p.set_defaults(func=cmd_revise)

    p = sub.add_parser("revisions", help="list issued revisions")
    p.add_argument("plan", metavar="PLAN")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_revisions)

    p = sub.add_parser("diff", help="what changed between two revisions")
    p.add_argument("plan", metavar="PLAN")
    p.add_argument("a", metavar="A", help="a revision number, such as 1.0")
    p.add_argument("b", metavar="B", help="a later revision number, or 'live' for the plan as it is now")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_diff)


# --- quick setup ----------------------------------------------------------------


def cmd_quicksetup(args) -> int:
    from electionplan.services.quicksetup import quick_setup

    plan, report = quick_setup(
        args.plan, constituency=args.constituency, boundaries=args.boundaries, stations=args.stations,
        candidates=args.candidates, polling_day=parse_date(args.polling_day, "polling day"), postcodes=args.postcodes,
        count_venue=args.count_venue, force=args.force or "Police force not recorded", overwrite=args.overwrite)
    plan.close()
    for step, found in report.steps:
        print(f"{step}: {found}")
    for warning in report.warnings[:30]:
        print(f"  note: {warning}")
    if len(report.warnings) > 30:
        print(f"  note: … and {len(report.warnings) - 30} more")
    print("Still missing:" if report.missing else "Nothing obvious is missing.")
    for item in report.missing:
        print(f"  - {item}")
    print(f"The plan is ready to refine and export: electionplan export {args.plan} -o plan.pdf")
    return 0


def register_quicksetup(sub) -> None:
    p = sub.add_parser("quicksetup", help="build a by-election plan from council and candidate files")
    p.add_argument("plan", metavar="PLAN")
    p.add_argument("--constituency", required=True, metavar="CODE")
    p.add_argument("--boundaries", required=True, metavar="FILE")
    p.add_argument("--stations", required=True, metavar="FILE")
    p.add_argument("--postcodes", nargs="+", metavar="FILE")
    p.add_argument("--candidates", required=True, metavar="FILE")
    p.add_argument("--polling-day", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--count-venue", metavar='"NAME, ADDRESS, POSTCODE"')
    p.add_argument("--force", metavar="NAME", help="the police force (for the cover)")
    p.add_argument("--overwrite", action="store_true", help="replace PLAN if it exists")
    p.set_defaults(func=cmd_quicksetup)


# --- safety: backups, openers, single edits ----------------------------------


def _refuse_database_plan(location: str, command: str, why: str) -> None:
    from electionplan.db.store import is_database_location
    from electionplan.domain.errors import PlanFileError

    if is_database_location(location):
        raise PlanFileError(f"'{command}' works on plan files; {why}.")


def cmd_restore(args) -> int:
    from pathlib import Path

    from electionplan.db.backups import list_backups, restore_backup

    _refuse_database_plan(args.plan, "restore", "a database plan is restored from the server's own backups")
    plan = Path(args.plan)
    backups = list_backups(plan)
    if args.list or not args.backup:
        if not backups:
            print(f"No backups of {plan.name} were found beside it.")
        for n, backup in enumerate(backups, start=1):
            print(f"{n:>3}  {backup.label}")
        if not args.list and backups:
            print("Restore one with: electionplan restore PLAN BACKUP (a number from this list or a file name)")
        return 0
    chosen = args.backup
    if chosen.isdigit():
        number = int(chosen)
        if not 1 <= number <= len(backups):
            from electionplan.domain.errors import NotFound

            raise NotFound(f"There is no backup number {number}; there are {len(backups)}.")
        chosen = str(backups[number - 1].path)
    safety = restore_backup(plan, chosen)
    print(f"Restored {Path(chosen).name} to {plan}. The plan as it was is kept in {safety.name}.")
    return 0


def cmd_unlock(args) -> int:
    from pathlib import Path

    from electionplan.db.openers import clear, current

    _refuse_database_plan(args.plan, "unlock", "in a database, who has the plan open clears when they close it")
    plan = Path(args.plan)
    if not args.force:
        live = current(plan)
        if not live:
            print(f"Nobody else has {plan.name} open.")
            return 0
        for opener in live:
            print(f"Open by {opener.label}")
        print("Check with them, then clear the marker with: electionplan unlock PLAN --force")
        return 0
    cleared = clear(plan)
    print(f"Cleared {len(cleared)} marker(s) from {plan.name}." if cleared else f"There was no marker on {plan.name}.")
    return 0


EDITABLE = {
    "station": "PollingStation", "venue": "Venue", "event": "Event", "candidate": "Candidate",
    "incident": "Incident", "constituency": "Constituency", "contact": "Contact", "plan": "Plan",
    "command_role": "CommandRole", "briefing": "Briefing", "channel": "CommsChannel",
}


def _typed(column, text: str):
    import datetime as dt

    from electionplan.domain.errors import ValidationError
    from electionplan.domain.timefmt import parse_datetime

    python_type = getattr(column.type, "python_type", str) if column.type.__class__.__name__ != "JSON" else list
    if text == "" and column.nullable:
        return None
    try:
        if python_type is bool:
            return text.strip().lower() in ("1", "yes", "true", "y")
        if python_type is int:
            return int(text)
        if python_type is float:
            return float(text)
        if python_type is dt.datetime:
            return parse_datetime(text, column.key)
        if python_type is dt.date:
            return parse_date(text, column.key)
        if python_type is list:
            return [part.strip() for part in text.split(",") if part.strip()]
    except ValueError:
        raise ValidationError(f"{column.key}: '{text}' is not a valid {python_type.__name__}.", column.key) from None
    return text


def cmd_edit(args) -> int:
    from electionplan.db import models as m
    from electionplan.domain.errors import ValidationError
    from electionplan.db.records import update_record

    model = getattr(m, EDITABLE[args.kind])
    columns = {c.key: c for c in model.__table__.columns}
    changes = {}
    for item in args.set:
        if "=" not in item:
            raise ValidationError(f"--set takes FIELD=VALUE, not '{item}'.", "set")
        field, value = item.split("=", 1)
        if field not in columns or field in ("id", "version_id"):
            raise ValidationError(f"A {args.kind} has no field '{field}'.", field)
        changes[field] = _typed(columns[field], value)
    with _open(args.plan) as plan:
        update_record(plan, model, args.id, changes, expected_version=args.expect_version)
    print(f"Updated {args.kind} {args.id}: {', '.join(changes)}.")
    return 0


def register_safety(sub) -> None:
    p = sub.add_parser("restore", help="list the plan's backups, or restore one")
    p.add_argument("plan", metavar="PLAN")
    p.add_argument("backup", metavar="BACKUP", nargs="?", help="a number from the list, or a backup file")
    p.add_argument("--list", action="store_true", help="only list the backups")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("unlock", help="show who else has the plan open, or clear a stale marker")
    p.add_argument("plan", metavar="PLAN")
    p.add_argument("--force", action="store_true", help="clear every marker")
    p.set_defaults(func=cmd_unlock)

    p = sub.add_parser("edit", help="change fields of one record")
    p.add_argument("plan", metavar="PLAN")
    p.add_argument("kind", choices=sorted(EDITABLE))
    p.add_argument("id", type=int)
    p.add_argument("--set", action="append", required=True, metavar="FIELD=VALUE")
    p.add_argument("--expect-version", type=int, metavar="N",
                   help="refuse the edit if the record is no longer at this version")
    p.set_defaults(func=cmd_edit)


from electionplan.cli_order import register_order  # noqa: E402  (the order command lives in its own module)
from electionplan.cli_person import register_person  # noqa: E402
from electionplan.cli_store import register_store  # noqa: E402

REGISTRARS: list = [
    register_assess, register_import_export, register_revisions, register_quicksetup, register_safety, register_order,
    register_person, register_store,
]
