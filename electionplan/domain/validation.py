"""The rules a value must keep before it enters a plan.

Every check raises ValidationError naming the field, so the GUI can show the
message beside it and the command line can print it as one line.
"""

from __future__ import annotations

import datetime as dt
import re

from electionplan.domain.errors import ValidationError
from electionplan.domain.timefmt import fmt_date
from electionplan.domain.vocab import ELECTION_KINDS, EVENT_KINDS, SEVERITIES, SHIFTS

# British National Grid extent of Great Britain and Northern Ireland with its
# islands, generously rounded: anything outside is a keying error.
BNG_EASTING = (-100_000.0, 700_000.0)
BNG_NORTHING = (0.0, 1_250_000.0)

POSTCODE_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


# The longest free text a plan holds in one field (an intelligence note, a
# threat summary, the Gold strategy). Every output lays such text across pages;
# the cap keeps a pasted document out of a field meant for a note.
MAX_TEXT_CHARS = 20_000
# Whole files kept in the plan (a force's ruleset or order template), checked by their own parsers.
FILE_TEXT_CHARS = 200_000
FILE_TEXT_FIELDS = frozenset({"ruleset_toml", "template_toml"})


def check_length(value: object, limit: int, field: str) -> None:
    """Refuse text longer than its field holds, naming the field and the limit."""
    if isinstance(value, str) and len(value) > limit:
        label = field.replace("_", " ").capitalize()
        raise ValidationError(
            f"{label} is {len(value):,} characters long; it can hold at most {limit:,}.", field
        )


def require(value, field: str, label: str | None = None):
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(f"{label or field.replace('_', ' ').capitalize()} is required.", field)
    return value.strip() if isinstance(value, str) else value


EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
PHONE_RE = re.compile(r"^\+?[0-9 ()\-]+(?: ?(?:ext|x)\.? ?[0-9]{1,6})?$", re.IGNORECASE)


def check_email(value: str | None, field: str = "email", label: str = "Email") -> None:
    """An email address someone will write to from the printed plan: refuse one that cannot be sent."""
    if value and value.strip() and not EMAIL_RE.match(value.strip()):
        raise ValidationError(f"{label} '{value.strip()}' is not an email address such as name@force.police.uk.", field)


def check_phone(value: str | None, field: str = "phone", label: str = "Telephone") -> None:
    """A telephone number someone will ring from the printed plan: digits, spaces, + ( ) -, and an extension."""
    if not value or not value.strip():
        return
    digits = sum(c.isdigit() for c in value.split("x")[0].split("ext")[0])
    if not PHONE_RE.match(value.strip()) or not 3 <= digits <= 15:  # 101 and 999 are numbers too
        raise ValidationError(f"{label} '{value.strip()}' is not a telephone number such as 0161 872 5050.", field)


def check_choice(value: str, choices, field: str, label: str) -> str:
    if value not in choices:
        raise ValidationError(f"{label} must be one of: {', '.join(choices)} (got '{value}').", field)
    return value


def check_election_kind(kind: str) -> str:
    return check_choice(kind, ELECTION_KINDS, "kind", "Election kind")


def check_event_kind(kind: str) -> str:
    return check_choice(kind, EVENT_KINDS, "kind", "Event kind")


def check_severity(severity: str, field: str = "severity") -> str:
    return check_choice(severity, SEVERITIES, field, "Severity")


def check_shift(shift: str) -> str:
    return check_choice(shift, SHIFTS, "shift", "Shift")


def in_uk(easting: float, northing: float) -> bool:
    return BNG_EASTING[0] <= easting <= BNG_EASTING[1] and BNG_NORTHING[0] <= northing <= BNG_NORTHING[1]


def check_in_uk(easting: float | None, northing: float | None, field: str = "location") -> None:
    if easting is None and northing is None:
        return
    if easting is None or northing is None:
        raise ValidationError("Give both easting and northing, or neither.", field)
    if not in_uk(easting, northing):
        raise ValidationError(
            f"Location {easting:.0f}, {northing:.0f} is outside the United Kingdom.", field
        )


def normalise_postcode(text: str) -> str:
    """'ab12cd' -> 'AB1 2CD'; an empty string stays empty."""
    compact = re.sub(r"\s+", "", (text or "").upper())
    if not compact:
        return ""
    return f"{compact[:-3]} {compact[-3:]}"


# Every postcode area in use in the United Kingdom, the Channel Islands and the Isle of Man, and BFPO's BF.
UK_POSTCODE_AREAS = frozenset("""
AB AL B BA BB BD BF BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC EH EN EX FK
FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS LU M ME MK ML N NE NG NN NP
NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA
WC WD WF WN WR WS WV YO ZE
""".split())


def postcode_area(postcode: str) -> str:
    """The letters a postcode starts with: 'SK4 1AA' -> 'SK'."""
    return re.match(r"[A-Z]*", postcode.upper()).group(0)  # type: ignore[union-attr]


def check_postcode(text: str, field: str = "postcode") -> str:
    postcode = normalise_postcode(text)
    if postcode and not POSTCODE_RE.match(postcode):
        raise ValidationError(f"'{text}' is not a UK postcode.", field)
    return postcode


def check_non_negative(value: int | None, field: str, label: str) -> int | None:
    if value is not None and value < 0:
        raise ValidationError(f"{label} cannot be negative.", field)
    return value


def check_within_period(when: dt.date, period: tuple[dt.date, dt.date], field: str, label: str) -> None:
    start, end = period
    if not start <= when <= end:
        raise ValidationError(
            f"{label} {fmt_date(when)} is outside the election period "
            f"({fmt_date(start)} to {fmt_date(end)}).",
            field,
        )


def check_time_order(start: dt.datetime, end: dt.datetime) -> None:
    if end <= start:
        raise ValidationError("The end must be after the start.", "end")
