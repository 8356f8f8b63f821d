"""Dates and times as a British police document writes them.

All wall-clock times in a plan are Europe/London local time, stored naive.
"""

from __future__ import annotations

import datetime as dt
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


def _in_range(value: dt.datetime, text: str, what: str) -> dt.datetime:
    from electionplan.domain.errors import ValidationError

    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(f"{what} '{text}' is out of range; give a year from {FIRST_YEAR} to {LAST_YEAR}", what)
    return value


def parse_date(text: str, what: str = "date") -> dt.date:
    """Accept ISO (YYYY-MM-DD) and British (DD/MM/YYYY) dates."""
    from electionplan.domain.errors import ValidationError

    text = (text or "").strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return _in_range(dt.datetime.strptime(text, pattern), text, what).date()
        except ValueError:
            continue
    raise ValidationError(f"{what} '{text}' is not a date; write YYYY-MM-DD or DD/MM/YYYY", what)


def parse_datetime(text: str, what: str = "time") -> dt.datetime:
    """Accept ISO and British date-times with 24-hour times."""
    from electionplan.domain.errors import ValidationError

    text = (text or "").strip().replace("T", " ")
    for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S"):
        try:
            return _in_range(dt.datetime.strptime(text, pattern), text, what)
        except ValueError:
            continue
    raise ValidationError(
        f"{what} '{text}' is not a date and time; write YYYY-MM-DD HH:MM or DD/MM/YYYY HH:MM", what
    )


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
