"""Opening a plan checks its schema against a catalogue of what the migrations create, never a stale one."""

from __future__ import annotations

import json
import sqlite3

import pytest

from electionplan.db import schema_versions, trust
from electionplan.db.planfile import open_plan_file
from electionplan.db.schema_versions import migration_revisions, schema_catalogue
from electionplan.db.trust import expected_schema, migrated_schema
from electionplan.domain.errors import PlanFileError

pytestmark = pytest.mark.file_store


@pytest.fixture
def fresh_caches():
    schema_catalogue.cache_clear()
    expected_schema.cache_clear()
    yield
    schema_catalogue.cache_clear()
    expected_schema.cache_clear()


def test_the_shipped_catalogue_is_what_the_migrations_create_for_every_revision(fresh_caches):
    catalogue = schema_catalogue()
    assert catalogue is not None, "resources/schema/plan_schema.json is out of date: run python tools/plan_schema.py"
    revisions = migration_revisions()
    assert list(catalogue.revisions) == revisions and catalogue.head == revisions[-1]
    for revision in revisions:
        assert catalogue.schemas[revision] == migrated_schema(revision), revision
        assert expected_schema(revision) is catalogue.schemas[revision]


def _stale_copy(tmp_path, monkeypatch, change) -> None:
    data = json.loads(schema_versions.catalogue_path().read_text(encoding="utf-8"))
    change(data)
    stale = tmp_path / "plan_schema.json"
    stale.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(schema_versions, "catalogue_path", lambda: stale)


def _allow_a_planted_trigger(data) -> None:
    # A catalogue from other migrations that happened to allow an object this version's migrations do not make.
    data["key"] = "0" * 64
    data["revisions"][-1]["schema"].append(["trigger", "leak", "venue", "CREATE TRIGGER leak AFTER UPDATE ON venue "
                                            "BEGIN SELECT 1; END"])


@pytest.mark.parametrize("change", [_allow_a_planted_trigger, lambda data: data.pop("key")], ids=["other", "unkeyed"])
def test_a_catalogue_not_built_from_these_migrations_is_ignored_and_the_check_still_refuses(
        fresh_caches, sample_plan_path, tmp_path, monkeypatch, change):
    _stale_copy(tmp_path, monkeypatch, change)
    assert schema_catalogue() is None
    ran = []
    monkeypatch.setattr(trust, "migrated_schema", lambda revision: ran.append(revision) or migrated_schema(revision))
    connection = sqlite3.connect(sample_plan_path)
    connection.execute("CREATE TRIGGER leak AFTER UPDATE ON venue BEGIN SELECT 1; END")
    connection.commit()
    connection.close()
    with pytest.raises(PlanFileError, match="a trigger 'leak' on 'venue' that electionplan does not create"):
        open_plan_file(sample_plan_path)
    assert ran  # the schema came from running the migrations


def test_an_unreadable_catalogue_costs_time_not_a_refusal(fresh_caches, sample_plan_path, tmp_path, monkeypatch):
    broken = tmp_path / "plan_schema.json"
    broken.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(schema_versions, "catalogue_path", lambda: broken)
    open_plan_file(sample_plan_path).close()
    assert schema_catalogue() is None
