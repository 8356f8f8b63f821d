"""Searchable pickers at national scale, driven by typing as a user would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from electionplan.db.record_kinds import record_kind
from electionplan.gui import forms
from electionplan.gui.pickers import AttendeesPicker, CandidateChoice, RecordPicker, distinct_labels
from electionplan.gui.record_dialog import RecordDialog
from electionplan.services.synthetic import synthetic_snapshot_data


@pytest.fixture(scope="module")
def national():
    return synthetic_snapshot_data(seed=4)  # the stored form, read by key below


def completions(picker: RecordPicker) -> list[str]:
    model = picker.completer().completionModel()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_typing_part_of_a_station_name_finds_it_among_40000(qtbot, national):
    picker = RecordPicker("Station")
    qtbot.addWidget(picker)
    picker.set_choices([(s["id"], s["name"]) for s in national["stations"]])
    picker.show()
    assert picker.count() == 40_000
    picker.lineEdit().clear()
    qtbot.keyClicks(picker.lineEdit(), "station 3999")
    found = completions(picker)
    assert "Station 3999" in found and "Station 39990" in found
    assert all("station 3999" in text.lower() for text in found)
    with qtbot.waitSignal(picker.picked) as picked:
        picker.completer().activated[str].emit("Station 3999")
    assert picked.args == [3999]
    assert picker.current_value() == 3999


def test_same_names_are_told_apart():
    labels = distinct_labels([(1, "Village Hall"), (2, "Village Hall"), (3, "Chapel")])
    assert labels == ["Village Hall (#1)", "Village Hall (#2)", "Chapel"]


def test_long_choice_lists_in_a_form_are_searchable_and_keep_values(qtbot, national):
    seats = [(c["id"], c["name"]) for c in national["constituencies"]]
    dialog = RecordDialog("Edit polling station", forms.form_fields(record_kind("station"), {"constituencies": seats}), {"name": "X", "constituency_id": 412})
    qtbot.addWidget(dialog)
    picker = dialog.widgets["constituency_id"]
    assert isinstance(picker, RecordPicker)
    assert dialog.values["constituency_id"] == 412
    picker.lineEdit().clear()
    qtbot.keyClicks(picker.lineEdit(), "Seat 65")
    assert set(completions(picker)) == {name for _, name in seats if "seat 65" in name.lower()}
    assert len(completions(picker)) < 20
    picker.completer().activated[str].emit("Synthetic Seat 65")
    assert dialog.values["constituency_id"] == 65


def candidate_choices(snapshot) -> list[CandidateChoice]:
    seats = {c["id"]: c["name"] for c in snapshot["constituencies"]}
    return [CandidateChoice(c["id"], c["name"], c["constituency_id"], seats[c["constituency_id"]]) for c in snapshot["candidates"]]


def test_candidates_attending_are_those_standing_in_the_events_constituency(qtbot, national):
    event = next(e for e in national["events"] if e["candidate_ids"])
    seat = event["constituency_id"]
    standing = {c["id"] for c in national["candidates"] if c["constituency_id"] == seat}
    picker = AttendeesPicker(candidate_choices(national), seat)
    qtbot.addWidget(picker)
    picker.set_selected_ids(event["candidate_ids"])
    picker.resize(420, 360)
    picker.show()
    assert set(picker.shown_ids()) == standing | set(event["candidate_ids"])
    assert picker.selected_ids() == sorted(event["candidate_ids"])

    outsider = next(c for c in national["candidates"] if c["constituency_id"] != seat)
    picker.show_all.setChecked(True)
    qtbot.keyClicks(picker.search, outsider["name"])
    row = next(r for r in range(picker.proxy.rowCount()) if picker.proxy.index(r, 0).data(Qt.UserRole) == outsider["id"])
    with qtbot.waitSignal(picker.changed):
        picker.model.itemFromIndex(picker.proxy.mapToSource(picker.proxy.index(row, 0))).setCheckState(Qt.Checked)
    picker.search.clear()
    picker.show_all.setChecked(False)
    assert outsider["id"] in picker.shown_ids()
    assert picker.selected_ids() == sorted([*event["candidate_ids"], outsider["id"]])
    assert picker.summary.text().endswith(f"{len(event['candidate_ids']) + 1} attending")


def test_a_long_checklist_in_a_form_can_be_searched_and_keeps_ticks(qtbot, national):
    venues = [(v["id"], v["name"]) for v in national["venues"][:50]]
    candidates = [(c["id"], c["name"]) for c in national["candidates"]]
    dialog = RecordDialog("Add event", forms.form_fields(record_kind("event"), {"venues": venues, "candidates": candidates}), {"candidate_ids": [7]})
    qtbot.addWidget(dialog)
    checklist = dialog.widgets["candidate_ids"]
    qtbot.keyClicks(dialog.searches["candidate_ids"], "candidate 450")
    shown = [checklist.item(n).text() for n in range(checklist.count()) if not checklist.item(n).isHidden()]
    assert set(shown) == {name for _, name in candidates if "candidate 450" in name.lower()} | {"Candidate 7"}
    assert dialog.values["candidate_ids"] == [7]


def test_a_long_form_fits_the_screen_with_its_buttons_showing(qtbot, national):
    seats = [(c["id"], c["name"]) for c in national["constituencies"]]
    dialog = RecordDialog("Edit candidate", forms.form_fields(record_kind("candidate"), {"constituencies": seats}))
    qtbot.addWidget(dialog)
    available = dialog.screen().availableGeometry()
    assert dialog.height() <= available.height() - 60
    dialog.show()
    ok = dialog.buttons.geometry()
    assert ok.bottom() <= dialog.height()
