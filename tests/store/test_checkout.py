"""Offline and back: checkout to a laptop, edits on both sides, checkin record by record."""

from __future__ import annotations

import stat

import pytest
from sqlalchemy import func, select

from electionplan.db import models as m
from electionplan.db.opening import open_store

# These tests carry the sample from its file into PostgreSQL themselves.
pytestmark = pytest.mark.file_store


def _value(location, model, record_id, field):
    with open_store(location, read_only=True) as plan, plan.session() as session:
        return getattr(session.get(model, record_id), field)


def _audit_count(location) -> int:
    with open_store(location, read_only=True) as plan, plan.session() as session:
        return session.scalar(select(func.count()).select_from(m.AuditEntry))


def _edit(cli, location, *args):
    result = cli("edit", location, *args)
    assert result.returncode == 0, result.stderr


def test_checkin_applies_every_offline_edit_but_the_one_changed_in_the_store(
    sample_plan_path, database_url, cli, tmp_path
):
    url = f"{database_url}?plan=wyvern_2026"
    assert cli("copy", sample_plan_path, url).returncode == 0
    laptop = tmp_path / "laptop.eplan"
    out = cli("checkout", url, laptop)
    assert out.returncode == 0, out.stderr
    assert stat.S_IMODE(laptop.stat().st_mode) == 0o600

    _edit(cli, laptop, "candidate", "1", "--set", "agent=Offline Agent")
    _edit(cli, laptop, "candidate", "2", "--set", "police_contact=PC Offline")
    _edit(cli, laptop, "event", "1", "--set", "notes=Stewards confirmed offline")
    _edit(cli, laptop, "station", "3", "--set", "name=Renamed Hall")
    _edit(cli, url, "candidate", "2", "--set", "police_contact=PC In The Store")  # a colleague, meanwhile

    first = cli("checkin", laptop, url)
    assert first.returncode == 1
    assert len(first.stderr.strip().splitlines()) == 1 and "1 record(s)" in first.stderr
    assert first.stdout.count("CONFLICT:") == 1 and "Candidate 2" in first.stdout
    assert "police_contact: file 'PC Offline', store 'PC In The Store'" in first.stdout
    assert sorted(line for line in first.stdout.splitlines() if line.startswith("applied:")) == [
        "applied: Candidate 1", "applied: Event 1", "applied: PollingStation 3"]

    assert _value(url, m.Candidate, 1, "agent") == "Offline Agent"
    assert _value(url, m.Event, 1, "notes") == "Stewards confirmed offline"
    assert _value(url, m.PollingStation, 3, "name") == "Renamed Hall"
    assert _value(url, m.Candidate, 2, "police_contact") == "PC In The Store"  # the store's edit is not lost
    assert _value(laptop, m.Candidate, 2, "police_contact") == "PC Offline"  # nor the offline one

    audited = _audit_count(url)
    again = cli("checkin", laptop, url)  # safe to repeat: nothing applied twice
    assert again.returncode == 1 and "applied:" not in again.stdout and again.stdout.count("CONFLICT:") == 1
    assert _audit_count(url) == audited
    assert _value(url, m.Candidate, 1, "agent") == "Offline Agent"


def test_a_record_added_offline_is_listed_and_kept_not_sent(sample_plan_path, database_url, cli, tmp_path):
    url = f"{database_url}?plan=wyvern_2026"
    assert cli("copy", sample_plan_path, url).returncode == 0
    laptop = tmp_path / "laptop.eplan"
    assert cli("checkout", url, laptop).returncode == 0
    with open_store(laptop) as plan, plan.session() as session:
        session.add(m.Contact(name="New Offline Contact", role="Council"))
    result = cli("checkin", laptop, url)
    assert result.returncode == 0, result.stderr
    assert "not sent: Contact" in result.stdout and "added offline" in result.stdout


def test_checkin_refuses_a_file_that_was_not_checked_out_from_that_plan(sample_plan_path, database_url, cli):
    result = cli("checkin", sample_plan_path, f"{database_url}?plan=wyvern_2026")
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "checkout record" in result.stderr


def test_checkin_refuses_when_the_plan_in_the_store_was_replaced_by_another(sample_plan_path, database_url, cli,
                                                                           tmp_path):
    url = f"{database_url}?plan=wyvern_2026"
    assert cli("copy", sample_plan_path, url).returncode == 0
    laptop = tmp_path / "laptop.eplan"
    assert cli("checkout", url, laptop).returncode == 0
    assert cli("edit", laptop, "candidate", "1", "--set", "agent=Offline Agent").returncode == 0
    other = tmp_path / "other.eplan"
    assert cli("sample", other).returncode == 0  # another plan (its own key), put in the same place
    assert cli("copy", other, url, "--force").returncode == 0
    result = cli("checkin", laptop, url)
    assert result.returncode == 1 and "has been replaced" in result.stderr
    assert _value(url, m.Candidate, 1, "agent") != "Offline Agent"


def test_checkin_knows_the_plan_by_its_identity_from_another_host_name_and_a_second_editors_login(
    sample_plan_path, database_url, cli, tmp_path
):
    import psycopg

    url = f"{database_url}?plan=wyvern_2026"
    deputy = "deputy_" + database_url.rsplit("/", 1)[1]
    for args in (("store", "init", url), ("copy", sample_plan_path, url, "--force")):
        assert cli(*args).returncode == 0
    with psycopg.connect(database_url, autocommit=True) as db:
        db.execute(f"CREATE ROLE {deputy} LOGIN")
        db.execute(f"GRANT electionplan_editor TO {deputy}")
    laptop = tmp_path / "laptop.eplan"
    assert "127.0.0.1" in url and cli("checkout", url, laptop).returncode == 0
    _edit(cli, laptop, "candidate", "1", "--set", "agent=Agent Chosen Offline")
    _edit(cli, laptop, "event", "1", "--set", "notes=Stewards confirmed offline")
    by_name = url.replace("postgresql://postgres@127.0.0.1:", "postgresql://postgres@localhost:")
    first = cli("checkin", laptop, by_name)
    assert first.returncode == 0, first.stderr
    assert "applied: Candidate 1" in first.stdout
    _edit(cli, laptop, "candidate", "2", "--set", "police_contact=PC Deputy Offline")
    as_deputy = url.replace("postgresql://postgres@", f"postgresql://{deputy}@")
    second = cli("checkin", laptop, as_deputy)
    assert second.returncode == 0, second.stderr
    assert second.stdout.splitlines()[0] == "applied: Candidate 2"
    assert _value(url, m.Candidate, 1, "agent") == "Agent Chosen Offline"
    assert _value(url, m.Candidate, 2, "police_contact") == "PC Deputy Offline"
    with psycopg.connect(database_url) as db:
        stamped = db.execute("SELECT server_user FROM wyvern_2026.audit_entry WHERE action = 'checkin' "
                             "AND new = 'PC Deputy Offline'").fetchall()
    assert stamped == [(deputy,)]


def test_a_candidates_restricted_fields_edited_offline_are_checked_in_as_the_candidates_and_audited_restricted(
    sample_plan_path, database_url, cli, tmp_path
):
    url = f"{database_url}?plan=wyvern_2026"
    assert cli("copy", sample_plan_path, url).returncode == 0
    laptop = tmp_path / "laptop.eplan"
    assert cli("checkout", url, laptop).returncode == 0
    _edit(cli, laptop, "candidate", "3", "--set", "intelligence_notes=Seen outside the office twice",
          "--set", "agent=Offline Agent")
    _edit(cli, laptop, "candidate", "4", "--set", "home_address=9 Offline Row, Wyvernbridge")
    _edit(cli, url, "candidate", "4", "--set", "home_address=1 Store Street, Wyvernbridge")  # a colleague, meanwhile
    first = cli("checkin", laptop, url)
    assert first.returncode == 1
    assert sorted(line for line in first.stdout.splitlines() if line.startswith("applied:")) == ["applied: Candidate 3"]
    assert "CONFLICT: Candidate 4" in first.stdout
    assert "home_address: file '9 Offline Row, Wyvernbridge', store '1 Store Street, Wyvernbridge'" in first.stdout
    assert _value(url, m.Candidate, 3, "intelligence_notes") == "Seen outside the office twice"
    assert _value(url, m.Candidate, 4, "home_address") == "1 Store Street, Wyvernbridge"
    audit = cli("audit", url).stdout
    line = next(text for text in audit.splitlines() if "checkin" in text and "intelligence_notes" in text)
    assert "Candidate" in line and "(restricted)" in line and "Seen outside" not in audit
