"""`import` and `export`: everything that comes into or leaves a plan as a file."""

from __future__ import annotations

from electionplan.cli.output import add_edition_options, edition_request, open_plan

# How many files each kind takes, and what to say when given the wrong number.
_ONE_FILE = {
    "boundaries": "import boundaries takes one file",
    "stations": "import stations takes one file (add a districts file with --districts)",
    "candidates": "import candidates takes one file",
    "events": "import events takes one file (CSV or XLSX)",
    "threats": "import threats takes one file (CSV or XLSX)",
    "capacity": "import capacity takes one file (CSV or XLSX)",
    "wards": "import wards takes one file (GeoJSON, GeoPackage or Shapefile)",
}


def _usage(message: str):
    from electionplan.domain.errors import UsageError

    return UsageError(f"electionplan import: {message}")


def _request(args):
    from pathlib import Path

    from electionplan.importers.stations import parse_mapping
    from electionplan.services.imports import IMPORT_KINDS, ImportRequest

    if args.kind not in IMPORT_KINDS:
        raise _usage(f"cannot import '{args.kind}'; choose from {', '.join(IMPORT_KINDS)}")
    if args.kind in _ONE_FILE and len(args.files) != 1:
        raise _usage(_ONE_FILE[args.kind])
    only = [part for part in (args.only or "").split(",") if part.strip()] or None
    return ImportRequest(
        kind=args.kind, paths=tuple(Path(f) for f in args.files), format_key=args.format,
        mapping=parse_mapping(args.map), districts=args.districts, council=args.council,
        constituency=args.constituency, ballot=args.ballot, only=only, layer=args.layer,
    )


def cmd_import(args) -> int:
    from electionplan.services.imports import run_import

    request = _request(args)
    with open_plan(args.plan) as plan:
        outcome = run_import(plan, request)
    for line in outcome.lines:
        print(line)
    return 0


def cmd_export(args) -> int:
    from pathlib import Path

    from electionplan.domain.errors import UsageError

    target = Path(args.output)
    suffix = target.suffix.lower()
    exporters = {".gpkg": _export_file, ".pdf": _export_pdf, ".csv": _export_file, ".xlsx": _export_file,
                 ".json": _export_file}
    from electionplan.db.store import is_database_location

    if args.candidate is not None and args.edition != "candidate":
        raise UsageError("electionplan export: --candidate goes with --edition candidate")
    if args.edition == "candidate":
        exporter = _export_packs
    elif suffix in exporters:
        exporter = exporters[suffix]
    else:
        raise UsageError("electionplan export: the output must end in .pdf, .gpkg, .csv, .xlsx or .json")
    # A database plan is exported from one consistent snapshot while colleagues edit it.
    with open_plan(args.plan, read_only=is_database_location(args.plan)) as plan:
        exporter(plan, target, args)
    return 0


def _export_packs(plan, target, args) -> None:
    from electionplan.services.packs import export_packs

    print(export_packs(plan, target, args.candidate, args.constituency, args.revision))


def _export_file(plan, target, args) -> None:
    from electionplan.services.editions import export_edition_file

    print(export_edition_file(plan, target, edition_request(args)))


def _export_pdf(plan, target, args) -> None:
    from electionplan.services.export import export_pdf

    summary = export_pdf(plan, target, edition=args.edition, constituency=args.constituency, revision=args.revision)
    print(summary)


def register_import_export(sub) -> None:
    from electionplan.domain.vocab import IMPORT_KINDS

    p = sub.add_parser("import", help="import boundaries, postcodes, stations, candidates, events, threats, capacity, "
                       "incidents, …", description="Import a file into the plan, whole or not at all. Events "
                       "(name, kind, start, end, venue with postcode, easting+northing or grid_ref, constituency, "
                       "candidates), threats (candidate, severity, reported, summary, event, venue, from, to) and "
                       "capacity (date, shift, officers) come as CSV or XLSX; column names are matched loosely.")
    p.add_argument("plan", metavar="PLAN")
    p.add_argument("kind", metavar="KIND", help=" | ".join(IMPORT_KINDS))
    p.add_argument("files", metavar="FILE", nargs="+")
    p.add_argument("--only", metavar="CODES", help="boundaries: GSS codes or names to keep, comma-separated")
    p.add_argument("--layer", metavar="NAME", help="boundaries and wards: the GeoPackage layer to read")
    p.add_argument("--format", metavar="FORMAT", help="stations: xpress_dc, xpress_weblookup, democracy_counts, "
                   "halarose, idox_eros, fcs or plain (detected from the header when left out)")
    p.add_argument("--map", metavar="FIELD=COLUMN", action="append", help="stations: map a column to a field")
    p.add_argument("--districts", metavar="FILE", help="stations: the Democracy Counts districts file")
    p.add_argument("--council", metavar="CODE", help="stations: the council whose file this is, when it has no council column")
    p.add_argument("--constituency", metavar="CODE_OR_NAME", help="candidates: the seat to pick, by GSS code or name")
    p.add_argument("--ballot", metavar="ID", help="candidates: the ballot paper id to pick")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="export the plan as a PDF, GeoPackage, CSV, XLSX or JSON")
    p.add_argument("plan", metavar="PLAN")
    p.add_argument("-o", "--output", required=True, metavar="OUT")
    add_edition_options(p, candidate=True)
    p.add_argument("--revision", metavar="N")
    p.set_defaults(func=cmd_export)
