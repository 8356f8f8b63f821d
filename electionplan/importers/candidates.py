"""Candidate importers: Commons Library results, Democracy Club, and a simple SOPN CSV.

Candidates are picked for one constituency by GSS code or ballot id; the
"Sitting MP" and "Former MP" flags carry into the profile. Party is stored for
identification only.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from electionplan.db import models as m
from electionplan.db.planfile import PlanFile
from electionplan.domain.errors import ImportFailed
from electionplan.importers.tabular import Table, read_table
from electionplan.db import audit

log = logging.getLogger(__name__)


@dataclass
class CandidateImportReport:
    format: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.added) + len(self.updated)


def _yes(value: str) -> bool:
    return (value or "").strip().lower() in ("yes", "y", "true", "1")


def _hoc(table: Table, code: str | None, ballot: str | None) -> list[dict]:
    rows = []
    for line, row in table.rows:
        if code and row.get("ons id") != code:
            continue
        name = f"{row.get('candidate first name', '')} {row.get('candidate surname', '')}".strip()
        rows.append({"_line": line, "name": name, "party": row.get("party name", ""), "sitting_mp": _yes(row.get("sitting mp")),
                     "former_mp": _yes(row.get("former mp")) or _yes(row.get("sitting mp")), "person_ref": row.get("dc person id", ""),
                     "gss": row.get("ons id", ""), "ballot_id": ""})
    return rows


def _democracy_club(table: Table, code: str | None, ballot: str | None) -> list[dict]:
    rows = []
    for line, row in table.rows:
        if ballot and row.get("ballot_paper_id") != ballot:
            continue
        if code and not ballot and row.get("gss", "") != code:
            continue
        if _yes(row.get("cancelled_poll", "")):
            continue
        rows.append({"_line": line, "name": row.get("person_name", ""), "party": row.get("party_name", ""),
                     "sitting_mp": False, "former_mp": False, "person_ref": row.get("person_id", ""),
                     "gss": row.get("gss", ""), "ballot_id": row.get("ballot_paper_id", "")})
    return rows


def _sopn(table: Table, code: str | None, ballot: str | None) -> list[dict]:
    name_col = table.column("name", "candidate", "candidate name")
    party_col = table.column("description", "party", "description or party", "party name")
    area_col = table.column("address area", "address", "home address", "address_area")
    rows = []
    for line, row in table.rows:
        rows.append({"_line": line, "name": row.get(name_col, ""), "party": row.get(party_col, "") if party_col else "",
                     "home_address": row.get(area_col, "") if area_col else "", "sitting_mp": _yes(row.get("sitting mp", "")),
                     "former_mp": _yes(row.get("former mp", "")), "person_ref": "", "gss": code or "", "ballot_id": ballot or ""})
    return rows


FORMATS = [
    ("House of Commons Library results by candidate", ("ons id", "candidate first name", "candidate surname"), _hoc),
    ("Democracy Club candidates", ("person_id", "person_name", "ballot_paper_id"), _democracy_club),
    ("Statement of persons nominated", ("name",), _sopn),
]


def import_candidates(plan: PlanFile, path: Path | str, *, constituency: str | None = None, ballot: str | None = None
                      ) -> CandidateImportReport:
    path = Path(path)
    table = read_table(path)
    lowered = {h.lower() for h in table.header}
    spec = next(((label, reader) for label, needed, reader in FORMATS if set(needed) <= lowered), None)
    if spec is None:
        raise ImportFailed(f"{path.name} is not a candidate list (Commons Library, Democracy Club or a SOPN CSV with a name column).")
    label, reader = spec
    if label != "Statement of persons nominated" and not (constituency or ballot):
        raise ImportFailed("Name the constituency (GSS code) or the ballot id to pick candidates from a national list.")
    report = CandidateImportReport(format=label, skipped=list(table.problems))
    rows = [r for r in reader(table, constituency, ballot) if r["name"].strip()]
    if not rows:
        where = constituency or ballot
        raise ImportFailed(f"{path.name} has no candidates for {where}.")
    with plan.session() as session:
        seat = None
        if constituency:
            seat = session.scalars(select(m.Constituency).where(m.Constituency.gss_code == constituency)).first()
        elif rows[0].get("gss"):
            seat = session.scalars(select(m.Constituency).where(m.Constituency.gss_code == rows[0]["gss"])).first()
        existing = {(c.name.lower(), c.constituency_id): c for c in session.scalars(select(m.Candidate))}
        for row in rows:
            key = (row["name"].strip().lower(), seat.id if seat else None)
            values = {"name": row["name"].strip()[:160], "party": row["party"][:160], "sitting_mp": row["sitting_mp"],
                      "former_mp": row["former_mp"] and not row["sitting_mp"] or row["former_mp"],
                      "person_ref": str(row.get("person_ref") or "")[:40], "ballot_id": row.get("ballot_id", "")[:120],
                      "constituency_id": seat.id if seat else None}
            if row.get("home_address"):
                values["home_address"] = row["home_address"]
            if key in existing:
                for k, v in values.items():
                    setattr(existing[key], k, v)
                report.updated.append(values["name"])
            else:
                session.add(m.Candidate(**values))
                report.added.append(values["name"])
        session.flush()
        audit.record(session, "import", "Candidate", None, "file", "", f"{report.count} candidates ({label})")
    log.debug("candidate import: %d candidates", report.count)
    return report
