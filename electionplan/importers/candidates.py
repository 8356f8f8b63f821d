"""Candidate importers: Commons Library results, Democracy Club, Electoral
Commission spending returns, national lists keyed by constituency code, and a
statement of persons nominated.

With no constituency or ballot named, a national list imports the candidates
of every constituency in the plan at once; candidates for seats the plan does
not hold are counted and left out. The "Sitting MP" and "Former MP" flags come
from the list's own columns. Party is stored for identification only.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from electionplan.db import audit
from electionplan.db import models as m
from electionplan.db.models import table_of
from electionplan.db.record_kinds import kind_of
from electionplan.db.records import insert_many
from electionplan.db.store import PlanStore
from electionplan.domain.errors import ImportFailed
from electionplan.domain.text import is_seat, same_name
from electionplan.importers.candidate_lists import candidate_frame, recognise
from electionplan.importers.tabular import read_table

log = logging.getLogger(__name__)

STORED = ("name", "party", "sitting_mp", "former_mp", "person_ref", "ballot_id", "constituency_id")


@dataclass
class CandidateImportReport:
    format: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    not_in_plan: int = 0  # candidates for seats the plan does not hold, left out
    seats: int = 0  # constituencies that received candidates

    @property
    def count(self) -> int:
        return len(self.added) + len(self.updated)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", same_name(name)).strip("-")


def _seat_ids(session: Session, frame: pd.DataFrame) -> pd.Series:
    """Each row's constituency in the plan, by GSS code or, failing that, by the ballot id's slug."""
    seats = session.execute(select(m.Constituency.id, m.Constituency.gss_code, m.Constituency.name)).all()
    by_code = {code.upper(): seat_id for seat_id, code, _ in seats if code}
    by_slug = {_slug(name): seat_id for seat_id, _, name in seats if name}
    ids = frame["gss"].map(by_code)
    slugs = frame["ballot_id"].str.extract(r"^[^.]+\.([^.]+)", expand=False).astype(object).fillna("")
    return ids.fillna(slugs.map(by_slug))


def _pick(frame: pd.DataFrame, constituency: str | None, ballot: str | None) -> pd.DataFrame:
    if ballot:
        return frame[frame["ballot_id"] == ballot]
    if constituency and frame["gss"].ne("").any():
        return frame[frame["gss"] == constituency.upper()]
    return frame


def import_candidates(plan: PlanStore, path: Path | str, *, constituency: str | None = None, ballot: str | None = None
                      ) -> CandidateImportReport:
    """Import a candidate list in one transaction."""
    path = Path(path)
    table = read_table(path)
    columns = recognise(table)
    report = CandidateImportReport(format=columns.label, skipped=list(table.problems))
    frame = candidate_frame(table, columns)
    unnamed = frame["name"] == ""
    report.skipped += [f"row {line}, column {columns.name[0]}: no name; skipped" for line in frame["_line"][unnamed]]
    frame = _pick(frame[~unnamed], constituency, ballot)
    if frame.empty:
        raise ImportFailed(f"{path.name} has no candidates for {constituency or ballot or 'any constituency'}.")
    with plan.session(write=True) as session:
        frame = frame.assign(constituency_id=_constituency_for(session, frame, columns.label, constituency, report))
        # A national list keeps only the plan's seats; a named seat, ballot or SOPN keeps every row.
        national = not (constituency or ballot) and bool(columns.code or columns.ballot)
        if national:
            frame = frame[frame["constituency_id"].notna()]
        if frame.empty:
            raise ImportFailed(f"None of the {report.not_in_plan} candidates in {path.name} stands in a constituency "
                               "of this plan; import the boundaries first, or name --constituency.")
        _store(session, frame, report)
    log.debug("candidate import: %d candidates", report.count)
    return report


def _constituency_for(session: Session, frame: pd.DataFrame, label: str, constituency: str | None,
                      report: CandidateImportReport) -> pd.Series:
    if constituency:
        seat = next((i for i, code, name in session.execute(select(m.Constituency.id, m.Constituency.gss_code,
                     m.Constituency.name)) if is_seat(code, name, constituency)), None)
        return pd.Series(seat, index=frame.index, dtype="object")
    seat_ids = _seat_ids(session, frame).astype("object")
    report.not_in_plan = int(seat_ids.isna().sum()) if label != "Statement of persons nominated" else 0
    return seat_ids.where(seat_ids.notna(), None)


def _store(session: Session, frame: pd.DataFrame, report: CandidateImportReport) -> None:
    kind_of(m.Candidate).check_settable((*STORED, "home_address"))
    table = table_of(m.Candidate)
    values = frame.copy()
    values["name"], values["party"] = values["name"].str.slice(0, 160), values["party"].str.slice(0, 160)
    values["person_ref"], values["ballot_id"] = values["person_ref"].str.slice(0, 40), values["ballot_id"].str.slice(0, 120)
    values["constituency_id"] = values["constituency_id"].map(lambda v: None if v is None or pd.isna(v) else int(v))
    existing = {(name.lower(), seat): cid for cid, name, seat in session.execute(
        select(table.c.id, table.c.name, table.c.constituency_id))}
    keys = list(zip(values["name"].str.lower(), values["constituency_id"], strict=False))
    found = [existing.get(k) for k in keys]
    records = values[list(STORED)].astype(object).to_dict("records")
    for record, address in zip(records, values["home_address"], strict=False):
        if address:
            record["home_address"] = address
    new = [r for r, f in zip(records, found, strict=False) if f is None]
    old = [{**r, "_id": f} for r, f in zip(records, found, strict=False) if f is not None]
    if new:
        insert_many(session, m.Candidate, new)
    if old:
        statement = (update(table).where(table.c.id == bindparam("_id"))
                     .values({c: bindparam(c) for c in STORED} | {"version_id": table.c.version_id + 1}))
        session.execute(statement, [{c: r[c] for c in (*STORED, "_id")} for r in old])
    report.added, report.updated = [r["name"] for r in new], [r["name"] for r in old]
    report.seats = len({r["constituency_id"] for r in records if r["constituency_id"] is not None})
    audit.record(session, "import", "Candidate", None, "file", "", f"{report.count} candidates ({report.format})")
