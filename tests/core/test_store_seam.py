"""The plan store seam: identity, backups, presence, and a read-only open that leaves no trace."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from electionplan.db.opening import open_store
from electionplan.db.snapshot import load_snapshot
from electionplan.db.store import PlanStore, database_identity
from electionplan.domain.errors import PlanFileError

OLD_PLAN = Path(__file__).resolve().parents[1] / "data" / "plan_schema_0001.eplan"


def _folder_state(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.file_store
def test_a_plan_file_is_a_plan_store(sample_plan):
    assert isinstance(sample_plan, PlanStore)
    assert sample_plan.identity.kind == "file"
    assert sample_plan.identity.location == str(sample_plan.path.resolve())
    assert sample_plan.read_only is False


@pytest.mark.file_store
def test_read_only_open_leaves_the_folder_byte_identical(sample_plan_path):
    folder = sample_plan_path.parent
    before = _folder_state(folder)
    store = open_store(sample_plan_path, read_only=True)
    try:
        with store.session() as session:
            snapshot = load_snapshot(session)
        assert store.read_only
        assert store.claim_presence() == []
        store.release_presence()
        with pytest.raises(PlanFileError, match="read-only"):
            store.backup("never")
    finally:
        store.close()
    assert snapshot.stations, "the read-only store reads the plan"
    assert _folder_state(folder) == before


def test_read_only_store_refuses_writes(sample_plan_path):
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from electionplan.domain.errors import PlanFileError

    store = open_store(sample_plan_path, read_only=True)
    try:
        # SQLite's own refusal; a database plan says so in a line of its own.
        with pytest.raises((DBAPIError, PlanFileError), match="read-only|readonly"), store.session() as session:
            session.execute(text("DELETE FROM candidate"))
    finally:
        store.close()
    with open_store(sample_plan_path) as plan, plan.session() as session:
        assert session.execute(text("SELECT count(*) FROM candidate")).scalar() > 0


def test_read_only_open_never_upgrades_an_older_plan(tmp_path):
    old = tmp_path / "old.eplan"
    shutil.copyfile(OLD_PLAN, old)
    before = _folder_state(tmp_path)
    with pytest.raises(PlanFileError, match="older version"):
        open_store(old, read_only=True)
    assert _folder_state(tmp_path) == before


@pytest.mark.file_store
def test_writable_open_marks_presence_and_backs_up(sample_plan_path):
    store = open_store(sample_plan_path)
    try:
        assert store.claim_presence() == []
        assert Path(str(sample_plan_path) + ".inuse").exists()
        backup = Path(store.backup("seam-test"))
        assert backup.exists() and backup.parent == sample_plan_path.parent
        assert store.others_present() == []
    finally:
        store.release_presence()
        store.close()


@pytest.mark.parametrize(
    "url, message",
    [
        ("postgresql://spoc:secret@db.force.local:5433/elections", "needs ?plan=NAME"),
        ("postgresql://db/elections?plan=Bad-Name", "needs ?plan=NAME"),
    ],
)
def test_a_database_location_without_a_valid_plan_name_is_refused(url, message):
    with pytest.raises(PlanFileError, match=message.replace("?", r"\?")):
        open_store(url)


def test_a_database_identity_never_carries_the_password():
    identity = database_identity("postgresql://spoc:secret@db.force.local:5433/elections?plan=wyvern_2026")
    assert identity.kind == "postgresql" and identity.plan == "wyvern_2026"
    assert "secret" not in identity.label
    assert identity.label == "postgresql://spoc@db.force.local:5433/elections?plan=wyvern_2026"
