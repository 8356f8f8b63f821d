"""A plan that cannot be read offers its backups in the message, and restoring one opens it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from electionplan.gui.dialogs import RestoreDialog
from tests.conftest import call_cli

pytestmark = pytest.mark.file_store  # the damage is to a plan file's bytes


def _damage(path) -> None:
    data = bytearray(path.read_bytes())
    data[:100] = b"\x00" * 100  # the SQLite header is gone: no program can read it as a plan
    path.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


@pytest.fixture
def window_plan():
    """The window starts with no plan: each test opens the damaged one through File ▸ Open."""
    return None


def _choose(monkeypatch, path, *, restore: bool, seen: list) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))

    def answer(box):
        seen.append(box.text())
        wanted = next(b for b in box.buttons() if b.text().startswith("Restore")) if restore else \
            box.button(QMessageBox.Cancel)
        wanted.click()
        return 0

    def pick_newest(dialog):
        dialog.list.setCurrentRow(0)
        dialog.restore_button.click()
        return dialog.result()

    monkeypatch.setattr(QMessageBox, "exec", answer)
    monkeypatch.setattr(RestoreDialog, "exec", pick_newest)


def test_a_damaged_plan_offers_its_backups_and_opens_the_one_restored(window, sample_plan_path, monkeypatch):
    assert call_cli("revise", sample_plan_path, "-m", "Before the damage").returncode == 0
    _damage(sample_plan_path)
    seen: list[str] = []
    _choose(monkeypatch, sample_plan_path, restore=True, seen=seen)
    window.choose_plan()
    assert seen and "damaged" in seen[0] and "backup" in seen[0]
    assert window.controller.plan is not None
    assert len(window.stations.model.rows) > 0 and window.status_revision.text() == "Revision 0.1"


def test_declining_leaves_the_damaged_file_as_it_was(window, sample_plan_path, monkeypatch):
    assert call_cli("revise", sample_plan_path, "-m", "Before the damage").returncode == 0
    _damage(sample_plan_path)
    damaged = sample_plan_path.read_bytes()
    seen: list[str] = []
    _choose(monkeypatch, sample_plan_path, restore=False, seen=seen)
    window.choose_plan()
    assert seen and window.controller.plan is None
    assert sample_plan_path.read_bytes() == damaged
