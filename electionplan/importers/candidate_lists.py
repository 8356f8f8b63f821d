"""Recognising a candidate list by what its columns hold, never by guessing.

A list is a candidate list when it names people (one name column, or forename
and surname) and ties each to a constituency code or ballot id whose values
look like one. A statement of persons nominated names people with a
'description' and is for one constituency. Anything else is refused with the
reason, so a list of constituencies or of stations never becomes candidates.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from electionplan.domain.errors import ImportFailed
from electionplan.importers.tabular import Table

# Westminster constituency codes: E14, W07, S14, N05/N06 (ward or council codes are not seats).
SEAT_CODE_RE = r"^(?:E14|W07|S14|N05|N06)\d{6}$"
BALLOT_RE = r"^[a-z]+(\.[a-z0-9-]+)+\.\d{4}-\d{2}-\d{2}$"
_FULL_NAME = ("person_name", "candidate name", "candidate_name", "candidate", "full name", "full_name", "name")
_NAME_PAIRS = (("candidate first name", "candidate surname"), ("forename", "surname"), ("forenames", "surname"),
               ("first name", "surname"), ("first_name", "last_name"), ("first name", "last name"),
               ("firstname", "surname"), ("firstname", "lastname"), ("given name", "family name"),
               ("candidate forename", "candidate surname"))
_PARTY = ("party name", "party_name", "party", "party description", "description", "party / description",
          "description or party")
_SITTING = ("sitting mp", "sitting_mp", "incumbent", "is_sitting_mp", "sitting member")
_FORMER = ("former mp", "former_mp", "is_former_mp", "former member")
_PERSON_REF = ("dc person id", "person_id", "candidate id", "candidate_id", "candidateid")
_ADDRESS = ("address area", "address", "home address", "address_area")
_SPENDING = ("spend", "expenditure", "spending", "return")


@dataclass(frozen=True)
class CandidateColumns:
    """Which column of a recognised list holds what (lower-cased header names; '' when absent)."""

    label: str
    name: tuple[str, ...]  # one full-name column, or forename and surname
    code: str = ""
    ballot: str = ""
    party: str = ""
    sitting: str = ""
    former: str = ""
    person_ref: str = ""
    address: str = ""
    cancelled: str = ""


def _first(table: Table, names: tuple[str, ...]) -> str:
    return table.column(*names) or ""


def _share_matching(table: Table, column: str, pattern: str) -> float:
    values = pd.Series([row.get(column, "") for _, row in table.rows[:500]], dtype=str).str.strip()
    values = values[values != ""]
    return float(values.str.match(pattern, case=False).mean()) if len(values) else 0.0


def _looking_like(table: Table, pattern: str, preferred: tuple[str, ...]) -> str:
    """The column whose values look like codes of this kind (a named one first)."""
    ordered = [c for c in preferred if table.column(c)] + [h.lower() for h in table.header]
    return next((c for c in ordered if _share_matching(table, c, pattern) >= 0.8), "")


def _person_columns(table: Table) -> tuple[str, ...]:
    for forename, surname in _NAME_PAIRS:
        if table.column(forename) and table.column(surname):
            return (forename, surname)
    full = _first(table, _FULL_NAME)
    return (full,) if full else ()


def recognise(table: Table) -> CandidateColumns:
    lowered = {h.lower() for h in table.header}
    name = _person_columns(table)
    code = _looking_like(table, SEAT_CODE_RE, ("ons id", "gss", "gss code", "gss_code", "constituency code", "pcon24cd",
                                        "constituency_code", "ons code"))
    ballot = _looking_like(table, BALLOT_RE, ("ballot_paper_id", "ballot id", "ballot"))
    common = {"party": _first(table, _PARTY), "sitting": _first(table, _SITTING), "former": _first(table, _FORMER),
                  "person_ref": _first(table, _PERSON_REF), "address": _first(table, _ADDRESS),
                  "cancelled": _first(table, ("cancelled_poll",))}
    if not name:
        raise ImportFailed(f"{table.name} is not a candidate list: no column names a person "
                           "(a name, or forename and surname).")
    if not (code or ballot):
        if "description" in lowered and len(name) == 1:
            return CandidateColumns("Statement of persons nominated", name, **common)
        raise ImportFailed(f"{table.name} is not a candidate list: no column of constituency codes (such as E14001455) "
                           "or ballot ids (such as parl.runcorn-and-helsby.2024-07-04).")
    _refuse_area_list(table, code or ballot)
    if {"ons id", "candidate first name", "candidate surname"} <= lowered:
        label = "House of Commons Library results by candidate"
    elif {"person_id", "person_name", "ballot_paper_id"} <= lowered:
        label = "Democracy Club candidates"
    elif len(name) == 2 and any(word in h for h in lowered for word in _SPENDING):
        label = "Electoral Commission candidate spending returns"
    else:
        label = "National candidate list keyed by constituency code" if code else "Candidate list keyed by ballot id"
    return CandidateColumns(label, name, code=code, ballot=ballot, **common)


def _refuse_area_list(table: Table, key: str) -> None:
    """One row per code: a list of constituencies, not of candidates (every seat has several)."""
    keys = pd.Series([row.get(key, "") for _, row in table.rows], dtype=str)
    if len(keys) >= 10 and keys.is_unique:
        raise ImportFailed(f"{table.name} is not a candidate list: this looks like a list of constituencies "
                           f"(each code in column '{key}' appears on one row only).")


def candidate_frame(table: Table, columns: CandidateColumns) -> pd.DataFrame:
    """The list as a frame of name, party, code, ballot, flags and references, one row per candidate."""
    raw = pd.DataFrame.from_records([row for _, row in table.rows]).fillna("") if table.rows else pd.DataFrame()

    def column(name: str) -> pd.Series:
        return raw[name].astype(str).str.strip() if name and name in raw else pd.Series("", index=raw.index, dtype=str)

    def yes(name: str) -> pd.Series:
        return column(name).str.lower().isin(["yes", "y", "true", "1"])

    full = column(columns.name[0]) if len(columns.name) == 1 else (column(columns.name[0]) + " " + column(columns.name[1]))
    frame = pd.DataFrame({
        "_line": [line for line, _ in table.rows], "name": full.str.strip().str.replace(r"\s+", " ", regex=True),
        "party": column(columns.party), "gss": column(columns.code).str.upper(), "ballot_id": column(columns.ballot),
        "sitting_mp": yes(columns.sitting), "person_ref": column(columns.person_ref), "home_address": column(columns.address),
    })
    frame["former_mp"] = yes(columns.former) | frame["sitting_mp"]
    if columns.cancelled:
        frame = frame[~yes(columns.cancelled)]
    return frame
