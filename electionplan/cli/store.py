"""Commands for plans in a force's shared PostgreSQL store: store init, grant-reviewer and grant-approver, copy, national, checkout and checkin."""

from __future__ import annotations


def cmd_store_init(args) -> int:
    from electionplan.db.pgadmin import initialise_store
    from electionplan.db.store import is_database_location
    from electionplan.domain.errors import UsageError

    if not is_database_location(args.url):
        raise UsageError("electionplan store init: URL must be postgresql://[user@]host[:port]/database?plan=NAME")
    setup = initialise_store(args.url)
    print(f"Plan store ready: plan '{setup.plan}' in {setup.location}, PostGIS {setup.postgis_version}, "
          f"roles {setup.editor_role}, {setup.approver_role} and {setup.reviewer_role} (grant logins with "
          "'store grant-approver' and 'store grant-reviewer', or GRANT electionplan_editor TO LOGIN).")
    return 0


def cmd_copy(args) -> int:
    from electionplan.services.copying import copy_plan

    result = copy_plan(args.source, args.destination, replace=args.force)
    print(f"Copied {result.source} to {result.destination}: {result.total_rows} rows "
          f"({result.rows.get('revision', 0)} revisions, {result.rows.get('audit_entry', 0)} audit entries).")
    return 0


def cmd_grant_reviewer(args) -> int:
    from electionplan.db.pgadmin import grant_reviewer

    grant = grant_reviewer(args.url, args.role)
    print(f"{grant.role} may read plan '{grant.plan}' ({len(grant.readable_tables)} tables) but not "
          f"{len(grant.withheld_columns)} restricted columns or the tables {', '.join(grant.withheld_tables)}.")
    return 0


def cmd_grant_approver(args) -> int:
    from electionplan.db.pgadmin import grant_approver

    plan = grant_approver(args.url, args.role)
    print(f"{args.role} may edit plan '{plan}' and issue approved revisions (a member of electionplan_approver).")
    return 0


def cmd_national(args) -> int:
    import json
    from pathlib import Path

    from electionplan.domain.errors import UsageError
    from electionplan.domain.timefmt import parse_date, today_london
    from electionplan.services.national import national_view
    from electionplan.system.files import atomic_write_bytes

    target = Path(args.output)
    if target.suffix.lower() not in (".pdf", ".json"):
        raise UsageError("electionplan national: -o must name a .pdf or .json file")
    view = national_view(args.plans, parse_date(args.as_at, "as-at date") if args.as_at else today_london())
    if target.suffix.lower() == ".json":
        data = json.dumps(view.to_dict(), indent=2, ensure_ascii=False).encode("utf-8") + b"\n"
    else:
        from electionplan.report.national_pdf import NationalPdfRenderer

        data = NationalPdfRenderer(view).render()
    atomic_write_bytes(target, data)
    totals = view.totals
    plans = f"{totals.forces} plan" + ("" if totals.forces == 1 else "s")
    print(f"Wrote the national view of {plans} to {target}: {totals.reviews_overdue} reviews overdue, "
          f"briefings offered to {totals.briefings_offered_pct:.1f}% of candidates"
          + ("; forces use different rulesets." if view.rulesets_differ else "."))
    return 0


def cmd_checkout(args) -> int:
    from pathlib import Path

    from electionplan.services.checkout import checkout

    records = checkout(args.url, Path(args.file), replace=args.force)
    print(f"Checked out {records} records to {args.file}; send offline edits back with "
          f"'electionplan checkin {args.file} URL'.")
    return 0


def _shown(value) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def cmd_checkin(args) -> int:
    import sys
    from pathlib import Path

    from electionplan.services.checkout import checkin

    result = checkin(Path(args.file), args.url)
    for entity, record_id in result.applied:
        print(f"applied: {entity} {record_id}")
    for conflict in result.conflicts:
        print(f"CONFLICT: {conflict.entity} {conflict.record_id} was changed in the store since checkout; "
              "kept in the file, not applied")
        for item in conflict.fields:
            print(f"    {item.field}: file '{_shown(item.in_file)}', store '{_shown(item.in_store)}'")
    for entity, record_id in result.added_offline + result.removed_offline:
        kind = "added" if (entity, record_id) in result.added_offline else "removed"
        print(f"not sent: {entity} {record_id} was {kind} offline; enter it in the shared plan")
    print(f"{len(result.applied)} records applied, {len(result.conflicts)} conflicts.")
    if result.conflicts:
        print(f"electionplan: error: {len(result.conflicts)} record(s) changed in the store since checkout were not "
              "applied; they are listed above and kept in the file.", file=sys.stderr)
        return 1
    return 0


def register_store(sub) -> None:
    p = sub.add_parser("store", help="prepare and administer a shared PostgreSQL plan store")
    actions = p.add_subparsers(dest="store_command", metavar="ACTION", parser_class=type(p))
    q = actions.add_parser("init", help="prepare a database for a plan (PostGIS, schema, roles); safe to repeat")
    q.add_argument("url", metavar="URL", help="postgresql://[user@]host[:port]/database?plan=NAME")
    q.set_defaults(func=cmd_store_init)
    q = actions.add_parser("grant-reviewer", help="let a role read the plan without its restricted fields")
    q.add_argument("url", metavar="URL", help="postgresql://[user@]host[:port]/database?plan=NAME")
    q.add_argument("role", metavar="ROLE", help="the PostgreSQL role (a login, or a group its members inherit)")
    q.set_defaults(func=cmd_grant_reviewer)
    q = actions.add_parser("grant-approver", help="let a role edit the plan and issue approved revisions")
    q.add_argument("url", metavar="URL", help="postgresql://[user@]host[:port]/database?plan=NAME")
    q.add_argument("role", metavar="ROLE", help="the PostgreSQL login of the officer who approves")
    q.set_defaults(func=cmd_grant_approver)

    p = sub.add_parser("copy", help="copy a whole plan between files and databases, revisions and audit included")
    p.add_argument("source", metavar="SRC")
    p.add_argument("destination", metavar="DST")
    p.add_argument("--force", action="store_true", help="replace a plan already at DST")
    p.set_defaults(func=cmd_copy)

    p = sub.add_parser("checkout", help="copy a database plan to a file to work offline")
    p.add_argument("url", metavar="URL")
    p.add_argument("file", metavar="FILE.eplan")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.set_defaults(func=cmd_checkout)

    p = sub.add_parser("checkin", help="send a checked-out file's edits back, record by record")
    p.add_argument("file", metavar="FILE.eplan")
    p.add_argument("url", metavar="URL")
    p.set_defaults(func=cmd_checkin)

    p = sub.add_parser("national", help="roll up many force plans (files or database URLs), read-only")
    p.add_argument("plans", metavar="PLAN", nargs="+")
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf|OUT.json")
    p.add_argument("--as-at", metavar="YYYY-MM-DD", help="review and assessment as at this date (default today)")
    p.set_defaults(func=cmd_national)
