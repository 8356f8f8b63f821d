"""`deploy`: where each shift's officers go, and which risks the force accepts."""

from __future__ import annotations

from electionplan.cli.output import open_plan, print_json


def cmd_deploy(args) -> int:
    from electionplan.domain.display import plural
    from electionplan.risk.deployment import WhatIf, priorities_in_words
    from electionplan.risk.quiet_shifts import split_quiet
    from electionplan.risk.shift_account import shift_account
    from electionplan.services.deployment import deploy, deployment_document, parse_mutual_aid, parse_shift

    what_if = WhatIf(capacity_scale=args.capacity_scale,
                     mutual_aid=tuple(parse_mutual_aid(t) for t in args.mutual_aid or []),
                     shifts=tuple(parse_shift(t) for t in args.shift or []))
    if args.json:
        with open_plan(args.plan, read_only=True) as plan:
            document = deployment_document(plan, what_if)
        print_json(document, compact=True)  # a national plan's is megabytes
        return 0
    with open_plan(args.plan, read_only=True) as plan:
        deployment = deploy(plan, what_if)
    if not deployment.shifts:
        print("Nothing to deploy: no shift has an event or polling stations to cover.")
        return 0
    print(f"Deployment by shift (HiGHS, {deployment.status.lower()}); residual risk {deployment.total_residual_risk:,.10g}")
    print(f"Priorities, in order: {priorities_in_words(deployment.priorities, deployment.per_sergeant)}")
    print(f"{'Date':<12}{'Shift':<7}{'On duty':>9}{'Needed':>8}{'Deployed':>10}{'Spare':>7}{'Residual':>10}  Status")
    accounts = [shift_account(s) for s in deployment.shifts]
    asking, quiet = split_quiet(accounts)
    for account in asking:  # the shifts that ask something lead; the quiet ones are summed after them
        _print_account(account, args.limit)
    if quiet is not None:
        print(f"{'Quiet':<12}{quiet.shifts:<7,}{quiet.on_duty:>9,}{0:>8}{0:>10}{quiet.spare:>7,}"
              f"{quiet.residual_risk:>10,.10g}  Nothing needed")
        print(f"    {quiet.summary}")
    on_duty, deployed = sum(a.on_duty for a in accounts), sum(a.deployed for a in accounts)
    print(f"All {plural(len(accounts), 'shift')}: {on_duty:,} on duty, {deployed:,} deployed, "
          f"{sum(a.spare for a in accounts):,} spare.")
    return 0


def _print_account(account, limit: int) -> None:
    print(f"{account.date:<12}{account.shift.lower():<7}{account.officers:>9}{account.needed:>8,}{account.deployed:>10,}"
          f"{account.spare:>7,}{account.residual_risk:>10,.10g}  {account.status}")
    print(f"    {account.summary}")
    for u in account.uncovered[:limit]:
        where = f" [{'; '.join(u.stations[:5])}{' …' if len(u.stations) > 5 else ''}]" if u.stations else ""
        print(f"    {u.category}: {u.item}{where} ({u.kind}, {u.level}), {u.cover}: {u.reason}")
    if len(account.uncovered) > limit:
        print(f"    … and {len(account.uncovered) - limit:,} more not covered (see --json, or --limit)")


def _count(text: str) -> int:
    import argparse

    if not (text.isascii() and text.isdigit()):
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of 0 or more")
    return int(text)


def register_deploy(sub) -> None:
    p = sub.add_parser("deploy", help="allocate each shift's officers where they leave least risk, and list what "
                                      "goes short")
    p.add_argument("plan", metavar="PLAN")
    p.add_argument("--json", action="store_true", help="the allocation as JSON")
    p.add_argument("--shift", action="append", metavar="DATE:SHIFT", help="only this shift (repeatable)")
    p.add_argument("--capacity-scale", type=float, default=1.0, metavar="X",
                   help="what if each shift had X times its recorded officers (e.g. 0.9)")
    p.add_argument("--mutual-aid", action="append", metavar="DATE:SHIFT:N",
                   help="what if N officers of mutual aid joined that shift (repeatable)")
    p.add_argument("--limit", type=_count, default=10, metavar="N", help="items not covered listed per shift (default 10)")
    p.set_defaults(func=cmd_deploy)
