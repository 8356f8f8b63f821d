"""`electionplan copy` between any two stores, revisions and audit included."""

from __future__ import annotations

import json
import stat

import pytest
from sqlalchemy import select

from electionplan.db import models as m
from electionplan.db.opening import open_store

# These tests carry the sample from its file into PostgreSQL themselves.
pytestmark = pytest.mark.file_store


def _history(location) -> tuple[list, list]:
    with open_store(location, read_only=True) as plan, plan.session() as session:
        revisions = session.execute(
            select(m.Revision.number, m.Revision.content_hash, m.Revision.snapshot).order_by(m.Revision.id)
        ).all()
        audit = session.execute(
            select(m.AuditEntry.at, m.AuditEntry.who, m.AuditEntry.action, m.AuditEntry.entity, m.AuditEntry.field,
                   m.AuditEntry.new).order_by(m.AuditEntry.id)
        ).all()
    return [tuple(r) for r in revisions], [tuple(a) for a in audit]


@pytest.mark.slow
def test_a_plan_survives_file_to_database_to_database_to_file(sample_plan_path, database_url, cli, tmp_path):
    revised = cli("revise", sample_plan_path, "-m", "Second issue after the hustings changed")
    assert revised.returncode == 0, revised.stderr
    first, second = f"{database_url}?plan=force_a", f"{database_url}?plan=force_b"
    back = tmp_path / "back.eplan"
    for source, target in ((sample_plan_path, first), (first, second), (second, back)):
        copied = cli("copy", source, target)
        assert copied.returncode == 0, copied.stderr
    revisions, audit = _history(sample_plan_path)
    assert len(revisions) >= 1 and len(audit) > 0
    assert _history(first) == _history(second) == _history(back) == (revisions, audit)
    original = json.loads(cli("info", sample_plan_path, "--json").stdout)
    assert json.loads(cli("info", back, "--json").stdout) == original
    assert stat.S_IMODE(back.stat().st_mode) == 0o600


def test_new_records_in_a_copied_database_plan_are_numbered_after_the_copied_ones(
    sample_plan_path, database_url, cli
):
    url = f"{database_url}?plan=force_a"
    assert cli("copy", sample_plan_path, url).returncode == 0
    added = cli("edit", url, "candidate", "1", "--set", "agent=New Agent")
    assert added.returncode == 0, added.stderr
    with open_store(url, read_only=True) as plan, plan.session() as session:
        ids = session.scalars(select(m.AuditEntry.id).order_by(m.AuditEntry.id)).all()
    assert len(ids) == len(set(ids)) and ids[-1] == len(ids)  # the edit's audit entry came after the copied ones


def test_copy_to_an_existing_file_needs_force_and_leaves_it_alone(sample_plan_path, tmp_path, cli):
    existing = tmp_path / "existing.eplan"
    existing.write_bytes(b"not to be lost")
    refused = cli("copy", sample_plan_path, existing)
    assert refused.returncode == 1 and "--force" in refused.stderr
    assert existing.read_bytes() == b"not to be lost"
