"""A plan from elsewhere is untrusted: anything it could run is refused before it runs."""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
from pathlib import Path

import pytest

from electionplan.db.planfile import open_plan_file
from electionplan.db.trust import MAX_PLAN_BYTES
from electionplan.domain.errors import PlanFileError

# A plan file from elsewhere, planted with objects that could run.
pytestmark = pytest.mark.file_store

PLANTS = {
    "trigger": (
        "CREATE TRIGGER leak AFTER UPDATE ON venue BEGIN "
        "UPDATE venue SET name = (SELECT group_concat(home_address) FROM candidate_restricted); END",
        "a trigger 'leak'",
    ),
    "view": (
        "CREATE VIEW forever AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x FROM n",
        "a view 'forever'",
    ),
    "table": ("CREATE TABLE exfiltrate (payload TEXT)", "a table 'exfiltrate'"),
    "index": ("CREATE INDEX by_home ON candidate_restricted (home_address)", "an index 'by_home'"),
}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _plant(path: Path, sql: str) -> None:
    connection = sqlite3.connect(path)
    connection.execute(sql)
    connection.commit()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


@pytest.mark.parametrize("kind", sorted(PLANTS))
def test_a_planted_schema_object_is_refused_and_nothing_runs(sample_plan_path, cli, kind):
    sql, named = PLANTS[kind]
    _plant(sample_plan_path, sql)
    before = _digest(sample_plan_path)
    with pytest.raises(PlanFileError, match="altered outside electionplan") as refused:
        open_plan_file(sample_plan_path)
    assert named in str(refused.value)
    result = cli("edit", sample_plan_path, "venue", "1", "--set", "name=Harmless")
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "altered outside electionplan" in result.stderr
    assert _digest(sample_plan_path) == before


def test_a_changed_definition_is_refused(sample_plan_path):
    connection = sqlite3.connect(sample_plan_path)
    connection.execute("ALTER TABLE venue ADD COLUMN siphon TEXT")
    connection.commit()
    connection.close()
    with pytest.raises(PlanFileError, match="definition of a table 'venue' has been changed"):
        open_plan_file(sample_plan_path)


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.eplan"
    os.mkfifo(fifo)
    with pytest.raises(PlanFileError, match="not a regular file"):
        open_plan_file(fifo)


def test_a_device_is_refused():
    with pytest.raises(PlanFileError, match="not a regular file"):
        open_plan_file(Path("/dev/zero"))


def test_an_absurdly_large_file_is_refused_before_it_is_read(tmp_path):
    huge = tmp_path / "huge.eplan"
    with huge.open("wb") as handle:  # sparse: no disk is used
        handle.truncate(MAX_PLAN_BYTES + 1)
    with pytest.raises(PlanFileError, match="larger than any plan"):
        open_plan_file(huge)


def test_a_failed_quick_check_is_refused(sample_plan_path):
    data = bytearray(sample_plan_path.read_bytes())
    page = 4096
    # Scribble over an interior b-tree page so the structure no longer adds up.
    for offset in range(page * 3 + 8, page * 3 + 400):
        data[offset] = 0x5A
    sample_plan_path.write_bytes(bytes(data))
    with pytest.raises(PlanFileError, match="damaged"):
        open_plan_file(sample_plan_path)


def test_a_failed_statement_never_carries_its_parameters(sample_plan):
    from sqlalchemy import text

    canary = "CANARY-home-address-7Q"
    with pytest.raises(Exception) as failed, sample_plan.session() as session:
        session.execute(text("INSERT INTO no_such_table VALUES (:v)"), {"v": canary})
    assert canary not in str(failed.value)


def test_an_unexpected_failure_logs_no_data(sample_plan_path, monkeypatch, capsys):
    from electionplan import cli
    from electionplan.system.logsetup import log_file_path

    canary = "CANARY-threat-to-kill-WC-26-123999"

    def explode(*_args, **_kwargs):
        raise ValueError(f"could not use {canary}")

    monkeypatch.setattr("electionplan.services.plan_summary.plan_info", explode)
    code = cli.main(["info", str(sample_plan_path)])
    err = capsys.readouterr().err
    assert code == 1 and canary not in err
    # Logging is configured once a process, so read whichever file it writes to.
    files = [h for h in logging.getLogger("electionplan").handlers if isinstance(h, logging.FileHandler)]
    for handler in files:
        handler.flush()
    log_text = "".join(Path(h.baseFilename).read_text(encoding="utf-8") for h in files) or log_file_path().read_text(encoding="utf-8")
    assert "ValueError" in log_text
    assert canary not in log_text


@pytest.mark.parametrize("content", [b"not a pdf at all\n", b"%PDF-1.4\ngarbage with no end"])
def test_a_foreign_file_given_as_a_review_is_one_line_and_no_library_noise(sample_plan_path, cli, tmp_path, content):
    form = tmp_path / "review.pdf"
    form.write_bytes(content)
    result = cli("import", sample_plan_path, "review", form)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["electionplan: error: review.pdf is not a readable PDF."]


# Objects given a name SQLite keeps for itself, written straight into the schema as a
# hostile file would be: each is live (a plain connection fires the trigger, reads the view).
RESERVED_PLANTS = {
    "trigger": ("CREATE TRIGGER leak AFTER UPDATE ON venue BEGIN UPDATE plan SET pack_key = ''; "
                "DELETE FROM audit_entry; END", "leak", "sqlite_leak", "a trigger 'sqlite_leak'"),
    "view": ("CREATE VIEW forever AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) "
             "SELECT x FROM n", "forever", "sqlite_forever", "a view 'sqlite_forever'"),
    "index": ("CREATE INDEX by_home ON candidate_restricted (home_address)", "by_home", "sqlite_by_home",
              "an index 'sqlite_by_home'"),
    # An automatic index's name on an index SQLite did not make (it has a definition; SQLite's have none).
    "autoindex": ("CREATE INDEX by_home ON candidate_restricted (home_address)", "by_home", "sqlite_autoindex_candidate_restricted_9",
                  "an index 'sqlite_autoindex_candidate_restricted_9'"),
}


def _plant_reserved(path: Path, sql: str, name: str, reserved: str) -> None:
    connection = sqlite3.connect(path)
    connection.execute(sql)
    connection.commit()
    connection.execute("PRAGMA writable_schema=ON")
    connection.execute("UPDATE sqlite_master SET name = :new, sql = replace(sql, :old, :new), "
                       "tbl_name = CASE WHEN type = 'view' THEN :new ELSE tbl_name END WHERE name = :old",
                       {"old": name, "new": reserved})
    connection.commit()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


@pytest.mark.parametrize("kind", sorted(RESERVED_PLANTS))
def test_an_object_given_sqlites_own_prefix_is_refused_and_nothing_runs(sample_plan_path, cli, kind):
    sql, name, reserved, named = RESERVED_PLANTS[kind]
    _plant_reserved(sample_plan_path, sql, name, reserved)
    check = sqlite3.connect(sample_plan_path)
    assert check.execute("PRAGMA quick_check").fetchall() == [("ok",)]  # a sound file, only its schema is foreign
    assert check.execute("SELECT count(*) FROM sqlite_master WHERE name = ?", (reserved,)).fetchone() == (1,)
    check.close()
    before = _digest(sample_plan_path)
    result = cli("edit", sample_plan_path, "venue", "1", "--set", "name=Harmless")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"electionplan: error: {sample_plan_path} has been altered outside electionplan (it holds {named}"
        + (" on 'venue'" if kind == "trigger" else " on 'candidate_restricted'" if kind != "view" else "")
        + " that electionplan does not create), so it is not opened."]
    assert _digest(sample_plan_path) == before


def test_sqlites_own_statistics_in_sqlites_shape_are_allowed(sample_plan_path):
    connection = sqlite3.connect(sample_plan_path)
    connection.execute("ANALYZE")
    connection.commit()
    connection.close()
    open_plan_file(sample_plan_path).engine.dispose()


@pytest.mark.parametrize("key", ["", "0123456789abcdef"])
def test_a_plan_whose_sealing_key_was_blanked_or_cut_is_refused_untouched(sample_plan_path, cli, key):
    connection = sqlite3.connect(sample_plan_path)
    connection.execute("UPDATE plan SET pack_key = ?", (key,))
    connection.commit()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    before = _digest(sample_plan_path)
    result = cli("export", sample_plan_path, "-o", sample_plan_path.with_suffix(".pdf"), "--edition",
                 "returning-officer")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"electionplan: error: {sample_plan_path} has a blank or short sealing key (it was altered outside "
        "electionplan), so it is not opened."]
    assert _digest(sample_plan_path) == before and not sample_plan_path.with_suffix(".pdf").exists()


@pytest.mark.parametrize("field", ["pack_key=", "pack_key=" + "0" * 64])
def test_the_sealing_key_cannot_be_set_by_an_edit(sample_plan_path, cli, field):
    before = _digest(sample_plan_path)
    result = cli("edit", sample_plan_path, "plan", "1", "--set", field)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "electionplan: error: pack_key is kept by electionplan itself and cannot be set by an edit or an import."]
    assert _digest(sample_plan_path) == before


def test_seals_refuse_a_blank_or_short_key():
    from electionplan.domain.packs import review_binding, seal_for

    for key in ("", " " * 64, "k" * 31):
        with pytest.raises(PlanFileError, match="blank or short"):
            seal_for(key, "EP-1", 1, "r" * 32)
        with pytest.raises(PlanFileError, match="blank or short"):
            review_binding(key, "EP-1", "0.1", "hash", "returning-officer")
    assert len(seal_for("k" * 32, "EP-1", 1, "r" * 32)) == 32


def test_the_apps_edits_and_imports_cannot_set_a_seal_either(sample_plan):
    """The app and every import write through the same record rules as `edit`."""
    from electionplan.db import models as m
    from electionplan.domain.errors import ValidationError
    from electionplan.services.editing import create_record, update_record

    with pytest.raises(ValidationError, match="seal_ref is kept by electionplan itself"):
        update_record(sample_plan, m.Candidate, 1, {"seal_ref": "f" * 32})
    with pytest.raises(ValidationError, match="seal_ref is kept by electionplan itself"):
        create_record(sample_plan, m.Candidate, {"name": "Planted", "seal_ref": "f" * 32})
    with pytest.raises(ValidationError, match="pack_key is kept by electionplan itself"):
        update_record(sample_plan, m.Plan, 1, {"pack_key": "k" * 64})
