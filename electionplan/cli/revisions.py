"""`revise`, `revisions`, `diff` and `audit`: the plan's issued history."""

from __future__ import annotations

from electionplan.cli.output import add_edition_options, edition_request, open_plan, print_json
from electionplan.domain.timefmt import fmt_datetime


def cmd_revise(args) -> int:
    from electionplan.services.revisions import issue_revision

    with open_plan(args.plan) as plan:
        meta = issue_revision(plan, args.message, approve=args.approve, summary=args.summary or "")
    state = "approved" if meta.approved else "issued"  # as issued just now, even a 0.x draft
    print(f"Revision {meta.number} {state} by {meta.author} at {fmt_datetime(meta.issued_at)} (sha256 {meta.content_hash[:12]}).")
    return 0


def cmd_revisions(args) -> int:
    from electionplan.services.editions import revision_entries, revision_line
    from electionplan.services.revisions import list_revisions

    with open_plan(args.plan) as plan:
        if args.json:
            print_json(revision_entries(plan, args.edition))
            return 0
        revisions = list_revisions(plan)
    if not revisions:
        print("No revision has been issued yet.")
    for r in revisions:
        stamp = f"  [server: {r.server_stamp}]" if r.server_stamp else ""
        print(f"{r.number:>6}  {fmt_datetime(r.issued_at)}  {r.author:<12} {r.status:<9} {revision_line(r, args.edition)}"
              f"{stamp}")
    return 0


def cmd_diff(args) -> int:
    from electionplan.domain.display import in_brief
    from electionplan.services.editions import diff_edition

    with open_plan(args.plan) as plan:
        result = diff_edition(plan, args.a, args.b, edition_request(args))
    if args.json:
        print_json(result)
        return 0
    print(f"Changes from revision {result['from']} to {result['to']}")
    for title, key in (("Added", "added"), ("Removed", "removed")):
        for item in result[key]:
            print(f"  {title}: {item['entity_label']} '{item['name']}'")
    for item in result["changed"]:
        print(f"  Changed: {item['entity_label']} '{item['name']}', {item['field_label']}: {in_brief(item['old'])} -> {in_brief(item['new'])}")
    for item in result["moved"]:
        print(f"  Moved: {item['entity_label']} '{item['name']}' {item['old']} -> {item['new']}. {item['reason']}")
    if not any(result[k] for k in ("added", "removed", "changed", "moved")):
        print("  No changes.")
    return 0


def cmd_audit(args) -> int:
    from electionplan.report.audit_csv import AUDIT_COLUMNS, audit_rows, write_csv

    with open_plan(args.plan) as plan:
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
    add_edition_options(p, constituency=False)
    p.set_defaults(func=cmd_revisions)

    p = sub.add_parser("diff", help="what changed between two revisions")
    p.add_argument("plan", metavar="PLAN")
    p.add_argument("a", metavar="A", help="a revision number, such as 1.0")
    p.add_argument("b", metavar="B", help="a later revision number, or 'live' for the plan as it is now")
    p.add_argument("--json", action="store_true")
    add_edition_options(p)
    p.set_defaults(func=cmd_diff)
