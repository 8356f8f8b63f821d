"""Restricted data stays in: file permissions, logs, spreadsheet exports."""

from __future__ import annotations

import csv
import json
import os
import stat
from pathlib import Path

import openpyxl
import pytest

from electionplan.db import models as m
from electionplan.db.opening import open_store
from electionplan.db.records import update_record
from tests.conftest import run_cli_commands


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.file_store  # the plan's own file and its backups
def test_plans_backups_and_exports_are_owner_only(sample_plan_path, cli, tmp_path):
    assert cli("revise", sample_plan_path, "-m", "first").returncode == 0
    backups = list(sample_plan_path.parent.glob("*.eplan.bak"))
    assert backups and all(mode(b) == 0o600 for b in backups)
    fresh = tmp_path / "fresh.eplan"
    assert cli("sample", fresh).returncode == 0
    assert mode(fresh) == 0o600
    for suffix in (".pdf", ".gpkg", ".csv", ".xlsx"):
        out = tmp_path / f"out{suffix}"
        assert cli("export", sample_plan_path, "-o", out).returncode == 0
        assert mode(out) == 0o600, suffix


@pytest.mark.presentation
def test_csv_and_xlsx_exports_neutralise_formulas(sample_plan_path, cli, tmp_path):
    hostile = ["=HYPERLINK(\"http://evil\",\"x\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)"]
    with open_store(sample_plan_path) as plan:
        for station_id, name in enumerate(hostile, start=1):
            update_record(plan, m.PollingStation, station_id, {"name": name})
    out_csv, out_xlsx = tmp_path / "s.csv", tmp_path / "s.xlsx"
    assert cli("export", sample_plan_path, "-o", out_csv).returncode == 0
    assert cli("export", sample_plan_path, "-o", out_xlsx).returncode == 0
    with out_csv.open(encoding="utf-8-sig", newline="") as handle:
        names = [row["Station"] for row in csv.DictReader(handle)]
    for value in hostile:
        assert "'" + value in names and value not in names
    book = openpyxl.load_workbook(out_xlsx)
    cells = [c.value for row in book["Stations"].iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    assert all(not c.startswith(("=", "+", "-", "@")) for c in cells)
    assert "'" + hostile[0] in cells
    assert all(c.data_type != "f" for row in book["Stations"].iter_rows() for c in row)


@pytest.mark.slow
def test_logs_never_hold_home_addresses_or_threat_text(sample_plan_path, cli, tmp_path, shared_data):
    log_home = tmp_path / "state"
    env = {"XDG_STATE_HOME": str(log_home), "ELECTIONPLAN_DEBUG": "1"}
    plan = str(sample_plan_path)
    incidents = tmp_path / "incidents.csv"
    incidents.write_text("occurred_at,kind,severity,candidate,description\n"
                         "2026-11-20 10:00,Threat,high,Daniel Okafor,Threatened at 27 Tanners Row\n")
    commands = [
        ["info", plan], ["info", plan, "--json"], ["assess", plan], ["assess", plan, "--json"],
        ["revise", plan, "-m", "Debug run"], ["revisions", plan], ["import", plan, "incidents", str(incidents)],
        ["revise", plan, "-m", "After incidents"], ["diff", plan, "0.1", "0.2"], ["diff", plan, "0.1", "0.2", "--json"],
        ["export", plan, "-o", str(tmp_path / "p.pdf")],
        ["export", plan, "-o", str(tmp_path / "r.pdf"), "--edition", "returning-officer"],
        ["export", plan, "-o", str(tmp_path / "p.gpkg")], ["export", plan, "-o", str(tmp_path / "p.csv")],
        ["audit", plan], ["audit", plan, "--csv", str(tmp_path / "a.csv")], ["restore", plan, "--list"],
        ["edit", plan, "candidate", "1", "--set", "home_address=1 Secret Street, AW9 9ZZ"],
        ["ruleset", plan], ["unlock", plan],
        ["import", plan, "postcodes", str(shared_data / "postcodes/wa.csv")],
        ["info", str(tmp_path / "missing.eplan")],
    ]
    # A process of their own: where the log goes is settled once per process, from its environment.
    for result in run_cli_commands(commands, env=env):
        assert "Traceback" not in result.stderr
    logs = list(log_home.rglob("*.log*"))
    assert logs, "debug logging wrote nothing"
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in logs)
    assert "command" in text and "assessed" in text  # debug lines were written
    spec = json.loads((Path(__file__).resolve().parents[2] / "sample_data" / "plan.json").read_text(encoding="utf-8"))
    restricted = [c["home_address"] for c in spec["candidates"]] + ["1 Secret Street", "27 Tanners Row"]
    restricted += [t["summary"] for c in spec["candidates"] for t in c["threats"]]
    restricted += [c["intelligence_notes"] for c in spec["candidates"] if c["intelligence_notes"]]
    leaked = [r for r in restricted if r in text]
    assert leaked == []
