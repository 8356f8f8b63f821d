"""Both stores read a plan alike: the snapshot every output is made from, and the outputs made from it.

Tests about what a document, a command's output or a page shows (marked `presentation`) run on the plan
file alone. This is what lets them: the same plan read from PostgreSQL is the same snapshot, record kind by
record kind and field by field, as read from its file, after a copy and after the same edits made on both;
and every edition's assessment, deployment and changes are the same from either.
"""

from __future__ import annotations

import dataclasses
import json

import pytest

from electionplan.db.opening import open_store
from electionplan.db.snapshot import load_snapshot

pytestmark = pytest.mark.file_store  # each test carries its plan into PostgreSQL itself

# The same edits, made on the file and on the database, as a SPOC makes them: restricted and public fields,
# an event, a station, the order and its RVPs, a record removed, and a revision issued.
EDITS = (
    ("edit", "candidate", "1", "--set", "intelligence_notes=Known to a fixated individual.",
     "--set", "concerns_raised=Followed home after a hustings."),
    ("edit", "station", "1", "--set", "intimidation_history=yes"),
    ("edit", "event", "1", "--set", "expected_attendance=450"),
    ("order", "--set", "operation_name=WYVERN", "--set", "rvp_name=Fire station", "--set", "rvp_grid_ref=SJ 795 945"),
    ("order", "--role", "gold=Ch Supt A Okoro; G1; 01632 960001",
     "--count-rvp", "Wyvernbridge Leisure Centre=Bus depot yard; Mill Lane, gate 2; SJ 7990 9480"),
    ("delete", "incident", "1"),
    ("revise", "-m", "Second issue after the hustings changed"),
)
EDITIONS = ((), ("--edition", "returning-officer"))


def snapshot_of(location):
    with open_store(location, read_only=True) as plan, plan.session() as session:
        return load_snapshot(session)


def assert_same_snapshot(file_plan, database_plan) -> None:
    """Every kind of record alike, named by kind where one differs."""
    from_file, from_database = snapshot_of(file_plan), snapshot_of(database_plan)
    for field in dataclasses.fields(from_file):
        assert getattr(from_database, field.name) == getattr(from_file, field.name), field.name
    assert from_database == from_file


def outputs(cli, location) -> dict[str, object]:
    said = {}
    for edition in EDITIONS:
        name = edition[-1] if edition else "police"
        for command in (("assess", location, "--json"), ("deploy", location, "--json"),
                        ("diff", location, "0.1", "live", "--json")):
            if command[0] == "deploy" and edition:
                continue  # the deployment is the police's alone
            result = cli(*command, *edition)
            assert result.returncode == 0, (command, result.stderr)
            said[f"{name} {command[0]}"] = json.loads(result.stdout)
    return said


@pytest.mark.slow
def test_the_sample_reads_alike_from_either_store_before_and_after_the_same_edits(sample_plan_path, database_url,
                                                                                   cli):
    url = f"{database_url}?plan=wyvern_2026"
    assert cli("revise", sample_plan_path, "-m", "Issued to the returning officer").returncode == 0
    assert cli("copy", sample_plan_path, url).returncode == 0
    assert_same_snapshot(sample_plan_path, url)
    for edit in EDITS:
        for location in (sample_plan_path, url):
            result = cli(edit[0], location, *edit[1:])
            assert result.returncode == 0, (edit, result.stderr)
    after = snapshot_of(sample_plan_path)
    assert after.order.operation_name == "WYVERN" and after.order.count_rvps  # the edits landed
    assert_same_snapshot(sample_plan_path, url)
    assert outputs(cli, url) == outputs(cli, sample_plan_path)


def test_traffords_real_stations_read_alike_from_either_store(shared_data, tmp_path, database_url, cli):
    plan, url = tmp_path / "trafford.eplan", f"{database_url}?plan=trafford"
    assert cli("new", plan, "--name", "Trafford", "--kind", "local", "--polling-day", "2027-05-06",
               "--force", "GMP").returncode == 0
    imported = cli("import", plan, "stations", shared_data / "stations/trafford_polling_stations_lonlat.csv",
                   "--council", "E08000009")
    assert imported.returncode == 0, imported.stderr
    assert cli("copy", plan, url).returncode == 0
    assert len(snapshot_of(url).stations) == 81
    assert_same_snapshot(plan, url)
