"""Small hostile files get one clear line, use bounded memory, and change nothing.

Each case runs the command line in a forked worker, so its peak memory can be
read from the kernel's account of that worker alone.
"""

from __future__ import annotations

import os
import zipfile

import pytest

from tests.conftest import call, ok, plan_sql
from tests.core.hostile import digest, unbounded_refusals


def sheet_xml(rows: int, dimension: bool) -> str:
    head = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    dim = f'<dimension ref="A1:A{rows}"/>' if dimension else ""
    body = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>x</t></is></c></row>' for n in range(1, rows + 1))
    return f"{head}{dim}<sheetData>{body}</sheetData></worksheet>"


def write_xlsx(path, rows: int, dimension: bool) -> None:
    """A tiny workbook whose one sheet holds (and may declare) a great many rows."""
    ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    book = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="Stations" sheetId="1" r:id="rId1"/></sheets></workbook>')
    book_rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", ct)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("xl/workbook.xml", book)
        archive.writestr("xl/_rels/workbook.xml.rels", book_rels)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml(rows, dimension))


def write_shared_strings_bomb(path, unpacked_mb: int) -> None:
    """A small workbook whose shared-strings part unpacks to unpacked_mb MB (under the whole-file limit)."""
    write_xlsx(path, 2, dimension=True)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
        part.write(b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
                   b'spreadsheetml/2006/main">')
        block = b"<si><t>x</t></si>" * (1024 * 1024 // 17)
        for _ in range(unpacked_mb):
            part.write(block)
        part.write(b"</sst>")


def write_single_field_csv(path, mb: int) -> None:
    """A station file whose one field, quoted, runs to mb MB on one line."""
    with path.open("wb") as handle:
        handle.write(b'name,address,postcode\n"')
        block = b"x" * (1024 * 1024)
        for _ in range(mb):
            handle.write(block)
        handle.write(b'",1 High Street,AW1 1AA\n')


def write_zip_bomb(path, unpacked_mb: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("bomb.shp", "w") as entry:
        block = bytes(1024 * 1024)
        for _ in range(unpacked_mb):
            entry.write(block)


def hostile_files(tmp_path) -> dict[str, tuple[list[str], str]]:
    """Case -> (the command's arguments after the plan, what its one line must say)."""
    write_xlsx(tmp_path / "declared.xlsx", 250_000, dimension=True)
    write_xlsx(tmp_path / "undeclared.xlsx", 250_000, dimension=False)
    write_zip_bomb(tmp_path / "bomb.zip", 450)
    (tmp_path / "deep.json").write_text("[" * 200_000 + "]" * 200_000)
    (tmp_path / "digits.json").write_text('[{"occurred_at": "2027-01-05 10:00", "kind": "x", "n": ' + "9" * 5000 + "}]")
    (tmp_path / "year.csv").write_text("occurred_at,kind,description\n0001-01-05 10:00,theft,old\n")
    write_shared_strings_bomb(tmp_path / "strings.xlsx", 342)
    write_single_field_csv(tmp_path / "field.csv", 50)
    return {
        "shared strings": (["stations", tmp_path / "strings.xlsx", "--council", "X"],
                           "its part xl/sharedStrings.xml unpacks to"),
        "single field": (["stations", tmp_path / "field.csv", "--council", "X"], "line 2 is longer than"),
        "declared rows": (["stations", tmp_path / "declared.xlsx", "--council", "X"], "declares 250,000 rows"),
        "streamed rows": (["stations", tmp_path / "undeclared.xlsx", "--council", "X"], "more than 200,000 rows"),
        "zip bomb": (["boundaries", tmp_path / "bomb.zip"], "unpacks to 471 MB"),
        "deep json": (["incidents", tmp_path / "deep.json"], "nested too deeply"),
        "long number": (["incidents", tmp_path / "digits.json"], "number too long"),
        "year 0001": (["incidents", tmp_path / "year.csv"], "out of range"),
    }


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_each_hostile_file_gets_one_line_bounded_memory_and_changes_nothing(sample_plan_path, tmp_path):
    before = digest(sample_plan_path)
    assert unbounded_refusals(tmp_path, sample_plan_path, hostile_files(tmp_path)) == {}
    assert digest(sample_plan_path) == before
    ok("export", sample_plan_path, "-o", tmp_path / "after.pdf")  # and the plan exports as before


def test_infinite_coordinates_are_no_location(sample_plan_path, tmp_path):
    source = tmp_path / "inf.csv"
    source.write_text("id,name,address,postcode,easting,northing\nI1,Infinity Hall,1 Road,AW1 1AA,inf,1e999\n")
    ok("import", sample_plan_path, "stations", source, "--council", "X")
    ok("export", sample_plan_path, "-o", tmp_path / "plan.gpkg")
    ok("export", sample_plan_path, "-o", tmp_path / "plan.pdf")


def test_text_from_files_prints_with_control_characters_escaped(sample_plan_path):
    ok("revise", sample_plan_path, "-m", "Note \x1b[31mred\x1b[0m \u202eesrever")
    out = ok("revisions", sample_plan_path)
    assert "\x1b" not in out and "\u202e" not in out
    assert "\\u001b[31mred" in out and "\\u202eesrever" in out
    code, _, err = call("export", sample_plan_path, "-o", "/nonexistent\nfolder/plan.pdf")
    assert code == 1 and len(err.strip().splitlines()) == 1


def test_a_boundary_point_that_is_not_a_number_is_one_line(sample_plan_path, tmp_path):
    source = tmp_path / "nan.geojson"
    source.write_text('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"PCON24CD":"E14099902",'
                      '"PCON24NM":"x"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[NaN,0],[1,1],[0,0]]]}}]}')
    code, _, err = call("import", sample_plan_path, "boundaries", source)
    assert code == 1 and "not a number" in err and "unexpected" not in err and len(err.strip().splitlines()) == 1


def test_incident_text_is_stored_without_control_characters(sample_plan_path, tmp_path):

    source = tmp_path / "incidents.csv"
    source.write_text("occurred_at,kind,description,reference\n"
                      "2026-11-01 10:00,\x1b[31mRED\x1b[0m,desc\x1b[2J,ref\x07\n")
    ok("import", sample_plan_path, "incidents", source)
    db = plan_sql(sample_plan_path)
    stored = db.execute("SELECT kind, description, reference FROM incident ORDER BY id DESC LIMIT 1").fetchone()
    db.close()
    assert stored == ("[31mRED[0m", "desc[2J", "ref")


def test_a_huge_json_list_is_refused_before_it_is_parsed_and_problems_are_capped(sample_plan_path, tmp_path):
    big = tmp_path / "big.json"
    row = '{"occurred_at": "2026-11-01 10:00", "kind": "assault", "description": "' + "y" * 80 + '"}'
    big.write_text("[" + ",".join([row] * 500_000) + "]")
    code, _, err = call("import", sample_plan_path, "incidents", big)
    assert code == 1 and "JSON files over 50 MB are refused" in err
    bad = tmp_path / "bad.csv"
    bad.write_text("occurred_at,kind\n" + "not a date,assault\n" * 1000)
    code, out, err = call("import", sample_plan_path, "incidents", bad)
    assert code == 1 and out.count("problem:") == 201 and "and 800 more" in out
