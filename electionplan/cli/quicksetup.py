"""`quicksetup`: a by-election plan from the returning officer's files."""

from __future__ import annotations

from electionplan.domain.timefmt import parse_date


def cmd_quicksetup(args) -> int:
    from electionplan.importers.stations import parse_mapping
    from electionplan.services.quicksetup import quick_setup

    plan, report = quick_setup(
        args.plan, constituency=args.constituency, boundaries=args.boundaries, stations=args.stations,
        candidates=args.candidates, polling_day=parse_date(args.polling_day, "polling day"), postcodes=args.postcodes,
        count_venue=args.count_venue, force=args.force or "Police force not recorded", overwrite=args.overwrite,
        layer=args.layer, format_key=args.format, mapping=parse_mapping(args.map), wards=args.wards)
    plan.close()
    for warning in report.dates:
        print(f"Warning: {warning}")
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
    p.add_argument("--constituency", required=True, metavar="CODE_OR_NAME",
                   help="the seat's GSS code or its name as the boundary file spells it")
    p.add_argument("--boundaries", required=True, metavar="FILE")
    p.add_argument("--stations", required=True, metavar="FILE")
    p.add_argument("--format", metavar="FORMAT", help="the station file's format: xpress_dc, xpress_weblookup, "
                   "democracy_counts, halarose, idox_eros, fcs or plain (found from its header when left out)")
    p.add_argument("--map", metavar="FIELD=COLUMN", action="append", help="which station-file column feeds a field")
    p.add_argument("--postcodes", nargs="+", metavar="FILE")
    p.add_argument("--candidates", required=True, metavar="FILE")
    p.add_argument("--polling-day", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--count-venue", metavar='"NAME, ADDRESS, POSTCODE"')
    p.add_argument("--layer", metavar="NAME", help="the boundary file's layer (GeoPackage)")
    p.add_argument("--wards", metavar="FILE", help="a ward boundary file (OS Boundary-Line, ONS): the wards in the "
                   "seat are kept, drawn and named on its map")
    p.add_argument("--force", metavar="NAME", help="the police force (for the cover)")
    p.add_argument("--overwrite", action="store_true", help="replace PLAN if it exists")
    p.set_defaults(func=cmd_quicksetup)
