"""A plan in PostgreSQL is refused, untouched, when its schema carries code not ours or its sealing key was cut,
as a plan file is."""

from __future__ import annotations

import hashlib

import psycopg
import pytest

from electionplan.db.models import Base
from tests.conftest import SAMPLE_PLAN_NAME, database_copy_of

# These tests put the sample into PostgreSQL themselves.
pytestmark = pytest.mark.file_store

S = SAMPLE_PLAN_NAME
# A leak that would run on the next harmless edit: a candidate's intelligence written into a venue's name,
# which every returning officer's edition shows, and the sealing key blanked.
_LEAK = (f"CREATE FUNCTION {S}.leak() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
         f"UPDATE {S}.venue SET name = (SELECT string_agg(intelligence_notes, ';') FROM {S}.candidate_restricted); "
         f"UPDATE {S}.plan SET pack_key = ''; RETURN NEW; END $$")
PLANTS = {
    "trigger": ([_LEAK, f"CREATE TRIGGER leak AFTER UPDATE ON {S}.contact FOR EACH ROW EXECUTE FUNCTION {S}.leak()"],
                "a function 'leak'"),
    "trigger on another schema's function": (
        [_LEAK.replace(f"{S}.leak()", "public.leak()"),
         f"CREATE TRIGGER leak AFTER UPDATE ON {S}.contact FOR EACH ROW EXECUTE FUNCTION public.leak()"],
        "a trigger 'leak' on 'contact'"),
    "our trigger on another table": (
        [f"CREATE TRIGGER electionplan_stamp BEFORE UPDATE ON {S}.candidate FOR EACH ROW "
         f"EXECUTE FUNCTION {S}.electionplan_stamp()"], "a trigger 'electionplan_stamp' on 'candidate'"),
    "changed function": ([f"CREATE OR REPLACE FUNCTION {S}.electionplan_stamp() RETURNS trigger LANGUAGE plpgsql "
                          "AS $$ BEGIN RETURN NEW; END $$"],
                         "the definition of the function 'electionplan_stamp' has been changed"),
    "view": ([f"CREATE VIEW {S}.exposed AS SELECT intelligence_notes FROM {S}.candidate_restricted"], "a view 'exposed'"),
    "changed station layer": ([f"CREATE OR REPLACE VIEW {S}.polling_station_layer AS SELECT id, council_id, "
                               "station_number, name, postcode, electorate, constituency_id, intimidation_history, "
                               "ST_SetSRID(ST_MakePoint(easting, northing), 27700)::geometry(Point, 27700) AS location, "
                               f"concerns AS notes FROM {S}.polling_station"],
                              "the definition of the view 'polling_station_layer' has been changed"),
    "rule": ([f"CREATE RULE hide AS ON UPDATE TO {S}.contact DO ALSO UPDATE {S}.plan SET pack_key = ''"],
             "a rule 'hide' on 'contact'"),
    "policy": ([f"CREATE POLICY blind ON {S}.threat_report USING (false)"], "a policy 'blind' on 'threat_report'"),
    "index calling a function": (
        ["CREATE FUNCTION public.copy_out(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT t $$",
         f"CREATE INDEX by_intelligence ON {S}.candidate_restricted (public.copy_out(intelligence_notes))"],
        "calls the function 'public.copy_out'"),
    "table": ([f"CREATE TABLE {S}.exfiltrate (payload text)"], "a table 'exfiltrate'"),
    "column": ([f"ALTER TABLE {S}.venue ADD COLUMN payload text"], "a column 'payload' on 'venue'"),
}


@pytest.fixture
def plan_url(request, sample_plan_template) -> str:
    return database_copy_of(request, sample_plan_template, S)


def _database(url: str) -> str:
    return url.partition("?plan=")[0]


def _plant(url: str, statements: list[str]) -> None:
    with psycopg.connect(_database(url)) as db:
        for statement in statements:
            db.execute(statement)


def _rows(url: str) -> str:
    """Every row of every plan table, read straight from the server (the app would refuse to open it)."""
    digest = hashlib.sha256()
    with psycopg.connect(_database(url)) as db:
        for table in Base.metadata.sorted_tables:
            key = ", ".join(column.name for column in table.primary_key.columns)
            digest.update(repr(db.execute(f"SELECT * FROM {S}.{table.name} ORDER BY {key}").fetchall()).encode())
    return digest.hexdigest()


def _one_line_refusal(cli, url: str, because: str) -> None:
    result = cli("edit", url, "contact", "1", "--set", "phone=01632 960000")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and because in lines[0] and "so it is not opened" in lines[0], result.stderr


@pytest.mark.parametrize("kind", sorted(PLANTS))
def test_a_database_plan_carrying_code_not_ours_is_refused_in_one_line_and_nothing_runs(plan_url, cli, kind):
    statements, named = PLANTS[kind]
    _plant(plan_url, statements)
    before = _rows(plan_url)
    _one_line_refusal(cli, plan_url, named)
    assert "altered outside electionplan" in cli("info", plan_url).stderr
    assert _rows(plan_url) == before


@pytest.mark.parametrize("key", ["", "0123456789abcdef"])
def test_a_database_plan_whose_sealing_key_was_blanked_or_cut_is_refused_untouched(plan_url, cli, key, tmp_path):
    with psycopg.connect(_database(plan_url)) as db:
        db.execute(f"UPDATE {S}.plan SET pack_key = %s", (key,))
    before = _rows(plan_url)
    target = tmp_path / "ro.pdf"
    result = cli("export", plan_url, "-o", target, "--edition", "returning-officer")
    assert result.returncode == 1 and not target.exists()
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("electionplan: error: ") and f"plan={S}" in line
    assert line.endswith("has a blank or short sealing key (it was altered outside electionplan), so it is not opened.")
    _one_line_refusal(cli, plan_url, "has a blank or short sealing key")
    assert _rows(plan_url) == before


def test_a_database_plan_with_a_cut_seal_reference_is_refused_untouched(plan_url, cli):
    with psycopg.connect(_database(plan_url)) as db:
        db.execute(f"UPDATE {S}.candidate SET seal_ref = 'abc' WHERE id = (SELECT min(id) FROM {S}.candidate)")
    before = _rows(plan_url)
    _one_line_refusal(cli, plan_url, "a candidate with a blank or short seal reference")
    assert _rows(plan_url) == before


def test_a_sound_database_plan_opens_and_edits(plan_url, cli):
    result = cli("edit", plan_url, "contact", "1", "--set", "phone=01632 960000")
    assert result.returncode == 0, result.stderr


def test_store_init_refuses_to_upgrade_a_plan_carrying_code_not_ours(plan_url, cli):
    statements, named = PLANTS["trigger"]
    _plant(plan_url, statements)
    before = _rows(plan_url)
    result = cli("store", "init", plan_url)
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert named in line and "so it is not opened" in line
    assert _rows(plan_url) == before
