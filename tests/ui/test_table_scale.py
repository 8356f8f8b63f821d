"""Tables that sort, filter and refresh without resetting, driven through the real table page."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt

from electionplan.gui import rows
from electionplan.gui.pages import stations_page
from electionplan.gui.table_models import Column, RecordTableModel, SearchProxyModel
from electionplan.services.assessment import assess_plan_file


@pytest.fixture
def station_rows(sample_plan):
    assessed = assess_plan_file(sample_plan)
    return rows.station_rows(assessed.snapshot, assessed.assessment)[0]


def with_values(row, **values):
    return dataclasses.replace(row, **values)


def value(row, key):
    return getattr(row, key)


@pytest.fixture
def page(qtbot, station_rows):
    page = stations_page()
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.set_rows(station_rows)
    page.show()
    return page


def shown(page, column: int) -> list:
    return [page.proxy.index(r, column).data() for r in range(page.proxy.rowCount())]


def column_of(page, key: str) -> int:
    return [c.key for c in page.model.columns].index(key)


def test_models_pass_the_qt_model_checks(qtmodeltester, station_rows):
    model = RecordTableModel([Column("name", "Station"), Column("rag", "RAG", "rag"), Column("electorate", "Electorate", "number")])
    model.set_rows(station_rows)
    proxy = SearchProxyModel()
    proxy.setSourceModel(model)
    proxy.sort(2, Qt.DescendingOrder)
    proxy.set_search("school")
    qtmodeltester.check(proxy, force_py=True)
    model.replace_rows([with_values(r, electorate=1) for r in station_rows])
    assert proxy.rowCount() > 0


def test_record_model_passes_the_qt_model_checks(qtmodeltester, station_rows):
    model = RecordTableModel([Column("name", "Station"), Column("rag", "RAG", "rag")])
    model.set_rows(station_rows)
    qtmodeltester.check(model, force_py=True)
    changed = model.replace_rows([with_values(station_rows[0], name="Renamed"), *station_rows[1:]])
    assert changed == [0]


def test_clicking_a_header_sorts_numbers_as_numbers_and_risk_by_severity(page, qtbot):
    electorate = column_of(page, "electorate")
    page.table.horizontalHeader().sectionClicked.emit(electorate)
    page.table.sortByColumn(electorate, Qt.AscendingOrder)
    numbers = [value(page.model.row_dict(r), "electorate") for r in page.proxy.source_rows()]
    present = [n for n in numbers if n is not None]
    assert present == sorted(present)
    rag = column_of(page, "rag")
    page.table.sortByColumn(rag, Qt.DescendingOrder)
    ratings = [value(page.model.row_dict(r), "rag") for r in page.proxy.source_rows()]
    order = {"red": 0, "amber": 1, "green": 2}
    assert [order[r] for r in ratings] == sorted(order[r] for r in ratings)
    assert ratings[0] in ("red", "amber")


def test_an_edit_changes_one_row_and_keeps_sort_selection_and_filter(page, qtbot, station_rows):
    name = column_of(page, "name")
    page.table.sortByColumn(name, Qt.AscendingOrder)
    target = next(r for r in station_rows if value(r, "postcode"))
    page.search.setText(value(target, "postcode").split()[0])
    assert page.proxy.rowCount() < page.model.rowCount()
    page.select_id(value(target, "id"))
    resets, changes = [], []
    page.model.modelReset.connect(lambda: resets.append(1))
    page.model.dataChanged.connect(lambda top, bottom, roles=(): changes.append((top.row(), bottom.row())))
    renamed = [with_values(r, name="Aaa first now") if value(r, "id") == value(target, "id") else r for r in station_rows]

    page.set_rows(renamed)

    assert not resets
    source_row = page.model.row_of_id(value(target, "id"))
    assert changes == [(source_row, source_row)]
    assert shown(page, name)[0] == "Aaa first now"
    assert shown(page, name)[1:] == sorted(shown(page, name)[1:], key=str.lower)
    current = page.proxy.mapToSource(page.table.currentIndex()).row()
    assert value(page.model.row_dict(current), "id") == value(target, "id")
    assert page.proxy.rowCount() < page.model.rowCount()


def test_search_matches_any_column_and_counts(page, qtbot):
    first = page.model.row_dict(0)
    postcode = value(first, "postcode")
    qtbot.keyClicks(page.search, postcode.lower())
    assert 0 < page.proxy.rowCount() < page.model.rowCount()
    assert all(postcode in shown_text for shown_text in shown(page, column_of(page, "postcode")))
    assert page.count_label.text().startswith(f"{page.proxy.rowCount():,} of")
    page.search.clear()
    assert page.proxy.rowCount() == page.model.rowCount()


def test_a_national_table_prepares_its_search_while_idle(qtbot):
    from electionplan.services.synthetic import synthetic_snapshot

    snapshot = synthetic_snapshot(constituencies=50, stations=12_000, candidates=10, events=10, with_boundaries=False)
    page = stations_page()
    qtbot.addWidget(page)
    page.set_rows([{"id": s.id, "number": s.station_number, "name": s.name, "rag": "green",
                    "electorate": s.electorate, "address": s.address_1} for s in snapshot.stations])
    assert not page.model.search_ready
    page.show()
    qtbot.waitUntil(lambda: page.model.search_ready, timeout=20_000)
    page.search.setText("station 1199")
    assert sorted(shown(page, column_of(page, "name"))) == sorted(["Station 1199", *(f"Station 1199{d}" for d in range(10))])
