"""The foundation's commands, run as real processes."""

from __future__ import annotations

import json

import pytest

from electionplan.cli import main


def test_new_then_info_json_has_election_and_counts(tmp_path, cli):
    path = tmp_path / "ge.eplan"
    result = cli("new", path, "--name", "Test general election", "--kind", "general",
                 "--polling-day", "2029-05-03", "--force", "Northshire Police")
    assert result.returncode == 0, result.stderr
    info = cli("info", path, "--json")
    assert info.returncode == 0, info.stderr
    data = json.loads(info.stdout)
    assert data["election"]["name"] == "Test general election"
    assert data["election"]["kind"] == "general"
    assert data["election"]["polling_day"] == "2029-05-03"
    assert data["election"]["force"] == "Northshire Police"
    assert set(data["counts"]) >= {
        "constituencies", "polling_stations", "venues", "events",
        "candidates", "threat_reports", "incidents", "revisions",
    }
    assert all(value == 0 for value in data["counts"].values())


def test_sample_then_info_prints_sample_counts(tmp_path, cli):
    path = tmp_path / "s.eplan"
    assert cli("sample", path).returncode == 0
    data = json.loads(cli("info", path, "--json").stdout)
    counts = data["counts"]
    assert 45 <= counts["polling_stations"] <= 70
    assert 6 <= counts["candidates"] <= 9
    assert counts["constituencies"] == 1
    assert counts["threat_reports"] > 0
    text = cli("info", path)
    assert "21/01/2027" in text.stdout  # British date format
    assert "polling stations 55" in text.stdout


def test_usage_errors_exit_2_with_one_line(cli, tmp_path):
    result = cli("new", tmp_path / "x.eplan", "--name", "X")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "required" in result.stderr
    assert cli("frobnicate").returncode == 2


def test_bad_date_is_a_data_error_with_exit_1(tmp_path, capsys):
    code = main(["new", str(tmp_path / "x.eplan"), "--name", "X", "--kind", "general",
                 "--polling-day", "31/02/2029", "--force", "F"])
    err = capsys.readouterr().err
    assert code == 1
    assert "not a date" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.eplan").exists()


def test_missing_plan_is_a_data_error(tmp_path, capsys):
    assert main(["info", str(tmp_path / "nope.eplan")]) == 1
    assert "does not exist" in capsys.readouterr().err


@pytest.mark.file_store  # the sample is written to a file
def test_sample_refuses_to_overwrite_without_force(sample_plan_path, capsys):
    before = sample_plan_path.read_bytes()
    assert main(["sample", str(sample_plan_path)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert sample_plan_path.read_bytes() == before
