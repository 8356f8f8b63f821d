"""The plan PDF: editions, redaction, page furniture, sign-off round trip."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader, PdfWriter

from electionplan.db.planfile import open_plan_file
from electionplan.importers.review_pdf import read_sign_off
from electionplan.services.assessment import assess_plan_file
from tests.conftest import pdf_pages


@pytest.fixture
def editions(sample_edition_pdfs):
    """The sample's plan file and its police and returning officer's PDFs, shared with the other tests that read them."""
    return sample_edition_pdfs


def restricted_strings(snapshot, candidate_factor_reasons: list[str]) -> list[str]:
    """Every restricted value of the sample's candidates and threat reports."""
    from electionplan.db import models as m
    from electionplan.db.models import restricted_fields, system_fields

    # What the app keeps for itself (a seal reference) is in no snapshot and no output.
    restricted = restricted_fields() - {(name, f) for name in ("Candidate", "ThreatReport")
                                        for f in system_fields(getattr(m, name))}
    strings: list[str] = []
    for key, entity, extra in (("candidates", "Candidate", ()), ("threat_reports", "ThreatReport", ("reference",))):
        # A candidate's email is kept for contacting them and printed in no edition, the police's included.
        fields = sorted(f for e, f in restricted if e == entity and f != "email") + list(extra)
        for record in getattr(snapshot, key):
            values = (getattr(record, f) for f in fields)
            strings.extend(text.strip() for text in values if isinstance(text, str) and text.strip())
    for candidate in snapshot.candidates:
        strings.extend(m for m in candidate.protective_measures if m.strip())
    strings.extend(candidate_factor_reasons)
    return strings


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.slow
def test_returning_officer_edition_holds_no_restricted_string(editions):
    plan_path, pdfs = editions
    with open_plan_file(plan_path) as plan:
        result = assess_plan_file(plan)
    reasons = [f.reason for c in result.assessment.candidates for f in c.factors]
    restricted = restricted_strings(result.snapshot, reasons)
    assert len(restricted) > 15
    police = flat(" ".join(pdf_pages(pdfs["police"])))
    returning = flat(" ".join(pdf_pages(pdfs["returning-officer"])))
    missing_from_police = [s for s in restricted if flat(s) not in police]
    assert missing_from_police == []  # so the check below cannot pass vacuously
    leaked = [s for s in restricted if flat(s) in returning]
    assert leaked == []
    # Candidate scores appear only in the police edition's risk summary.
    assert "Candidates' risk summary" in police and "Candidates' risk summary" not in returning
    assert "Annex A. Candidate risk profiles" not in returning


def test_returning_officer_edition_holds_what_they_need(editions):
    _, pdfs = editions
    text = flat(" ".join(pdf_pages(pdfs["returning-officer"])))
    for needed in ("Returning officer's edition", "Caldermoor barracks site hustings", "Dedicated officers",
                   "Polling stations", "Red", "21/01/2027", "Named contacts", "Helen Carraway",
                   "Security briefing offered", "PS Ian Kerrow", "Priya Ramanathan"):
        assert needed in text, needed


@pytest.mark.parametrize("edition", ["police", "returning-officer"])
def test_every_page_carries_marking_and_page_n_of_m(editions, edition):
    pages = pdf_pages(editions[1][edition])
    total = len(pages)
    assert total > 8
    for number, text in enumerate(pages, start=1):
        assert text.count("OFFICIAL-SENSITIVE") >= 2, number
        assert f"Page {number} of {total}" in text
        assert "EP-WC-20270121" in text


@pytest.mark.parametrize("edition", ["police", "returning-officer"])
def test_structure_outline_and_metadata(editions, edition):
    reader = PdfReader(str(editions[1][edition]))
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    for section in ("Document control", "Summary", "1. Information", "2. Intention", "3. Method", "4. Administration",
                    "5. Risk assessment", "6. Communications", "7. Human rights and impartiality"):
        assert section in outline
    # Only the returning officer's edition carries a form to return.
    assert ("Returning officer's review and sign-off" in outline) == (edition == "returning-officer")
    meta = reader.metadata
    assert "Election policing plan" in meta.title and meta.author and "OFFICIAL-SENSITIVE" in meta.subject
    text = flat(" ".join(pdf_pages(editions[1][edition])))
    assert "SHA-256" in text and "National default election policing ruleset" in text
    assert "Rhŷs-Owen" in text or edition == "returning-officer" and "Rh" in text


@pytest.mark.skipif(not shutil.which("qpdf"), reason="qpdf is not installed")
@pytest.mark.parametrize("edition", ["police", "returning-officer"])
def test_qpdf_check_is_clean(editions, edition):
    result = subprocess.run(["qpdf", "--check", str(editions[1][edition])], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


def test_signoff_fields_round_trip(editions, tmp_path):
    _, pdfs = editions
    writer = PdfWriter(clone_from=str(pdfs["returning-officer"]))
    values = {"ro_name": "Helen Carraway", "ro_role": "Acting Returning Officer", "ro_date": "05/01/2027",
              "ro_decision": "Agreed with comments", "ro_comments": "Please add the Otterley hustings on 20/01."}
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    filled = tmp_path / "filled.pdf"
    writer.write(filled)
    read = read_sign_off(filled)
    assert (read.name, read.role, read.date, read.decision, read.comments) == tuple(values.values())
    assert read.reference == "EP-WC-20270121"


def test_fonts_cover_pound_dash_apostrophe_and_welsh(tmp_path):
    from reportlab.pdfbase import pdfmetrics

    from electionplan.report.fonts import FONT

    face = pdfmetrics.getFont(FONT).face
    for char in "£–’ŵŷ":
        assert ord(char) in face.charWidths, char


@pytest.mark.presentation
def test_unwritable_path_fails_clearly(sample_plan_path, cli, tmp_path):
    result = cli("export", sample_plan_path, "-o", tmp_path / "missing" / "x.pdf")
    assert result.returncode == 1
    assert "does not exist" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    result = cli("export", sample_plan_path, "-o", tmp_path / "x.docx")
    assert result.returncode == 2


@pytest.mark.presentation
def test_constituency_choice_and_unknown_code(sample_plan_path, cli, tmp_path):
    ok = cli("export", sample_plan_path, "-o", tmp_path / "one.pdf", "--constituency", "E14099901")
    assert ok.returncode == 0, ok.stderr
    bad = cli("export", sample_plan_path, "-o", tmp_path / "two.pdf", "--constituency", "E14000000")
    assert bad.returncode == 1 and "E14000000" in bad.stderr
    assert not (tmp_path / "two.pdf").exists()


def test_maps_are_vector_drawings_with_scale_bar_north_arrow_and_labels(editions):
    reader = PdfReader(str(editions[1]["police"]))
    map_pages = [p for p in reader.pages if "3. Method" in (p.extract_text() or "")]
    assert map_pages
    page = map_pages[0]
    assert list(page.images) == []  # no bitmap anywhere on the map page
    text = page.extract_text()
    assert re.search(r"\b\d+ km\b", text)  # scale bar
    assert any(line.strip() == "N" for line in text.splitlines()) or " N " in text  # north arrow
    assert "Caldermoor Recreation Ground" in text and "WA4" in text  # flagged venue and red station labelled
    assert "Station: green" in text  # the legend


def test_the_returning_officer_is_listed_unless_a_contact_is_that_same_person(sample_snapshot, rules):
    """A contact whose name merely appears inside the returning officer's (a 'Helen') is not taken for them."""
    import dataclasses

    from electionplan.domain.plancodec import decode_snapshot
    from electionplan.report.view import build_plan_document
    from electionplan.risk.engine import assess_plan

    snapshot = decode_snapshot(sample_snapshot)
    seat = snapshot.constituencies[0]
    others = tuple(c for c in snapshot.contacts if c.role != "returning_officer")
    helen = dataclasses.replace(others[0], id=999, name=seat.returning_officer.split()[0], role="press")

    def contact_names(contacts) -> list[tuple[str, str, str]]:
        changed = dataclasses.replace(snapshot, contacts=contacts)
        document = build_plan_document(changed, assess_plan(changed, rules), rules)
        return [(c.role, c.serves, c.name) for c in document.administration.contacts]

    from_the_seat = ("Returning officer", seat.name, seat.returning_officer)
    assert from_the_seat in contact_names((*others, helen))
    assert from_the_seat not in contact_names(snapshot.contacts)  # the real one is listed as is


@pytest.mark.presentation
def test_every_bookmark_lands_on_the_page_that_starts_its_section(sample_plan_path, tmp_path):
    from pypdf import PdfReader

    from electionplan.cli import main as cli_main

    target = tmp_path / "plan.pdf"
    assert cli_main(["export", str(sample_plan_path), "-o", str(target)]) == 0
    reader = PdfReader(str(target))
    pages = pdf_pages(target)
    landed = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
                continue
            page = reader.get_destination_page_number(item)
            text = " ".join(pages[page].split())
            landed.append((item.title, page, " ".join(item.title.split()) in text))

    walk(reader.outline)
    assert len(landed) > 20
    assert [title for title, _page, found in landed if not found] == []
    assert len({page for _title, page, _found in landed}) > 10  # not all on one page


def test_the_threat_picture_counts_every_station_of_a_one_seat_plan_located_or_not(sample_snapshot, rules):
    from electionplan.domain.plancodec import decode_snapshot
    from electionplan.report.view import build_plan_document
    from electionplan.risk.engine import assess_plan

    snapshot = decode_snapshot(sample_snapshot)
    unplaced = sum(1 for s in snapshot.stations if s.constituency_id is None)
    assert unplaced  # the sample keeps a station with no location
    document = build_plan_document(snapshot, assess_plan(snapshot, rules), rules)
    summary = document.information.threat_picture[0].summary
    assert f"Of {len(snapshot.stations)} polling stations ({unplaced} not yet located on the map)" in summary


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_the_quick_and_the_pure_python_reading_of_a_pdf_give_the_same_words(sample_edition_pdfs):
    """The tests read a PDF's words with poppler's pdftotext where it is installed: it gives what pypdf gives,
    and reads a form's fields as shown (the returning officer's sign-off form) after them."""
    from tests.conftest import pdf_pages_by_pypdf, pdf_words

    def slow(path) -> str:
        return "".join("".join(pdf_pages_by_pypdf(path)).split())

    pdfs = sample_edition_pdfs[1]
    police = slow(pdfs["police"])
    assert len(police) > 10_000 and pdf_words(pdfs["police"]) == police
    quick_pages, slow_pages = pdf_pages(pdfs["police"]), pdf_pages_by_pypdf(pdfs["police"])
    assert [p.split() for p in quick_pages] == [p.split() for p in slow_pages]  # page by page, too
    ro, quick = slow(pdfs["returning-officer"]), pdf_words(pdfs["returning-officer"])
    assert quick.startswith(ro) and quick[len(ro):] == "Notyetdecided"  # the form's decision, as it shows
