"""The plan's candidates and constituencies that a sent file's cells name, resolved a column at a time.

A candidate is named by id, by name, or by name with the seat in brackets
('Jane Smith (Rochdale)'); the name may be written 'Smith, Jane' or with a
title ('Cllr Jane Smith'). A name two seats share is resolved by the row's own
constituency when it has one; otherwise the row is refused, naming the seats,
so an event is never linked to the wrong person of the same name.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from electionplan.db import models as m
from electionplan.geo.boundaries import same_name
from electionplan.importers.sent_table import RowProblems


def query_frame(session: Session, statement, columns: list[str]) -> pd.DataFrame:
    """A query's rows as a frame, built column-wise (pandas is slow to read SQLAlchemy rows one by one)."""
    cells = list(zip(*session.execute(statement).all(), strict=False)) or [()] * len(columns)
    return pd.DataFrame({name: pd.Series(values, dtype=object) for name, values in zip(columns, cells, strict=True)})


# Punctuation a list adds or leaves out of a name ("St. Aldhelm's", "St Aldhelms"; "Town-Hall").
_PUNCTUATION = str.maketrans({**dict.fromkeys(".'’‘`\"“”\u200c\u200d", ""), **dict.fromkeys("-‐–—,", " ")})
# How lists address a candidate rather than name them: "Cllr", "Dr", "The Rt Hon", "... MP".
_TITLES = (r"^(?:(?:the|rt\.?|right|hon\.?|honourable|cllr\.?|councillor|dr\.?|mr\.?|mrs\.?|ms\.?|miss|mx\.?|"
           r"prof\.?|professor|sir|dame|lord|lady|baroness|rev\.?|revd\.?|reverend)\s+)+")
_LETTERS = r"(?:[\s,]+(?:mp|msp|ms|mla|obe|mbe|cbe|kc|qc|jp))+\.?$"


def name_key(column: pd.Series) -> pd.Series:
    """Names as compared: case, accents, punctuation and runs of spaces ignored."""
    unique = column.drop_duplicates()
    keys = {text: " ".join(same_name(text).translate(_PUNCTUATION).split()) for text in unique}
    return column.map(keys)


def person_key(column: pd.Series) -> pd.Series:
    """A person's name as compared: titles and letters after it dropped, "Surname, Forename" turned round."""
    bare = column.str.replace(_TITLES, "", regex=True, flags=re.IGNORECASE)
    bare = bare.str.replace(_LETTERS, "", regex=True, flags=re.IGNORECASE).str.strip()
    parts = bare.str.extract(r"^(?P<surname>[^,]+),\s*(?P<forename>[^,]+)$")
    turned = (parts["forename"] + " " + parts["surname"]).where(parts["surname"].notna(), bare)
    return name_key(turned.fillna(""))


def constituency_ids(session: Session, written: pd.Series) -> pd.Series:
    """Each cell's constituency by GSS code or name (None when empty, -1 when the plan has no such seat)."""
    seats = session.execute(select(m.Constituency.id, m.Constituency.gss_code, m.Constituency.name)).all()
    known = {code.upper(): seat for seat, code, _ in seats if code}
    known |= {" ".join(same_name(name).split()): seat for seat, _, name in seats if name}
    keys = written.str.upper().where(written.str.fullmatch(r"[A-Za-z]\d{8}"), name_key(written))
    found = keys.map(known).astype(object)
    found[found.isna() & (written != "")] = -1
    return found.where(found.notna(), None)


def _candidates(session: Session) -> pd.DataFrame:
    statement = (select(m.Candidate.id, m.Candidate.name, m.Candidate.constituency_id, m.Constituency.name,
                        m.Constituency.gss_code).outerjoin(m.Constituency, m.Candidate.constituency_id == m.Constituency.id))
    frame = query_frame(session, statement, ["candidate_id", "name", "seat_id", "seat", "code"])
    frame = frame.fillna({"seat": "", "code": ""}).astype({"candidate_id": "int64", "seat_id": float})
    frame["key"] = person_key(frame["name"].astype(str))
    frame["seat_key"] = name_key(frame["seat"].astype(str))
    return frame


def resolve_candidates(session: Session, tokens: pd.DataFrame, column: str, problems: RowProblems) -> pd.Series:
    """The candidate each token names (`tokens`: text, line and the row's seat id or None); NaN where refused.

    Problems are added for names not in the plan and for names several candidates share.
    """
    plan = _candidates(session)
    text = tokens["text"]
    bracket = text.str.extract(r"^(?P<who>.*?)\s*\((?P<where>[^()]*)\)\s*$").fillna("")
    who = bracket["who"].where(bracket["who"] != "", text)
    where = name_key(bracket["where"])
    by_id = pd.to_numeric(text.where(text.str.fullmatch(r"\d{1,12}"), None), errors="coerce")
    asked = pd.DataFrame({"token": np.arange(len(tokens)), "key": person_key(who).to_numpy(),
                          "where": where.to_numpy(), "row_seat": tokens["seat"].to_numpy()})
    pairs = asked.merge(plan, on="key", how="inner")
    named_seat = (pairs["where"] != "") & ~((pairs["seat_key"] == pairs["where"]) |
                                            (pairs["code"].str.upper() == pairs["where"].str.upper()))
    pairs = pairs[~named_seat]
    counts = pairs.groupby("token")["candidate_id"].transform("size")
    in_row_seat = pairs["seat_id"].astype(object).to_numpy() == pairs["row_seat"].to_numpy()
    # A name two seats share is settled by the row's own seat.
    pairs = pairs[(counts == 1).to_numpy() | in_row_seat]
    settled = pairs.groupby("token")["candidate_id"].agg(["first", "size"])
    found = pd.Series(np.nan, index=range(len(tokens)))
    single = settled["size"] == 1
    found[settled.index[single]] = settled.loc[single, "first"].to_numpy()
    known_ids = set(plan["candidate_id"])
    numeric = by_id.notna().to_numpy()
    found[numeric] = by_id[numeric].where(by_id[numeric].isin(known_ids)).to_numpy()
    _name_problems(tokens, found, asked, plan, column, problems)
    return found


def _name_problems(tokens: pd.DataFrame, found: pd.Series, asked: pd.DataFrame, plan: pd.DataFrame, column: str,
                   problems: RowProblems) -> None:
    missing = found.isna().to_numpy()
    if not missing.any():
        return
    seats_by_key = plan.groupby("key")["seat"].agg(lambda s: sorted(set(s)))
    named = plan.groupby("key").size()
    for index in np.flatnonzero(missing)[:1_000]:  # only refused names: a clean file costs nothing here
        text, line = tokens["text"].iat[index], int(tokens["line"].iat[index])
        seats = seats_by_key.get(asked["key"].iat[index], [])
        if text.isdigit() or not seats:
            several = " (separate several candidates with ';')" if "," in text else ""
            problems.add(line, column, f"no candidate '{text}' in the plan{several}")
        elif asked["where"].iat[index]:
            problems.add(line, column, f"no candidate '{text}' in that constituency (the plan has them in "
                                       f"{', '.join(seats)})")
        else:
            problems.add(line, column, f"'{text}' names {named[asked['key'].iat[index]]} candidates (in {', '.join(seats)}); give the "
                                       "row's constituency, the seat in brackets, or the candidate's id")
    problems.total += max(0, int(missing.sum()) - 1_000)
