"""One source for each fact the plan PDF states: review dates, count dates, call signs, legible colours."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from pypdf import PdfReader

from electionplan.domain.order import CALL_SIGN_CLAUSE, ChannelEntry
from electionplan.domain.plancodec import decode_snapshot
from electionplan.report.pdf import PlanPdfRenderer
from electionplan.report.view import build_plan_document
from electionplan.risk.engine import assess_plan
from tests.conftest import pdf_pages, pdf_text
from tests.core.pdfstructure import StructureTree, words


def _document(snapshot, rules, as_at: dt.date):
    return build_plan_document(snapshot, assess_plan(snapshot, rules, as_at), rules)


def _text(document) -> str:
    return pdf_text(PlanPdfRenderer(document).render())


@pytest.mark.parametrize("as_at, flag", [(dt.date(2026, 12, 6), "30/11/2026: OVERDUE by 6 days (assessed 06/12/2026)"),
                                         (dt.date(2026, 11, 30), None)])
def test_the_next_review_is_flagged_when_the_plan_is_assessed_after_it(sample_snapshot, rules, as_at, flag):
    snapshot = decode_snapshot(sample_snapshot)
    assert snapshot.plan.next_review_date == dt.date(2026, 11, 30)
    document = _document(snapshot, rules, as_at)
    if flag:
        assert document.control.next_review == flag
        assert flag in _text(document)
    else:
        assert document.control.next_review == "30/11/2026"


def test_the_count_is_dated_by_its_own_start_and_listed_once(sample_snapshot, rules):
    snapshot = decode_snapshot(sample_snapshot)
    count = next(e for e in snapshot.events if e.kind == "count")
    assert count.start.date() == dt.date(2027, 1, 21) != snapshot.election.count_date
    document = _document(snapshot, rules, dt.date(2026, 12, 6))
    assert dict(document.summary.key_dates)["Verification and count"] == dt.date(2027, 1, 21)
    timeline = [item for item in document.administration.timeline if "count" in item.label.casefold()]
    assert [(item.date, item.time) for item in timeline] == [(dt.date(2027, 1, 21), "22:15")]


def test_recorded_call_signs_replace_the_templates_sentence(sample_snapshot, rules):
    snapshot = decode_snapshot(sample_snapshot)
    assert CALL_SIGN_CLAUSE in snapshot.plan.communications
    channel = ChannelEntry(1, "Operation talk-group", "Airwave TG 4", "WYVERN ONE", "All units")
    snapshot = dataclasses.replace(snapshot, order=dataclasses.replace(snapshot.order, channels=(channel,)))
    document = _document(snapshot, rules, dt.date(2026, 12, 6))
    assert CALL_SIGN_CLAUSE not in document.communications
    assert "call signs for the operation: WYVERN ONE (Operation talk-group)" in document.communications
    text = _text(document)
    assert "given at briefing" not in text.split("6. Communications")[1].split("7. Human rights")[0]


def test_every_text_colour_reads_at_least_4_5_to_1_on_its_rendered_background(sample_snapshot, rules):
    """Text colours from the PDF, backgrounds from the page as rendered (fills blended as drawn)."""
    pymupdf = pytest.importorskip("pymupdf")
    from collections import Counter

    from reportlab.lib import colors

    from electionplan.report.styles import contrast

    pdf = PlanPdfRenderer(_document(decode_snapshot(sample_snapshot), rules, dt.date(2026, 12, 6))).render()
    weak, on_colour = [], 0
    for page in pymupdf.open(stream=pdf, filetype="pdf"):
        pixels = page.get_pixmap(dpi=72)
        for block in page.get_text("dict")["blocks"]:
            for span in (s for line in block.get("lines", []) for s in line["spans"] if s["text"].strip()):
                x0, y0, x1, y1 = (int(v) for v in span["bbox"])
                seen = Counter(pixels.pixel(x, y) for x in range(max(x0, 0), min(x1, pixels.width))
                               for y in range(max(y0, 0), min(y1, pixels.height)))
                if not seen:
                    continue
                background = colors.Color(*(v / 255 for v in seen.most_common(1)[0][0]))
                ink = colors.HexColor(span["color"])
                on_colour += seen.most_common(1)[0][0] != (255, 255, 255)
                if contrast(ink, background) < 4.5:
                    weak.append((page.number + 1, span["text"], round(contrast(ink, background), 2)))
    assert weak == []
    assert on_colour > 30  # the risk matrix, the level chips, the table headers: text on fills was checked


def test_the_command_structure_and_the_named_contacts_name_the_same_commanders(sample_snapshot, rules):
    snapshot = decode_snapshot(sample_snapshot)
    assert not snapshot.order.roles  # the sample's order names no role; its contacts name Gold and Silver
    document = _document(snapshot, rules, dt.date(2026, 12, 6))
    contacts = {c.role: c.name for c in document.administration.contacts}
    command = {c.role: c.name for c in document.order.command}
    for role in ("Strategic commander (Gold)", "Tactical commander (Silver)"):
        assert command[role] == contacts[role] and command[role]
    assert not any("not named in the command structure" in gap for gap in document.order.gaps)
    text = _text(document)
    assert "No command role is named yet" not in text
    assert text.index("Command structure") < text.index(contacts["Strategic commander (Gold)"], text.index("Command structure"))


@pytest.fixture(scope="module")
def force_pdf(tmp_path_factory):
    from electionplan.services.synthetic import synthetic_snapshot, write_synthetic_plan
    from tests.conftest import call_cli

    folder = tmp_path_factory.mktemp("force")
    plan, target = folder / "force.eplan", folder / "force.pdf"
    write_synthetic_plan(synthetic_snapshot(constituencies=4, stations=120, candidates=20, events=30, seed=2), plan)
    assert call_cli("export", str(plan), "-o", str(target)).returncode == 0
    return target


def test_the_demand_chart_is_not_scaled_by_polling_days_peak_alone(force_pdf):
    tree = StructureTree(force_pdf)
    at = next(n for n, e in enumerate(tree.walk()) if words(e.text) == "Officer demand against capacity")
    chart = tree.walk()[at + 1]
    assert chart.role == "Figure" and "the scale is cut at" in chart.alt and "runs beyond it" in chart.alt
    text = next(p for p in pdf_pages(force_pdf) if "Officer demand against capacity" in p)
    cut = int(text.split("Scale cut at ")[1].split(":")[0].replace(",", ""))
    available = int(text.split(" available, beyond the scale")[0].rsplit(" ", 1)[1].replace(",", ""))
    assert available > 2 * cut  # polling day's capacity is far beyond the scale the other days are drawn to


def test_a_force_plan_prints_its_contents_with_the_page_each_section_starts_on(force_pdf):
    target = force_pdf
    reader = PdfReader(str(target))
    sections = {item.title: reader.get_destination_page_number(item) + 1 for item in reader.outline
                if not isinstance(item, list)}
    assert len(sections) > 8
    # Read as a screen reader reads it: the contents' own heading, then one entry a section.
    toc = next(e for e in StructureTree(target).walk() if e.role == "TOC")
    assert [(e.role, words(e.text)) for e in toc.kids[:1]] == [("H1", "Contents")]
    entries = [words(e.text) for e in toc.kids if e.role == "TOCI"]
    for title, page in sections.items():
        assert f"{title} {page}" in entries, (title, page, entries)


def test_a_force_plan_opens_with_what_needs_a_decision(force_pdf):
    order = StructureTree(force_pdf).walk()
    headings = [words(e.text) for e in order if e.role in ("H1", "H2")]
    assert headings.index("Contents") < headings.index("Needs a decision") < headings.index("Document control")
    at = next(n for n, e in enumerate(order) if words(e.text) == "Briefings not yet offered")
    summary = words(order[at + 1].text)
    # The count said is the count of candidates the briefing table shows as not yet offered.
    briefings = next(e for e in order[order.index(next(e for e in order if words(e.text) == "Briefings")):]
                     if e.role == "Table")
    waiting = sum(1 for row in briefings.kids[1:] if any(words(c.text) == "Not yet offered" for c in row.kids))
    assert waiting and summary.startswith(f"{waiting} of {len(briefings.kids) - 1} candidates have not been offered")
    listed = next(e for e in order[at:] if e.role == "L")
    assert len(listed.kids) == min(waiting, 8) + (waiting > 8)
