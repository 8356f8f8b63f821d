"""Every document the project writes is a tagged PDF a screen reader can use (PDF/UA-1).

The structure tree is read back as a screen reader reads it: each element's
text from the marked content it owns, in the tree's order.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from tests.conftest import call_cli
from tests.core.marked_content import marked_text
from tests.core.pdfstructure import StructureTree, accessibility_findings, words


@pytest.fixture(scope="module")
def sample_editions(sample_edition_pdfs, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("editions")
    plan = folder / "plan.eplan"
    shutil.copyfile(sample_edition_pdfs[0], plan)
    out = {"plan": plan, **sample_edition_pdfs[1]}  # the police and returning officer's editions of the same sample
    out["pack"] = folder / "pack.pdf"
    assert call_cli("export", str(plan), "-o", str(out["pack"]), "--edition", "candidate",
                    "--candidate", "Gwenllian Rhŷs-Owen").returncode == 0
    second = folder / "second.eplan"
    shutil.copyfile(plan, second)
    out["national"] = folder / "national.pdf"
    assert call_cli("national", "-o", str(out["national"]), str(plan), str(second)).returncode == 0
    return out


def test_the_police_edition_reads_as_headings_figures_and_tables_in_order(sample_editions):
    tree = StructureTree(sample_editions["police"])
    order = tree.walk()
    headings = [(e.role, words(e.text)) for e in order if e.role in ("H1", "H2", "H3")]
    titles = [text for _role, text in headings]
    assert titles.index("Document control") < titles.index("Summary") < titles.index("1. Information")
    assert ("H2", "Key dates") in headings and ("H1", "Summary") in headings
    # No level is ever skipped: an H3 always follows an H2 or another H3.
    levels = [int(role[1]) for role, _ in headings]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))
    # The key dates line is a figure read by its words, straight after its heading.
    at = next(n for n, e in enumerate(order) if e.role == "H2" and words(e.text) == "Key dates")
    timeline = order[at + 1]
    assert timeline.role == "Figure" and "Polling day 21/01/2027" in timeline.alt
    maps = [e for e in order if e.role == "Figure" and e.alt.startswith("Map of")]
    assert maps and "polling station" in maps[0].alt
    # The top flashpoints: a table whose first row holds its column headers, once.
    at = next(n for n, e in enumerate(order) if words(e.text) == "Top flashpoints")
    table = next(e for e in order[at:] if e.role == "Table")
    header = table.kids[0]
    assert [(c.role, c.scope, words(c.text)) for c in header.kids][:3] == [
        ("TH", "Column", "#"), ("TH", "Column", "Event"), ("TH", "Column", "When")]
    assert all(cell.role == "TD" for row in table.kids[1:] for cell in row.kids)
    # Its first row is the plan's highest flashpoint, as the assessment ranks it (read back from the command line).
    top = json.loads(call_cli("assess", str(sample_editions["plan"]), "--json").stdout)["flashpoints"][0]
    assert words(top["name"]) in words(table.kids[1].kids[1].text)


def test_a_table_over_several_pages_is_one_table_with_its_header_read_once(sample_editions):
    tree = StructureTree(sample_editions["police"])
    pages_of = {}
    for table in (e for e in tree.walk() if e.role == "Table"):
        header_cells = [c for row in table.kids for c in row.kids if c.scope == "Column"]
        columns = len(table.kids[0].kids)
        assert len(header_cells) in (0, columns)  # a repeated header on a later page is not read again
        pages_of[id(table)] = len(table.kids)
    assert max(pages_of.values()) > 40  # the sample's station list runs over a page and is still one table


def test_a_key_value_table_heads_each_row_with_its_key(sample_editions):
    tree = StructureTree(sample_editions["police"])
    cover = next(e for e in tree.walk() if e.role == "Table")
    first = cover.kids[0].kids
    assert (first[0].role, first[0].scope, words(first[0].text)) == ("TH", "Row", "Constituencies")
    assert first[1].role == "TD"


@pytest.mark.parametrize("name", ["police", "returning-officer", "pack", "national"])
def test_every_document_tags_all_its_text_embeds_every_font_and_says_what_it_is(sample_editions, name):
    reader = PdfReader(str(sample_editions[name]))
    catalog = reader.root_object
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert str(catalog["/Lang"]) == "en-GB"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp and "<rdf:li>en-GB</rdf:li>" in xmp
    assert str(reader.metadata.title).split(":")[0] in xmp
    for page, parsed in zip(reader.pages, pikepdf.open(sample_editions[name]).pages, strict=True):
        assert not marked_text(parsed)[1], "text drawn outside both the structure and the artifacts"
        assert page["/StructParents"] >= 0
        fonts = page["/Resources"]["/Font"]
        for font in fonts.values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"]
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]


def test_the_pack_return_is_a_form_read_by_tooltip_in_tab_order_with_lengths_the_importer_takes(sample_editions):
    from electionplan.domain.packs import RETURN_FIELDS, RETURN_LIMITS

    reader = PdfReader(str(sample_editions["pack"]))
    forms = [e for e in StructureTree(sample_editions["pack"]).walk() if e.role == "Form"]
    assert [f.kids[0].alt for f in forms] == list(RETURN_FIELDS.values())
    form_page = next(p for p in reader.pages if "/Annots" in p)
    assert form_page["/Tabs"] == "/S"
    widgets = {str(a.get_object()["/T"]): a.get_object() for a in form_page["/Annots"]}
    for name in ("return_from", "return_events", "return_concerns", "return_briefing"):
        assert widgets[name]["/MaxLen"] == RETURN_LIMITS[name]


@pytest.mark.parametrize("name", ["police", "returning-officer", "pack", "national"])
def test_pdfua_and_outloud_find_no_error_in_any_edition_of_the_sample(sample_editions, name):
    assert accessibility_findings(sample_editions[name]) == []


def test_pdfua_and_outloud_find_no_error_in_a_force_plan_of_75_constituencies(force_police_pdf):
    pytest.importorskip("pdfua")
    pytest.importorskip("outloud")
    assert accessibility_findings(force_police_pdf.pdf) == []


def test_the_map_draws_every_label_its_caption_promises_and_keys_every_symbol_it_draws(sample_editions):
    order = StructureTree(sample_editions["police"]).walk()
    at, the_map = next((n, e) for n, e in enumerate(order) if e.role == "Figure" and e.alt.startswith("Map of"))
    promised = the_map.alt.split("labelled: ")[1].split(";")[0].rstrip(".").split(", ")
    assert "Market Square (open air)" in promised
    drawn = words(the_map.text)
    assert all(label[:30] in drawn for label in promised), (promised, drawn)
    key = order[at + 1]
    assert key.role == "Figure" and key.alt.startswith("Key to the map")
    # The key names exactly the venue levels the map draws, lowest first, and shows each as a diamond.
    from electionplan.db.opening import open_store
    from electionplan.report.mapscene import build_scene
    from electionplan.risk.results import LEVEL_LABELS
    from electionplan.services.assessment import assess_plan_file

    with open_store(sample_editions["plan"], read_only=True) as plan:
        result = assess_plan_file(plan)
    drawn_levels = {p.level for p in build_scene(result.snapshot, result.assessment).points if p.entity == "venue"}
    named = [LEVEL_LABELS[level].lower() for level in LEVEL_LABELS if level in drawn_levels]
    assert named and f"coloured by risk: {', '.join(named)}." in key.alt
    assert f"Venue: {named[0]}" in words(key.text)
