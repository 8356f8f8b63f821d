"""`electionplan national`: many force plans, files and database plans, rolled up read-only."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess

import psycopg
import pytest

from electionplan.db.models import Base
from electionplan.risk.ruleset import default_ruleset_path
from electionplan.services.synthetic_forces import write_force_plans

# These tests carry the sample from its file into PostgreSQL themselves.
pytestmark = pytest.mark.file_store

AS_AT = dt.date(2029, 4, 1)


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _database_state(database_url: str, schema: str) -> dict[str, str]:
    """Every table's rows, hashed, and who the plan records as having it open."""
    with psycopg.connect(database_url) as db:
        state = {
            table.name: db.execute(
                f'SELECT md5(coalesce(string_agg(t::text, \'|\' ORDER BY t::text), \'\')) FROM "{schema}"."{table.name}" t'
            ).fetchone()[0]
            for table in Base.metadata.sorted_tables
        }
        state["presence"] = db.execute(f'SELECT count(*) FROM "{schema}".electionplan_presence').fetchone()[0]
    return state


@pytest.fixture(scope="module")
def force_plans(tmp_path_factory):
    return write_force_plans(tmp_path_factory.mktemp("forces"), scale=0.15, as_at=AS_AT)


@pytest.mark.slow
def test_national_over_43_force_plans_in_files_and_postgresql_reports_the_right_totals(
    force_plans, database_url, cli, tmp_path
):
    in_database = force_plans[::5]  # every fifth force keeps its plan in the force's database
    locations, schemas = [], []
    for number, force in enumerate(force_plans):
        if force in in_database:
            schema = f"force_{number + 1:02d}"
            assert cli("copy", force.path, f"{database_url}?plan={schema}").returncode == 0
            locations.append(f"{database_url}?plan={schema}")
            schemas.append(schema)
        else:
            locations.append(str(force.path))
    files_before = {force.path: _digest(force.path) for force in force_plans}
    listings_before = sorted(p.name for p in force_plans[0].path.parent.iterdir())
    database_before = {schema: _database_state(database_url, schema) for schema in schemas}

    out = tmp_path / "national.json"
    result = cli("national", "-o", out, "--as-at", AS_AT.isoformat(), *locations)
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text())

    assert len(data["forces"]) == 43
    assert [f["force"] for f in data["forces"]] == [f.force for f in force_plans]
    totals = data["totals"]
    assert totals["candidates"] == sum(f.candidates for f in force_plans)
    assert totals["briefings_offered"] == sum(f.briefings_offered for f in force_plans)
    assert 0 < totals["briefings_offered"] < totals["candidates"]
    assert totals["briefings_offered_pct"] == round(100 * totals["briefings_offered"] / totals["candidates"], 1)
    assert totals["reviews_overdue"] == sum(1 for f in force_plans if f.next_review < AS_AT) == 9
    for reported, force in zip(data["forces"], force_plans, strict=True):
        assert (reported["candidates"], reported["briefings_offered"]) == (force.candidates, force.briefings_offered)
        assert reported["review_overdue"] == (force.next_review < AS_AT)
    for level, total in totals["flashpoints"].items():
        assert total == sum(f["flashpoints"][level] for f in data["forces"])
    assert sum(totals["flashpoints"].values()) > 0
    assert data["rulesets_differ"] is False and len(data["rulesets"]) == 1

    # Read-only: every file byte-identical, nothing added beside them, the database unchanged.
    assert {force.path: _digest(force.path) for force in force_plans} == files_before
    assert sorted(p.name for p in force_plans[0].path.parent.iterdir()) == listings_before
    assert {schema: _database_state(database_url, schema) for schema in schemas} == database_before


def test_the_national_pdf_is_marked_flags_differing_rulesets_and_holds_no_restricted_field(
    sample_plan_path, tmp_path, cli
):
    other = tmp_path / "other_force.eplan"
    other.write_bytes(sample_plan_path.read_bytes())
    local_rules = tmp_path / "local.toml"
    local_rules.write_text(default_ruleset_path().read_text().replace('version = "', 'version = "local-', 1))
    assert cli("ruleset", other, "--set", local_rules).returncode == 0
    out = tmp_path / "national.pdf"
    result = cli("national", "-o", out, "--as-at", "2026-11-21", sample_plan_path, other)
    assert result.returncode == 0, result.stderr
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert text.count("OFFICIAL-SENSITIVE") >= 2
    assert "Forces assess risk with different rulesets" in text and "local-" in text
    plain = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "DIFFER between forces" in plain
    from electionplan.db.opening import open_store
    from electionplan.db.snapshot import load_snapshot

    with open_store(sample_plan_path, read_only=True) as plan, plan.session() as session:
        snapshot = load_snapshot(session)
    secrets = [getattr(c, f) for c in snapshot.candidates for f in ("home_address", "intelligence_notes", "concerns_raised")
               if getattr(c, f).strip()]
    secrets += [c.name for c in snapshot.candidates]  # a roll-up names no candidate at all
    assert secrets and not [s for s in secrets if s in text.replace("\n", " ")]
