"""`import` and `export`: everything that comes into or leaves a plan as a file."""

from __future__ import annotations

from electionplan.cli.output import open_plan


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
    from electionplan.geo.postcodes import import_postcodes

    report = import_postcodes(plan, args.files)
    for note in report.notes:
        print(f"note: {note}")
    for problem in report.skipped[:20]:
        print(f"skipped: {problem}")
    if len(report.skipped) > 20:
        print(f"skipped: … and {len(report.skipped) - 20} more rows")
    print(f"Loaded {report.loaded:,} postcodes from {', '.join(report.files)}"
          f" ({report.without_coordinates:,} without coordinates were left out); "
          f"{report.stations_located:,} unlocated stations in the plan now located.")


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
                             districts=args.districts, council=args.council)
    print(f"Format: {report.format} ({report.encoding}); council from {report.council_source}")
    for kind, lines in (("skipped", report.skipped), ("conflict", report.conflicts), ("note", report.notes),
                        ("unlocated", report.unlocated), ("outside", report.outside_boundaries),
                        ("changed", report.changed)):
        for line in lines[:50]:  # a national file's list would bury the summary
            print(f"{kind}: {line}")
        if len(lines) > 50:
            print(f"{kind}: … and {len(lines) - 50} more")
    print(report.summary())


def _import_candidates(plan, args) -> None:
    from electionplan.importers.candidates import import_candidates

    if len(args.files) != 1:
        raise _usage("import candidates takes one file")
    report = import_candidates(plan, args.files[0], constituency=args.constituency, ballot=args.ballot)
    for problem in report.skipped:
        print(f"skipped: {problem}")
    names = report.added + report.updated
    listed = f": {', '.join(names)}" if len(names) <= 20 else f" in {report.seats} constituencies"
    print(f"Imported {report.count} candidates ({len(report.added)} new, {len(report.updated)} updated; {report.format}){listed}.")
    if report.not_in_plan:
        print(f"Left out {report.not_in_plan} candidates for constituencies not in this plan.")


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
    with open_plan(args.plan) as plan:
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
    from electionplan.db.store import is_database_location

    # A database plan is exported from one consistent snapshot while colleagues edit it.
    with open_plan(args.plan, read_only=is_database_location(args.plan)) as plan:
        exporters[suffix](plan, target, args)
    return 0


def _export_gpkg(plan, target, args) -> None:
    from electionplan.report.gpkg import export_geopackage
    from electionplan.services.assessment import assess_plan_file

    result = assess_plan_file(plan)
    counts = export_geopackage(result.snapshot, result.assessment, target)
    print(f"Wrote {target}: " + ", ".join(f"{name.replace('_', ' ')} {n}" for name, n in counts.items()))


def _export_table(plan, target, args) -> None:
    from electionplan.report.tables import export_csv, export_xlsx
    from electionplan.services.assessment import assess_plan_file

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
    p.add_argument("--council", metavar="CODE", help="stations: the council whose file this is, when it has no council column")
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
