"""The rendezvous point is a recorded place with a grid reference, printed for the police alone."""

from __future__ import annotations

import json

import pytest

from tests.core.pdfstructure import StructureTree, words

RVP = ("--set", "rvp_name=Wyvernbridge fire station", "--set", "rvp_address=Station Road, Wyvernbridge",
       "--set", "rvp_postcode=sy11 1aa", "--set", "rvp_grid_ref=sj869 182")


def _rvp(cli, plan) -> dict:
    result = cli("order", plan, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["rvp"]


def _export(cli, plan, target, *flags) -> StructureTree:
    result = cli("export", plan, "-o", target, *flags)
    assert result.returncode == 0, result.stderr
    return StructureTree(target)


def _text(tree: StructureTree) -> str:
    return " ".join(words(e.text) for e in tree.walk() if e.text)


def test_the_rvp_is_recorded_normalised_and_shown(sample_plan_path, cli):
    result = cli("order", sample_plan_path, *RVP)
    assert result.returncode == 0, result.stderr
    assert _rvp(cli, sample_plan_path) == {"name": "Wyvernbridge fire station", "address": "Station Road, Wyvernbridge",
                                           "postcode": "SY11 1AA", "grid_ref": "SJ 869 182"}
    assert ("Rendezvous point (RVP): Wyvernbridge fire station, Station Road, Wyvernbridge, SY11 1AA; "
            "grid reference SJ 869 182") in cli("order", sample_plan_path).stdout
    # The edit command reaches it too, and an easting and northing become a grid reference to the metre.
    assert cli("edit", sample_plan_path, "plan", "1", "--set", "rvp_grid_ref=386885, 317935").returncode == 0
    assert cli("edit", sample_plan_path, "plan", "1", "--set", "rvp_grid_ref=386885 317935").returncode == 0
    assert _rvp(cli, sample_plan_path)["grid_ref"] == "SJ 86885 17935"
    assert "rvp_grid_ref" in cli("audit", sample_plan_path, "--last", "3").stdout


@pytest.mark.parametrize("typed, said", [
    ("XX 123 456", "outside the British National Grid"),
    ("SJ 12345 678", "6, 8 or 10 figures"),
    ("SJ 86", "6, 8 or 10 figures"),
    ("900000, 100", "not an easting and northing on the British National Grid"),
    ("the car park", "not an OS grid reference"),
    ("0, 0", "the grid's origin, which files use for an unknown place"),
    ("SV 00000 00000", "the grid's origin, which files use for an unknown place"),
])
@pytest.mark.store_once
def test_a_grid_reference_that_cannot_exist_is_one_line_and_changes_nothing(sample_plan_path, cli, typed, said):
    assert cli("order", sample_plan_path, *RVP).returncode == 0
    for command in (("order", sample_plan_path, "--set", "rvp_name=Elsewhere", "--set", f"rvp_grid_ref={typed}"),
                    ("edit", sample_plan_path, "plan", "1", "--set", "rvp_name=Elsewhere", "--set", f"rvp_grid_ref={typed}")):
        result = cli(*command)
        assert result.returncode == 1
        assert said in result.stderr and result.stderr.startswith("electionplan: error: RVP grid reference:")
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert _rvp(cli, sample_plan_path)["name"] == "Wyvernbridge fire station"  # the whole command refused


@pytest.mark.presentation
def test_the_police_edition_prints_the_rvp_at_the_count_and_the_ro_never_sees_it(sample_plan_path, cli, tmp_path):
    before = _text(_export(cli, sample_plan_path, tmp_path / "before.pdf"))
    assert "one RVP for responding resources and mutual aid is named at briefing" in before
    assert cli("order", sample_plan_path, *RVP).returncode == 0
    tree = _export(cli, sample_plan_path, tmp_path / "police.pdf")
    # Read back as a table row headed by its key, beside the count: the place, then its grid reference.
    rows = [e for e in tree.walk() if e.role == "TR" and e.kids and words(e.kids[0].text) == "Rendezvous point (RVP)"]
    assert rows, "no RVP row in the count's table"
    assert [words(rows[0].kids[0].text), rows[0].kids[0].role] == ["Rendezvous point (RVP)", "TH"]
    # The count has no RVP of its own, so the plan's stands in, and the row says so.
    assert words(rows[0].kids[1].text) == ("The plan's RVP, as none is recorded for this count: Wyvernbridge fire "
                                           "station, Station Road, Wyvernbridge, SY11 1AA; grid reference SJ 869 182")
    # Marked on the map, whose words and key say so.
    figures = [e for e in tree.walk() if e.role == "Figure"]
    assert any(e.alt.startswith("Map of Wyvernbridge") and "RVP" in e.alt.split("labelled: ")[1] for e in figures)
    assert any("labelled RVP, is the rendezvous point" in e.alt for e in figures)
    text = _text(tree)
    # The template's sentence gives way to the recorded place in count security.
    assert "named at briefing" not in text
    assert ("Rendezvous point (RVP): Wyvernbridge fire station, Station Road, Wyvernbridge, SY11 1AA; grid "
            "reference SJ 869 182. Responding resources and mutual aid meet there") in text
    ro_tree = _export(cli, sample_plan_path, tmp_path / "ro.pdf", "--edition", "returning-officer")
    ro = _text(ro_tree) + " ".join(e.alt for e in ro_tree.walk())
    assert "one RVP for responding resources and mutual aid is named at briefing" in ro
    pack = _text(_export(cli, sample_plan_path, tmp_path / "pack.pdf", "--edition", "candidate",
                         "--candidate", "Gwenllian Rhŷs-Owen"))
    for withheld in ("Wyvernbridge fire station", "SJ 869 182", "SY11 1AA", "RVP (rendezvous point)", "labelled RVP"):
        assert withheld not in ro and withheld not in pack, withheld
    for suffix in ("json", "xlsx", "csv"):
        target = tmp_path / f"ro.{suffix}"
        assert cli("export", sample_plan_path, "-o", target, "--edition", "returning-officer").returncode == 0
        assert b"fire station" not in target.read_bytes()


def test_an_issued_revision_keeps_its_hash_and_prints_the_rvp_as_it_stood(sample_plan_path, cli, tmp_path):
    assert cli("revise", sample_plan_path, "-m", "Before the RVP").returncode == 0
    hashes = [r["content_hash"] for r in json.loads(cli("revisions", sample_plan_path, "--json").stdout)]
    assert cli("order", sample_plan_path, *RVP).returncode == 0
    assert cli("revise", sample_plan_path, "-m", "RVP named").returncode == 0
    revisions = json.loads(cli("revisions", sample_plan_path, "--json").stdout)
    assert [r["content_hash"] for r in revisions][:1] == hashes and revisions[1]["content_hash"] != hashes[0]
    assert cli("order", sample_plan_path, "--set", "rvp_grid_ref=SJ 870 190").returncode == 0
    then = _text(_export(cli, sample_plan_path, tmp_path / "0.1.pdf", "--revision", "0.1"))
    named = _text(_export(cli, sample_plan_path, tmp_path / "0.2.pdf", "--revision", "0.2"))
    assert "named at briefing" in then and "fire station" not in then
    assert "grid reference SJ 869 182" in named and "SJ 870 190" not in named
