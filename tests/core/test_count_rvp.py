"""Each count venue may have its own rendezvous point: a place in plain words with a grid reference, set from the
command line (the app's page is tested in tests/ui), printed beside its count for the police alone, falling back
to the plan's RVP in words that say so, and flagged where it is at the venue itself or too far from it."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from electionplan.domain.gridref import to_grid_reference
from tests.core.pdfstructure import StructureTree, words

VENUE = "Wyvernbridge Leisure Centre"  # the sample's count and declaration venue
OWN = f"{VENUE}=Fire station yard; Kestrel Quarry Road; SJ 8790 1890"
DEFAULT = Path(__file__).parents[2] / "resources" / "rulesets" / "national-default.toml"


def _rvps(cli, plan) -> list[dict]:
    result = cli("order", plan, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["count_rvps"]


def _venue_xy(plan) -> tuple[float, float]:
    from electionplan.db.opening import open_store
    from electionplan.db.snapshot import load_snapshot

    store = open_store(plan, read_only=True)
    try:
        with store.session() as session:
            venue = next(v for v in load_snapshot(session).venues if v.name == VENUE)
    finally:
        store.close()
    return venue.easting, venue.northing


def _rows(tree: StructureTree, key: str) -> list[str]:
    """The text of each table row headed by `key`."""
    return [words(e.kids[1].text) for e in tree.walk()
            if e.role == "TR" and len(e.kids) > 1 and words(e.kids[0].text) == key]


def _text(tree: StructureTree) -> str:
    return " ".join(words(e.text) for e in tree.walk() if e.text) + " " + " ".join(e.alt for e in tree.walk())


def _export(cli, plan, target, *flags) -> StructureTree:
    result = cli("export", plan, "-o", target, *flags)
    assert result.returncode == 0, result.stderr
    return StructureTree(target)


@pytest.mark.presentation
def test_a_count_venues_own_rvp_is_printed_beside_its_count_for_the_police_alone(sample_plan_path, cli, tmp_path):
    result = cli("order", sample_plan_path, "--count-rvp", OWN)
    assert result.returncode == 0, result.stderr
    assert f"RVP for the count at {VENUE} set" in result.stdout and "CHECK" not in result.stdout
    [rvp] = _rvps(cli, sample_plan_path)
    x, y = _venue_xy(sample_plan_path)
    assert rvp["own"] and rvp["venue"] == VENUE and rvp["counts"] == ["Verification and count", "Declaration of result"]
    assert rvp["rvp"] == "Fire station yard, Kestrel Quarry Road; grid reference SJ 8790 1890"
    # The distance from the venue to the middle of the 10 m square the reference names.
    assert rvp["distance_m"] == round(math.hypot(387905 - x, 318905 - y)) and rvp["check"] == ""
    printed = cli("order", sample_plan_path).stdout
    assert f"{VENUE} (Verification and count, Declaration of result): Fire station yard" in printed

    police = _export(cli, sample_plan_path, tmp_path / "police.pdf")
    said = "Fire station yard, Kestrel Quarry Road; grid reference SJ 8790 1890"
    assert _rows(police, "Rendezvous point (RVP)") == [said, said]  # beside the count and the declaration
    assert not _rows(police, "Check the RVP")
    # Marked on the constituency's map, whose words say so.
    assert any(e.alt.startswith("Map of Wyvernbridge") and "RVP" in e.alt.split("labelled: ")[1]
               for e in police.walk() if e.role == "Figure")
    text = _text(police)
    assert "Rendezvous point (RVP): each count's own, given with the count." in text
    assert "named at briefing" not in text

    # Where the RVP is: police business. The returning officer's edition keeps the template's sentence, and no
    # file of theirs, nor a candidate's pack, holds the place.
    ro = _text(_export(cli, sample_plan_path, tmp_path / "ro.pdf", "--edition", "returning-officer"))
    assert "one RVP for responding resources and mutual aid is named at briefing" in ro
    pack = _text(_export(cli, sample_plan_path, tmp_path / "pack.pdf", "--edition", "candidate",
                         "--candidate", "Gwenllian Rhŷs-Owen"))
    for withheld in ("Fire station yard", "SJ 8790 1890", "Kestrel Quarry"):
        assert withheld not in ro and withheld not in pack, withheld
    for suffix in ("json", "xlsx", "csv", "gpkg"):
        target = tmp_path / f"ro.{suffix}"
        assert cli("export", sample_plan_path, "-o", target, "--edition", "returning-officer").returncode == 0
        assert b"Fire station yard" not in target.read_bytes()


@pytest.mark.presentation
def test_an_rvp_at_the_venue_or_too_far_from_it_is_flagged_at_the_rulesets_distances(sample_plan_path, cli,
                                                                                     tmp_path):
    x, y = _venue_xy(sample_plan_path)
    at_door = cli("order", sample_plan_path, "--count-rvp", f"{VENUE}=Car park; by the main door; {x + 12:.0f}, {y}")
    assert at_door.returncode == 0, at_door.stderr
    near = re.search(rf"CHECK: {VENUE}: the RVP is at the count venue itself \((\d+) m away\), not a separate safe "
                     r"point \(the ruleset asks for at least 50 m\)", at_door.stdout)
    assert near and int(near.group(1)) < 50, at_door.stdout

    far = to_grid_reference(x + 9_000, y + 12_000, 10)  # 15 km away
    assert cli("order", sample_plan_path, "--count-rvp", f"{VENUE}=Motorway services; junction 3; {far}").returncode == 0
    [rvp] = _rvps(cli, sample_plan_path)
    assert rvp["check"] == "the RVP is 15.0 km from the count venue, further than the 3.0 km the ruleset allows"
    police = _export(cli, sample_plan_path, tmp_path / "police.pdf")
    assert _rows(police, "Check the RVP") == [
        "The RVP is 15.0 km from the count venue, further than the 3.0 km the ruleset allows."] * 2

    # A force whose ground is wider sets its own distance, and the same RVP passes.
    wider = tmp_path / "wider.toml"
    wider.write_text(DEFAULT.read_text(encoding="utf-8") + "\n[rvp]\nfarthest_m = 20000\n", encoding="utf-8")
    assert cli("ruleset", sample_plan_path, "--set", wider).returncode == 0
    assert _rvps(cli, sample_plan_path)[0]["check"] == ""
    for bad, said in (("farthest_m = -5", "rvp.farthest_m is invalid"), ("nearest_m = true", "rvp.nearest_m is invalid"),
                      ("nearest_m = 900\nfarthest_m = 800", "rvp.farthest_m is invalid; it must be more than")):
        ruleset = tmp_path / "bad.toml"
        ruleset.write_text(DEFAULT.read_text(encoding="utf-8") + f"\n[rvp]\n{bad}\n", encoding="utf-8")
        result = cli("ruleset", sample_plan_path, "--set", ruleset)
        assert result.returncode == 1 and said in result.stderr and result.stderr.count("\n") == 1, result.stderr

    # Cleared, the count falls back to the plan's RVP (the sample names none) in words that say so.
    assert cli("order", sample_plan_path, "--count-rvp", f"{VENUE}=").returncode == 0
    [rvp] = _rvps(cli, sample_plan_path)
    assert not rvp["own"] and rvp["rvp"] == "" and rvp["check"] == ""
    assert "none recorded for this count or the plan: it is named at briefing" in cli("order", sample_plan_path).stdout
    assert cli("order", sample_plan_path, "--set", "rvp_name=Fire station", "--set",
               f"rvp_grid_ref={to_grid_reference(x, y + 40_000)}").returncode == 0
    [rvp] = _rvps(cli, sample_plan_path)
    assert not rvp["own"] and rvp["check"].startswith("the RVP is 40.0 km from the count venue")
    assert "the plan's RVP, as none is recorded for this count: Fire station" in cli("order", sample_plan_path).stdout


def test_an_rvp_for_no_count_or_at_no_place_is_refused_in_one_line_and_changes_nothing(sample_plan_path, cli):
    assert cli("order", sample_plan_path, "--count-rvp", OWN).returncode == 0
    for given, said in (("Wyvernbridge Town Hall=Yard; ; SJ 8790 1890",
                         "No count or declaration is held at 'Wyvernbridge Town Hall' (count venues: "),
                        (f"{VENUE}=Elsewhere; ; SJ 87 18 9", "RVP grid reference:"),
                        (f"{VENUE}=Elsewhere; ; 0, 0", "the grid's origin"),
                        (f"{VENUE}=a; b; c; d", "--count-rvp takes at most 3 values")):
        result = cli("order", sample_plan_path, "--count-rvp", given, "--set", "operation_name=CHANGED")
        assert result.returncode in (1, 2) and said in result.stderr, result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert _rvps(cli, sample_plan_path)[0]["rvp"].startswith("Fire station yard")
    assert json.loads(cli("order", sample_plan_path, "--json").stdout)["operation_name"] != "CHANGED"


def test_an_issued_revision_keeps_its_hash_and_prints_the_count_rvp_as_it_stood(sample_plan_path, cli, tmp_path):
    assert cli("revise", sample_plan_path, "-m", "Before the count's RVP").returncode == 0
    first = json.loads(cli("revisions", sample_plan_path, "--json").stdout)[0]["content_hash"]
    assert cli("order", sample_plan_path, "--count-rvp", OWN).returncode == 0
    assert cli("revise", sample_plan_path, "-m", "The count's RVP named").returncode == 0
    revisions = json.loads(cli("revisions", sample_plan_path, "--json").stdout)
    assert revisions[0]["content_hash"] == first and revisions[1]["content_hash"] != first
    assert cli("order", sample_plan_path, "--count-rvp", f"{VENUE}=Bus depot; ; SJ 8700 1700").returncode == 0
    then = _rows(_export(cli, sample_plan_path, tmp_path / "0.1.pdf", "--revision", "0.1"), "Rendezvous point (RVP)")
    named = _rows(_export(cli, sample_plan_path, tmp_path / "0.2.pdf", "--revision", "0.2"), "Rendezvous point (RVP)")
    assert all("named at briefing" in row for row in then)
    assert named and all(row.startswith("Fire station yard") for row in named)


def test_at_scale_each_counts_rvp_is_in_the_count_table_with_its_check(tmp_path, cli):
    """A force plan above the ruleset's size lists its counts in one table: each with its own venue's RVP, or the
    words that say none is recorded, and the check where one is needed."""
    import sqlite3

    from tests.core.at_scale import short_handed, with_rows_in_full

    plan = tmp_path / "force.eplan"
    short_handed(plan)
    with_rows_in_full(plan, 100, tmp_path)
    db = sqlite3.connect(plan)
    try:  # two counts, each at a hall beside one of its constituency's stations
        seats = db.execute("SELECT c.name, min(s.easting), min(s.northing) FROM constituency c JOIN polling_station s "
                           "ON s.constituency_id = c.id GROUP BY c.id ORDER BY c.id LIMIT 2").fetchall()
    finally:
        db.close()
    events = tmp_path / "counts.csv"
    events.write_text("name,kind,start,end,venue,easting,northing,constituency\n" + "".join(
        f"Count {n},count,2029-05-03 22:00,2029-05-04 04:00,Count Hall {n},{x},{y},{seat}\n"
        for n, (seat, x, y) in enumerate(seats, 1)), encoding="utf-8")
    assert cli("import", plan, "events", events).returncode == 0
    door = to_grid_reference(seats[0][1] + 30, seats[0][2], 10)  # at the hall's door
    assert cli("order", plan, "--count-rvp", f"Count Hall 1=Hall car park; ; {door}").returncode == 0
    target = tmp_path / "force.pdf"
    assert cli("export", plan, "-o", target).returncode == 0
    table = [e for e in StructureTree(target).walk() if e.role == "Table"
             and words(e.kids[0].kids[-1].text if e.kids and e.kids[0].kids else "") == "RVP"]
    assert len(table) == 1
    rows = {words(row.kids[0].text).split(" ")[1]: words(row.kids[-1].text) for row in table[0].kids[1:]}
    assert rows["1"].startswith(f"Hall car park; grid reference {door} Check: the RVP is at the count venue itself")
    assert rows["2"] == "None recorded for this count or the plan: it is named at briefing"
    # The plan opens with it among what needs a decision.
    opening = " ".join(e.text for e in StructureTree(target).walk()[:200] if e.text)
    assert "Count RVPs to check" in opening
    assert "Count Hall 1 (Count 1): the RVP is at the count venue itself" in " ".join(opening.split())


@pytest.mark.presentation
def test_the_command_line_and_needs_attention_ask_for_the_plans_rvp_by_one_rule(sample_plan_path, cli):
    """The order's own listing, its JSON and Needs attention agree: the plan's RVP is wanted until it has a grid
    reference, or until every count has an RVP of its own."""
    from electionplan.db.opening import open_store
    from electionplan.db.snapshot import load_snapshot
    from electionplan.domain.order import RVP_GAP
    from electionplan.services.missing import missing_items

    def asked() -> tuple[bool, bool, bool]:
        text = cli("order", sample_plan_path)
        listed = json.loads(cli("order", sample_plan_path, "--json").stdout)["missing"]
        with open_store(sample_plan_path, read_only=True) as plan, plan.session() as session:
            attention = " ".join(item.text for item in missing_items(load_snapshot(session)))
        return RVP_GAP in text.stdout.split("Still to write:")[-1], RVP_GAP in listed, RVP_GAP in attention

    assert asked() == (True, True, True)
    # A count's own RVP without a grid reference stands in for nothing: the plan's is still wanted.
    assert cli("order", sample_plan_path, "--count-rvp", f"{VENUE}=Bus depot; Mill Lane;").returncode == 0
    assert asked() == (True, True, True)
    assert cli("order", sample_plan_path, "--count-rvp", OWN).returncode == 0  # the sample's one count venue
    assert asked() == (False, False, False)
    assert cli("order", sample_plan_path, "--count-rvp", f"{VENUE}=").returncode == 0
    assert asked() == (True, True, True)
    x, y = _venue_xy(sample_plan_path)
    assert cli("order", sample_plan_path, "--set", f"rvp_grid_ref={to_grid_reference(x + 900, y)}").returncode == 0
    assert asked() == (False, False, False)
