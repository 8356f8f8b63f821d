"""A plan opened again in one process reuses the engine it had, and still reads whatever file is at its path."""

from __future__ import annotations

import os
import shutil

import pytest
from sqlalchemy import text

from electionplan.db import engines
from electionplan.db.opening import open_store
from electionplan.db.planfile import open_plan_file
from electionplan.db.readonly import open_plan_read_only

pytestmark = pytest.mark.file_store


def _name(plan) -> str:
    with plan.session() as session:
        return session.execute(text("SELECT name FROM election")).scalar_one()


def _held(path) -> list[str]:
    """The descriptors this process holds on the plan or its log."""
    links = (os.readlink(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd") if os.path.exists(f"/proc/self/fd/{fd}"))
    return [link for link in links if link.startswith(str(path))]


@pytest.mark.parametrize("opening", [open_plan_file, open_plan_read_only])
def test_a_plan_opened_again_reuses_its_engine_and_reads_the_file_now_at_its_path(opening, sample_plan_template,
                                                                                 tmp_path):
    plan_path, other = tmp_path / "plan.eplan", tmp_path / "other.eplan"
    shutil.copyfile(sample_plan_template, plan_path)
    shutil.copyfile(sample_plan_template, other)
    with open_store(other) as renamed, renamed.session(write=True) as session:
        session.execute(text("UPDATE election SET name = 'A different election'"))
    first = opening(plan_path)
    original = _name(first)
    first.close()
    assert original != "A different election"
    assert not _held(plan_path)  # closed: the kept engine holds no connection
    os.replace(other, plan_path)  # another plan saved over it while it was closed
    for name in ("-wal", "-shm"):
        (tmp_path / f"plan.eplan{name}").unlink(missing_ok=True)
    again = opening(plan_path)
    try:
        assert again.engine is first.engine
        assert _name(again) == "A different election"
    finally:
        again.close()


def test_only_the_plans_opened_last_keep_their_engines(sample_plan_template, tmp_path):
    paths = [tmp_path / f"plan{n}.eplan" for n in range(engines.KEPT + 1)]
    opened = []
    for path in paths:
        shutil.copyfile(sample_plan_template, path)
        plan = open_plan_read_only(path)
        opened.append(plan.engine)
        plan.close()
    last = open_plan_read_only(paths[-1])
    first = open_plan_read_only(paths[0])
    try:
        assert last.engine is opened[-1]  # kept
        assert first.engine is not opened[0]  # the oldest was let go when a ninth plan was opened
        assert _name(first) == _name(last)
    finally:
        first.close()
        last.close()
