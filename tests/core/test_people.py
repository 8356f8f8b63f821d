"""A plan names the people who prepared and approved it, never a computer login."""

from __future__ import annotations

import json
import re
import stat

from electionplan.system.preferences import preferences_path


def _unname() -> None:
    preferences_path().unlink()


def test_approval_without_a_named_person_is_refused_and_issues_nothing(sample_plan_path, cli):
    _unname()
    result = cli("revise", sample_plan_path, "-m", "Approved by Gold", "--approve")
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "Approval must name who approves" in result.stderr
    listed = json.loads(cli("revisions", sample_plan_path, "--json").stdout)
    assert listed == []


def test_whoami_names_the_user_in_a_private_file(sample_plan_path, cli):
    _unname()
    assert "Nobody is named yet" in cli("whoami").stdout
    result = cli("whoami", "--name", "Supt B Marsh", "--role", "Silver")
    assert result.returncode == 0 and "Supt B Marsh (Silver)" in result.stdout
    assert stat.S_IMODE(preferences_path().stat().st_mode) == 0o600
    assert cli("whoami").stdout.strip() == "Supt B Marsh (Silver)"


def test_approval_records_the_named_approver_and_the_audit_names_them(sample_plan_path, cli):
    assert cli("revise", sample_plan_path, "-m", "First draft").returncode == 0
    result = cli("--as", "Ch Supt A Okoro", "revise", sample_plan_path, "-m", "Approved by Gold", "--approve")
    assert result.returncode == 0, result.stderr
    info = json.loads(cli("info", sample_plan_path, "--json").stdout)
    assert info["plan"]["approved_by"] == "Ch Supt A Okoro"
    audit = cli("audit", sample_plan_path, "--last", "5").stdout
    # A database plan's audit adds the server account the person signed in as.
    assert re.search(r"Ch Supt A Okoro( \(\w+\))?  revise", audit), audit
    assert re.search(r"Insp Test Officer( \(\w+\))?  revise", audit), audit
    # --as lasts one command: the next is the saved person again.
    assert cli("revise", sample_plan_path, "-m", "Late shift added", "--approve").returncode == 0
    info = json.loads(cli("info", sample_plan_path, "--json").stdout)
    assert info["plan"]["approved_by"] == "Insp Test Officer (Election SPOC)"


def test_a_new_plan_is_prepared_by_the_named_person(tmp_path, cli):
    plan = tmp_path / "new.eplan"
    result = cli("new", plan, "--name", "Test by-election", "--kind", "by-election",
                 "--polling-day", "2027-03-04", "--force", "Wyvernshire Constabulary")
    assert result.returncode == 0, result.stderr
    info = json.loads(cli("info", plan, "--json").stdout)
    assert info["plan"]["prepared_by"] == "Insp Test Officer (Election SPOC)"


def test_a_name_with_control_characters_is_refused(cli):
    result = cli("whoami", "--name", "Evil\x1b[31mName", "--role", "SPOC")
    assert result.returncode == 1 and "control characters" in result.stderr


def test_a_revision_keeps_a_summary_for_recipients_apart_from_its_note(sample_plan_path, cli):
    result = cli("revise", sample_plan_path, "-m", "Okafor: threat to kill (WC/26/123999) logged",
                 "--summary", "Polling-station patrols increased in Ashcombe.")
    assert result.returncode == 0, result.stderr
    listed = json.loads(cli("revisions", sample_plan_path, "--json").stdout)
    assert listed[0]["note"].startswith("Okafor") and listed[0]["summary"] == "Polling-station patrols increased in Ashcombe."
    too_long = cli("revise", sample_plan_path, "-m", "x", "--summary", "y" * 20_001)
    assert too_long.returncode == 1 and "can hold at most 20,000" in too_long.stderr
    assert len(json.loads(cli("revisions", sample_plan_path, "--json").stdout)) == 1
