"""Pairs of plans that differ only in one candidate's restricted inputs, and every output outside the police
read back for comparing them: the helpers of the non-interference tests (see test_non_interference.py)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import shutil
import sqlite3
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from electionplan.db import models as m
from electionplan.db.opening import open_store
from electionplan.services.editing import create_record, update_record
from tests.conftest import ok

EDITION = ("--edition", "returning-officer")
DEFAULT_RULESET = Path(__file__).parents[2] / "resources" / "rulesets" / "national-default.toml"
QPDF = shutil.which("qpdf")

# One candidate's restricted inputs, changed as the app changes them: kind -> the change.
RESTRICTED_CHANGES: dict[str, Callable[[object, int], None]] = {
    "threat report": lambda plan, cid: [create_record(plan, m.ThreatReport, {
        "candidate_id": cid, "reported_on": dt.date(2026, 12, day), "kind": "Threat to kill", "severity": "critical",
        "summary": f"Credible threat made by telephone to the campaign office ({day})."}) for day in (1, 2, 3)],
    "intelligence": lambda plan, cid: update_record(plan, m.Candidate, cid, {
        "intelligence_notes": "Fixated individual known to attend this candidate's events; assessed as a risk."}),
    "concerns": lambda plan, cid: update_record(plan, m.Candidate, cid, {
        "concerns_raised": "Candidate reports being followed home after two hustings."}),
    "protective measures": lambda plan, cid: update_record(plan, m.Candidate, cid, {
        "protective_measures": ["Panic alarm fitted at home", "Escort to and from evening events"]}),
    "incident": lambda plan, cid: create_record(plan, m.Incident, {
        "occurred_at": dt.datetime(2026, 12, 2, 21, 30), "kind": "Harassment", "severity": "high",
        "candidate_id": cid, "description": "Candidate surrounded and shouted at leaving a meeting."}),
}
# Every kind at once: enough to lift a low-risk candidate's shared events, so a leak has something to show.
_EACH = tuple(RESTRICTED_CHANGES.values())
RESTRICTED_CHANGES["all of them"] = lambda plan, cid: [change(plan, cid) for change in _EACH]


def _whole_pdf(path: Path) -> bytes:
    """Every object of the PDF (its pages, structure tree and alternative texts, outline, annotations, XMP),
    rewritten by qpdf with a fixed file id and plain streams, with its creation and modification times set aside:
    a random id varies the file's size and offsets, nothing else may."""
    plain = path.with_suffix(".qdf")
    done = subprocess.run([QPDF, "--qdf", "--static-id", "--object-streams=disable", path, plain],
                          capture_output=True, check=False)
    assert done.returncode in (0, 3), done.stderr  # 3: warnings only
    data = re.sub(rb"/(CreationDate|ModDate) \(D:[^)]*\)", b"", plain.read_bytes())
    data = re.sub(rb"/ID \[<[0-9a-f]*><[0-9a-f]*>\]", b"", data)  # the original file's id is kept first
    return re.sub(rb"<xmp:(\w+Date)>[^<]*</xmp:\1>", b"", data)


def pdf_content(path: Path) -> tuple:
    """What a PDF draws and carries: where qpdf is installed every object in the file (its pages' content
    streams, form fields and metadata among them), else each page's content stream, its form fields and its
    metadata. The file's bytes also hold a creation time and a random file id, which are set aside."""
    if QPDF:
        return (_whole_pdf(path),)
    reader = PdfReader(path)
    contents = (page.get_contents() for page in reader.pages)
    pages = tuple(b"" if content is None else content.get_data() for content in contents)
    fields = tuple(sorted((name, str(field.get("/V"))) for name, field in (reader.get_fields() or {}).items()))
    meta = tuple(sorted((k, str(v)) for k, v in (reader.metadata or {}).items() if k not in ("/CreationDate",
                                                                                          "/ModDate")))
    return pages, fields, meta


def _xlsx(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    parts["docProps/core.xml"] = re.sub(rb"<dcterms:(created|modified)[^<]*</dcterms:\1>", b"",
                                        parts.get("docProps/core.xml", b""))
    return parts


def _gpkg(path: Path) -> dict[str, list]:
    db = sqlite3.connect(path)
    try:
        tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        dump = {t: db.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}
    finally:
        db.close()
    # When each layer was written is the only thing a GeoPackage records of its making.
    dump["gpkg_contents"] = [tuple(v for i, v in enumerate(row) if i != 4) for row in dump.get("gpkg_contents", [])]
    return dump


READ = {"pdf": pdf_content, "xlsx": _xlsx, "gpkg": _gpkg, "json": Path.read_bytes, "csv": Path.read_bytes}


def outside_outputs(plan: Path, folder: Path, seats: list[str], candidates: list[int],
                    *, whole_pdf_only: bool = False) -> dict[str, object]:
    """Every output of the plan that may leave the police, read back for comparison (with `whole_pdf_only`,
    the whole plan's PDF and the companion files beside it)."""
    folder.mkdir()
    outputs: dict[str, object] = {}
    for seat in [None, *seats]:
        scope = ("--constituency", seat) if seat else ()
        name = seat or "whole"
        for suffix, read in (("pdf", READ["pdf"]),) if whole_pdf_only else READ.items():
            target = folder / f"ro-{name}.{suffix}"
            message = ok("export", plan, "-o", target, *EDITION, *scope).replace(str(folder), "")
            # The size in the message counts the file's random id too.
            outputs[f"{name} {suffix} message"] = re.sub(r", \d+ KB\)", ")", message)
            outputs[f"{name} {suffix}"] = read(target)
            # A PDF above its ruleset's size is written with companion files, cut to the same edition.
            for companion in sorted(folder.glob(f"{target.stem}-data.*")) if suffix == "pdf" else ():
                outputs[f"{name} pdf companion {companion.suffix}"] = READ[companion.suffix[1:]](companion)
        if whole_pdf_only:
            return outputs
        outputs[f"{name} assess"] = ok("assess", plan, "--json", *EDITION, *scope)
        outputs[f"{name} assess text"] = ok("assess", plan, *EDITION, *scope)
        outputs[f"{name} changes"] = ok("diff", plan, "0.1", "live", "--json", *EDITION, *scope)
    outputs["revisions"] = ok("revisions", plan, "--json", *EDITION)
    # Every pack of the constituency as PDF, written into a folder by one command as a SPOC sends them out,
    # and each candidate's as JSON.
    for seat in seats:
        packs = folder / f"packs-{seat}"
        packs.mkdir()
        outputs[f"packs {seat} message"] = ok("export", plan, "-o", packs, "--edition", "candidate",
                                              "--constituency", seat).replace(str(folder), "")
        for path in sorted(packs.iterdir()):
            outputs[f"pack {path.name}"] = pdf_content(path)
    assert {int(name.split("-")[2]) for name in outputs if name.startswith("pack security-pack-")} >= set(candidates)
    for candidate in candidates:
        target = folder / f"pack-{candidate}.json"
        ok("export", plan, "-o", target, "--edition", "candidate", "--candidate", str(candidate))
        outputs[f"pack {candidate} json"] = target.read_bytes()
    return outputs


def police_outputs(plan: Path) -> bytes:
    """The police's own JSON (the plan and its assessment), which must tell the two plans of a pair apart."""
    target = plan.with_suffix(".police.json")
    ok("export", plan, "-o", target)
    return target.read_bytes()


def differences(a: dict[str, object], b: dict[str, object]) -> list[str]:
    return sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))


def pin_declared_channels(monkeypatch, plan: Path) -> None:
    """Hold the declared channels (station presence, count presence, the polling-day patrols) at this plan's
    values, so an output that still differs does so through something undeclared."""
    from electionplan.report import edition_view as ev
    from electionplan.services import export
    from electionplan.services.assessment import assess_plan_file

    with open_store(plan, read_only=True) as store:
        result = assess_plan_file(store)
    channels = ev.declared_channels(result.assessment)
    patrols = export.deploy_plan(result.snapshot, result.assessment, result.ruleset)
    monkeypatch.setattr(ev, "declared_channels", lambda _assessment: channels)
    monkeypatch.setattr(export, "deploy_plan", lambda *_args: patrols)


def shared_event_candidate(plan: Path) -> tuple[int, list[int]]:
    """The lowest-risk candidate at public events shared with others (so raising them moves those events for the
    police), and everyone standing in their constituency."""
    import json

    scores = {c["id"]: c["score"] for c in json.loads(ok("assess", plan, "--json"))["candidates"]}
    db = sqlite3.connect(plan)
    try:
        sharing = [i for (i,) in db.execute(
            "SELECT DISTINCT ec.candidate_id FROM event_candidate ec JOIN event e ON e.id = ec.event_id "
            "WHERE e.kind = 'hustings' AND (SELECT count(*) FROM event_candidate o WHERE o.event_id = e.id) > 1")]
        chosen = min(sharing, key=lambda i: (scores[i], i))
        (seat,) = db.execute("SELECT constituency_id FROM candidate WHERE id = ?", (chosen,)).fetchone()
        standing = [i for (i,) in db.execute("SELECT id FROM candidate WHERE constituency_id = ? ORDER BY id", (seat,))]
    finally:
        db.close()
    return chosen, standing


def police_events(plan: Path) -> list:
    import json

    return sorted((e["id"], e["level"], e["presence"]) for e in json.loads(ok("assess", plan, "--json"))["events"])


def seat_of(plan: Path, candidate: int) -> str:
    db = sqlite3.connect(plan)
    try:
        return db.execute("SELECT s.gss_code FROM constituency s JOIN candidate c ON c.constituency_id = s.id "
                          "WHERE c.id = ?", (candidate,)).fetchone()[0]
    finally:
        db.close()


def pair(base: Path, folder: Path, kind: str, candidate: int) -> Path:
    """A copy of the plan differing from it only in one kind of the candidate's restricted inputs."""
    changed = folder / f"{kind.replace(' ', '-')}.eplan"
    shutil.copyfile(base, changed)
    with open_store(changed) as plan:
        RESTRICTED_CHANGES[kind](plan, candidate)
    return changed


@dataclass(frozen=True)
class Baseline:
    """A plan's outputs outside the police and its police outputs, made once, for every pair built from it."""

    plan: Path
    candidate: int
    standing: list[int]
    seats: list[str]
    outside: dict[str, object]
    police: bytes
    events: list


def baseline(base: Path, folder: Path) -> Baseline:
    candidate, standing = shared_event_candidate(base)
    seats = [seat_of(base, candidate)]
    return Baseline(base, candidate, standing, seats, outside_outputs(base, folder / "base", seats, standing),
                    police_outputs(base), police_events(base))


def assert_pair_agrees(base: Baseline, folder: Path, kind: str, monkeypatch) -> None:
    """The pair of the base plan and its copy changed in one kind of restricted input: the police outputs
    differ, every output outside the police is the same once the declared channels are held."""
    changed = pair(base.plan, folder, kind, base.candidate)
    assert police_outputs(changed) != base.police, f"{kind}: the pair does not differ even for the police"
    if kind == "all of them":  # the police assessment of shared events moves, so a leak would show
        assert police_events(changed) != base.events
    with monkeypatch.context() as pinned:
        pin_declared_channels(pinned, base.plan)
        found = outside_outputs(changed, folder / kind.replace(" ", "-"), base.seats, base.standing)
    assert differences(base.outside, found) == [], kind


def planted_leaks(base: Path, folder: Path, monkeypatch) -> list[str]:
    """With a leak planted in the edition, what the pair of every kind at once finds different in the whole
    plan's PDF (and its companion files): the comparison the pairs rest on is not vacuous."""
    candidate, standing = shared_event_candidate(base)
    seats = [seat_of(base, candidate)]
    expected = outside_outputs(base, folder / "base", seats, standing, whole_pdf_only=True)
    changed = pair(base, folder, "all of them", candidate)
    with monkeypatch.context() as pinned:
        pin_declared_channels(pinned, base)
        found = outside_outputs(changed, folder / "all-of-them", seats, standing, whole_pdf_only=True)
    return differences(expected, found)


def assert_pairs_agree(base: Path, tmp_path: Path, monkeypatch, kinds=tuple(RESTRICTED_CHANGES)) -> None:
    made = baseline(base, tmp_path)
    for kind in kinds:
        assert_pair_agrees(made, tmp_path, kind, monkeypatch)



def write_force_plan(plan: Path) -> Path:
    """A synthetic 75-seat force plan, issued once so "Changes since 0.1" is in every output."""
    from electionplan.services.synthetic import synthetic_snapshot, write_synthetic_plan

    write_synthetic_plan(synthetic_snapshot(constituencies=75, stations=750, candidates=520, events=600, seed=7),
                         plan)
    # Above the ruleset's size, so the PDFs are led by exceptions and their companion files are compared too.
    ruleset = plan.parent / "at-scale.toml"
    ruleset.write_text(DEFAULT_RULESET.read_text(encoding="utf-8") + "\n[report]\nrows_in_full = 100\n", encoding="utf-8")
    ok("ruleset", plan, "--set", ruleset)
    ok("revise", plan, "-m", "Issued")
    return plan


@contextlib.contextmanager
def as_test_user(folder: Path) -> Iterator[None]:
    """User folders and a named SPOC of its own, for a fixture wider than one test (each test has its own)."""
    from electionplan.system.preferences import UserPreferences, act_as, save_preferences

    with pytest.MonkeyPatch.context() as private:
        for name in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
            private.setenv(name, str(folder / "home" / name))
        act_as(None)
        save_preferences(UserPreferences("Insp Test Officer", "Election SPOC"))
        yield



def _station_reasons(plan: Path, *edition: str) -> dict[int, list[str]]:
    return {s["id"]: s["reasons"] for s in json.loads(ok("assess", plan, "--json", *edition))["stations"]}


def assert_station_reasons_hold(base: Path, threatened: Path, folder: Path, seats: list[str], candidates: list[int],
                                monkeypatch) -> None:
    """The threatened copy's threat makes a polling-day flashpoint near a station. The police station's reasons
    name it; outside the police the station's declared presence rises, it says only that police information
    raises it, and held to the base's presence every output is the same."""
    from electionplan.report.edition_view import STATION_WITHHELD

    police = [_station_reasons(p) for p in (base, threatened)]
    near = [k for k, reasons in police[1].items() if any("flashpoint" in r for r in reasons)]
    assert near and not any("flashpoint" in r for k in near for r in police[0][k])  # the threat made the flashpoint
    outside = [_station_reasons(p, *EDITION) for p in (base, threatened)]
    assert all(STATION_WITHHELD in outside[1][k] and STATION_WITHHELD not in outside[0][k] for k in near)
    assert not any("flashpoint" in r for reasons in outside[1].values() for r in reasons)
    assert {k: v for k, v in outside[0].items() if k not in near} == {k: v for k, v in outside[1].items() if k not in near}
    expected = outside_outputs(base, folder / "base", seats, candidates)
    with monkeypatch.context() as pinned:
        pin_declared_channels(pinned, base)
        found = outside_outputs(threatened, folder / "threatened", seats, candidates)
    assert differences(expected, found) == []
