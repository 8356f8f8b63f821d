"""A workbook that unpacks to millions of rows is refused before any of its XML is parsed."""

from __future__ import annotations

import zipfile

import openpyxl
import pandas as pd
import pytest

from electionplan.importers import tabular

CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                 '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                 '</Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>')
WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="Stations" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                 'Target="worksheets/sheet1.xml"/></Relationships>')


def bomb(path, rows: int, dimension: str | None) -> None:
    """A workbook of `rows` one-cell rows: under 1 MB zipped, 180 MB unpacked at 3 million."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            if dimension:
                sheet.write(f'<dimension ref="{dimension}"/>'.encode())
            sheet.write(b"<sheetData>")
            row = b'<row><c t="inlineStr"><is><t>Community Hall</t></is></c></row>'  # rows may omit their numbers
            for start in range(0, rows, 100_000):
                sheet.write(row * min(100_000, rows - start))
            sheet.write(b"</sheetData></worksheet>")


@pytest.fixture
def no_parsing(monkeypatch):
    def refuse(*_a, **_k):
        raise AssertionError("the workbook was parsed")
    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


@pytest.mark.parametrize("dimension", [None, "A1:A3000000", "A1:A10"], ids=["no dimension", "honest", "lying"])
def test_three_million_rows_are_refused_unparsed_with_one_line(tmp_path, cli, no_parsing, dimension):
    path = tmp_path / "stations.xlsx"
    bomb(path, 3_000_000, dimension)
    with zipfile.ZipFile(path) as archive:
        unpacked = archive.getinfo("xl/worksheets/sheet1.xml").file_size
    assert path.stat().st_size < 1_000_000 and unpacked > tabular.MAX_XLSX_SHEET_BYTES
    plan = tmp_path / "p.eplan"
    assert cli("new", plan, "--name", "Test", "--kind", "local", "--polling-day", "2030-05-02", "--force", "Test").returncode == 0
    result = cli("import", plan, "stations", path)
    assert result.returncode != 0 and result.stderr.strip().count("\n") == 0
    assert f"unpack to {unpacked // 1_000_000:,} MB" in result.stderr


def test_rows_beyond_the_cap_are_refused_by_count_when_the_size_passes(tmp_path, no_parsing):
    path = tmp_path / "long.xlsx"
    bomb(path, tabular.MAX_XLSX_ROWS + 1, None)
    with pytest.raises(tabular.ImportFailed, match="more than 200,000 rows"):
        tabular.read_xlsx_table(path)
    bomb(path, tabular.MAX_XLSX_ROWS + 1, f"A1:A{tabular.MAX_XLSX_ROWS + 1}")
    with pytest.raises(tabular.ImportFailed, match="declares 200,001 rows"):
        tabular.read_xlsx_table(path)


def test_a_real_station_workbook_still_imports(shared_data, tmp_path, cli):
    frame = pd.read_csv(shared_data / "stations/trafford_polling_stations_lonlat.csv", dtype=str)
    path = tmp_path / "trafford.xlsx"
    frame.to_excel(path, index=False)
    bomb(tmp_path / "edge.xlsx", tabular.MAX_XLSX_ROWS - 1, None)
    tabular.check_xlsx_sheets(tmp_path / "edge.xlsx")  # just under the cap passes the check
    plan = tmp_path / "p.eplan"
    assert cli("new", plan, "--name", "Test", "--kind", "local", "--polling-day", "2030-05-02", "--force", "Test").returncode == 0
    result = cli("import", plan, "stations", path)
    assert result.returncode == 0, result.stderr
    assert f"{len(frame)} stations kept" in result.stdout
