"""The app's stations table shows each station's own number and its council by name."""

from __future__ import annotations

from PySide6.QtCore import Qt

from electionplan.gui.main_window import MainWindow
from tests.councils import FILES, STATIONS, numbers_in


def test_the_stations_page_shows_number_and_council_name(qtbot, shared_data, five_councils):
    plan, trafford = five_councils
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_plan(plan)
    window.show_page("stations")
    model = window.stations.model
    headers = [model.headerData(c, Qt.Horizontal, Qt.DisplayRole) for c in range(model.columnCount())]
    assert headers[:3] == ["No.", "Station", "Council"]
    rows = model.rows
    for name, (column, council) in FILES.items():
        assert {r.number for r in rows if r.council == council} == numbers_in(shared_data / STATIONS / name, column)
    electorate = {r.number: r.electorate for r in rows if r.council == "Trafford"}
    assert electorate == {k: int(v) for k, v in zip(trafford["id"], trafford["Electorate"], strict=True)}
    window.controller.undo_stack.setClean()
