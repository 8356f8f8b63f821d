"""Candidates' security packs: one candidate's, or one file per candidate into a folder.

Each pack is cut from the candidate edition's view of the plan, assessed whole
first so the presence it shows is the presence the police plan. The pack's
return is sealed with the plan's own key, so `import contributions` records a
filled return against the candidate it was made for and no other.
"""

from __future__ import annotations

import dataclasses
import json
import re
import sys
import unicodedata
from pathlib import Path

from sqlalchemy import select

from electionplan.db import models as m
from electionplan.db.queries import plan_pack_key
from electionplan.db.store import PlanStore
from electionplan.domain import plandata as pd
from electionplan.domain.display import plural
from electionplan.domain.errors import NotFound, UsageError
from electionplan.domain.packs import seal_for
from electionplan.domain.text import is_seat
from electionplan.domain.timefmt import fmt_date, today_london
from electionplan.report.edition_view import edition_view
from electionplan.report.pack import build_pack
from electionplan.report.pack_document import CandidatePack, PackSeal
from electionplan.report.pdf.pack_renderer import PackRenderer
from electionplan.risk.engine import assess_plan
from electionplan.services.export import read_export
from electionplan.system.files import atomic_write_bytes

PACK_KINDS = (".pdf", ".json")


def find_candidates(snapshot: pd.PlanSnapshot, spec: str | None) -> list[pd.CandidateRecord]:
    """The candidate an id or name names (all of them for None); an unclear name is refused, not guessed."""
    if spec is None:
        return list(snapshot.candidates)
    text = spec.strip()
    if text.isdigit():
        found = [c for c in snapshot.candidates if c.id == int(text)]
    else:
        wanted = " ".join(text.casefold().split())
        found = [c for c in snapshot.candidates if " ".join(c.name.casefold().split()) == wanted]
    if not found:
        raise NotFound(f"The plan has no candidate '{text}' (give their id or their name as the plan has it).")
    if len(found) > 1:
        ids = ", ".join(str(c.id) for c in found)
        raise NotFound(f"{len(found)} candidates are called '{text}' (ids {ids}); give the id.")
    return found


def pack_file_name(pack: CandidatePack, encoding: str | None = None) -> str:
    """The pack's file name, keeping the letters of the candidate's name ("rhŷs", composed as one letter);
    spelt without accents only where the file system's encoding (`encoding`, else this system's) has no
    room for them."""
    words = re.findall(r"[^\W_]+", unicodedata.normalize("NFC", pack.name).casefold())
    slug = "-".join(words)[:60].strip("-")
    try:
        slug.encode(encoding or sys.getfilesystemencoding())
    except (UnicodeEncodeError, LookupError):
        plain = unicodedata.normalize("NFKD", slug).encode("ascii", "ignore").decode("ascii")
        slug = re.sub(r"-{2,}", "-", plain).strip("-")
    return f"security-pack-{pack.seal.candidate_id:04d}-{slug or 'candidate'}.pdf"


def build_packs(plan: PlanStore, candidate: str | None, constituency: str | None = None,
                revision: str | None = None) -> list[CandidatePack]:
    """The packs for the candidates named (every candidate, or those of one constituency, for None)."""
    with plan.session() as session:
        read = read_export(session, revision)
        key = plan_pack_key(session)
        seal_refs = dict(session.execute(select(m.Candidate.id, m.Candidate.seal_ref)).all())
    assessment = assess_plan(read.snapshot, read.rules, read.as_at)
    chosen = find_candidates(read.snapshot, candidate)
    if constituency is not None:
        seats = {c.id for c in read.snapshot.constituencies if is_seat(c.gss_code, c.name, constituency)}
        chosen = [c for c in chosen if c.constituency_id in seats]
    packs = []
    reference = read.snapshot.plan.reference
    for record in chosen:
        view = edition_view(read.snapshot, assessment, read.rules, "candidate", constituency, candidate=record.id)
        if record.id not in seal_refs:
            raise NotFound(f"Candidate {record.id} ({record.name}) is no longer in the plan, so no pack is sealed "
                           "for them.")
        seal = PackSeal(reference, record.id, seal_for(key, reference, record.id, seal_refs[record.id]))
        packs.append(build_pack(view, seal, _revision_label(read.revision, revision), read.as_at or today_london()))
    return packs


def _revision_label(info: dict, revision: str | None) -> str:
    """An issued revision's number; for the live plan, the day it was read (never "working changes")."""
    return info["number"] if revision else f"of {fmt_date(today_london())}"


def pack_bytes(pack: CandidatePack, suffix: str) -> bytes:
    if suffix == ".json":
        return (json.dumps(dataclasses.asdict(pack), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return PackRenderer(pack).render()


def export_packs(plan: PlanStore, target: Path, candidate: str | None, constituency: str | None = None,
                 revision: str | None = None) -> str:
    """Write one pack to OUT.pdf (or .json), or one pack per candidate into a folder."""
    into_folder = target.is_dir()
    if not into_folder and not target.suffix:
        raise NotFound(f"The folder {target} does not exist; make it first, or give -o PACK.pdf.")
    if not into_folder and target.suffix.lower() not in PACK_KINDS:
        raise UsageError("the candidate edition is a security pack: give -o PACK.pdf, PACK.json or a folder")
    if not into_folder and candidate is None:
        raise UsageError("name the candidate with --candidate ID-or-name, or give -o a folder for every candidate")
    packs = build_packs(plan, candidate, constituency, revision)
    if not packs:
        raise NotFound("No candidate is in that constituency, so no pack was written.")
    if not into_folder:
        atomic_write_bytes(target, pack_bytes(packs[0], target.suffix.lower()))
        return f"Wrote {target} (security pack for {packs[0].name})."
    # Every pack is made before any is written, so a failure leaves the folder as it was.
    files = [(target / pack_file_name(pack), pack_bytes(pack, ".pdf")) for pack in packs]
    for path, data in files:
        atomic_write_bytes(path, data)
    return f"Wrote {plural(len(packs), 'security pack')} into {target}."
