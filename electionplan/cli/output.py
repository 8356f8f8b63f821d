"""What every command shares: opening the plan and printing JSON."""

from __future__ import annotations

import json
import sys


class TerminalSafeEncoder(json.JSONEncoder):
    """JSON whose strings carry every control character and bidi override as a \\uXXXX escape.

    The document is encoded whole by the C encoder, then its unsafe characters
    escaped in one pass; they can only stand inside strings (JSON's own syntax is
    ASCII), so each becomes the JSON escape of itself and the document parses to
    the same data. A national assessment (17 MB) is written in well under a
    second, where escaping each of the encoder's small chunks took fifteen.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(ensure_ascii=False, **kwargs)

    def encode(self, o) -> str:
        from electionplan.domain.text import terminal_safe

        return terminal_safe(super().encode(o))


def print_json(data, compact: bool = False) -> None:
    # Without indentation: json indents in pure Python, five times slower on a national plan.
    # Compact drops the spaces too, for output that is megabytes (a national deployment).
    text = TerminalSafeEncoder(separators=(",", ":") if compact else None).encode(data)
    stream = getattr(sys.stdout, "unescaped", sys.stdout)  # already escaped: not a second pass
    stream.write(text + "\n")


def open_plan(location, *, read_only: bool = False):
    """The plan at a path or database URL, through the store seam."""
    from electionplan.db.opening import open_store

    plan = open_store(location, read_only=read_only)
    if getattr(plan, "whole", True) is False:  # a reviewer's login on a shared plan
        _notes.add(REVIEWER_NOTE)
    return plan


REVIEWER_NOTE = ("your login reads this plan without its restricted fields and tables, so what rests on them (risk "
                 "from intelligence or threat reports) is not in what you see.")
_notes: set[str] = set()


def print_notes(*, show: bool = True) -> None:
    """After a command has succeeded, what its reader should bear in mind (a failure stays one line)."""
    for note in sorted(_notes) if show else ():
        print(f"electionplan: note: {note}", file=sys.stderr)
    _notes.clear()


EDITION_HELP = ("who the output is for: police (default, the whole plan) or returning-officer (nothing they "
                "have no need to know)")


def add_edition_options(parser, *, constituency: bool = True, candidate: bool = False) -> None:
    """--edition (and --constituency) on a command whose output can leave the police.

    The candidate edition is a candidate's own security pack, so only `export`
    offers it, with --candidate to say whose.
    """
    choices = ["police", "returning-officer"] + (["candidate"] if candidate else [])
    help_text = EDITION_HELP + ("; candidate is a candidate's own security pack (with --candidate, or -o a folder "
                                "for one pack per candidate)" if candidate else "")
    parser.add_argument("--edition", choices=choices, default="police", help=help_text)
    if constituency:
        parser.add_argument("--constituency", metavar="CODE_OR_NAME", help="keep every part to this constituency (GSS code or name)")
    if candidate:
        parser.add_argument("--candidate", metavar="ID-or-name", help="candidate edition: whose security pack")


def edition_request(args):
    from electionplan.services.editions import EditionRequest

    return EditionRequest(edition=args.edition, constituency=getattr(args, "constituency", None))


class SafeStream:
    """stdout or stderr with every control character and bidi override escaped.

    Names and text from files reach the terminal in messages and tables; an
    escape code in a station's name must print as text, never act.
    """

    def __init__(self, stream):
        self._stream = stream

    @property
    def unescaped(self):
        """The stream itself, for text escaped already (a JSON document by TerminalSafeEncoder)."""
        return self._stream

    def write(self, text: str) -> int:
        from electionplan.domain.text import terminal_safe

        return self._stream.write(terminal_safe(text))

    def __getattr__(self, name):
        return getattr(self._stream, name)
