"""A disk that fills while a plan is made or copied, or a folder where the plan should go: one clear line, exit 1,
and nothing half-made left. The disk is filled at chosen points: a write the system takes only part of, then
refuses, and a plan that SQLite may not grow past a few pages."""

from __future__ import annotations

import errno
import os

import pytest

from electionplan.db import planfile
from tests.conftest import call

pytestmark = pytest.mark.file_store

NEW = ("--name", "Wyvernbridge by-election", "--kind", "by-election", "--polling-day", "2027-05-06",
       "--force", "Wyvern Police")


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err and "unexpected" not in err, err
    return lines[0]


def _small_disk(monkeypatch) -> None:
    """SQLite may grow a plan one page past an empty plan's size, as on a nearly full disk."""
    room = len(planfile._empty_plan_image()) // 4096 + 1
    connect = planfile._on_connect

    def small(connection, record):
        connect(connection, record)
        connection.execute(f"PRAGMA max_page_count={room}")

    monkeypatch.setattr(planfile, "_on_connect", small)


def test_a_disk_that_fills_while_a_new_plan_is_written_leaves_nothing(tmp_path, monkeypatch):
    written = []
    real_write = os.write

    def fills(descriptor, data):  # takes half the first write, then refuses as a full disk does
        if written:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written.append(real_write(descriptor, data[: len(data) // 2]))
        return written[-1]

    monkeypatch.setattr(planfile.os, "write", fills)
    code, _, err = call("new", tmp_path / "plan.eplan", *NEW)
    assert code == 1 and written and written[0] > 0  # part of the plan reached the disk before it filled
    assert _one_line(err) == f"electionplan: error: Cannot create {tmp_path / 'plan.eplan'}: No space left on device."
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [("sample",), ("copy", "SAMPLE")])
def test_a_disk_that_fills_while_a_plan_is_filled_leaves_nothing(command, sample_plan_template, tmp_path,
                                                                  monkeypatch):
    _small_disk(monkeypatch)
    target = tmp_path / "made" / "plan.eplan"
    target.parent.mkdir()
    args = [sample_plan_template if a == "SAMPLE" else a for a in command]
    code, _, err = call(*args, target)
    assert code == 1
    assert _one_line(err) == ("electionplan: error: the disk is full, so this was not finished; make space and "
                              "try again.")
    assert list(target.parent.iterdir()) == []


@pytest.mark.parametrize("command", ["sample", "sample --force", "copy", "copy --force", "new"])
def test_a_folder_where_the_plan_should_go_is_refused_and_left_alone(command, sample_plan_template, tmp_path):
    folder = tmp_path / "plan.eplan"
    (folder / "inside").mkdir(parents=True)
    force = ("--force",) if command.endswith("--force") else ()
    if command.startswith("copy"):
        code, _, err = call("copy", sample_plan_template, folder, *force)
    elif command == "new":
        code, _, err = call("new", folder, *NEW)
    else:
        code, _, err = call("sample", folder, *force)
    assert code == 1
    assert _one_line(err) == f"electionplan: error: Cannot create {folder}: it is a folder; give the new plan file's name."
    assert (folder / "inside").is_dir()


@pytest.mark.parametrize("blocked", ["plan.eplan-wal", "plan.eplan-shm", "parent-file"])
def test_a_plan_whose_log_or_folder_is_taken_by_something_else_is_refused_in_one_line(blocked, tmp_path):
    if blocked == "parent-file":
        (tmp_path / "notes").write_text("not a folder", encoding="utf-8")
        target, reason = tmp_path / "notes" / "plan.eplan", f"{tmp_path / 'notes'} is a file, not a folder."
    else:
        (tmp_path / blocked / "inside").mkdir(parents=True)
        target, reason = tmp_path / "plan.eplan", f"{blocked} beside it is a folder; move it or choose another name."
    code, _, err = call("sample", target)
    assert code == 1 and _one_line(err) == f"electionplan: error: Cannot create {target}: {reason}"
    assert not target.exists()


def test_a_plan_copied_onto_itself_by_another_path_is_refused_and_kept(sample_plan_template, tmp_path):
    plan = tmp_path / "plan.eplan"
    plan.write_bytes(sample_plan_template.read_bytes())
    (tmp_path / "link.eplan").symlink_to(plan)
    before = call("info", plan, "--json")[1]
    for written in (f"{tmp_path}/../{tmp_path.name}/plan.eplan", tmp_path / "link.eplan"):
        code, _, err = call("copy", plan, written, "--force")
        assert code == 1 and _one_line(err) == "electionplan: error: The source and the destination are the same plan."
    assert call("info", plan, "--json")[1] == before and '"stations": 0' not in before


def _made(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("command", ["sample", "copy"])
def test_a_plan_replaced_on_a_full_disk_is_kept_as_it_was(command, sample_plan_template, tmp_path, monkeypatch):
    plan = tmp_path / "plan.eplan"
    assert call("new", plan, *NEW)[0] == 0
    before = call("info", plan, "--json")[1]
    _small_disk(monkeypatch)
    args = ("sample", plan, "--force") if command == "sample" else ("copy", sample_plan_template, plan, "--force")
    code, _, err = call(*args)
    assert code == 1
    assert _one_line(err) == ("electionplan: error: the disk is full, so this was not finished; make space and "
                              "try again.")
    monkeypatch.undo()
    assert call("info", plan, "--json")[1] == before and "Wyvernbridge by-election" in before
    assert _made(tmp_path) == ["plan.eplan"]  # no part file is left beside it


def test_a_plan_replaced_in_full_is_the_new_plan_with_nothing_left_beside_it(sample_plan_template, tmp_path):
    plan = tmp_path / "plan.eplan"
    assert call("new", plan, *NEW)[0] == 0
    assert call("copy", sample_plan_template, plan, "--force")[0] == 0
    assert call("info", plan, "--json")[1] == call("info", sample_plan_template, "--json")[1]
    assert _made(tmp_path) == ["plan.eplan"]


def test_a_replace_killed_before_the_new_plan_is_put_in_place_keeps_the_old_and_its_part_goes(tmp_path):
    from electionplan.db.planfile import open_plan_file
    from tests.core.faulting import killed_at

    plan = tmp_path / "plan.eplan"
    assert call("new", plan, *NEW)[0] == 0
    before = call("info", plan, "--json")[1]
    killed_at("replace-file-renamed", lambda: call("sample", plan, "--force"))
    assert any(".part" in name for name in _made(tmp_path))  # the made plan, waiting to be put in place
    open_plan_file(plan).close()  # the next opening removes what the killed process left
    assert call("info", plan, "--json")[1] == before
    assert not any(".part" in name for name in _made(tmp_path))
