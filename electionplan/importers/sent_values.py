"""Cells of a sent spreadsheet turned into values, a whole column at a time.

Each parser returns the values and a mask of the cells it could not read, so
the importer names every bad row at once. Dates are DD/MM/YYYY, DD/MM/YY,
YYYY-MM-DD or "5 January 2027" (a spreadsheet's own date cells arrive as
YYYY-MM-DD 00:00); times are 24-hour, or written "19.00" or "7pm". A date
without its year ("Tues 5th Jan") is refused: the list's year is a guess.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from electionplan.domain.timefmt import FIRST_YEAR, LAST_YEAR, fmt_date
from electionplan.importers.sent_table import RowProblems, SentTable

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %B %Y", "%d %b %Y")
DATETIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%y %H:%M",
                    "%d %B %Y %H:%M", "%d %b %Y %H:%M")
# "Tuesday 5th January 2027": the weekday says nothing the date does not, and the ordinal's letters are not a format's.
_WEEKDAY = r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+"
_WEEKDAY_NAMED = r"^(mon|tue|wed|thu|fri|sat|sun)"
_ORDINAL = r"(?<=\d)(?:st|nd|rd|th)\b"
_ISO_T = r"(?<=\d)T(?=\d)"  # 2027-01-05T19:00; the T of "Tues" is a word's
YES = frozenset({"yes", "y", "true", "t", "1", "x"})
NO = frozenset({"no", "n", "false", "f", "0", ""})


def _first_parse(text: pd.Series, formats: tuple[str, ...]) -> pd.Series:
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    weekday = text.str.extract(_WEEKDAY_NAMED, flags=re.IGNORECASE)[0].str.lower()
    text = text.str.replace(_WEEKDAY, "", regex=True, flags=re.IGNORECASE).str.replace(_ORDINAL, "", regex=True)
    text = text.str.replace(",", " ", regex=False).str.split().str.join(" ")
    for pattern in formats:
        missing = parsed.isna()
        if not missing.any():
            break
        parsed[missing] = pd.to_datetime(text[missing], format=pattern, errors="coerce")
    years = parsed.dt.year
    # "Monday 5th January 2027" is a Tuesday: the day or the date is wrong, and which is not for the import to guess.
    wrong_day = weekday.notna() & (parsed.dt.day_name().str[:3].str.lower() != weekday)
    return parsed.where((years >= FIRST_YEAR) & (years <= LAST_YEAR) & ~wrong_day)


def dates(text: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """(dates as datetime64 at midnight, unreadable) for a column of written dates.

    A time after the date (a spreadsheet's date-and-time cell, "2026-12-02 14:30") is the same day.
    """
    text = text.str.replace(_ISO_T, " ", regex=True).str.replace(r"\s+", " ", regex=True).str.replace(r" \d{1,2}:\d{2}(:\d{2})?$", "", regex=True)
    parsed = _first_parse(text, DATE_FORMATS)
    return parsed, (parsed.isna() & (text != "")).to_numpy()


def _clock(text: pd.Series) -> pd.Series:
    """Times as lists write them ("19.00", "7pm", "7.30 pm") in 24-hour HH:MM, the rest of each cell kept."""
    parts = text.str.extract(r"^(?P<head>.*?)(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<half>[ap]\.?m\.?)?$",
                             flags=re.IGNORECASE)
    half = parts["half"].fillna("").str[:1].str.lower()
    timed = parts["hour"].notna() & (parts["minute"].notna() | (half != ""))
    hour = pd.to_numeric(parts["hour"], errors="coerce")
    twelve = half != ""
    hour = hour.where(~twelve | (hour < 1) | (hour > 12), hour % 12 + np.where(half == "p", 12, 0))
    readable = timed & (hour <= 23) & ~(twelve & ((parts["hour"].astype(float) < 1) | (parts["hour"].astype(float) > 12)))
    clock = hour.fillna(0).astype(int).astype(str).str.zfill(2) + ":" + parts["minute"].fillna("00")
    return text.where(~readable, parts["head"].fillna("") + clock)


def date_times(text: pd.Series, day: pd.Series | None = None) -> tuple[pd.Series, np.ndarray]:
    """(date-times, unreadable); a bare time (19:00, 7pm) takes the row's date from `day` when there is one."""
    text = _clock(text.str.replace(_ISO_T, " ", regex=True).str.strip())
    if day is not None:
        bare = text.str.fullmatch(r"\d{2}:\d{2}")
        text = text.where(~bare, day + " " + text)
    parsed = _first_parse(text, DATETIME_FORMATS)
    return parsed, (parsed.isna() & (text != "")).to_numpy()


def flags(text: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(true or false, unreadable) for yes/no cells; an empty cell is no."""
    lowered = text.str.lower()
    return lowered.isin(YES).to_numpy(), ~(lowered.isin(YES) | lowered.isin(NO)).to_numpy()


def whole_numbers(text: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(numbers, unreadable or negative) for counts such as attendance or officers; empty is 0."""
    cleaned = text.str.replace(",", "", regex=False).str.strip()
    values = pd.to_numeric(cleaned.where(cleaned != "", "0"), errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values) | (values < 0) | (values != np.floor(values)) | (values > 10_000_000)
    return np.where(bad, 0, values).astype(np.int64), bad


def head_counts(text: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(people, unreadable) for an expected attendance as organisers write it: "c. 200", "about 200", "200+",
    or a range "200-300", which is planned for at its top."""
    lowered = text.str.lower().str.strip()
    lowered = lowered.str.replace(r"^(?:c\.?|ca\.?|circa|approx\.?|approximately|about|around|up to|max\.?|~)\s*", "",
                                  regex=True).str.replace(r"\s*(?:\+|people|persons|attendees)$", "", regex=True)
    top = lowered.str.extract(r"^[\d,]+\s*(?:-|–|to)\s*([\d,]+)$")[0]
    return whole_numbers(top.where(top.notna(), lowered))


def refuse_outside(table: SentTable, problems: RowProblems, name: str, when: pd.Series,
                   period: tuple[dt.date, dt.date], what: str) -> None:
    """Each row whose date falls outside the campaign, named with the campaign's dates."""
    opens, closes = (pd.Timestamp(d) for d in period)
    day = when.dt.normalize()
    outside = (when.notna() & ((day < opens) | (day > closes))).to_numpy()
    if outside.any():
        span = f"the campaign ({fmt_date(period[0])} to {fmt_date(period[1])})"
        reasons = what + " " + day.dt.strftime("%d/%m/%Y").fillna("") + " is outside " + span
        problems.add_rows(table.frame["_line"], outside, table.label(name), reasons.to_numpy())
