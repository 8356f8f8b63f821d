"""The plan PDF at scale: led by exceptions, with every row in companion files it names.

Above the ruleset's `report.rows_in_full` polling stations the PDF groups and counts its repetitive detail and
writes an XLSX and a GeoPackage beside itself, cut to its edition. The threshold is tested on a small plan with
the key lowered; the national plan is measured in `benchmarks/bench_pdf.py --national`.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.conftest import call_cli
from tests.core.at_scale import short_handed, with_rows_in_full

pytestmark = pytest.mark.skipif(subprocess.run(["which", "pdftotext"], capture_output=True).returncode != 0,
                                reason="pdftotext (poppler-utils) is not installed")

DEFAULT = Path(__file__).parents[2] / "resources" / "rulesets" / "national-default.toml"


def _ok(*args) -> str:
    result = call_cli(*map(str, args))
    assert result.returncode == 0, result.stderr
    return result.stdout


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def _sheets(path: Path) -> dict[str, list[tuple]]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}
    finally:
        book.close()


def _layer(path: Path, layer: str) -> tuple[list[str], list[tuple]]:
    db = sqlite3.connect(path)
    try:
        rows = db.execute(f'SELECT * FROM "{layer}"')
        return [d[0] for d in rows.description], rows.fetchall()
    finally:
        db.close()


def _plan_stations(plan: Path) -> set[tuple[str, str]]:
    db = sqlite3.connect(plan)
    try:
        return set(db.execute("SELECT council, station_number FROM polling_station"))
    finally:
        db.close()


@pytest.fixture(scope="module")
def force(tmp_path_factory) -> Path:
    """A short-handed plan whose ruleset prints every row up to 100 stations."""
    folder = tmp_path_factory.mktemp("at-scale")
    plan = folder / "force.eplan"
    short_handed(plan)
    with_rows_in_full(plan, 100, folder)
    return plan


@pytest.fixture(scope="module")
def police(force) -> dict:
    target = force.with_name("force-police.pdf")
    said = _ok("export", force, "-o", target)
    return {"pdf": target, "said": said, "xlsx": force.with_name("force-police-data.xlsx"),
            "gpkg": force.with_name("force-police-data.gpkg")}


def test_above_the_rulesets_size_the_pdf_names_companion_files_that_hold_every_row(force, police):
    assert police["xlsx"].is_file() and police["gpkg"].is_file()
    assert police["xlsx"].name in police["said"] and police["gpkg"].name in police["said"]
    for path in (police["xlsx"], police["gpkg"]):
        assert path.stat().st_mode & 0o777 == 0o600
    text = _text(police["pdf"])
    sheets = _sheets(police["xlsx"])
    # The PDF names both files and each sheet and layer, with its rows.
    assert "Companion data files" in text and police["xlsx"].name in text and police["gpkg"].name in text
    for name, rows in sheets.items():
        assert re.search(rf"{re.escape(name)}\s+{len(rows) - 1:,}\s", text), name
    for layer in ("constituencies", "polling_stations", "venues", "events"):
        assert re.search(rf"{layer}\s+{len(_layer(police['gpkg'], layer)[1]):,}\s", text), layer
    # Every station is in the spreadsheet and the GeoPackage, though the PDF lists only the red ones.
    header, *rows = sheets["Stations"]
    number, council = header.index("Number"), header.index("Council")
    assert {(r[council], r[number]) for r in rows} == _plan_stations(force)
    columns, points = _layer(police["gpkg"], "polling_stations")
    assert len(points) == len(rows)
    green = [r for r in rows if r[header.index("RAG")] == "Green"]
    assert green and sum(1 for r in green if re.search(rf"\b{re.escape(r[number])}\s+Station", text)) == 0
    assert {"Candidates", "Accepted risks", "Patrol routes", "Briefings", "Risk register", "Timeline"} <= set(sheets)


def test_the_grouped_accepted_risks_add_up_to_the_rows_in_the_companion(police):
    text = _text(police["pdf"])
    accepted = _sheets(police["xlsx"])["Accepted risks"]
    front = text.split("Accepted risks and stations not patrolled")[1].split("Each shift")[0]
    grouped = [int(n.replace(",", "")) for n in re.findall(r"([\d,]+) × ", front)]
    assert grouped and sum(grouped) == len(accepted) - 1
    # One "Why" a group, not one a row.
    assert len(grouped) < len(accepted) - 1


def test_briefings_are_counted_by_constituency_with_every_candidate_in_the_companion(force, police):
    text = _text(police["pdf"])
    header, *rows = _sheets(police["xlsx"])["Briefings"]
    db = sqlite3.connect(force)
    try:
        candidates = db.execute("SELECT count(*) FROM candidate").fetchone()[0]
    finally:
        db.close()
    assert len(rows) == candidates
    admin = text.split("4. Administration")[-1].split("Timeline")[0]
    assert re.search(rf"All 6 constituencies\s+{candidates}\s", admin)
    assert not any(re.search(rf"\b{re.escape(row[1])}\b", admin) for row in rows)  # counted, not listed
    # Each chapter counts its own, and the chapters' counts add up to every candidate.
    chapters = [int(n) for n in re.findall(r"Briefings offered: \d+ of (\d+)", text)]
    assert len(chapters) == 6 and sum(chapters) == candidates


def test_below_the_rulesets_size_every_row_prints_and_no_file_is_written(tmp_path):
    plan = tmp_path / "small.eplan"
    short_handed(plan)
    target = tmp_path / "small.pdf"
    said = _ok("export", plan, "-o", target)  # the national default: 1,000 stations
    assert "beside it" not in said and not list(tmp_path.glob("small-data.*"))
    text = _text(target)
    assert "Companion data files" not in text
    assert all(re.search(rf"\b{re.escape(number)}\b", text) for _, number in _plan_stations(plan))


def test_the_returning_officers_companion_holds_only_what_their_edition_shows(force):
    target = force.with_name("force-ro.pdf")
    _ok("export", force, "-o", target, "--edition", "returning-officer")
    sheets = _sheets(force.with_name("force-ro-data.xlsx"))
    assert set(sheets) == {"Stations", "Events", "Patrol routes", "Briefings", "Timeline", "Contacts"}
    assert sheets["Events"][0] == ("Event", "Kind", "Starts", "Venue", "Organiser", "Expected attendance", "Presence")
    columns, _ = _layer(force.with_name("force-ro-data.gpkg"), "events")
    assert "level" not in columns and "score" not in columns
    named = _text(target).split("Companion data files")[2].split("\f")[0]
    assert "force-ro-data.xlsx" in named and "force-ro-data.gpkg" in named
    assert all(re.search(rf"\b{sheet}\s+\d", named) for sheet in sheets)
    assert not any(sheet in named for sheet in ("Candidates", "Accepted risks", "Risk register", "Demand"))


def test_a_ruleset_setting_the_size_wrongly_is_refused_in_one_line(force, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(DEFAULT.read_text(encoding="utf-8") + "\n[report]\nrows_in_full = -5\n", encoding="utf-8")
    result = call_cli("ruleset", str(force), "--set", str(bad))
    assert result.returncode == 1 and "report.rows_in_full is invalid" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_ruleset_without_the_size_reads_and_an_issued_revision_prints_as_issued():
    from electionplan.risk.ruleset import load_ruleset, parse_ruleset
    from electionplan.risk.ruleset_optional import OPTIONAL_DEFAULTS, report_rows_in_full

    older = load_ruleset(Path(__file__).parents[1] / "data" / "national-default-2026.2.toml")
    assert "report" not in older.data
    assert report_rows_in_full(older.report) == OPTIONAL_DEFAULTS["report"]["rows_in_full"]
    assert report_rows_in_full(older.report, issued=True) is None
    # The national default leaves it unset, so its text and hash are those every earlier revision holds.
    default = load_ruleset()
    assert "report" not in default.data and report_rows_in_full(default.report, issued=True) is None
    stated = parse_ruleset(DEFAULT.read_text(encoding="utf-8") + "\n[report]\nrows_in_full = 250\n")
    assert report_rows_in_full(stated.report, issued=True) == 250


@pytest.mark.slow
def test_a_75_seat_force_plans_main_part_is_under_150_pages(force_police_pdf):
    target = force_police_pdf.pdf
    contents = _text(target).split("Needs a decision", 1)[1].split("\f", 1)[0]
    annexes = int(re.search(r"Annex A\. Candidate risk profiles\s+(\d+)", contents).group(1))
    assert annexes - 1 < 150, annexes
    assert _pages(target) < 150
    assert "force-data.xlsx" in force_police_pdf.said
    sheets = _sheets(force_police_pdf.xlsx)
    assert len(sheets["Stations"]) - 1 == 4_000


def test_a_chapters_small_map_numbers_only_red_and_amber_stations_and_says_so(police):
    from tests.core.pdfstructure import StructureTree, words

    stations = _sheets(police["xlsx"])["Stations"]
    rag = {row[0]: row[8] for row in stations[1:]}  # number -> RAG
    maps = [e for e in StructureTree(police["pdf"]).walk() if e.role == "Figure" and e.alt.startswith("Map of")]
    assert len(maps) == 6  # one a chapter
    for figure in maps:
        assert "the red and amber numbered" in figure.alt and "enlargement" not in figure.alt
        numbers = [token for token in words(figure.text).split() if token in rag]
        assert numbers and all(rag[n] in ("Red", "Amber") for n in numbers)
    # Six maps' symbols fit one line, so each page keys its maps once, under its header, and says so before the
    # chapters with the key in words; no map repeats a key of its own.
    tree = StructureTree(police["pdf"]).walk()
    keys = [e.alt for e in tree if e.role == "Figure" and e.alt.startswith("Key to")]
    assert keys and all(alt.startswith("Key to the maps on this page: ") for alt in keys)
    assert all("green stations are not numbered here" in alt for alt in keys)
    assert len(keys) < len(maps)  # one a page, not one a map
    note = next(words(e.text) for e in tree if e.role == "P" and "Each page keys" in words(e.text))
    assert "green stations are not numbered here" in note


def test_each_page_of_chapters_keys_the_symbols_its_maps_draw_and_no_other(police):
    pages = _text(police["pdf"]).split("\f")
    keyed, seen = 0, set()
    for page in pages:
        reds = [int(n) for n in re.findall(r"(\d+) (?:is|are) rated red", page)]
        if not reds:  # no chapter starts on this page, so no map is drawn on it
            assert "Station number" not in page
            continue
        key = next(line for line in page.splitlines()[1:] if line.strip())  # the first line under the header
        assert "Station:" in key and "Station number" in key
        assert (" red " in f"{key} ") == any(reds), key  # red only where a map on the page draws a red station
        keyed, seen = keyed + 1, seen | {any(reds)}
    assert keyed >= 2 and seen == {True, False}  # pages with a red station and pages without


def test_a_chapter_whose_numbers_repeat_between_councils_gives_each_flagged_stations_map_key(tmp_path):
    """Two councils' stations in one constituency, numbered alike: the map keys them 1, 2, 3… and the words
    beside it give each red or amber station's key with its own number, so the two can be matched."""
    from tests.conftest import plan_sql
    from tests.core.pdfstructure import StructureTree, words

    plan = tmp_path / "force.eplan"
    short_handed(plan)
    with plan_sql(plan) as db:  # the first seat's stations alternate between two councils, each numbering 1, 2, 3…
        db.execute("UPDATE polling_station SET council = CASE id % 2 WHEN 0 THEN 'E08000009' ELSE 'E08000003' END, "
                   "station_number = CAST((id + 1) / 2 AS TEXT) WHERE constituency_id = 1")
    with_rows_in_full(plan, 100, tmp_path)
    target = tmp_path / "police.pdf"
    _ok("export", plan, "-o", target)
    keyed = re.findall(r"\b(\d+) \(map (\d+)\)", _text(target))
    assert keyed and any(number != key for number, key in keyed)
    first = next(e for e in StructureTree(target).walk() if e.role == "Figure" and e.alt.startswith("Map of"))
    assert {key for _, key in keyed} & set(words(first.text).split())
