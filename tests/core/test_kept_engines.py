"""A plan opened again in one process reuses the engine it had, and still reads whatever file is at its path;
an engine belongs to one open plan at a time, so plans open together never share one."""

from __future__ import annotations

import datetime as dt
import os
import shutil

import pytest
from sqlalchemy import text

from electionplan.db import engines
from electionplan.db.opening import open_store
from electionplan.db.planfile import open_plan_file
from electionplan.db.readonly import open_plan_read_only
from electionplan.services.plans import create_plan
from tests.core.faulting import open_plan_files

pytestmark = pytest.mark.file_store


def _name(plan) -> str:
    with plan.session() as session:
        return session.execute(text("SELECT name FROM election")).scalar_one()


def _renamed_copy(template, path, name: str):
    shutil.copyfile(template, path)
    with open_store(path) as plan, plan.session(write=True) as session:
        session.execute(text("UPDATE election SET name = :name"), {"name": name})
    return path


def _held(folder) -> list[str]:
    """The plans (and their logs and shared memory) in the folder that this process holds open."""
    return [held for held in open_plan_files() if held.startswith(str(folder))]


@pytest.mark.parametrize("opening", [open_plan_file, open_plan_read_only])
def test_a_plan_opened_again_reuses_its_engine_and_reads_the_file_now_at_its_path(opening, sample_plan_template,
                                                                                 tmp_path):
    plan_path = _renamed_copy(sample_plan_template, tmp_path / "plan.eplan", "The first election")
    other = _renamed_copy(sample_plan_template, tmp_path / "other.eplan", "A different election")
    first = opening(plan_path)
    assert _name(first) == "The first election"
    first.close()
    assert not _held(tmp_path)  # closed: the kept engine holds no connection
    os.replace(other, plan_path)  # another plan saved over it while it was closed
    for name in ("-wal", "-shm"):
        (tmp_path / f"plan.eplan{name}").unlink(missing_ok=True)
    again = opening(plan_path)
    try:
        assert again.engine is first.engine
        assert _name(again) == "A different election"
    finally:
        again.close()


@pytest.mark.parametrize("opening", [open_plan_file, open_plan_read_only])
def test_a_plan_opened_again_while_still_open_reads_the_file_now_at_its_path(opening, sample_plan_template, tmp_path):
    plan_path = _renamed_copy(sample_plan_template, tmp_path / "plan.eplan", "The first election")
    first = opening(plan_path)
    try:
        assert _name(first) == "The first election"
        os.replace(_renamed_copy(sample_plan_template, tmp_path / "other.eplan", "Saved over it"), plan_path)
        second = opening(plan_path)
        try:
            assert second.engine is not first.engine and _name(second) == "Saved over it"
        finally:
            second.close()
    finally:
        first.close()


def test_a_new_plan_made_over_the_open_plan_holds_what_it_was_made_with(sample_plan_template, tmp_path):
    """File › New over the plan the window has open: the new plan's rows go into the new file."""
    plan_path = _renamed_copy(sample_plan_template, tmp_path / "plan.eplan", "The open election")
    shown = open_plan_file(plan_path)
    try:
        assert _name(shown) == "The open election"
        create_plan(plan_path, name="Brand new election", kind="by-election", polling_day=dt.date(2027, 5, 6),
                    force="Wyvern Police", overwrite=True).close()
        with open_plan_file(plan_path) as reopened:
            assert _name(reopened) == "Brand new election"
    finally:
        shown.close()


def test_a_plan_closed_while_another_opening_writes_leaves_no_file_open_and_the_edit_in_the_plan(
        sample_plan_template, tmp_path):
    plan_path = _renamed_copy(sample_plan_template, tmp_path / "plan.eplan", "Before")
    first, second = open_plan_file(plan_path), open_plan_file(plan_path)
    with second.session(write=True) as session:
        first.close()
        session.execute(text("UPDATE election SET name = 'Edited'"))
    second.close()
    assert not _held(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.eplan"]  # the log is merged into the plan
    emailed = shutil.copyfile(plan_path, tmp_path / "emailed.eplan")  # the plan file alone, as sent on
    with open_plan_read_only(emailed) as copy:
        assert _name(copy) == "Edited"


def test_only_the_plans_closed_last_keep_their_engines(sample_plan_template, tmp_path):
    paths = [tmp_path / f"plan{n}.eplan" for n in range(engines.KEPT + 1)]
    closed = []
    for path in paths:
        shutil.copyfile(sample_plan_template, path)
        plan = open_plan_read_only(path)
        closed.append(plan.engine)
        plan.close()
    last, first = open_plan_read_only(paths[-1]), open_plan_read_only(paths[0])
    try:
        assert last.engine is closed[-1]  # kept
        assert first.engine is not closed[0]  # the oldest was let go when a ninth plan was closed
        assert _name(first) == _name(last)
    finally:
        first.close()
        last.close()
