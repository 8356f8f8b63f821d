"""Need-to-know by construction: every edition, every output, checked against the live schema.

Every text column of every table, read from the plan file itself (so a column
added later is covered without touching this test), is filled with a unique
canary per row. Every output is then produced in every edition, and each must
carry exactly what its edition allows: no restricted canary outside the
police, and every canary somewhere in the police's outputs as the control.
"""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from tests.conftest import ok, pdf_words
from tests.core.canaries import PRIVATE_KINDS, SECRET, found_in, plant_canaries

# What a returning officer may read, column by column (rows of a candidate's
# own movements excepted, below). Anything not listed is restricted, so a new
# column is restricted here until someone decides otherwise.
RO_ALLOWED = {
    "constituency": {"name", "returning_officer", "returning_officer_contact"},
    "contact": {"name", "organisation", "phone", "email"},
    "election": {"name", "force"},
    "plan": {"reference", "prepared_by", "approved_by", "intention", "communications", "distribution",
             "operation_name", "escalation"},
    "polling_station": {"council_id", "station_number", "polling_district", "name", "address_1", "address_2", "address_3", "address_4",
                        "postcode", "uprn", "stated_constituency", "council"},
    "venue": {"name", "address", "postcode"},
    "event": {"name", "organiser", "topics"},
    "candidate": {"name", "party", "ballot_id", "police_contact"},
    "revision": {"summary", "author"},
    "ward": {"gss_code", "name"},  # public geography, drawn on every edition's maps
}


def ro_may_carry(path, canaries) -> set[str]:
    db = sqlite3.connect(path)
    private_events = {i for (i,) in db.execute(
        f"SELECT id FROM event WHERE kind IN ({','.join('?' * len(PRIVATE_KINDS))})", PRIVATE_KINDS)}
    public_venues = {v for (v,) in db.execute(
        f"SELECT venue_id FROM event WHERE kind NOT IN ({','.join('?' * len(PRIVATE_KINDS))})", PRIVATE_KINDS)}
    used_venues = {v for (v,) in db.execute("SELECT venue_id FROM event")}
    db.close()
    allowed = set()
    for canary, (table, column, rowid) in canaries.items():
        if column not in RO_ALLOWED.get(table, ()):
            continue
        if table == "event" and rowid in private_events:
            continue
        if table == "venue" and rowid in used_venues and rowid not in public_venues:
            continue
        allowed.add(canary)
    return allowed


def sqlite_text(path) -> str:
    db = sqlite3.connect(path)
    parts = []
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'"):
        for row in db.execute(f'SELECT * FROM "{table}"'):
            parts.extend(str(v) for v in row if isinstance(v, str))
    db.close()
    return "\n".join(parts)


def xlsx_text(path) -> str:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    return "\n".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v)


def edition_outputs(plan, folder, edition: str) -> dict[str, str]:
    """Every output of the plan in one edition, as the text a reader would get."""
    flags = ["--edition", edition]
    texts = {}
    for name in ("pdf", "gpkg", "csv", "xlsx", "json"):
        target = folder / f"{edition}.{name}"
        ok("export", plan, "-o", target, *flags)
        assert oct(target.stat().st_mode & 0o777) == "0o600"
        reader = {"pdf": pdf_words, "gpkg": sqlite_text, "xlsx": xlsx_text}.get(name, lambda p: p.read_text())
        texts[name] = reader(target)
    target = folder / f"{edition}-0.2.pdf"
    ok("export", plan, "-o", target, "--revision", "0.2", *flags)
    texts["pdf of revision 0.2"] = pdf_words(target)
    texts["diff --json"] = ok("diff", plan, "0.1", "0.2", "--json", *flags)
    texts["diff live"] = ok("diff", plan, "0.1", "live", *flags)
    texts["revisions --json"] = ok("revisions", plan, "--json", *flags)
    texts["revisions"] = ok("revisions", plan, *flags)
    texts["assess --json"] = ok("assess", plan, "--json", *flags)
    texts["assess"] = ok("assess", plan, *flags)
    texts["info --json"] = ok("info", plan, "--json", *flags)
    return texts


@pytest.fixture(scope="module")
def planted(tmp_path_factory, sample_plan_template):
    folder = tmp_path_factory.mktemp("editions")
    plan = folder / "plan.eplan"
    shutil.copyfile(sample_plan_template, plan)
    ok("revise", plan, "-m", "Before the canaries")
    canaries = plant_canaries(plan)
    note, summary = f"ZQ{len(canaries):05d}QZ", f"ZQ{len(canaries) + 1:05d}QZ"
    ok("revise", plan, "-m", f"Threat to kill {note}", "--summary", f"Hustings list updated {summary}")
    canaries[note], canaries[summary] = ("revision", "note", 0), ("revision", "summary", 0)
    outputs = {edition: edition_outputs(plan, folder, edition) for edition in ("police", "returning-officer")}
    audit_csv = folder / "audit.csv"
    ok("audit", plan, "--csv", audit_csv)
    outputs["police"]["audit --csv"] = audit_csv.read_text()
    outputs["police"]["order --json"] = ok("order", plan, "--json")
    return plan, canaries, outputs



@pytest.mark.slow
def test_the_police_outputs_carry_every_canary(planted):
    """The positive control: every canary planted is somewhere in the police's outputs."""
    _, canaries, outputs = planted
    seen = set().union(*(found_in(text, canaries) for text in outputs["police"].values()))
    content = {c for c, (table, column, _) in canaries.items() if (table, column) not in SECRET}
    missing = sorted(f"{canaries[c][0]}.{canaries[c][1]}" for c in content - seen)
    assert missing == []


@pytest.mark.slow
def test_no_output_of_any_edition_carries_the_plans_own_key(planted):
    _, canaries, outputs = planted
    secret = {c for c, (table, column, _) in canaries.items() if (table, column) in SECRET}
    assert secret
    assert {name for texts in outputs.values() for name, text in texts.items() if found_in(text, secret)} == set()


@pytest.mark.slow
def test_no_returning_officer_output_carries_a_restricted_canary(planted):
    plan, canaries, outputs = planted
    allowed = ro_may_carry(plan, canaries)
    leaks = {}
    for name, text in outputs["returning-officer"].items():
        leaked = found_in(text, canaries) - allowed
        if leaked:
            leaks[name] = sorted({f"{canaries[c][0]}.{canaries[c][1]}" for c in leaked})
    assert leaks == {}


@pytest.mark.slow
def test_the_returning_officer_gets_everything_the_edition_allows(planted):
    plan, canaries, outputs = planted
    allowed = ro_may_carry(plan, canaries)
    seen = set().union(*(found_in(text, canaries) for text in outputs["returning-officer"].values()))
    assert sorted(f"{canaries[c][0]}.{canaries[c][1]}" for c in allowed - seen) == []
    # The summary written for recipients reaches them; the internal note does not.
    summary = next(c for c, where in canaries.items() if where == ("revision", "summary", 0))
    assert summary in outputs["returning-officer"]["pdf"] and summary in outputs["returning-officer"]["revisions"]


SWAPPED = ("intelligence_notes", "concerns_raised", "protective_measures", "prominence")
# Where each swapped input is kept: the candidate's own row, or its restricted part's.
SWAPPED_IN = {"candidate": ("prominence",),
              "candidate_restricted": ("intelligence_notes", "concerns_raised", "protective_measures")}
CANDIDATE_INPUTS = "candidate JOIN candidate_restricted USING (id)"


def _attend_the_same_public_events(db, a: int, b: int) -> None:
    public = [i for (i,) in db.execute(
        f"SELECT id FROM event WHERE kind NOT IN ({','.join('?' * len(PRIVATE_KINDS))})", PRIVATE_KINDS)]
    for event_id in public:
        attending = {c for (c,) in db.execute("SELECT candidate_id FROM event_candidate WHERE event_id = ?", (event_id,))}
        if (a in attending) != (b in attending):
            for candidate in (a, b):
                db.execute("INSERT OR IGNORE INTO event_candidate (event_id, candidate_id) VALUES (?, ?)",
                           (event_id, candidate))


def _swap_risk_inputs(path, a: int, b: int) -> None:
    db = sqlite3.connect(path)
    with db:
        for table, columns in SWAPPED_IN.items():
            rows = {cid: db.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE id = ?", (cid,)).fetchone()
                    for cid in (a, b)}
            for cid, other in ((a, b), (b, a)):
                db.execute(f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
                           (*rows[other], cid))
        db.execute("UPDATE threat_report SET candidate_id = CASE candidate_id WHEN ? THEN ? ELSE ? END "
                   "WHERE candidate_id IN (?, ?)", (a, b, a, a, b))
    db.close()


def _edition_text(plan, folder, edition: str) -> dict[str, str]:
    texts = {}
    for name in ("pdf", "json", "csv"):
        target = folder / f"{edition}.{name}"
        ok("export", plan, "-o", target, "--edition", edition)
        texts[name] = pdf_words(target) if name == "pdf" else target.read_text()
    texts["assess"] = ok("assess", plan, "--json", "--edition", edition, "--as-at", "2027-01-01")
    return texts


@pytest.mark.slow
def test_the_returning_officer_cannot_tell_two_candidates_risk_apart(tmp_path, sample_plan_template):
    """Swapping two candidates' restricted risk inputs changes nothing a returning officer reads."""
    plan = tmp_path / "plan.eplan"
    shutil.copyfile(sample_plan_template, plan)
    db = sqlite3.connect(plan)
    with db:
        # Margaret Ellery-Stone and Daniel Okafor, made to share every public event.
        _attend_the_same_public_events(db, 1, 2)
        differ = db.execute(f"SELECT count(DISTINCT {' || '.join(SWAPPED)}) FROM {CANDIDATE_INPUTS} WHERE id IN (1, 2)")
        assert differ.fetchone()[0] == 2  # their risk inputs really differ
    db.close()
    before = {e: _edition_text(plan, tmp_path / "a", e) for e in ("police", "returning-officer")
              if (tmp_path / "a").mkdir(exist_ok=True) is None}
    _swap_risk_inputs(plan, 1, 2)
    after = {e: _edition_text(plan, tmp_path / "b", e) for e in ("police", "returning-officer")
             if (tmp_path / "b").mkdir(exist_ok=True) is None}
    for name in before["returning-officer"]:
        assert before["returning-officer"][name] == after["returning-officer"][name], name
    # The control: the police edition does tell them apart.
    assert before["police"]["pdf"] != after["police"]["pdf"]
    assert json.loads(before["police"]["assess"])["candidates"] != json.loads(after["police"]["assess"])["candidates"]


SCOPED_TABLES = ("constituency", "polling_station", "venue", "event", "candidate", "contact")


def _plant_names(path) -> dict[str, int | None]:
    """A canary in every name of a record that belongs to a constituency: canary -> its constituency id."""
    db = sqlite3.connect(path)
    owners: dict[str, int | None] = {}
    with db:
        for table in SCOPED_TABLES:
            owner = "id" if table == "constituency" else "constituency_id"
            for rowid, seat in db.execute(f'SELECT rowid, {owner} FROM "{table}"').fetchall():
                canary = f"ZS{len(owners):05d}SZ"
                db.execute(f'UPDATE "{table}" SET name = ? WHERE rowid = ?', (canary, rowid))
                owners[canary] = seat
    db.close()
    return owners


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["police", "returning-officer"])
def test_a_constituency_edition_holds_that_constituency_only(tmp_path, edition):
    from electionplan.services.synthetic import synthetic_snapshot, write_synthetic_plan

    plan = tmp_path / "force.eplan"
    write_synthetic_plan(synthetic_snapshot(constituencies=3, stations=60, candidates=15, events=30, seed=4), plan)
    ok("revise", plan, "-m", "Before")
    owners = _plant_names(plan)
    ok("revise", plan, "-m", "Renamed")
    db = sqlite3.connect(plan)
    seat_id, code = db.execute("SELECT id, gss_code FROM constituency ORDER BY id LIMIT 1 OFFSET 1").fetchone()
    db.close()
    flags = ["--edition", edition, "--constituency", code]
    texts = {}
    for name in ("pdf", "gpkg", "csv", "xlsx", "json"):
        target = tmp_path / f"scoped.{name}"
        ok("export", plan, "-o", target, *flags)
        texts[name] = {"pdf": pdf_words, "gpkg": sqlite_text, "xlsx": xlsx_text}.get(name, lambda p: p.read_text())(target)
    texts["diff"] = ok("diff", plan, "0.1", "0.2", "--json", *flags)
    texts["assess"] = ok("assess", plan, "--json", *flags)
    mine = {c for c, seat in owners.items() if seat in (seat_id, None)}
    for name, text in texts.items():
        others = sorted(c for c in found_in(text, owners) if c not in mine)
        assert others == [], name
    # Not vacuous: the chosen constituency's own records are there.
    assert found_in(texts["json"], mine) and found_in(texts["pdf"], mine)


def test_a_field_or_part_added_later_is_withheld_until_an_edition_allows_it(sample_snapshot, rules):
    """The policy is an allow-list: something new reaches only the police until named."""
    import dataclasses

    from electionplan.domain.plancodec import decode_snapshot
    from electionplan.report.edition_view import restrict_snapshot
    from electionplan.report.editions import allow_document, policy_for
    from electionplan.report.view import build_plan_document
    from electionplan.risk.engine import assess_plan

    sample_snapshot = decode_snapshot(sample_snapshot)
    document = build_plan_document(sample_snapshot, assess_plan(sample_snapshot, rules), rules)
    # A new field on a part the edition shows, and a new kind of part.
    Later = dataclasses.make_dataclass("Later", [("secret", str)], frozen=True)
    Cover = dataclasses.make_dataclass("Cover", [("new_field", str)], bases=(type(document.cover),), frozen=True)
    cover = Cover(**{f.name: getattr(document.cover, f.name) for f in dataclasses.fields(document.cover)},
                  new_field="ZQ-new-field")
    grown = dataclasses.replace(document, cover=cover, intention=document.intention,
                                register=(*document.register, Later("ZQ-new-part")))
    text = repr(allow_document(grown, "returning-officer"))
    assert "ZQ-new-field" not in text and "ZQ-new-part" not in text
    assert document.cover.election in text  # what the edition does allow is still there
    # The candidate edition allows the parts of a candidate's pack only: of the
    # plan document it keeps nothing at all.
    text = repr(allow_document(grown, "candidate"))
    assert all(value not in text for value in ("ZQ-new-field", "ZQ-new-part", document.cover.election,
                                               document.cover.force))
    assert "ZQ-new-field" in repr(allow_document(grown, "police"))
    # A field added to a plan record is withheld from the records every output reads.
    Station = dataclasses.make_dataclass("Station", [("new_field", str)],
                                         bases=(type(sample_snapshot.stations[0]),), frozen=True, slots=True)
    first = sample_snapshot.stations[0]
    grown_plan = dataclasses.replace(sample_snapshot, stations=(
        Station(**{f.name: getattr(first, f.name) for f in dataclasses.fields(first)}, new_field="ZQ-x"),))
    restricted = restrict_snapshot(grown_plan, policy_for("returning-officer")).stations[0]
    assert restricted.new_field == "" and restricted.name == first.name
    assert restrict_snapshot(grown_plan, policy_for("police")).stations[0].new_field == "ZQ-x"


def test_a_constituency_edition_keeps_the_incidents_recorded_at_its_venues(rules):
    """An earlier incident recorded only at a venue belongs to the venue's constituency, as the whole plan says."""
    from electionplan.report.edition_view import edition_view
    from electionplan.risk.engine import assess_plan
    from electionplan.services.synthetic import synthetic_snapshot

    snapshot = synthetic_snapshot(constituencies=3, stations=60, candidates=15, events=40, seed=5)
    venue_seat = {v.id: v.constituency_id for v in snapshot.venues}
    at_venues = [i for i in snapshot.incidents if i.venue_id and not (i.station_id or i.event_id or i.candidate_id)]
    assert at_venues  # not vacuous
    assessment = assess_plan(snapshot, rules)
    for seat in snapshot.constituencies:
        view = edition_view(snapshot, assessment, rules, "police", seat.gss_code)
        expected = {i.id for i in at_venues if venue_seat[i.venue_id] == seat.id}
        assert expected <= {i.id for i in view.snapshot.incidents}, seat.gss_code
