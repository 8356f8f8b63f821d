"""Stations keep what the council's file says: its own number, its electorate, and the council by name."""

from __future__ import annotations

import csv
import json
import subprocess

import geopandas as gpd
import pandas as pd

from electionplan.system.councils import council_label, council_names
from tests.councils import FILES, STATIONS, numbers_in


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_pdf_and_the_exports_show_each_councils_own_numbers_and_name(shared_data, tmp_path, cli, five_councils):
    plan, trafford = five_councils
    assert cli("export", plan, "-o", tmp_path / "plan.pdf").returncode == 0
    assert cli("export", plan, "-o", tmp_path / "stations.csv").returncode == 0
    assert cli("export", plan, "-o", tmp_path / "plan.gpkg").returncode == 0
    assert cli("export", plan, "-o", tmp_path / "plan.json").returncode == 0
    text = pdf_text(tmp_path / "plan.pdf")
    exported_json = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    named = {exported_json["councils"][s["council"]] for s in exported_json["plan"]["stations"]}
    assert {council for _column, council in FILES.values()} <= named
    with open(tmp_path / "stations.csv", newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    layer = gpd.read_file(tmp_path / "plan.gpkg", layer="polling_stations")
    for name, (column, council) in FILES.items():
        numbers = numbers_in(shared_data / STATIONS / name, column)
        assert numbers, name
        exported = {r["Number"] for r in rows if r["Council"] == council}
        assert exported == numbers, name
        assert set(layer.loc[layer["council"] == council, "station_number"]) == numbers, name
        assert f"Council: {council}" in text
        first = sorted(numbers)[0]
        assert any(line.strip().startswith(first) for line in text.splitlines()), (name, first)
    by_number = {r["Number"]: r["Electorate"] for r in rows if r["Council"] == "Trafford"}
    assert by_number == dict(zip(trafford["id"], trafford["Electorate"], strict=True))
    lakeland = {r["Number"]: r["Electorate"] for r in rows if r["Council"] == "South Lakeland"}
    assert lakeland == {n: str(500 + int(n)) for n in numbers_in(shared_data / STATIONS / "halarose_south_lakeland.csv",
                                                                  "PollingStationNumber")}
    assert any(line.split()[:1] == ["4522"] and {"1000", "1,000"} & set(line.split()) for line in text.splitlines())
    assert "E08000009" not in text and "E09000003" not in text
    # Halarose names each station's polling district; the outputs keep it beside the council's number.
    source = pd.read_csv(shared_data / STATIONS / "halarose_south_lakeland.csv", dtype=str, keep_default_na=False)
    source = source[source["PollingStationNumber"] != "n/a"]
    districts = dict(zip(source["PollingStationNumber"], source["PollingDistrictName"], strict=True))
    assert {r["Number"]: r["Polling district"] for r in rows if r["Council"] == "South Lakeland"} == districts
    assert f"District: {districts['69']}" in " ".join(text.split())


def test_the_shipped_table_agrees_with_the_councils_own_files(shared_data):
    trafford = pd.read_csv(shared_data / STATIONS / "trafford_polling_stations_lonlat.csv", dtype=str)
    for code, name in set(zip(trafford["la_code"], trafford["la_name"], strict=True)):
        assert council_names()[code] == name
    names = [c.strip() for c in (shared_data / "postcodes/header.csv").read_text().strip().split(",")]
    districts = pd.read_csv(shared_data / "postcodes/wa.csv", header=None, names=names)["Admin_district_code"].dropna().unique()
    assert all(council_label(code) != code for code in districts if code.startswith(("E06", "E07", "E08")))
    assert council_label("E99999999") == "E99999999" and council_label("Trafford") == "Trafford"
