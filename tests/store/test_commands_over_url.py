"""Every command that takes PLAN takes a database URL too, and says so clearly where it cannot."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

# These tests carry the sample from its file into PostgreSQL themselves.
pytestmark = pytest.mark.file_store


def _ok(cli, *args):
    result = cli(*args)
    assert result.returncode == 0, (args, result.stderr)
    return result


def _pdf_text(path) -> str:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    text = re.sub(r"\d{2}/\d{2}/\d{4}( \d{2}:\d{2})?", "DATE", text)  # issue dates differ, nothing else may
    return re.sub(r"[ \t]+", " ", text)


@pytest.mark.slow
def test_the_plan_commands_work_on_a_database_plan_as_on_the_file(sample_plan_path, database_url, cli, tmp_path):
    url = f"{database_url}?plan=wyvern_2026"
    _ok(cli, "copy", sample_plan_path, url)
    for location in (sample_plan_path, url):
        _ok(cli, "revise", location, "-m", "Reviewed with the returning officer")
    assert _ok(cli, "revisions", url).stdout.count("Reviewed with the returning officer") == 1
    assert "Reviewed with the returning officer" in _ok(cli, "audit", url).stdout
    assert json.loads(_ok(cli, "order", url, "--json").stdout) == json.loads(
        _ok(cli, "order", sample_plan_path, "--json").stdout)
    assert _ok(cli, "ruleset", url).stdout == _ok(cli, "ruleset", sample_plan_path).stdout
    from_file, from_database = tmp_path / "file.pdf", tmp_path / "database.pdf"
    _ok(cli, "export", sample_plan_path, "-o", from_file)
    _ok(cli, "export", url, "-o", from_database)
    assert _pdf_text(from_database) == _pdf_text(from_file)
    assert len(_pdf_text(from_file)) > 1000

    # The deployment and a candidate's pack read the same from either store.
    assert _ok(cli, "deploy", url, "--json").stdout == _ok(cli, "deploy", sample_plan_path, "--json").stdout
    packs = {}
    for name, location in (("file", sample_plan_path), ("database", url)):
        target = tmp_path / f"{name}-pack.json"
        _ok(cli, "export", location, "-o", target, "--edition", "candidate", "--candidate", "2")
        packs[name] = {k: v for k, v in json.loads(target.read_text()).items() if k not in ("cover", "seal")}
    assert packs["database"] == packs["file"] and packs["file"]["events"]


def test_file_only_commands_refuse_a_database_plan_in_one_line(database_url, cli):
    url = f"{database_url}?plan=wyvern_2026"
    for command in ("restore", "unlock"):
        result = cli(command, url)
        assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
        assert "works on plan files" in result.stderr
