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
        print_json(deployment_json(deployment))
        return 0
    print(f"Deployment by shift (HiGHS, {deployment.status.lower()}); residual risk {deployment.total_residual_risk:g}")
    print(f"{'Date':<12}{'Shift':<7}{'Officers':>9}{'Needed':>8}{'Deployed':>10}{'Residual':>10}  Accepted risks")
    for s in deployment.shifts:
        officers = f"{s.capacity}+{s.mutual_aid}" if s.mutual_aid else str(s.capacity)
        print(f"{fmt_date(s.date):<12}{s.shift:<7}{officers:>9}{s.needed:>8}{s.allocated:>10}{s.residual_risk:>10g}  "
              f"{len(s.unmet) or 'none'}")
        for u in s.unmet[: args.limit]:
            print(f"    {u.item} ({u.kind.replace('_', ' ')}, {u.level.replace('_', ' ')}): {u.reason}")
        if len(s.unmet) > args.limit:
            print(f"    … and {len(s.unmet) - args.limit} more (see --json)")
    return 0


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
    p.add_argument("--limit", type=int, default=10, metavar="N", help="accepted risks listed per shift (default 10)")
    p.set_defaults(func=cmd_deploy)
