"""The `electionplan` command line.

Every command prints one clear line on stderr and exits 1 on a data error, or 2
on a usage error. No command ever prints a traceback: unexpected failures are
logged (without field values) and reported in one line.
"""

from __future__ import annotations

import argparse
import functools
import logging
import sys
from typing import NoReturn

from electionplan import __version__
from electionplan.cli.assess import register_assess
from electionplan.cli.deploy import register_deploy
from electionplan.cli.order import register_order
from electionplan.cli.person import register_person
from electionplan.cli.plans import register_plans
from electionplan.cli.quicksetup import register_quicksetup
from electionplan.cli.revisions import register_revisions
from electionplan.cli.safety import register_safety
from electionplan.cli.store import register_store
from electionplan.cli.transfer import register_import_export
from electionplan.domain.errors import ElectionPlanError, UsageError
from electionplan.system.logsetup import configure_logging, log_failure
from electionplan.system.preferences import act_as

log = logging.getLogger("electionplan.cli")  # not __name__: it is "__main__" under -m

EXIT_DATA_ERROR = 1
EXIT_USAGE = 2


# Each command group registers its subcommands; the order is the order of --help.
REGISTRARS = [
    register_plans, register_assess, register_deploy, register_import_export, register_revisions, register_quicksetup,
    register_safety, register_order, register_person, register_store,
]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse would print the whole usage
        raise UsageError(f"{self.prog}: {message} (see '{self.prog} --help')")


@functools.cache  # once a process: a script that runs many commands in one process builds it once
def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="electionplan", description="Risk-assessed election policing plans.")
    parser.add_argument("--version", action="version", version=f"electionplan {__version__}")
    parser.add_argument("--debug", action="store_true", help="write debug detail to the log file")
    parser.add_argument("--as", dest="acting_as", metavar="NAME",
                        help="the named person doing this, for the audit, revisions and approvals")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for register in REGISTRARS:
        register(sub)
    return parser


SHOWN_PROBLEMS = 200  # a file with a million bad rows lists the first ones, not all


def main(argv: list[str] | None = None) -> int:
    from electionplan.cli.output import SafeStream

    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(out), SafeStream(err)
    try:
        return _run(sys.argv[1:] if argv is None else argv)
    finally:
        sys.stdout, sys.stderr = out, err


def _run(argv: list[str]) -> int:
    from electionplan.domain.text import printable

    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        configure_logging(debug=args.debug)
        act_as(args.acting_as)
        if not getattr(args, "func", None):
            raise UsageError("electionplan: no command given (see 'electionplan --help')")
        # Imported once a command is to run: the database layer is not needed to print help or a usage error.
        from electionplan.db.writelock import on_wait

        on_wait(lambda message: print(f"electionplan: {message}", file=sys.stderr, flush=True))
        log.debug("command %s", args.command)
        from electionplan.cli.output import print_notes

        print_notes(show=False)
        code = args.func(args)
        print_notes(show=code == 0)
        return code
    except UsageError as exc:
        print(printable(str(exc)), file=sys.stderr)
        return EXIT_USAGE
    except ElectionPlanError as exc:
        problems = getattr(exc, "problems", [])
        for problem in problems[:SHOWN_PROBLEMS]:  # one per line, for the record
            print(f"problem: {problem}")
        if len(problems) > SHOWN_PROBLEMS:
            print(f"problem: … and {len(problems) - SHOWN_PROBLEMS:,} more of the same kinds")
        first = f" First problem: {problems[0]}." if problems else ""
        # One line, whatever a file name or a value in the message holds.
        print(f"electionplan: error: {printable(str(exc))}{printable(first)}", file=sys.stderr)
        return EXIT_DATA_ERROR
    except KeyboardInterrupt:
        print("electionplan: interrupted; nothing further was changed.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: log the trace, show one line
        from electionplan.db.store import storage_error

        if full := storage_error(exc):  # not a bug: a disk that filled outside a plan's sessions
            print(f"electionplan: error: {full}", file=sys.stderr)
            return EXIT_DATA_ERROR
        log_failure(log, exc, argv[:1])
        print(
            f"electionplan: unexpected error ({exc.__class__.__name__}); details are in the log file.",
            file=sys.stderr,
        )
        return EXIT_DATA_ERROR

