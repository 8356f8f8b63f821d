"""Exports that cannot mislead: a name that says what the file is, and no silent overwrite."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader


@pytest.fixture
def window_plan(sample_plan_path, cli):
    # One issued revision, so the dialog can offer it.
    assert cli("--as", "Insp. Rachel Donnelly", "revise", sample_plan_path, "-m", "First issue").returncode == 0
    return sample_plan_path


def _export(qtbot, dialog) -> None:
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.task is not None and not dialog.task.running, timeout=120_000)


def test_the_offered_name_carries_the_edition_and_revision_and_follows_the_choices(window, qtbot, sample_plan_path):
    dialog = window.export_pdf()
    qtbot.addWidget(dialog)
    stem = dialog.stem.name  # the plan file's name, or a shared plan's
    assert Path(dialog.path_edit.text()).name == f"{stem}-police-draft.pdf"
    dialog.edition.setCurrentIndex(dialog.edition.findData("returning-officer"))
    dialog.revision.setCurrentIndex(dialog.revision.count() - 1)
    number = dialog.revision.currentData()
    assert Path(dialog.path_edit.text()).name == f"{stem}-returning-officer-{number}.pdf"
    # A spreadsheet is of the plan as it is now: the revision choice is closed and the name says so.
    dialog.format.setCurrentIndex(dialog.format.findData(".xlsx"))
    assert not dialog.revision.isEnabled() and dialog.revision.currentData() is None
    assert Path(dialog.path_edit.text()).name == f"{stem}-returning-officer-draft.xlsx"
    # The offered name moved to another folder still follows the choices: it never says the wrong edition.
    dialog.path_edit.setText(str(Path(sample_plan_path).parent / "outbox" / Path(dialog.path_edit.text()).name))
    dialog.edition.setCurrentIndex(dialog.edition.findData("police"))
    assert Path(dialog.path_edit.text()) == Path(sample_plan_path).parent / "outbox" / f"{stem}-police-draft.xlsx"
    dialog.edition.setCurrentIndex(dialog.edition.findData("returning-officer"))
    # A name the user typed is theirs: only its type follows the format.
    dialog.path_edit.setText(str(Path(sample_plan_path).parent / "for-the-RO.xlsx"))
    dialog.format.setCurrentIndex(dialog.format.findData(".csv"))
    dialog.edition.setCurrentIndex(dialog.edition.findData("police"))
    assert Path(dialog.path_edit.text()).name == "for-the-RO.csv"


def test_exporting_over_a_file_asks_and_a_no_writes_nothing(window, qtbot, tmp_path, monkeypatch):
    dialog = window.export_pdf()
    qtbot.addWidget(dialog)
    target = tmp_path / "police.pdf"
    target.write_bytes(b"the police edition, already sent")
    dialog.path_edit.setText(str(target))
    asked: list[Path] = []
    monkeypatch.setattr(dialog, "confirm_replace", lambda path: asked.append(path) or False)
    dialog.export_button.click()
    assert asked == [target] and dialog.task is None
    assert target.read_bytes() == b"the police edition, already sent"
    assert "Nothing was written" in dialog.status.text()
    monkeypatch.setattr(dialog, "confirm_replace", lambda path: asked.append(path) or True)
    _export(qtbot, dialog)
    assert len(asked) == 2 and "Police edition" in PdfReader(str(target)).pages[0].extract_text()


def test_the_returning_officers_spreadsheet_holds_only_what_the_edition_allows(window, qtbot, tmp_path):
    dialog = window.export_data()
    qtbot.addWidget(dialog)
    assert dialog.format.currentData() == ".xlsx"
    dialog.edition.setCurrentIndex(dialog.edition.findData("returning-officer"))
    target = tmp_path / Path(dialog.path_edit.text()).name
    dialog.path_edit.setText(str(target))
    _export(qtbot, dialog)
    assert dialog.open_button.isVisible(), dialog.status.text()
    book = openpyxl.load_workbook(target, read_only=True)
    stations = list(book["Stations"].iter_rows(values_only=True))
    assert stations[0][:3] == ("Number", "Council", "Constituency")
    assert len(stations) > 50
    text = " ".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v)
    snapshot = window.controller.snapshot
    # Police-only facts never reach the returning officer's copy.
    for secret in [c.home_address for c in snapshot.candidates] + [t.reference for t in snapshot.threat_reports]:
        assert secret and secret not in text
    assert target.stat().st_mode & 0o777 == 0o600


def test_a_cancelled_data_export_leaves_the_target_as_it_was(window, qtbot, tmp_path):
    from electionplan.services.export import ExportCancelled

    dialog = window.export_data()
    qtbot.addWidget(dialog)
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "plan.xlsx"
    target.write_bytes(b"yesterday's spreadsheet")
    dialog.path_edit.setText(str(target))
    with pytest.raises(ExportCancelled):
        dialog.run_export(dialog.choices, lambda: True)  # the SPOC pressed Cancel while it was written
    assert target.read_bytes() == b"yesterday's spreadsheet"
    assert sorted(p.name for p in target.parent.iterdir()) == ["plan.xlsx"]  # no part file left behind


def test_a_typed_relative_or_home_name_goes_beside_the_plan_or_home_never_the_working_folder(
        window, qtbot, tmp_path, monkeypatch):
    if not window.controller.is_file:
        pytest.skip("a shared plan has no folder of its own")
    home, elsewhere = tmp_path / "home", tmp_path / "started-here"
    home.mkdir()
    elsewhere.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(elsewhere)
    dialog = window.export_pdf()
    qtbot.addWidget(dialog)
    plan_folder = Path(window.controller.plan.path).parent
    dialog.path_edit.setText("briefing.pdf")
    _export(qtbot, dialog)
    assert (plan_folder / "briefing.pdf").is_file() and not (elsewhere / "briefing.pdf").exists()
    assert dialog.path_edit.text() == str(plan_folder / "briefing.pdf")  # says where it went, in full
    dialog.path_edit.setText("~/briefing-home.pdf")
    _export(qtbot, dialog)
    assert (home / "briefing-home.pdf").is_file() and not list(elsewhere.iterdir())
