"""The `electionplan` command line.

Every command prints one clear line on stderr and exits 1 on a data error, or 2
on a usage error. No command ever prints a traceback: unexpected failures are
logged (without field values) and reported in one line.
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Callable, NoReturn

from electionplan import __version__
from electionplan.domain.errors import ElectionPlanError, UsageError
from electionplan.system.logsetup import configure_logging, log_failure
from electionplan.system.person import act_as

log = logging.getLogger("electionplan.cli")  # not __name__: it is "__main__" under -m

EXIT_DATA_ERROR = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse would print the whole usage
        raise UsageError(f"{self.prog}: {message} (see '{self.prog} --help')")


# --- commands ---------------------------------------------------------------


def cmd_new(args) -> int:
    from electionplan.services.plans import create_plan
    from electionplan.domain.timefmt import parse_date

    plan = create_plan(
        args.plan,
        name=args.name,
        kind=args.kind,
        polling_day=parse_date(args.polling_day, "polling day"),
        force=args.force,
        notice_date=parse_date(args.notice_date, "notice date") if args.notice_date else None,
        count_date=parse_date(args.count_date, "count date") if args.count_date else None,
    )
    plan.close()
    print(f"Created {args.plan}")
    return 0


def cmd_sample(args) -> int:
    from electionplan.services.sample import write_sample_plan

    plan = write_sample_plan(args.plan, overwrite=args.force)
    plan.close()
    print(f"Wrote the sample by-election to {args.plan}")
    return 0


def cmd_info(args) -> int:
    from electionplan.db.opening import open_store
    from electionplan.services.plans import plan_info

    from electionplan.cli_commands import print_json

    with open_store(args.plan) as plan:
        info = plan_info(plan)
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
        f"Count: {date(e['count_date'])}",
        f"Plan {p['reference']}, revision {p['revision'] or 'none issued'}, {p['status']}",
    ]
    if r["overdue"]:
        lines.append(f"REVIEW OVERDUE: the review due {date(r['next_review_date'])} is {r['days_overdue']} day(s) late.")
    else:
        lines.append(f"Next review: {date(r['next_review_date'])} (every {r['interval_days']} days)")
    lines.append("Counts: " + ", ".join(f"{key.replace('_', ' ')} {value}" for key, value in c.items()))
    return "\n".join(lines)


def cmd_gui(args) -> int:
    from electionplan.gui.app import run_gui

    return run_gui(plan_path=args.plan, sample=args.sample, screenshot=args.screenshot, page=args.page)


COMMANDS: dict[str, Callable] = {}


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="electionplan", description="Risk-assessed election policing plans.")
    parser.add_argument("--version", action="version", version=f"electionplan {__version__}")
    parser.add_argument("--debug", action="store_true", help="write debug detail to the log file")
    parser.add_argument("--as", dest="acting_as", metavar="NAME",
                        help="the named person doing this, for the audit, revisions and approvals")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

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
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("gui", help="open the desktop app")
    p.add_argument("plan", metavar="PLAN", nargs="?")
    p.add_argument("--sample", action="store_true", help="open the bundled sample plan")
    p.add_argument("--screenshot", metavar="PNG", help="render the window to PNG and exit")
    p.add_argument("--page", default="overview", help="page to show (with --screenshot)")
    p.set_defaults(func=cmd_gui)

    for register in _EXTENSIONS:
        register(sub)
    return parser


# Later capabilities add their subcommands here without growing this module.
_EXTENSIONS: list[Callable] = []


def _load_extensions() -> None:
    from electionplan import cli_commands

    _EXTENSIONS[:] = cli_commands.REGISTRARS


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        _load_extensions()
        parser = build_parser()
        args = parser.parse_args(argv)
        configure_logging(debug=args.debug)
        act_as(args.acting_as)
        if not getattr(args, "func", None):
            raise UsageError("electionplan: no command given (see 'electionplan --help')")
        log.debug("command %s", args.command)
        return args.func(args)
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    except ElectionPlanError as exc:
        problems = getattr(exc, "problems", [])
        for problem in problems:  # the full list, one per line, for the record
            print(f"problem: {problem}")
        first = f" First problem: {problems[0]}." if problems else ""
        print(f"electionplan: error: {exc}{first}", file=sys.stderr)
        return EXIT_DATA_ERROR
    except KeyboardInterrupt:
        print("electionplan: interrupted; nothing further was changed.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: log the trace, show one line
        log_failure(log, exc, argv[:1])
        print(
            f"electionplan: unexpected error ({exc.__class__.__name__}); details are in the log file.",
            file=sys.stderr,
        )
        return EXIT_DATA_ERROR


if __name__ == "__main__":
    sys.exit(main())
