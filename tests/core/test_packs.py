"""A candidate's own security pack: their facts and nothing of anyone else's, and a return that comes back.

The plan is filled with a canary in every row of every text column (the same
live-schema planting as the edition tests), then packs are exported as a user
would, with the command line, and read back as the candidate would read them.
"""

from __future__ import annotations

import json
import shutil

import pytest
from pypdf import PdfReader, PdfWriter

from electionplan.db import models as m
from electionplan.db.opening import open_store
from electionplan.services.editing import delete_record, restore_record
from tests.conftest import call, ok, pdf_pages, pdf_words, plan_sql
from tests.core.canaries import PRIVATE_KINDS, found_in, plant_canaries

# What a candidate's pack may show, column by column, of the rows that are theirs.
PACK_ALLOWED = {
    "candidate": {"name", "party", "ballot_id", "police_contact"},
    "event": {"name"},
    "venue": {"name", "address", "postcode"},
    "contact": {"name", "organisation", "phone", "email"},
    "constituency": {"name"},
    "election": {"name", "force"},
    "plan": {"reference"},
}
CONTACT_ROLES = ("spoc", "deputy_spoc", "bridger")
LEVEL_WORDS = ("Very high", "Medium", "Very low", "score", "Score", "likelihood", "Likelihood")


def pack_rows(path, candidate_id: int) -> dict[str, set[int]]:
    """The rows, table by table, whose allowed columns this candidate's pack may show."""
    db = plan_sql(path)
    marks = ",".join("?" * len(PRIVATE_KINDS))
    events = {i for (i,) in db.execute(
        f"SELECT e.id FROM event e JOIN event_candidate ec ON ec.event_id = e.id "
        f"WHERE ec.candidate_id = ? AND e.kind NOT IN ({marks})", (candidate_id, *PRIVATE_KINDS))}
    rows = {
        "candidate": {candidate_id},
        "event": events,
        "venue": {v for (v,) in db.execute(
            f"SELECT venue_id FROM event WHERE id IN ({','.join(map(str, events)) or 'NULL'})")},
        "contact": {i for (i,) in db.execute(
            f"SELECT id FROM contact WHERE role IN ({','.join('?' * len(CONTACT_ROLES))})", CONTACT_ROLES)},
        "constituency": {i for (i,) in db.execute("SELECT constituency_id FROM candidate WHERE id = ?", (candidate_id,))},
        "election": {i for (i,) in db.execute("SELECT rowid FROM election")},
        "plan": {i for (i,) in db.execute("SELECT rowid FROM plan")},
    }
    db.close()
    return rows


def pack_may_carry(path, canaries, candidate_id: int) -> set[str]:
    rows = pack_rows(path, candidate_id)
    return {canary for canary, (table, column, rowid) in canaries.items()
            if column in PACK_ALLOWED.get(table, ()) and rowid in rows.get(table, ())}


@pytest.fixture(scope="module")
def planted_packs(tmp_path_factory, sample_plan_template):
    folder = tmp_path_factory.mktemp("packs")
    plan = folder / "plan.eplan"
    shutil.copyfile(sample_plan_template, plan)
    canaries = plant_canaries(plan)
    ok("revise", plan, "-m", f"Threat to kill ZQ{len(canaries):05d}QZ", "--summary", "Hustings list updated")
    packs = folder / "packs"
    packs.mkdir()
    ok("export", plan, "-o", packs, "--edition", "candidate")
    return plan, canaries, packs


def test_each_pack_in_a_folder_holds_exactly_its_own_candidates_canaries(planted_packs):
    plan, canaries, packs = planted_packs
    db = plan_sql(plan)
    candidate_ids = [i for (i,) in db.execute("SELECT id FROM candidate ORDER BY id")]
    db.close()
    files = sorted(packs.glob("*.pdf"))
    assert len(files) == len(candidate_ids) == 7
    for candidate_id, path in zip(candidate_ids, files, strict=True):
        assert path.name.startswith(f"security-pack-{candidate_id:04d}-")
        assert oct(path.stat().st_mode & 0o777) == "0o600"
        allowed = pack_may_carry(plan, canaries, candidate_id)
        seen = found_in(pdf_words(path), canaries)
        leaked = sorted(f"{canaries[c][0]}.{canaries[c][1]}" for c in seen - allowed)
        missing = sorted(f"{canaries[c][0]}.{canaries[c][1]}" for c in allowed - seen)
        assert (leaked, missing) == ([], []), path.name


def test_a_pack_as_json_holds_the_same_and_no_level_or_score(planted_packs, tmp_path):
    plan, canaries, _ = planted_packs
    target = tmp_path / "pack.json"
    ok("export", plan, "-o", target, "--edition", "candidate", "--candidate", "2")
    text = target.read_text()
    assert found_in(text, canaries) == pack_may_carry(plan, canaries, 2)
    pack = json.loads(text)
    assert set(pack) >= {"name", "contacts", "briefing", "events", "seal"}
    assert not any(word in text for word in LEVEL_WORDS)
    assert not any(key in text for key in ('"level"', '"score"', '"reasons"'))


@pytest.mark.presentation
def test_the_pack_lists_the_public_events_the_candidate_attends_with_presence_only_at_the_count(sample_plan_path,
                                                                                                 tmp_path):
    target = tmp_path / "okafor.json"
    ok("export", sample_plan_path, "-o", target, "--edition", "candidate", "--candidate", "daniel okafor")
    pack = json.loads(target.read_text())
    assessed = json.loads(ok("assess", sample_plan_path, "--json"))
    presence = {e["name"]: e["presence"]["description"] for e in assessed["events"] if e.get("presence")}
    kinds = {e["name"]: e["kind"] for e in assessed["events"]}
    db = plan_sql(sample_plan_path)
    expected = {n for (n,) in db.execute(
        "SELECT e.name FROM event e JOIN event_candidate ec ON ec.event_id = e.id JOIN candidate c ON c.id = ec.candidate_id "
        f"WHERE c.name = 'Daniel Okafor' AND e.kind NOT IN ({','.join('?' * len(PRIVATE_KINDS))})", PRIVATE_KINDS)}
    db.close()
    assert {e["name"] for e in pack["events"]} == expected
    assert "Evening canvassing, Hollinsby Fold estate" not in {e["name"] for e in pack["events"]}  # his own movement
    # The count's and declaration's presence is a declared channel; elsewhere presence can move with another
    # candidate's risk, so the pack sends the candidate to their contact.
    counted = [e for e in pack["events"] if kinds[e["name"]] in ("count", "declaration")]
    assert counted and all(e["presence"] == presence[e["name"]] for e in counted)
    assert all(e["presence"] == "Ask your police contact" for e in pack["events"] if e not in counted)
    assert pack["contacts"][0]["name"] == "PC Gemma Holt" and "Election SPOC" in {c["role"] for c in pack["contacts"]}
    assert "offered a personal security briefing on 15/12/2026" in pack["briefing"]
    assert "took it up" not in pack["briefing"]


def fill_return(source, target, answers: dict[str, str], seal: str | None = None) -> None:
    writer = PdfWriter(clone_from=PdfReader(str(source)))
    values = dict(answers)
    if seal is not None:
        values["pack_seal"] = seal
    for page in writer.pages:
        if page.get("/Annots"):
            writer.update_page_form_field_values(page, values, auto_regenerate=False)
    writer.write(str(target))


ANSWERS = {"return_from": "Jo Agent", "return_events": "Street stall, Market Square, 12/01/2027 10:00–12:00",
           "return_concerns": "A man has waited outside the office twice this week",
           "return_briefing": "Any weekday after 18:00", "return_consent": "Yes, I consent"}


def contributions(path) -> list[tuple]:
    db = plan_sql(path)
    rows = db.execute("SELECT candidate_id, kind, text, from_name FROM contribution ORDER BY id").fetchall()
    db.close()
    return rows


def test_a_filled_return_comes_back_against_its_candidate_once(sample_plan_path, tmp_path):
    pack, filled = tmp_path / "pack.pdf", tmp_path / "filled.pdf"
    ok("export", sample_plan_path, "-o", pack, "--edition", "candidate", "--candidate", "Priya Ramanathan")
    fill_return(pack, filled, ANSWERS)
    before = contributions(sample_plan_path)
    assert "Recorded 4 contributions" in ok("import", sample_plan_path, "contributions", filled)
    added = contributions(sample_plan_path)[len(before):]
    assert {row[0] for row in added} == {3} and {row[3] for row in added} == {"Jo Agent"}
    assert {row[1]: row[2] for row in added} == {
        "planned events": ANSWERS["return_events"], "concern": ANSWERS["return_concerns"],
        "briefing availability": ANSWERS["return_briefing"],
        "consent to share contact details": "Consents to the police sharing their contact details with the "
                                            "returning officer."}
    # The same return again records nothing new.
    assert "already recorded" in ok("import", sample_plan_path, "contributions", filled)
    assert len(contributions(sample_plan_path)) == len(before) + 4


def test_a_return_readdressed_or_from_another_plan_is_refused(sample_plan_path, tmp_path):
    pack = tmp_path / "pack.pdf"
    ok("export", sample_plan_path, "-o", pack, "--edition", "candidate", "--candidate", "3")
    seal = PdfReader(str(pack)).get_fields()["pack_seal"]["/V"]
    reference, _, mac = seal.split("|")
    forged = tmp_path / "forged.pdf"
    fill_return(pack, forged, ANSWERS, seal=f"{reference}|1|{mac}")
    other = tmp_path / "other.eplan"
    ok("sample", other)
    filled = tmp_path / "filled.pdf"
    fill_return(pack, filled, ANSWERS)
    blank = tmp_path / "blank.pdf"
    fill_return(pack, blank, {})
    before = contributions(sample_plan_path)
    for plan, path, reason in ((sample_plan_path, forged, "seal was altered"), (other, filled, "seal was altered"),
                               (sample_plan_path, blank, "nothing filled in")):
        code, out, err = call("import", plan, "contributions", path)
        assert code == 1 and reason in err and len(err.strip().splitlines()) == 1, err
    assert contributions(sample_plan_path) == before


@pytest.mark.parametrize("args, code, message", [
    (["--edition", "candidate"], 2, "--candidate"),
    (["--candidate", "2"], 2, "--edition candidate"),
    (["--edition", "candidate", "--candidate", "Nobody Atall"], 1, "no candidate 'Nobody Atall'"),
])
@pytest.mark.store_once
def test_pack_usage_mistakes_get_one_line(sample_plan_path, tmp_path, args, code, message):
    got, out, err = call("export", sample_plan_path, "-o", tmp_path / "pack.pdf", *args)
    assert (got, len(err.strip().splitlines())) == (code, 1) and message in err, err
    assert not (tmp_path / "pack.pdf").exists()


@pytest.mark.presentation
def test_the_pack_reads_as_a_candidate_would_read_it(sample_plan_path, tmp_path):
    target = tmp_path / "pack.pdf"
    ok("export", sample_plan_path, "-o", target, "--edition", "candidate", "--candidate", "1")
    reader = PdfReader(str(target))
    text = "\n".join(pdf_pages(target))
    for heading in ("Security pack for Margaret Ellery-Stone", "Your police contacts", "How to report",
                    "What to report", "below the criminal threshold", "Your public events and the police presence",
                    "Your return to the police", "call 999"):
        assert heading in text
    assert not any(word in text for word in LEVEL_WORDS)
    # Her campaign visit and surgery are her own movements, not listed public events.
    assert "National party leader" not in text and "drop-in surgery" not in text
    assert set(reader.get_fields()) >= {"return_from", "return_events", "return_concerns", "return_briefing",
                                        "return_consent", "pack_seal"}


def test_plans_made_before_packs_get_a_key_of_their_own_on_upgrade(tmp_path):
    from pathlib import Path

    old = Path(__file__).resolve().parents[1] / "data" / "plan_schema_0001.eplan"
    keys = []
    for name in ("a.eplan", "b.eplan"):
        shutil.copyfile(old, tmp_path / name)
        ok("info", tmp_path / name)  # opening upgrades the plan
        db = plan_sql(tmp_path / name)
        keys.append(db.execute("SELECT pack_key FROM plan").fetchone()[0])
        db.close()
    assert all(len(key) == 64 and int(key, 16) for key in keys) and keys[0] != keys[1]


def test_several_returns_are_recorded_all_or_none(sample_plan_path, tmp_path):
    pack, good, forged = tmp_path / "pack.pdf", tmp_path / "good.pdf", tmp_path / "forged.pdf"
    ok("export", sample_plan_path, "-o", pack, "--edition", "candidate", "--candidate", "2")
    fill_return(pack, good, ANSWERS)
    reference, _, mac = PdfReader(str(pack)).get_fields()["pack_seal"]["/V"].split("|")
    fill_return(pack, forged, ANSWERS, seal=f"{reference}|1|{mac}")
    before = contributions(sample_plan_path)
    code, out, err = call("import", sample_plan_path, "contributions", good, forged)
    assert code == 1 and "forged.pdf" in err
    assert contributions(sample_plan_path) == before  # the good one is not recorded either


def test_a_return_is_not_recorded_against_someone_who_took_a_deleted_candidates_id(sample_plan_path, tmp_path):
    pack, filled = tmp_path / "pack.pdf", tmp_path / "filled.pdf"
    ok("export", sample_plan_path, "-o", pack, "--edition", "candidate", "--candidate", "7")
    fill_return(pack, filled, ANSWERS)
    # Deleted, and someone else written in under the same id (as a file's reused highest id would be).
    with open_store(sample_plan_path) as plan:
        delete_record(plan, m.Candidate, 7, with_linked=True)
        restore_record(plan, m.Candidate, 7, {"name": "New Newcomer"})
    before = contributions(sample_plan_path)
    code, _, err = call("import", sample_plan_path, "contributions", filled)
    assert code == 1 and "still in it" in err
    assert contributions(sample_plan_path) == before


def test_a_pack_outlives_a_corrected_name_but_a_readdressed_return_is_refused(sample_plan_path, tmp_path):
    pack, filled, moved = tmp_path / "pack.pdf", tmp_path / "filled.pdf", tmp_path / "moved.pdf"
    ok("export", sample_plan_path, "-o", pack, "--edition", "candidate", "--candidate", "2")
    fill_return(pack, filled, ANSWERS)
    reference, _, mac = PdfReader(str(pack)).get_fields()["pack_seal"]["/V"].split("|")
    fill_return(pack, moved, ANSWERS, seal=f"{reference}|3|{mac}")
    ok("edit", sample_plan_path, "candidate", "2", "--set", "name=Corrected Spelling-Name")
    code, _, err = call("import", sample_plan_path, "contributions", moved)
    assert code == 1 and "still in it" in err and len(err.strip().splitlines()) == 1
    before = len(contributions(sample_plan_path))
    ok("import", sample_plan_path, "contributions", filled)
    assert len(contributions(sample_plan_path)) > before


def test_a_return_with_an_overlong_answer_is_refused_and_control_characters_are_not_kept(sample_plan_path, tmp_path):
    pack = tmp_path / "pack.pdf"
    ok("export", sample_plan_path, "-o", pack, "--edition", "candidate", "--candidate", "2")
    long, odd = tmp_path / "long.pdf", tmp_path / "odd.pdf"
    fill_return(pack, long, {**ANSWERS, "return_from": "x" * 161})
    code, _, err = call("import", sample_plan_path, "contributions", long)
    assert code == 1 and "longer than 160 characters" in err and len(err.strip().splitlines()) == 1
    fill_return(pack, odd, {**ANSWERS, "return_from": "Evil\x1b[31m Red\u202e", "return_concerns": "bell\x07 here"})
    ok("import", sample_plan_path, "contributions", odd)
    stored = contributions(sample_plan_path)[-4:]
    assert {row[3] for row in stored} == {"Evil[31m Red"} and ("concern", "bell here") in {(r[1], r[2]) for r in stored}


@pytest.mark.slow
# Plants text longer than its column allows, which only a plan file can hold (SQLite does not
# enforce lengths; PostgreSQL refuses the row).
@pytest.mark.file_store
def test_very_long_text_runs_on_across_pages_in_every_pdf(sample_plan_path, tmp_path):
    words = " ".join(f"w{n}" for n in range(5000))
    db = plan_sql(sample_plan_path)
    with db:
        db.execute("INSERT INTO contribution (received_at, from_name, organisation, kind, text, candidate_id, "
                   "recorded_at) VALUES ('2027-01-05 10:00:00', 'Agent', '', 'comment', ?, 2, '2027-01-05 10:00:00')",
                   (words,))
        db.execute("UPDATE candidate SET police_contact = ? WHERE id = 2", (" ".join(["PC Holt"] * 400),))
    db.close()
    police, pack = tmp_path / "police.pdf", tmp_path / "pack.pdf"
    ok("export", sample_plan_path, "-o", police)
    ok("export", sample_plan_path, "-o", pack, "--edition", "candidate", "--candidate", "2")
    assert "w4999" in pdf_words(police) and "w0w1w2" in pdf_words(police)


@pytest.mark.presentation
def test_a_pack_lists_the_force_contacts_and_its_own_constituencys_only(sample_plan_path, tmp_path):
    db = plan_sql(sample_plan_path)
    with db:
        (other,) = db.execute("INSERT INTO constituency (gss_code, name, returning_officer, returning_officer_contact, "
                              "version_id) VALUES ('E14099902', 'Elsewhere', '', '', 1) RETURNING id").fetchone()
        db.execute("INSERT INTO contact (role, name, organisation, phone, email, constituency_id, version_id) "
                   "VALUES ('spoc', 'Insp Elsewhere', 'Wyvernshire Constabulary', '', '', ?, 1)", (other,))
    db.close()
    target = tmp_path / "pack.json"
    ok("export", sample_plan_path, "-o", target, "--edition", "candidate", "--candidate", "1")
    names = [c["name"] for c in json.loads(target.read_text())["contacts"]]
    assert "Insp Elsewhere" not in names and "Insp. Rachel Donnelly" in names


@pytest.mark.presentation
def test_the_returning_officers_counts_leave_out_private_venues(sample_plan_path, tmp_path):
    import pyogrio

    info = json.loads(ok("info", sample_plan_path, "--json", "--edition", "returning-officer"))
    ok("export", sample_plan_path, "-o", tmp_path / "ro.gpkg", "--edition", "returning-officer")
    venues = pyogrio.read_info(tmp_path / "ro.gpkg", layer="venues")["features"]
    police = json.loads(ok("info", sample_plan_path, "--json"))
    assert info["counts"]["venues"] == venues < police["counts"]["venues"]


@pytest.mark.presentation
def test_a_packs_file_name_keeps_the_letters_of_the_candidates_name(sample_plan_path, tmp_path):
    import unicodedata

    from electionplan.db.opening import open_store
    from electionplan.services.packs import build_packs, pack_file_name

    packs = tmp_path / "packs"
    packs.mkdir()
    ok("export", sample_plan_path, "-o", packs, "--edition", "candidate")
    names = sorted(p.name for p in packs.iterdir())
    welsh = next(n for n in names if n.startswith("security-pack-0004-"))
    assert welsh == "security-pack-0004-gwenllian-rhŷs-owen.pdf" == unicodedata.normalize("NFC", welsh)
    with open_store(sample_plan_path, read_only=True) as plan:
        (pack,) = build_packs(plan, "4")
    # Spelt without accents only where the file system cannot hold the letter.
    assert pack_file_name(pack, "ascii") == "security-pack-0004-gwenllian-rhys-owen.pdf"
    assert pack_file_name(pack, "utf-8") == welsh


@pytest.mark.presentation
def test_a_pack_tells_its_candidate_the_polling_day_not_the_ballot_papers_data_key(sample_plan_path, tmp_path):

    from tests.conftest import ok

    target = tmp_path / "pack.pdf"
    ok("export", sample_plan_path, "-o", target, "--edition", "candidate", "--candidate", "Gwenllian Rhŷs-Owen")
    first = " ".join(pdf_pages(target)[0].split())
    info = ok("info", sample_plan_path)
    polling_day = info.split("Polling day: ")[1].split()[0]
    assert f"Polling day {polling_day}" in first
    assert "parl." not in first and "Ballot" not in first
    # The election's name already names the seat: it is not said twice under the title.
    assert "by-election, Wyvernbridge and Ashcombe" not in first
