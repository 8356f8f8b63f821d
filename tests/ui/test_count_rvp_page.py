"""Each count venue's RVP on the operational order page: set in a small form through the order service, checked
beside its field, flagged in the table and the tab when at the venue itself, undone, and cleared back to the
plan's RVP."""

from __future__ import annotations

from electionplan.domain.gridref import to_grid_reference
from electionplan.gui.record_dialog import RecordDialog
from electionplan.services.order import read_count_rvps
from tests.ui.driving import fill_and_ok

VENUE = "Wyvernbridge Leisure Centre"


def _fill(name: str, description: str, grid_ref: str, seen: list):
    def fill(dialog: RecordDialog) -> None:
        for key, text in (("name", name), ("description", description), ("grid_ref", grid_ref)):
            dialog.widgets[key].setText(text)
        seen.append(dialog)
    return fill


def _rows(page):
    return {row.name: row for row in page.count_rvps.model.rows}


def _choose(page, name: str) -> None:
    table = page.count_rvps
    page.tabs.setCurrentWidget(table)
    row = next(n for n, r in enumerate(table.model.rows) if r.name == name)
    table.table.selectRow(table.proxy.mapFromSource(table.model.index(row, 0)).row())


def test_a_count_venues_rvp_is_set_checked_flagged_undone_and_cleared(window, qtbot, monkeypatch):
    window.show_page("order")
    page, plan = window.order, window.controller.plan

    def asked_for_rvp() -> bool:  # on the Needs attention page
        return any("rendezvous point" in item.text for item in window.controller.view.attention)

    assert asked_for_rvp()
    row = _rows(page)[VENUE]
    assert not row.own and row.rvp == "None recorded for this count or the plan: it is named at briefing"
    assert row.counts == "Verification and count, Declaration of result"
    tab = page.tabs.indexOf(page.count_rvps)
    _choose(page, VENUE)
    assert page.count_rvps.set_button.isEnabled()

    seen: list[RecordDialog] = []
    monkeypatch.setattr(RecordDialog, "exec", fill_and_ok(_fill("Fire station yard", "Kestrel Quarry Road",
                                                                "SJ 879 18", seen)))
    page.count_rvps.set_button.click()
    assert "6, 8 or 10 figures" in seen[-1].errors["grid_ref"].text()  # said beside its field, nothing saved
    assert not read_count_rvps(plan)[0].own

    monkeypatch.setattr(RecordDialog, "exec", fill_and_ok(_fill("Fire station yard", "Kestrel Quarry Road",
                                                                "SJ 8790 1890", seen)))
    page.count_rvps.set_button.click()
    row = _rows(page)[VENUE]
    assert row.own and row.rvp == "Fire station yard, Kestrel Quarry Road; grid reference SJ 8790 1890"
    assert row.check == "" and row.distance.endswith("km") and page.tabs.tabText(tab) == "Count RVPs"
    # Every count now has its own RVP, so the order no longer lacks one.
    assert "rendezvous point" not in page.gaps.text() and not asked_for_rvp()

    # An RVP at the venue's own door is flagged in its row and on the tab.
    venue = next(v for v in window.controller.view.snapshot.venues if v.name == VENUE)
    door = to_grid_reference(venue.easting + 10, venue.northing, 10)
    _choose(page, VENUE)
    monkeypatch.setattr(RecordDialog, "exec", fill_and_ok(_fill("Car park", "", door, seen)))
    page.count_rvps.set_button.click()
    row = _rows(page)[VENUE]
    assert row.check.startswith("The RVP is at the count venue itself") and row.distance.endswith(" m")
    assert page.tabs.tabText(tab) == "Count RVPs (1 to check)"
    assert "Check: The RVP is at the count venue itself" in page.count_rvps.detail.text()  # said in full beneath

    window.controller.undo_stack.undo()  # back to the fire station yard
    assert _rows(page)[VENUE].rvp.startswith("Fire station yard") and page.tabs.tabText(tab) == "Count RVPs"
    _choose(page, VENUE)
    page.count_rvps.clear_button.click()  # the plan's RVP stands in again
    assert not _rows(page)[VENUE].own and not read_count_rvps(plan)[0].own
    window.controller.undo_stack.undo()
    assert read_count_rvps(plan)[0].place.startswith("Fire station yard")
