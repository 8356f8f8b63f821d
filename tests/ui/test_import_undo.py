"""The app's import dialog: stations outside every boundary shown before writing, and a whole import undone."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from electionplan.db import models as m
from tests.ui.driving import import_dialog

# Undoing an import puts back the plan file's private copy taken before it; on a
# shared plan the app says the server's backups do that instead.
pytestmark = pytest.mark.file_store


def station_count(window) -> int:  # noqa: F811 (the window fixture)
    with window.controller.plan.session() as s:
        return s.scalar(select(func.count()).select_from(m.PollingStation))


HEADER = "id,name,address,postcode,easting,northing\n"


@pytest.mark.slow
def test_outside_stations_are_shown_first_and_left_out_and_undo_takes_back_the_whole_import(window, qtbot, tmp_path):  # noqa: F811
    path = tmp_path / "extra.csv"
    path.write_text(HEADER + "X1,Extra Hall,1 Road,AW1 9ZZ,386000,318000\n"
                    "X2,Second Hall,2 Road,AW1 9ZY,386100,318100\n"
                    "X3,Island Hall,Pier Road,,150000,1000000\n")
    before = station_count(window)
    dialog = import_dialog(window, qtbot, path)
    assert dialog.outside_box.isVisible()
    assert dialog.outside_list.toPlainText() == "row 4: 'Island Hall' (no postcode) lies outside every boundary in the plan"
    assert station_count(window) == before  # nothing written yet
    dialog.leave_out.setChecked(True)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: "Imported" in dialog.report.toPlainText() or "Nothing" in dialog.report.toPlainText(), timeout=30_000)
    assert "Imported 2 stations" in dialog.report.toPlainText()
    assert "1 left out as outside the plan's area" in dialog.report.toPlainText()
    dialog.accept()
    assert station_count(window) == before + 2
    assert window.controller.undo_stack.undoText() == "Import stations"

    window.controller.undo_stack.undo()
    assert station_count(window) == before
    assert not any(r.name == "Extra Hall" for r in window.stations.model.rows)
    window.controller.undo_stack.redo()
    assert station_count(window) == before + 2
    assert any(r.name == "Extra Hall" for r in window.stations.model.rows)


def test_the_private_copies_go_when_another_plan_is_opened(window, qtbot, tmp_path, sample_plan_template):  # noqa: F811
    import shutil

    path = tmp_path / "one.csv"
    path.write_text("id,name,address,postcode,easting,northing\nX1,Extra Hall,1 Road,AW1 9ZZ,386000,318000\n")
    dialog = window.import_file("stations")
    qtbot.addWidget(dialog)
    dialog.set_path(str(path))
    dialog.import_button.click()
    qtbot.waitUntil(lambda: "Imported" in dialog.report.toPlainText(), timeout=30_000)
    dialog.accept()
    copies = list(window.controller.import_copies)
    assert copies and all((folder / "before.eplan").exists() for folder in copies)
    other = tmp_path / "other.eplan"
    shutil.copyfile(sample_plan_template, other)
    window.controller.undo_stack.setClean()
    window.open_plan(other)
    assert not any(folder.exists() for folder in copies)


def test_rows_an_import_left_out_wait_on_needs_attention_until_the_next_import(window, qtbot, tmp_path):  # noqa: F811
    path = tmp_path / "clash.csv"
    path.write_text(HEADER + "X1,Extra Hall,1 Road,AW1 9ZZ,386000,318000\n"
                    "X1,Another Hall,9 Lane,AW1 9ZY,386100,318100\n"
                    "X2,Second Hall,2 Road,AW1 9ZX,386200,318200\n")
    dialog = import_dialog(window, qtbot, path)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: "Imported" in dialog.report.toPlainText() or "Nothing" in dialog.report.toPlainText(), timeout=30_000)
    dialog.accept()
    left_out = [i for i in window.attention.shown_items() if i.category == "Rows the last import left out"]
    assert left_out and all(i.text.startswith("Stations import: conflict: ") for i in left_out)
    assert any("X1" in i.text for i in left_out)
    assert window.nav.item(window.page_keys().index("attention")).text().startswith("Needs attention (")
    window.controller.undo_stack.undo()  # the import is undone: what it left out no longer applies
    assert not [i for i in window.attention.shown_items() if i.category == "Rows the last import left out"]
