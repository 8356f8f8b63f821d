"""`new`, `sample`, `info` and `gui`: making, describing and opening a plan."""

from __future__ import annotations

from electionplan.cli.output import add_edition_options, print_json
from electionplan.domain.display import plural


def cmd_new(args) -> int:
    from electionplan.domain import timefmt
    from electionplan.domain.timefmt import date_warnings, parse_date
    from electionplan.services.plans import create_plan

    today_london = timefmt.today_london  # looked up when run, so a test can fix "today"
    polling_day = parse_date(args.polling_day, "polling day")
    count_date = parse_date(args.count_date, "count date") if args.count_date else None
    plan = create_plan(
        args.plan,
        name=args.name,
        kind=args.kind,
        polling_day=polling_day,
        force=args.force,
        notice_date=parse_date(args.notice_date, "notice date") if args.notice_date else None,
        count_date=count_date,
    )
    plan.close()
    print(f"Created {args.plan}")
    for warning in date_warnings(polling_day, count_date, today_london()):
        print(f"Warning: {warning}")
    return 0


def cmd_sample(args) -> int:
    from electionplan.services.sample import write_sample_plan

    plan = write_sample_plan(args.plan, overwrite=args.force)
    plan.close()
    print(f"Wrote the sample by-election to {args.plan}")
    return 0


def cmd_info(args) -> int:
    from electionplan.db.opening import open_store
    from electionplan.services.plan_summary import plan_info

    with open_store(args.plan) as plan:
        info = plan_info(plan, args.edition)
    if args.json:
        print_json(info)
    else:
        print(format_info(info))
    return 0


def format_info(info: dict) -> str:
    from electionplan.domain.timefmt import fmt_date, parse_date

    e, p, r, c = info["election"], info["plan"], info["review"], info["counts"]

    def date(text):
        return fmt_date(parse_date(text)) if text else "not set"

    lines = [
        f"{e['name']} ({e['kind']})",
        f"Force: {e['force']}",
        f"Notice of election: {date(e['notice_date'])}   Polling day: {date(e['polling_day'])}   "
        f"Count: {date(e['count_starts'])}",
        f"Plan {p['reference']}, revision {p['revision'] or 'none issued'}, {p['status']}",
    ]
    if r["overdue"]:
        lines.append(f"REVIEW OVERDUE: the review due {date(r['next_review_date'])} is {plural(r['days_overdue'], 'day')} late.")
    else:
        lines.append(f"Next review: {date(r['next_review_date'])} (every {r['interval_days']} days)")
    lines.append("Counts: " + ", ".join(f"{key.replace('_', ' ')} {value:,}" for key, value in c.items()))
    return "\n".join(lines)


def cmd_gui(args) -> int:
    from electionplan.gui.app import run_gui

    return run_gui(plan_path=args.plan, sample=args.sample, screenshot=args.screenshot, page=args.page,
                   size=args.size)


def _window_size(text: str) -> tuple[int, int]:
    """WIDTHxHEIGHT, such as 1366x768."""
    import argparse

    width, _, height = text.lower().partition("x")
    if not (width.isascii() and width.isdigit() and height.isascii() and height.isdigit()
            and 640 <= int(width) <= 7680 and 480 <= int(height) <= 4320):
        raise argparse.ArgumentTypeError(f"'{text}' is not a window size such as 1366x768")
    return int(width), int(height)


def register_plans(sub) -> None:
    p = sub.add_parser("new", help="create an empty plan")
    p.add_argument("plan", metavar="PLAN")
    p.add_argument("--name", required=True)
    p.add_argument("--kind", required=True, choices=["general", "by-election", "local"])
    p.add_argument("--polling-day", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--force", required=True, metavar="NAME")
    p.add_argument("--notice-date", metavar="YYYY-MM-DD")
    p.add_argument("--count-date", metavar="YYYY-MM-DD")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("sample", help="write the bundled fictional by-election")
    p.add_argument("plan", metavar="PLAN")
    p.add_argument("--force", action="store_true", help="overwrite PLAN if it exists")
    p.set_defaults(func=cmd_sample)

    p = sub.add_parser("info", help="show the election and counts")
    p.add_argument("plan", metavar="PLAN")
    p.add_argument("--json", action="store_true")
    add_edition_options(p, constituency=False)
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("gui", help="open the desktop app")
    p.add_argument("plan", metavar="PLAN", nargs="?")
    p.add_argument("--sample", action="store_true", help="open the bundled sample plan")
    p.add_argument("--screenshot", metavar="PNG", help="render the window to PNG and exit")
    p.add_argument("--page", default="overview", help="page to show (with --screenshot)")
    p.add_argument("--size", type=_window_size, default=(1366, 768), metavar="WxH",
                   help="window size for --screenshot (default 1366x768, a force laptop's screen)")
    p.set_defaults(func=cmd_gui)
