"""The by-election quick setup wizard, driven page by page."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QWizard

from electionplan.gui.main_window import MainWindow
from electionplan.gui.quicksetup_wizard import QuickSetupWizard
from tests.councils import station_file_inside_runcorn


@pytest.mark.slow
def test_wizard_builds_a_by_election_plan_end_to_end(qtbot, shared_data, tmp_path):
    stations, inside = station_file_inside_runcorn(shared_data, tmp_path)
    window = MainWindow()
    qtbot.addWidget(window)
    wizard = QuickSetupWizard(window)
    qtbot.addWidget(wizard)
    wizard.plan_ready.connect(lambda path: window.open_plan(path))
    wizard.show()
    files = wizard.files
    assert not files.isComplete()
    files.build_button.click()
    assert "Still needed" in files.status.text()
    files.constituency.setText("E14001455")
    files.boundaries.setText(str(shared_data / "boundaries/PCON_July2024_UK_BUC.geojson"))
    files.stations.setText(str(stations))
    files.postcodes.setText(str(shared_data / "postcodes/wa.csv"))
    files.candidates.setText(str(shared_data / "candidates/HoC-GE2024-results-by-candidate.csv"))
    files.polling_day.set_value(dt.date(2027, 3, 4))
    files.count_venue.setText("Halton Stadium, Lowerhouse Lane, Widnes, WA8 7DZ")
    files.plan_path.setText(str(tmp_path / "runcorn"))
    files.build_button.click()
    qtbot.waitUntil(files.isComplete, timeout=60_000)
    assert wizard.button(QWizard.NextButton).isEnabled()

    wizard.next()
    stations_page = wizard.currentPage()
    assert "Runcorn and Helsby (E14001455)" in stations_page.found.text()
    assert "is ultra-generalised (ONS BUC)" in stations_page.found.text()
    assert f"{inside} stations kept" in stations_page.found.text()
    assert any("Manchester Town Hall" in stations_page.list.item(i).text() for i in range(stations_page.list.count()))

    wizard.next()
    candidates_page = wizard.currentPage()
    entries = [candidates_page.list.item(i).text() for i in range(candidates_page.list.count())]
    assert len(entries) == 7
    assert any("Mike Amesbury" in e and "sitting MP" in e for e in entries)

    wizard.next()
    assert "verification and count from 04/03/2027 22:00" in wizard.currentPage().found.text()
    wizard.next()
    missing = wizard.currentPage()
    items = [missing.list.item(i).text() for i in range(missing.list.count())]
    assert "No hustings entered yet." in items
    assert len(wizard.pageIds()) <= 5

    wizard.accept()
    assert window.controller.plan is not None
    assert window.controller.plan.path == tmp_path / "runcorn.eplan"
    assert window.overview.title.text() == "Runcorn and Helsby parliamentary by-election"
    assert window.candidates.model.rowCount() == 7
    window.controller.undo_stack.setClean()
