"""The plan PDF at any size: every shift visible in the demand chart, labels apart, 650 constituencies export."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys

import pytest
from pypdf import PdfReader
from reportlab.graphics.shapes import Rect, String
from reportlab.pdfbase.pdfmetrics import stringWidth

from electionplan.report.document import DemandLine
from electionplan.report.fonts import FONT
from electionplan.report.pdf.charts import SHORT_RED, demand_chart
from tests.conftest import REPO, pdf_pages, pdf_text, plan_sql


def _campaign(days: int) -> tuple[DemandLine, ...]:
    start = dt.date(2029, 3, 5)
    lines = []
    for n in range(days):
        for shift, required in (("early", 10), ("late", 14), ("night", 6)):
            # Day 20's late shift is 5 short, though the day as a whole has officers to spare.
            available = 9 if (n == 20 and shift == "late") else 30
            lines.append(DemandLine(start + dt.timedelta(days=n), shift, required, available,
                                    max(required - available, 0), ()))
    return tuple(lines)


def test_a_short_shift_is_red_even_when_its_day_has_officers_to_spare():
    drawing = demand_chart(_campaign(36))
    red = [s for s in drawing.contents if isinstance(s, Rect) and s.fillColor == SHORT_RED and s.y == 30]
    assert len(red) == 1  # the one short shift, not its day's sum (30 required against 69 available)


def test_days_without_demand_keep_their_place_on_the_time_axis():
    start = dt.date(2029, 3, 5)
    lines = tuple(DemandLine(start + dt.timedelta(days=n), "late", 10, 20, 0, ()) for n in (0, 1, 9))
    bars = sorted(s.x for s in demand_chart(lines).contents if isinstance(s, Rect) and s.y == 30 and s.height > 0)
    assert len(bars) == 3
    assert bars[2] - bars[1] == pytest.approx(8 * (bars[1] - bars[0]))  # eight days on, not the next slot


@pytest.mark.parametrize("days", [36, 60])
def test_date_labels_never_overprint_and_are_legible(days):
    drawing = demand_chart(_campaign(days))
    labels = sorted((s for s in drawing.contents if isinstance(s, String) and s.text.count("/") == 1
                     and len(s.text) == 5), key=lambda s: s.x)
    assert len(labels) >= 8  # the campaign is still readable along the axis
    spans = [(s.x - stringWidth(s.text, FONT, s.fontSize) / 2, s.x + stringWidth(s.text, FONT, s.fontSize) / 2)
             for s in labels]
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert min(s.fontSize for s in drawing.contents if isinstance(s, String)) >= 8


@pytest.mark.slow
def test_a_650_constituency_plan_exports_in_both_editions(tmp_path, cli):
    plan = tmp_path / "national.eplan"
    _synthetic(plan, "--constituencies", "650", "--stations", "1300", "--candidates", "650", "--events", "650", "--seed", "4")
    for edition in ("police", "returning-officer"):
        target = tmp_path / f"{edition}.pdf"
        result = cli("export", plan, "-o", target, "--edition", edition)
        assert result.returncode == 0, result.stderr
        reader = PdfReader(str(target))
        first = reader.pages[0].extract_text()
        # 1,300 stations is above the national default's size: chapters share pages, keyed once a page, and every
        # row goes beside it. These 650 chapters take about 205 pages in either edition (the full national plan of
        # 40,000 stations, in benchmarks/bench_pdf.py, about 320, under the 400 a national lead can brief from).
        assert "650 constituencies" in first and len(reader.pages) < 225
        assert (tmp_path / f"{edition}-data.xlsx").is_file() and (tmp_path / f"{edition}-data.gpkg").is_file()
        outline = _outline(reader)
        method = next(n for n, (depth, title, _) in enumerate(outline) if title == "3. Method")
        after = next(n for n, (depth, title, _) in enumerate(outline) if depth == 0 and n > method)
        chapters = [title for depth, title, _ in outline[method + 1:after] if depth == 1]
        assert len([c for c in chapters if c.startswith("Synthetic Seat")]) == 650


def _contrast(background: str, text: str) -> float:
    def luminance(colour: str) -> float:
        r, g, b = (int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4))
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(background), luminance(text)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_level_chip_and_text_colour_reads_at_4_5_to_1():
    from electionplan.domain.display import RISK_PALETTE
    from electionplan.report.styles import GREY, HEADER_BG, NAVY, ZEBRA

    pairs = {f"{level} chip": (background, text) for level, (background, text) in RISK_PALETTE.items()}
    for name, text in (("navy", NAVY), ("grey", GREY)):
        for under, colour in (("white", "#ffffff"), ("zebra row", ZEBRA.hexval()), ("table header", HEADER_BG.hexval())):
            pairs[f"{name} on {under}"] = (colour.replace("0x", "#"), text.hexval().replace("0x", "#"))
    weak = {name: round(_contrast(*pair), 2) for name, pair in pairs.items() if _contrast(*pair) < 4.5}
    assert weak == {}


def test_columns_are_widened_to_their_longest_word_and_keep_the_page_width():
    from electionplan.report.pdf.core import CONTENT_W, fit_columns

    widths = [0.5 * CONTENT_W, 0.04 * CONTENT_W, 0.46 * CONTENT_W]
    fitted = fit_columns(["Risk", "Score", "Controls"], [["a", "12", "investigation and disorder"]], widths)
    assert fitted[1] >= stringWidth("Score", FONT, 8) + 8 and abs(sum(fitted) - sum(widths)) < 0.01
    assert fitted[0] < widths[0] or fitted[2] < widths[2]


@pytest.mark.presentation
@pytest.mark.skipif(subprocess.run(["which", "pdftotext"], capture_output=True).returncode != 0,
                    reason="pdftotext (poppler-utils) is not installed")
def test_an_email_address_too_long_for_its_column_breaks_only_at_its_punctuation(sample_plan_path, cli, tmp_path):
    import re

    target = tmp_path / "police.pdf"
    assert cli("export", sample_plan_path, "-o", target).returncode == 0
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True).stdout
    pieces = [word for word in text.split() if "@" in word]
    assert len(pieces) >= 5
    # A whole address, or the first part of one broken after a dot ("rachel.donnelly@wyvernshire.");
    # never one cut inside a word ("...@wyvernshire.polic").
    cut = [w for w in pieces if not (re.fullmatch(r"[\w.+-]*@[\w-]+(\.[\w-]+)+", w) or w.endswith((".", "-")))]
    assert cut == []


@pytest.mark.presentation
@pytest.mark.parametrize("edition", ["police", "returning-officer"])
def test_the_sample_pdf_has_no_text_under_8pt_and_declares_its_language_and_title(sample_plan_path, cli, tmp_path,
                                                                                edition):
    target = tmp_path / "plan.pdf"
    assert cli("export", sample_plan_path, "-o", target, "--edition", edition).returncode == 0
    reader = PdfReader(str(target))
    small: list[tuple[int, float, str]] = []
    for number, page in enumerate(reader.pages, start=1):
        def visit(text, cm, tm, font, size, number=number):
            shown = size * abs(tm[3] or 1) * abs(cm[3] or 1)
            if text.strip() and shown < 7.95:
                small.append((number, round(shown, 2), text.strip()[:30]))
        page.extract_text(visitor_text=visit)
    assert small == []
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB" and root["/ViewerPreferences"]["/DisplayDocTitle"]
    # Each map is described in words as well as drawn.
    assert "Map of Wyvernbridge and Ashcombe:" in " ".join(reader.pages[n].extract_text() for n in range(len(reader.pages)))


def _outline(reader) -> list[tuple[int, str, int]]:
    found: list[tuple[int, str, int]] = []

    def walk(items, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found


def _synthetic(plan, *options: str) -> None:
    made = subprocess.run([sys.executable, str(REPO / "benchmarks" / "make_synthetic.py"), str(plan), *options],
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stderr


@pytest.fixture(scope="module")
def force_template(tmp_path_factory):
    from electionplan.services.synthetic import synthetic_snapshot, write_synthetic_plan
    from tests.conftest import plan_sql

    plan = tmp_path_factory.mktemp("force") / "force.eplan"
    write_synthetic_plan(synthetic_snapshot(constituencies=3, stations=60, candidates=15, events=40, seed=7), plan)
    with plan_sql(plan) as db:
        db.execute("UPDATE polling_station SET constituency_id = NULL, name = 'Stray Hall' WHERE id = 1")
        db.execute("UPDATE polling_station SET easting = NULL, northing = NULL, name = 'Nowhere Hall' WHERE id = 2")
    db.close()  # so the changes are in the file itself, not its write-ahead log, before it is copied
    return plan


@pytest.fixture
def force_plan(force_template, tmp_path):
    """A three-seat synthetic plan with a station in no constituency and one with no location (a copy a test)."""
    plan = tmp_path / "force.eplan"
    shutil.copyfile(force_template, plan)
    return plan


def test_a_force_plan_has_a_chapter_a_constituency_and_loses_no_station(force_plan, cli, tmp_path):
    target = tmp_path / "force.pdf"
    assert cli("export", force_plan, "-o", target).returncode == 0
    reader = PdfReader(str(target))
    outline = _outline(reader)
    method = next(n for n, (depth, title, _) in enumerate(outline) if title == "3. Method")
    chapters = [(title, page) for depth, title, page in outline[method + 1:] if depth == 1][:4]
    assert [title.split(" (")[0] for title, _ in chapters[:3]] == [f"Synthetic Seat {n}" for n in (1, 2, 3)]
    assert chapters[3][0] == "Not in any constituency: needs attention"
    assert len({page for _, page in chapters}) == 4  # each starts a page of its own
    pages = pdf_pages(target)
    for title, page in chapters:  # and each bookmark lands on the page with its heading
        assert title in " ".join(pages[page].split())
    text = " ".join(" ".join(pages).split())
    assert "Stray Hall" in text.split("Not in any constituency: needs attention")[-1]
    assert "Not on the map, with no location yet (needs attention):" in text and "Nowhere Hall" in text


def test_the_summary_figures_are_the_tables_figures(force_plan, cli, tmp_path):
    """Every number in 'The plan in numbers' agrees with the rows the document's own tables hold."""
    from electionplan.db.opening import open_store
    from electionplan.services.export import plan_pdf_bytes

    with open_store(force_plan, read_only=True) as plan:
        _, document = plan_pdf_bytes(plan)
    counts = dict(document.summary.counts)
    stations, events = document.method.stations, document.method.events
    assert int(counts["Polling stations"]) == len(stations) == 60  # the stray and the unlocated are counted
    assert int(counts["Events"]) == len(events)
    assert int(counts["Flashpoints"]) == sum(1 for e in events if e.flashpoint) \
        == sum(len(seat.flashpoints) for seat in document.information.threat_picture) \
        + sum(1 for e in events if e.flashpoint and e.constituency_id is None)
    red, amber = (int(x) for x in counts["Red / amber stations"].split(" / "))
    assert (red, amber) == (sum(r.rag == "red" for r in stations), sum(r.rag == "amber" for r in stations))
    assert int(counts["Constituencies"]) == len(document.information.threat_picture) == 3
    assert sum(document.summary.matrix.values()) == len(events)
    # The threat picture's rows, and what lies in no constituency, add up to the same totals.
    figures = [seat.figures for seat in document.information.threat_picture]
    loose_stations = [r for r in stations if r.constituency_id is None]
    assert sum(f.stations for f in figures) + len(loose_stations) == len(stations)
    assert sum(f.events for f in figures) + sum(e.constituency_id is None for e in events) == len(events)
    assert [f.flashpoints for f in figures] == [len(seat.flashpoints) for seat in document.information.threat_picture]
    assert sum(f.red for f in figures) + sum(r.rag == "red" for r in loose_stations) == red
    assert sum(f.amber for f in figures) + sum(r.rag == "amber" for r in loose_stations) == amber
    assert sum(f.unplaced for f in figures) == sum(r.easting is None for r in stations if r.constituency_id) == 1


def test_the_threat_picture_of_a_force_plan_is_a_table_led_by_its_totals(force_plan, cli, tmp_path):
    from electionplan.db.opening import open_store
    from electionplan.services.export import plan_pdf_bytes

    with open_store(force_plan, read_only=True) as plan:
        data, document = plan_pdf_bytes(plan)
    seats = document.information.threat_picture
    text = pdf_text(data)
    picture = text.split("Threat picture", 1)[1].split("Candidates' risk summary", 1)[0]
    total = (f"All 3 constituencies {sum(s.figures.events for s in seats)} "
             f"{sum(s.figures.flashpoints for s in seats)}")
    assert total in picture
    assert "Candidates High risk" in picture  # the police edition counts candidates
    for seat in seats:
        assert f"{seat.name} {seat.code} {seat.figures.events} " in picture

    with open_store(force_plan, read_only=True) as plan:
        data, ro_document = plan_pdf_bytes(plan, edition="returning-officer")
    ro_seats = ro_document.information.threat_picture
    ro_text = pdf_text(data)
    # The edition's own figures (a candidate's private movements are not its events), and no candidates' counts.
    assert f"All 3 constituencies {sum(s.figures.events for s in ro_seats)} " in ro_text
    assert sum(s.figures.events for s in ro_seats) < sum(s.figures.events for s in seats)
    assert "High risk" not in ro_text and all(s.figures.candidates == 0 for s in ro_seats)


@pytest.mark.presentation
def test_a_10000_character_intelligence_note_and_a_3000_character_threat_summary_export(sample_plan_path, cli,
                                                                                        tmp_path):
    note = " ".join(f"Note{n:05d}" for n in range(1000))[:10_000]
    summary = " ".join(f"Threat{n:04d}" for n in range(300))[:3_000]
    assert cli("edit", sample_plan_path, "candidate", "1", "--set", f"intelligence_notes={note}").returncode == 0
    assert cli("edit", sample_plan_path, "threat_report", "1", "--set", f"summary={summary}").returncode == 0
    target = tmp_path / "police.pdf"
    result = cli("export", sample_plan_path, "-o", target)
    assert result.returncode == 0, result.stderr
    words = set(pdf_text(target).split())
    # Every word of both, though they run across pages (with the page furniture between).
    assert set(note.split()[:-1]) <= words and set(summary.split()[:-1]) <= words
    # Past the documented cap, the command line refuses in one line and changes nothing.
    refused = cli("edit", sample_plan_path, "candidate", "1", "--set", "intelligence_notes=" + "x" * 20_001)
    assert refused.returncode == 1 and "20,000" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1


@pytest.mark.presentation
def test_every_candidate_profile_is_its_own_bookmark_under_annex_a(sample_plan_path, cli, tmp_path):
    target = tmp_path / "plan.pdf"
    assert cli("export", sample_plan_path, "-o", target).returncode == 0
    reader = PdfReader(str(target))
    outline = _outline(reader)
    annex = next(n for n, (depth, title, _) in enumerate(outline) if title.startswith("Annex A"))
    after = next((n for n, (depth, _, _) in enumerate(outline) if depth == 0 and n > annex), len(outline))
    profiles = outline[annex + 1:after]
    with plan_sql(sample_plan_path) as sql:
        names = [name for (name,) in sql.execute("SELECT name FROM candidate").fetchall()]
    # Siblings one level below the annex, not each nested under the first candidate.
    assert len(names) > 2 and sorted(title for _, title, _ in profiles) == sorted(names)
    assert {depth for depth, _, _ in profiles} == {1}
    pages = pdf_pages(target)
    for _, title, page in profiles:
        assert title in " ".join(pages[page].split())


def test_grid_references_never_wrap_and_stations_of_several_councils_name_their_council(force_plan, cli, tmp_path):
    import re

    from electionplan.domain.gridref import to_grid_reference

    with plan_sql(force_plan) as db:
        db.execute("UPDATE polling_station SET council = 'E08000009', station_number = 'AB1' WHERE id IN (3, 4)")
        db.execute("UPDATE polling_station SET council = 'E08000003' WHERE id = 4")
        located = db.execute("SELECT easting, northing FROM polling_station WHERE easting IS NOT NULL").fetchall()
    target = tmp_path / "force.pdf"
    assert cli("export", force_plan, "-o", target).returncode == 0
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    text = text.replace("\u00a0", " ")
    for easting, northing in located:  # each reference is printed whole, on one line
        assert to_grid_reference(easting, northing) in text
    assert not re.search(r"^[A-Z]{2} \d{4}$", text, re.MULTILINE)
    flat = " ".join(text.split())
    # Each is named as people read it: the council's name for its GSS code.
    from electionplan.system.councils import council_label

    assert {council_label("E08000009"), council_label("E08000003")} == {"Trafford", "Manchester"}
    assert "Council: Trafford" in flat and "Council: Manchester" in flat


def _outline_entries(reader: PdfReader) -> list[tuple[str, int]]:
    entries: list[tuple[str, int]] = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                entries.append((item.title, reader.get_destination_page_number(item)))

    walk(reader.outline)
    return entries


@pytest.mark.parametrize("edition", ["police", "returning-officer"])
def test_no_heading_of_a_force_plan_is_left_alone_at_the_foot_of_a_page(force_police_pdf, tmp_path, cli, edition):
    """A 75-constituency plan whose layout once left eight headings at the foot of a page, their text overleaf."""
    target = force_police_pdf.pdf  # the police edition is exported once for every test that reads it
    if edition != "police":
        plan = tmp_path / "force.eplan"
        shutil.copyfile(force_police_pdf.plan, plan)
        target = tmp_path / "plan.pdf"
        assert cli("export", plan, "-o", target, "--edition", edition).returncode == 0
    reader = PdfReader(str(target))
    furniture = ("EP-", "OFFICIAL-SENSITIVE", "Page ", "Police edition", "Returning officer's edition",
                 "Synthetic Police")
    alone = []
    entries = _outline_entries(reader)
    assert len(entries) > 100  # above the ruleset's size a chapter is one heading, so the plan has fewer
    texts: dict[int, str] = {}  # a page holding several headings is read once
    for title, page in entries:
        if page not in texts:
            texts[page] = reader.pages[page].extract_text()
        body = [line.strip() for line in texts[page].splitlines()
                if line.strip() and not line.strip().startswith(furniture)]
        if body and " ".join(body[-1].split()) == " ".join(title.split())[-len(" ".join(body[-1].split())):]:
            alone.append((page + 1, title))
    assert alone == []


def test_a_long_table_made_a_page_at_a_time_keeps_every_row_once_and_its_header_on_every_page(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    from electionplan.report.pdf.core import RendererCore
    from electionplan.report.pdf.paged_table import PagedTable

    core = RendererCore.__new__(RendererCore)  # the table helper needs only the stylesheet
    from electionplan.report.styles import stylesheet

    core.s = stylesheet()
    rows = [[f"Row{n:04d}", "A name long enough to wrap onto a second line in its narrow column" * (n % 3 == 0)]
            for n in range(700)]
    table = core.table(["Marker", "Name"], rows, [0.3, 0.7], long=True)
    assert isinstance(table, PagedTable)
    target = tmp_path / "long.pdf"
    SimpleDocTemplate(str(target), pagesize=A4).build([table])
    pages = pdf_pages(target)
    assert len(pages) > 10
    found = [word for text in pages for word in text.split() if word.startswith("Row")]
    assert found == [f"Row{n:04d}" for n in range(700)]  # every row, once, in order
    assert all(text.split()[0:2] == ["Marker", "Name"] for text in pages)


def test_one_constituencys_demand_is_drawn_to_its_own_scale_without_the_forces_shifts():
    start = dt.date(2029, 3, 5)
    lines = tuple(DemandLine(start + dt.timedelta(days=n), "late", 4 + n, 2500, 0, ()) for n in range(5))
    force, seat = demand_chart(lines), demand_chart(lines, scoped=True)
    tallest = {name: max(s.height for s in chart.contents if isinstance(s, Rect) and s.y == 30)
               for name, chart in (("force", force), ("seat", seat))}
    assert tallest["seat"] > 20 * tallest["force"]  # readable, not a sliver under 2,500 officers
    texts = " ".join(s.text for s in seat.contents if isinstance(s, String))
    assert "this constituency" in texts and "available" not in texts
