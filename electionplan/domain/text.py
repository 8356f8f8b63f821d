"""Text that came from outside: kept readable, never able to steer a terminal or a page.

Control characters (a terminal's escape codes, NUL, BEL) and the invisible
bidirectional overrides that make text display in another order than it reads
are removed from what is stored, and escaped in what is printed.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls except tab and newline, DEL, C1 controls, and the bidi embeddings,
# overrides and isolates.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_text(value: str) -> str:
    """The text with line breaks normalised and unsafe characters removed, for storing."""
    # A carriage return, vertical tab or form feed still separates what it separated: it becomes a line break.
    lines = value.replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n").replace("\f", "\n")
    return _UNSAFE.sub("", lines)


def printable(value: str) -> str:
    """The text with every unsafe character shown as an escape, for a terminal or a one-line message."""
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}", value.replace("\n", " "))


def terminal_safe(text: str) -> str:
    """Output as a terminal should receive it: unsafe characters escaped (JSON-style), lines kept."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def same_name(text: str) -> str:
    """Names compared ignoring case, accents and spacing, '&' read as 'and' ('Glyndŵr' is 'Glyndwr')."""
    decomposed = unicodedata.normalize("NFKD", str(text).replace("&", " and ")).casefold()
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def is_seat(code: str | None, name: str | None, wanted: str) -> bool:
    """Whether a seat is the one asked for, by its GSS code or its name, as a boundary import matches them."""
    wanted = wanted.strip()
    return (code or "").upper() == wanted.upper() or (bool(name) and same_name(name or "") == same_name(wanted))
