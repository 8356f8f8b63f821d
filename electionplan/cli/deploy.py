"""`deploy`: where each shift's officers go, and which risks the force accepts."""

from __future__ import annotations

from electionplan.cli.output import open_plan, print_json
from electionplan.domain.timefmt import fmt_date


def cmd_deploy(args) -> int:
    from electionplan.risk.deployment import WhatIf
    from electionplan.services.deployment import deploy, deployment_json, parse_mutual_aid, parse_shift

    what_if = WhatIf(capacity_scale=args.capacity_scale,
                     mutual_aid=tuple(parse_mutual_aid(t) for t in args.mutual_aid or []),
                     shifts=tuple(parse_shift(t) for t in args.shift or []))
    with open_plan(args.plan, read_only=True) as plan:
        deployment = deploy(plan, what_if)
    if args.json:
        print_json(deployment_json(deployment), compact=True)  # a national plan's is megabytes
        return 0
    if not deployment.shifts:
        print("Nothing to deploy: no shift has an event or polling stations to cover.")
        return 0
    print(f"Deployment by shift (HiGHS, {deployment.status.lower()}); residual risk {deployment.total_residual_risk:g}")
    print(f"{'Date':<12}{'Shift':<7}{'Officers':>9}{'Needed':>8}{'Deployed':>10}{'Residual':>10}  Accepted risks")
    for s in deployment.shifts:
        officers = f"{s.capacity}+{s.mutual_aid}" if s.mutual_aid else str(s.capacity)
        print(f"{fmt_date(s.date):<12}{s.shift:<7}{officers:>9}{s.needed:>8}{s.allocated:>10}{s.residual_risk:>10g}  "
              f"{len(s.unmet) or 'none'}")
        if not s.capacity_recorded:
            print("    No officers are recorded for this shift: set its capacity to deploy to it.")
        for u in s.unmet[: args.limit]:
            where = f" [{', '.join(u.stations[:5])}{' …' if len(u.stations) > 5 else ''}]" if u.stations else ""
            print(f"    {u.item}{where} ({u.kind.replace('_', ' ')}, {u.level.replace('_', ' ')}), "
                  f"{u.officers} of {u.need} officers: {u.reason}")
        if s.unvisited:
            print(f"    Not patrolled, as the plan recommends no patrol there and no officer was spare: "
                  f"{', '.join(u.item for u in s.unvisited[:5])}{' …' if len(s.unvisited) > 5 else ''} "
                  f"(residual {sum(u.residual_risk for u in s.unvisited):g})")
        if len(s.unmet) > args.limit:
            print(f"    … and {len(s.unmet) - args.limit} more (see --json)")
    return 0


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
    p.add_argument("--limit", type=_count, default=10, metavar="N", help="accepted risks listed per shift (default 10)")
    p.set_defaults(func=cmd_deploy)
