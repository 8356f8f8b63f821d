"""`electionplan national`: many force plans, files and database plans, rolled up read-only."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
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
    assert sorted(f["force"] for f in data["forces"]) == sorted(f.force for f in force_plans)
    most_needed = [(f["flashpoints"]["very_high"], f["flashpoints"]["high"]) for f in data["forces"]]
    assert most_needed == sorted(most_needed, reverse=True)  # in order of need
    by_name = {f.force: f for f in force_plans}
    totals = data["totals"]
    assert totals["candidates"] == sum(f.candidates for f in force_plans)
    assert totals["briefings_offered"] == sum(f.briefings_offered for f in force_plans)
    assert 0 < totals["briefings_offered"] < totals["candidates"]
    assert totals["briefings_offered_pct"] == round(100 * totals["briefings_offered"] / totals["candidates"], 1)
    assert totals["reviews_overdue"] == sum(1 for f in force_plans if f.next_review < AS_AT) == 9
    for reported in data["forces"]:
        force = by_name[reported["force"]]
        assert (reported["candidates"], reported["briefings_offered"]) == (force.candidates, force.briefings_offered)
        assert reported["review_overdue"] == (force.next_review < AS_AT)
        assert reported["briefings_below_threshold"] == (reported["briefings_offered_pct"] < 90)
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
    plain = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "used by 1 force; 1 uses another, flagged in the last column" in plain and "local-" in text
    assert plain.count("National default election policing ruleset") == 1  # named once, not on every row
    from electionplan.db.opening import open_store
    from electionplan.db.snapshot import load_snapshot

    with open_store(sample_plan_path, read_only=True) as plan, plan.session() as session:
        snapshot = load_snapshot(session)
    secrets = [getattr(c, f) for c in snapshot.candidates for f in ("home_address", "intelligence_notes", "concerns_raised")
               if getattr(c, f).strip()]
    secrets += [c.name for c in snapshot.candidates]  # a roll-up names no candidate at all
    assert secrets and not [s for s in secrets if s in text.replace("\n", " ")]


def _pages(pdf) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


@pytest.mark.slow
def test_the_national_pdf_for_43_forces_is_laid_out_for_election_night(force_plans, cli, tmp_path):
    from electionplan.domain.timefmt import now_london

    out, data_file = tmp_path / "national.pdf", tmp_path / "national.json"
    started = now_london().replace(second=0)
    for target in (out, data_file):
        made = cli("national", "-o", target, "--as-at", AS_AT.isoformat(), *(f.path for f in force_plans))
        assert made.returncode == 0, made.stderr
    finished = now_london()
    data = json.loads(data_file.read_text())
    pages = _pages(out)
    assert all(page.count("OFFICIAL-SENSITIVE") == 2 for page in pages)  # top and foot of each page, once
    # Every force on the first two pages, one line each, in the order of need, with its flags.
    table = [line for page in pages[:2] for line in page.splitlines() if "Synthetic Force" in line
             and line.split()[0].isdigit()]
    assert [line.split()[1:4] for line in table] == [["Synthetic", "Force", f["force"].split()[-1]]
                                                    for f in data["forces"]]
    flagged = [f for f in data["forces"] if f["briefings_below_threshold"]]
    assert 0 < len(flagged) < 43 and sum("below 90%" in line for line in table) == len(flagged)
    made_at = re.search(r"made (\d{2}/\d{2}/\d{4} \d{2}:\d{2})", pages[0])
    assert made_at and started <= dt.datetime.strptime(made_at.group(1), "%d/%m/%Y %H:%M") <= finished
    # Each upcoming high or very high flashpoint with its date, time, force and place.
    upcoming = [(line["start"], line["force"], line["place"]) for force in data["forces"]
                for line in force["flashpoint_list"] if line["start"][:10] >= AS_AT.isoformat()]
    listed = [line for page in pages for line in page.splitlines() if re.match(r"\s*\d{2}/\d{2}/\d{4}\s+\d{2}:\d{2}", line)]
    assert upcoming and len(listed) == len(upcoming)
    first = min(upcoming)
    assert dt.date.fromisoformat(first[0][:10]).strftime("%d/%m/%Y") in listed[0] and first[1] in listed[0]
    assert first[2] in listed[0]
    # As few pages as they need: the forces on two, then the flashpoints a page-full at a time (at least 25 a page)
    # and the short shifts, however many the ruleset makes flashpoints.
    assert len(pages) <= 3 + -(-len(upcoming) // 25), (len(pages), len(upcoming))
