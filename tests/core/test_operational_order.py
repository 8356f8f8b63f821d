"""The operational order's own content is plan data, edited from the command line."""

from __future__ import annotations

import json

import pytest

from electionplan.system.paths import default_order_template_path
from tests.conftest import plan_sql

ROLE_GOLD = "gold=Ch Supt A Okoro; G1; 01632 960001"
BRIEFING = "20/01/2027 18:00; Wyvernbridge police station; polling-day officers; Insp Hale"


def _order(cli, plan) -> dict:
    result = cli("order", plan, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.presentation
def test_a_new_plan_says_what_the_order_still_needs(sample_plan_path, cli):
    order = _order(cli, sample_plan_path)
    # The order names nobody, but the sample's named contacts hold Gold and Silver, as the PDF's command
    # structure says: neither is a gap.
    assert order["operation_name"] == "" and order["command_structure"] == []
    assert not any("not named in the command structure" in gap for gap in order["missing"])
    assert order["template"]["force_copy"] is False
    text = cli("order", sample_plan_path)
    assert "Still to write:" in text.stdout and "Operation: (not named)" in text.stdout
    with plan_sql(sample_plan_path) as db:
        [(gold,)] = db.execute("SELECT id FROM contact WHERE role = 'gold'").fetchall()
    db.close()
    assert cli("delete", sample_plan_path, "contact", gold).returncode == 0
    order = _order(cli, sample_plan_path)
    assert "Strategic commander (Gold) not named in the command structure" in order["missing"]
    assert not any("(Silver) not named" in gap for gap in order["missing"])


def test_order_content_is_set_shown_and_audited(sample_plan_path, cli):
    result = cli(
        "order", sample_plan_path, "--set", "operation_name=WYVERN", "--set", "gold_strategy=Keep the election safe.\nSecond line.",
        "--role", ROLE_GOLD, "--role", "bronze_count=Insp D Patel; BC1", "--briefing", BRIEFING,
        "--channel", "Ops=Talkgroup 1; WYV; all deployed officers",
    )
    assert result.returncode == 0, result.stderr
    assert "gold added" in result.stdout and "channel Ops added" in result.stdout
    order = _order(cli, sample_plan_path)
    assert order["operation_name"] == "WYVERN"
    assert order["gold_strategy"] == "Keep the election safe.\nSecond line."
    assert [(r["role"], r["name"], r["call_sign"]) for r in order["command_structure"]] == [
        ("gold", "Ch Supt A Okoro", "G1"), ("bronze_count", "Insp D Patel", "BC1"),
    ]
    assert order["command_structure"][1]["label"] == "Bronze: count and declaration"
    assert [{k: v for k, v in b.items() if k != "id"} for b in order["briefings"]] == [
        {"at": "20/01/2027 18:00", "place": "Wyvernbridge police station", "audience": "polling-day officers", "lead": "Insp Hale"}
    ]
    assert "operation name" not in order["missing"]
    audit = cli("audit", sample_plan_path, "--last", "20").stdout
    assert "CommandRole" in audit and "operation_name" in audit


def test_naming_a_role_again_replaces_the_holder(sample_plan_path, cli):
    assert cli("order", sample_plan_path, "--role", ROLE_GOLD).returncode == 0
    assert cli("order", sample_plan_path, "--role", "gold=Ch Supt E Kaur; G1").returncode == 0
    roles = _order(cli, sample_plan_path)["command_structure"]
    assert [(r["role"], r["name"]) for r in roles] == [("gold", "Ch Supt E Kaur")]


def test_a_refused_change_leaves_the_whole_order_as_it_was(sample_plan_path, cli):
    before = _order(cli, sample_plan_path)
    result = cli("order", sample_plan_path, "--set", "operation_name=WYVERN", "--role", ROLE_GOLD,
                 "--briefing", "01/06/2025 09:00; Nowhere; nobody; nobody")
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "outside the election period" in result.stderr
    assert _order(cli, sample_plan_path) == before


@pytest.mark.parametrize(
    "args, message",
    [
        (["--set", "colour=red"], "The order has no field 'colour'"),
        (["--set", "gold_strategy=" + "x" * 20_001], "can hold at most 20,000"),
        (["--briefing", "tomorrow; HQ"], "is not a date and time"),
    ],
)
@pytest.mark.store_once
def test_bad_order_input_is_one_line_and_changes_nothing(sample_plan_path, cli, args, message):
    before = _order(cli, sample_plan_path)
    result = cli("order", sample_plan_path, *args)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr
    assert _order(cli, sample_plan_path) == before


@pytest.mark.presentation
def test_order_usage_errors_exit_2(sample_plan_path, cli):
    result = cli("order", sample_plan_path, "--role", "gold")
    assert result.returncode == 2 and "--role takes KEY=VALUE" in result.stderr


def test_the_edit_command_reaches_order_records(sample_plan_path, cli):
    assert cli("order", sample_plan_path, "--role", ROLE_GOLD).returncode == 0
    role_id = str(_order(cli, sample_plan_path)["command_structure"][0]["id"])
    result = cli("edit", sample_plan_path, "command_role", role_id, "--set", "call_sign=GOLD-1")
    assert result.returncode == 0, result.stderr
    assert cli("edit", sample_plan_path, "plan", "1", "--set", "tactical_parameters=No arrests inside a polling station.").returncode == 0
    order = _order(cli, sample_plan_path)
    assert order["command_structure"][0]["call_sign"] == "GOLD-1"
    assert order["tactical_parameters"] == "No arrests inside a polling station."


def test_a_force_keeps_its_own_standard_sections(sample_plan_path, cli, tmp_path):
    text = default_order_template_path().read_text(encoding="utf-8")
    force_copy = tmp_path / "force-sections.toml"
    force_copy.write_text(
        text.replace('version = "2026.1"', 'version = "2026.1-WC"').replace(
            "A hot debrief is held at the end of the count.", "A hot debrief is held at the end of the count at Wyvernbridge."
        ),
        encoding="utf-8",
    )
    assert cli("order", sample_plan_path, "--template", force_copy).returncode == 0
    template = _order(cli, sample_plan_path)["template"]
    assert template["force_copy"] is True and template["version"] == "2026.1-WC"
    assert cli("order", sample_plan_path, "--clear-template").returncode == 0
    assert _order(cli, sample_plan_path)["template"]["force_copy"] is False


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda t: t.replace("[sections.debrief]", "[sections.debrief_removed]"), "sections.debrief_removed: is not a standard section"),
        (lambda t: t.replace('title = "Debrief"\n', ""), "sections.debrief.title: must be a heading"),
        (lambda t: t.replace("schema = 1", "schema = 9"), "template.schema: must be 1"),
        (lambda t: t + "\n[extras]\nx = 1\n", "extras: is not a part of an order template"),
        (lambda t: t.replace('"BWV" = "Body-worn video."', '"BWV" = 3'), "glossary.BWV: must be the term's meaning"),
    ],
)
@pytest.mark.store_once
def test_a_broken_force_template_is_refused_naming_the_key(sample_plan_path, cli, tmp_path, change, message):
    broken = tmp_path / "broken.toml"
    broken.write_text(change(default_order_template_path().read_text(encoding="utf-8")), encoding="utf-8")
    result = cli("order", sample_plan_path, "--template", broken)
    assert result.returncode == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert _order(cli, sample_plan_path)["template"]["force_copy"] is False


def test_the_national_template_has_every_standard_section_and_the_rights_it_must_name():
    from electionplan.report.order_template import load_default_template

    template = load_default_template()
    rights = " ".join(template.sections[1].paragraphs)
    for article in ("Article 2", "Article 3,", "Article 8", "Article 10", "Article 11", "Article 14", "First Protocol"):
        assert article in rights
    legal = " ".join(template.sections[0].paragraphs)
    assert "Representation of the People Act 1983" in legal and "Elections Act 2022" in legal and "s.14" in legal
    assert {"PSU", "RAG", "Awareness briefing"} <= {term for term, _ in template.glossary}


def _pdf_text(path) -> str:
    import subprocess

    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _outline(path) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    titles: list[str] = []

    def walk(items) -> None:
        for item in items:
            walk(item) if isinstance(item, list) else titles.append(item.title)

    walk(reader.outline)
    return titles


def _write_order(cli, plan) -> None:
    result = cli("order", plan, "--set", "operation_name=KESTREL", "--set", "gold_strategy=Keep the by-election safe.",
                 "--set", "tactical_parameters=Officers enter a polling station only when called.",
                 "--set", "escalation=Presiding officers call 999 in an emergency, else 101 quoting Op KESTREL.",
                 "--role", ROLE_GOLD, "--role", "silver=Supt B Marsh; S1; 01632 960002", "--briefing", BRIEFING,
                 "--channel", "Op KESTREL main=WC-OPS1; KESTREL CONTROL; polling day and count")
    assert result.returncode == 0, result.stderr


@pytest.mark.presentation
def test_the_police_pdf_is_an_order_a_commander_can_brief_from(sample_plan_path, cli, tmp_path):
    _write_order(cli, sample_plan_path)
    target = tmp_path / "police.pdf"
    assert cli("export", sample_plan_path, "-o", target).returncode == 0
    text, outline = " ".join(_pdf_text(target).split()), _outline(target)
    for said in ("Operation KESTREL", "Keep the by-election safe.", "Officers enter a polling station only when called.",
                 "Ch Supt A Okoro", "G1", "Supt B Marsh", "Wyvernbridge police station", "WC-OPS1",
                 "else 101 quoting Op KESTREL", "Tactical commander (Silver)"):
        assert said in text, said
    for heading in ("Gold strategy", "Tactical parameters", "Command structure", "Briefing schedule", "Escalation",
                    "Channels and call signs", "8. Standard sections", "Glossary"):
        assert heading in outline, heading
    # Every standard section of the template is printed, human rights in full under section 7.
    from electionplan.report.order_template import load_default_template

    template = load_default_template()
    assert {s.title for s in template.sections if s.key != "human_rights"} <= set(outline)
    for article in ("Article 2", "Article 3", "Article 8", "Article 14", "First Protocol"):
        assert article in text
    for said in ("Accreditation:", "Search:", "Cordons:", "Rendezvous point (RVP):", "Contingencies:"):
        assert said in text, said  # count security, in the method beside the count
    assert all(term in text for term, _ in template.glossary)


@pytest.mark.presentation
def test_a_draft_order_shows_its_gaps_and_the_returning_officer_gets_only_what_is_theirs(sample_plan_path, cli, tmp_path):
    draft = tmp_path / "draft.pdf"
    assert cli("export", sample_plan_path, "-o", draft).returncode == 0
    text = " ".join(_pdf_text(draft).split())
    # The sample's contacts name Gold and Silver, so the command structure names them; the rest is missing.
    assert "The order does not yet say" in text and "No briefing scheduled" in text
    assert "Strategic commander (Gold) not named in the command structure" not in text
    _write_order(cli, sample_plan_path)
    ro = tmp_path / "ro.pdf"
    assert cli("export", sample_plan_path, "--edition", "returning-officer", "-o", ro).returncode == 0
    text, outline = " ".join(_pdf_text(ro).split()), _outline(ro)
    assert "Operation KESTREL" in text and "else 101 quoting Op KESTREL" in text and "8. Standard sections" in outline
    for withheld in ("Keep the by-election safe.", "Ch Supt A Okoro", "WC-OPS1", "KESTREL CONTROL",
                     "Officers enter a polling station only when called.", "polling-day officers"):
        assert withheld not in text, withheld
    for heading in ("Gold strategy", "Command structure", "Briefing schedule", "Channels and call signs"):
        assert heading not in outline, heading
    assert "The order does not yet say" not in text


@pytest.mark.presentation
def test_an_issued_revision_prints_the_order_as_it_stood(sample_plan_path, cli, tmp_path):
    _write_order(cli, sample_plan_path)
    assert cli("revise", sample_plan_path, "-m", "Order written").returncode == 0
    assert cli("order", sample_plan_path, "--set", "operation_name=MERLIN", "--role", "gold=Ch Supt E Kaur; G9").returncode == 0
    then, now = tmp_path / "then.pdf", tmp_path / "now.pdf"
    assert cli("export", sample_plan_path, "--revision", "0.1", "-o", then).returncode == 0
    assert cli("export", sample_plan_path, "-o", now).returncode == 0
    then_text, now_text = " ".join(_pdf_text(then).split()), " ".join(_pdf_text(now).split())
    assert "Operation KESTREL" in then_text and "Ch Supt A Okoro" in then_text and "MERLIN" not in then_text
    assert "Operation MERLIN" in now_text and "Ch Supt E Kaur" in now_text


@pytest.mark.presentation
def test_a_forces_own_sections_are_the_ones_printed(sample_plan_path, cli, tmp_path):
    text = default_order_template_path().read_text(encoding="utf-8")
    force_copy = tmp_path / "force-sections.toml"
    # A copy kept before count security was a standard section has none: it takes the national wording.
    older = text[:text.index("[sections.count_security]")] + text[text.index("[sections.jesip]"):]
    force_copy.write_text(older.replace('version = "2026.1"', 'version = "2026.1-WC"').replace(
        "A hot debrief is held at the end of the count.", "A hot debrief is held in the Wyvernbridge parade room."),
        encoding="utf-8")
    assert cli("order", sample_plan_path, "--template", force_copy).returncode == 0
    target = tmp_path / "plan.pdf"
    assert cli("export", sample_plan_path, "-o", target).returncode == 0
    printed = " ".join(_pdf_text(target).split())
    assert "held in the Wyvernbridge parade room" in printed and "version 2026.1-WC" in printed
    assert "A hot debrief is held at the end of the count." not in printed
    assert "Rendezvous point (RVP):" in printed


@pytest.mark.presentation
def test_changes_to_the_order_are_listed_as_the_edition_may_see_them(sample_plan_path, cli):
    _write_order(cli, sample_plan_path)
    assert cli("revise", sample_plan_path, "-m", "Order written").returncode == 0
    assert cli("order", sample_plan_path, "--set", "operation_name=MERLIN",
               "--role", "gold=Ch Supt E Kaur; G9").returncode == 0
    police = json.loads(cli("diff", sample_plan_path, "0.1", "live", "--json").stdout)
    changed = {(c["entity"], c["field"], c["new"]) for c in police["changed"]}
    assert ("Order", "operation_name", "MERLIN") in changed and ("CommandRole", "name", "Ch Supt E Kaur") in changed
    ro = json.loads(cli("diff", sample_plan_path, "0.1", "live", "--json", "--edition", "returning-officer").stdout)
    assert {(c["entity"], c["field"]) for c in ro["changed"]} == {("Order", "operation_name")}


@pytest.mark.parametrize(
    "role, message",
    [
        ("gold=", "The name of the Strategic commander (Gold) is required."),
        ("glod=Ch Supt A Okoro", "'glod' is not a command role"),
    ],
)
@pytest.mark.store_once
def test_a_mistyped_role_is_refused_and_gold_is_kept(sample_plan_path, cli, role, message):
    assert cli("order", sample_plan_path, "--role", ROLE_GOLD).returncode == 0
    before = _order(cli, sample_plan_path)
    result = cli("order", sample_plan_path, "--role", role)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr
    assert _order(cli, sample_plan_path) == before


def test_the_orders_words_are_stored_without_control_characters_and_printed_as_laid_out(sample_plan_path, cli, tmp_path):
    result = cli("order", sample_plan_path, "--set", "operation_name=KES\x1b[31mTREL\u202e",
                 "--set", "gold_strategy=Keep the count safe.\n- Protect the count\n- Reassure voters\n\nReview daily.")
    assert result.returncode == 0, result.stderr
    order = _order(cli, sample_plan_path)
    assert order["operation_name"] == "KES[31mTREL"  # the escape and the bidi override are gone
    target = tmp_path / "police.pdf"
    assert cli("export", sample_plan_path, "-o", target).returncode == 0
    lines = [line.strip() for line in _pdf_text(target).splitlines()]
    start = lines.index("Keep the count safe.")
    assert lines[start + 1:start + 3] == ["• Protect the count", "• Reassure voters"]
    assert "Review daily." in lines[start + 3:start + 6]


@pytest.mark.presentation
def test_diff_lists_a_long_change_in_brief_and_json_gives_it_whole(sample_plan_path, cli):
    assert cli("revise", sample_plan_path, "-m", "Before the strategy").returncode == 0
    strategy = "Keep the election safe. " * 700
    assert cli("order", sample_plan_path, "--set", f"gold_strategy={strategy}").returncode == 0
    assert cli("revise", sample_plan_path, "-m", "Strategy written").returncode == 0
    revisions = json.loads(cli("revisions", sample_plan_path, "--json").stdout)
    first, second = revisions[-2]["number"], revisions[-1]["number"]
    text = cli("diff", sample_plan_path, first, second).stdout
    line = next(line for line in text.splitlines() if "Gold strategy" in line or "gold strategy" in line)
    assert len(line) < 400 and f"({len(strategy.strip()):,} characters)" in line
    whole = json.loads(cli("diff", sample_plan_path, first, second, "--json").stdout)
    assert any(item["new"] == strategy.strip() for item in whole["changed"])
