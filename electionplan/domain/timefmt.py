"""Dates and times as a British police document writes them.

All wall-clock times in a plan are Europe/London local time, stored naive.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def now_london() -> dt.datetime:
    """The current Europe/London wall-clock time, naive, to the second."""
    return dt.datetime.now(LONDON).replace(tzinfo=None, microsecond=0)


def today_london() -> dt.date:
    return now_london().date()


# Written with integer formatting, not strftime: in the desktop app every strftime call
# imports the time module through Qt's import hook, which made 10,000 event rows slow.
def fmt_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def fmt_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d} {value.hour:02d}:{value.minute:02d}"


def fmt_time(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return f"{value.hour:02d}:{value.minute:02d}"


def fmt_span(start: dt.datetime, end: dt.datetime) -> str:
    """When something runs: one date with two times, or two dates and times."""
    if start.date() == end.date():
        return f"{fmt_date(start)} {fmt_time(start)}–{fmt_time(end)}"
    return f"{fmt_datetime(start)} – {fmt_datetime(end)}"


# Any date a plan holds lies within these years; one outside is a mistake (a
# year typed as 0001 or 20277), and would break every later calculation.
FIRST_YEAR, LAST_YEAR = 1900, 2100

# The ways a SPOC types a date: 06/05/2027, 6/5/27, 6-5-2027, 6.5.27, 2027-05-06, 06052027, 060527.
# Day first always: a British document never puts the month first.
_BRITISH = re.compile(r"(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4}|\d{2})")
_ISO = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})")
_DIGITS = re.compile(r"(\d{2})(\d{2})(\d{4}|\d{2})")
_TIME = re.compile(r"(\d{1,2})[:.]?(\d{2})(?::(\d{2}))?")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def _day_of(text: str) -> dt.date:
    """The date typed, or ValueError saying in words why it is none (never a nearby date instead)."""
    if match := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _BRITISH.fullmatch(text) or _DIGITS.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
        # Two-digit years are this century's: an election plan is never for 1927.
        year += 2000 if len(match.group(3)) == 2 else 0
    else:
        raise ValueError("write it as DD/MM/YYYY, for example 06/05/2027")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"the year is out of range; give a year from {FIRST_YEAR} to {LAST_YEAR}")
    if not 1 <= month <= 12:
        raise ValueError(f"there is no month {month}")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValueError(f"{_MONTHS[month - 1]} {year} has {last} days")
    return dt.date(year, month, day)


def _moment_of(text: str) -> dt.datetime:
    parts = text.replace("T", " ").split()
    day = _day_of(parts[0])  # a wrong date is named before a missing time
    if len(parts) != 2:
        raise ValueError("give the date and a 24-hour time, for example 06/05/2027 19:30")
    match = _TIME.fullmatch(parts[1])
    if match is None:
        raise ValueError("give the time as HH:MM on the 24-hour clock, for example 19:30")
    hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(f"{parts[1]} is not a time on the 24-hour clock")
    return dt.datetime.combine(day, dt.time(hour, minute, second))


def typed_date(text: str) -> dt.date:
    """The one rule for a date typed in the app or given on the command line; ValueError names what is wrong."""
    text = (text or "").strip()
    if not text:
        raise ValueError("give a date, for example 06/05/2027")
    try:
        return _day_of(text)
    except ValueError as exc:
        raise ValueError(f"{text} is not a date: {exc}.") from None


def typed_datetime(text: str) -> dt.datetime:
    """A date and a 24-hour time, by the same rule as `typed_date`."""
    text = (text or "").strip()
    if not text:
        raise ValueError("give a date and time, for example 06/05/2027 19:30")
    try:
        return _moment_of(text)
    except ValueError as exc:
        raise ValueError(f"{text} is not a date and time: {exc}.") from None


def parse_date(text: str, what: str = "date") -> dt.date:
    """Accept ISO (YYYY-MM-DD) and British (DD/MM/YYYY) dates, by the app's one rule for typed dates."""
    from electionplan.domain.errors import ValidationError

    text = (text or "").strip()
    try:
        return _day_of(text)
    except ValueError as exc:
        raise ValidationError(f"{what} '{text}' is not a date: {exc}", what) from None


def parse_datetime(text: str, what: str = "time") -> dt.datetime:
    """Accept ISO and British date-times with 24-hour times."""
    from electionplan.domain.errors import ValidationError

    text = (text or "").strip()
    try:
        return _moment_of(text)
    except ValueError as exc:
        raise ValidationError(f"{what} '{text}' is not a date and time: {exc}", what) from None


# Snapshots and revisions store dates and times as ISO text.
def parse_time(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def parse_day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def date_warnings(polling_day: dt.date | None, count_date: dt.date | None, today: dt.date) -> list[str]:
    """What a SPOC should check about the election's dates: a polling day past, a count before the poll."""
    warnings = []
    if polling_day is not None and polling_day < today:
        days = (today - polling_day).days
        warnings.append(f"Polling day {fmt_date(polling_day)} is in the past ({days:,} day{'s' if days != 1 else ''} "
                        f"before today, {fmt_date(today)}); check the date.")
    if polling_day is not None and count_date is not None and count_date < polling_day:
        warnings.append(f"The count ({fmt_date(count_date)}) is before polling day ({fmt_date(polling_day)}); check the dates.")
    return warnings
