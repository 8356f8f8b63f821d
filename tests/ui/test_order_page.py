"""The operational order edited in the app: its words, command structure, briefings and channels, each undoable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from electionplan.gui.record_dialog import RecordDialog
from electionplan.services.order import read_order
from tests.conftest import pdf_text
from tests.ui.driving import fill_and_ok, set_datetime


def _order(window):  # noqa: F811 (the window fixture)
    return read_order(window.controller.plan)


def test_the_orders_words_are_typed_saved_and_undone(window, qtbot):  # noqa: F811
    window.show_page("order")
    page = window.order
    assert "operation name" in page.gaps.text()
    assert "(Gold)" not in page.gaps.text()  # the sample's named contacts hold Gold and Silver, as the PDF says
    page.operation_name.clear()
    qtbot.keyClicks(page.operation_name, "KESTREL")
    page.boxes["gold_strategy"].setPlainText("Keep the by-election safe and fair.")
    qtbot.mouseClick(page.save, Qt.LeftButton)
    order = _order(window)
    assert order.operation_name == "KESTREL" and order.gold_strategy == "Keep the by-election safe and fair."
    assert "operation name" not in page.gaps.text()
    window.controller.undo_stack.undo()  # one edit, one undo
    assert _order(window).operation_name == "" and page.operation_name.text() == ""


def test_the_command_structure_briefings_and_channels_are_records(window, qtbot, monkeypatch):  # noqa: F811
    page = window.order
    window.show_page("order")

    def gold(dialog: RecordDialog):
        combo = dialog.widgets["role"]
        combo.setCurrentIndex(combo.findText("Strategic commander (Gold)"))
        dialog.widgets["name"].setText("Ch Supt A Okoro")
        dialog.widgets["call_sign"].setText("G1")

    monkeypatch.setattr(RecordDialog, "exec", fill_and_ok(gold))
    qtbot.mouseClick(page.command.add_button, Qt.LeftButton)
    assert [(r.role, r.name, r.call_sign) for r in _order(window).roles] == [("gold", "Ch Supt A Okoro", "G1")]
    assert page.command.model.rows[0].label == "Strategic commander (Gold)"

    def briefing(dialog: RecordDialog):
        import datetime as dt

        set_datetime(dialog, "at", dt.datetime(2027, 1, 20, 18, 0))
        dialog.widgets["place"].setText("Wyvernbridge police station")
        dialog.widgets["audience"].setText("Polling-day officers")

    monkeypatch.setattr(RecordDialog, "exec", fill_and_ok(briefing))
    qtbot.mouseClick(page.briefings.add_button, Qt.LeftButton)
    assert page.briefings.model.rows[0].when == "20/01/2027 18:00"

    def channel(dialog: RecordDialog):
        dialog.widgets["name"].setText("Op KESTREL main")
        dialog.widgets["channel"].setText("WC-OPS1")

    monkeypatch.setattr(RecordDialog, "exec", fill_and_ok(channel))
    qtbot.mouseClick(page.channels.add_button, Qt.LeftButton)
    assert [c.channel for c in _order(window).channels] == ["WC-OPS1"]
    assert "no communications channel" not in page.gaps.text()
    window.controller.undo_stack.undo()
    assert _order(window).channels == () and page.channels.model.rowCount() == 0


@pytest.mark.parametrize("field", ["gold_strategy"])
def test_words_past_the_cap_are_refused_and_nothing_changes(window, qtbot, monkeypatch, field):  # noqa: F811
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2] if len(a) > 2 else k))
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[2] if len(a) > 2 else k))
    window.show_page("order")
    window.order.boxes[field].setPlainText("x" * 20_001)
    qtbot.mouseClick(window.order.save, Qt.LeftButton)
    assert getattr(_order(window), field) == ""
    assert shown and "20,000" in str(shown[0])


def test_the_document_facts_are_set_in_the_app_and_undone_in_one_step(window, qtbot):  # noqa: F811
    import json

    from tests.conftest import call_cli

    facts = window.order.facts
    window.show_page("order")
    facts.force.setText("Wessex Police")
    facts.prepared_by.setText("Insp R Donnelly, Election SPOC")
    facts.distribution.setPlainText("Ch Supt A Okoro, Gold\nSupt B Marsh, Silver\n")
    qtbot.mouseClick(facts.save, Qt.LeftButton)
    where = window.controller.plan.identity.label
    info = json.loads(call_cli("info", where, "--json").stdout)  # what the command line (and the cover) now say
    assert info["election"]["force"] == "Wessex Police"
    assert info["plan"]["prepared_by"] == "Insp R Donnelly, Election SPOC"
    assert _facts(where).distribution == ("Ch Supt A Okoro, Gold", "Supt B Marsh, Silver")
    window.controller.undo_stack.undo()  # force and plan facts together
    assert json.loads(call_cli("info", where, "--json").stdout)["election"]["force"] == "Wyvernshire Constabulary"
    assert "Supt B Marsh, Silver" not in _facts(where).distribution
    assert facts.force.text() == "Wyvernshire Constabulary"


def _facts(where):
    from electionplan.db.opening import open_store
    from electionplan.db.snapshot import load_snapshot

    with open_store(where, read_only=True) as plan, plan.session() as session:
        return load_snapshot(session).plan


def test_named_contacts_are_added_edited_and_printed(window, qtbot, monkeypatch, tmp_path):  # noqa: F811

    page = window.order
    window.show_page("order")
    before = page.contacts.model.rowCount()
    assert before == len(window.controller.snapshot.contacts) > 0  # the sample's contacts are shown

    def returning_officer(dialog: RecordDialog):
        combo = dialog.widgets["role"]
        combo.setCurrentIndex(combo.findText("Deputy returning officer"))
        dialog.widgets["name"].setText("Nia Rhŷs-Prydderch")
        dialog.widgets["organisation"].setText("Ashcombe District Council")
        dialog.widgets["phone"].setText("01632 960 777")
        dialog.widgets["email"].setText("elections@ashcombe.gov.example")

    monkeypatch.setattr(RecordDialog, "exec", fill_and_ok(returning_officer))
    qtbot.mouseClick(page.contacts.add_button, Qt.LeftButton)
    added = [c for c in window.controller.snapshot.contacts if c.name == "Nia Rhŷs-Prydderch"]
    assert [(c.role, c.phone, c.constituency_id) for c in added] == [("deputy_returning_officer", "01632 960 777", None)]
    row = next(r for r in page.contacts.model.rows if r.name == "Nia Rhŷs-Prydderch")
    assert (row.role, row.constituency) == ("Deputy returning officer", "Every constituency")

    target = tmp_path / "police.pdf"
    assert window.controller.plan is not None
    from electionplan.services.export import export_pdf

    export_pdf(window.controller.plan, target)
    text = pdf_text(target)
    assert "Nia Rhŷs-Prydderch" in text and "Ashcombe District Council" in text
    # Whom each contact serves is printed: the whole force, or their constituency.
    assert "Serves" in text and "Whole force" in text.split("Nia Rhŷs-Prydderch", 1)[1][:120]

    window.controller.undo_stack.undo()
    assert page.contacts.model.rowCount() == before
    assert not [c for c in window.controller.snapshot.contacts if c.name == "Nia Rhŷs-Prydderch"]


def test_a_new_contact_has_no_role_until_chosen_and_a_bad_number_or_address_is_refused(window, qtbot, monkeypatch):  # noqa: F811
    window.show_page("order")
    page = window.order
    before = len(window.controller.snapshot.contacts)
    seen: dict[str, str] = {}

    def attempts(dialog: RecordDialog):
        ok = dialog.buttons.button(QDialogButtonBox.Ok)
        assert dialog.widgets["role"].currentText() == "Choose a role…"
        dialog.widgets["name"].setText("Sam Okafor")
        ok.click()
        seen["role"] = dialog.errors["role"].text()
        dialog.widgets["role"].setCurrentIndex(dialog.widgets["role"].findText("Corporate communications"))
        dialog.widgets["phone"].setText("call the press office")
        ok.click()
        seen["phone"] = dialog.errors["phone"].text()
        dialog.widgets["phone"].setText("0161 856 2000")
        dialog.widgets["email"].setText("press-office.example")
        ok.click()
        seen["email"] = dialog.errors["email"].text()
        dialog.reject()
        return dialog.result()

    monkeypatch.setattr(RecordDialog, "exec", attempts)
    qtbot.mouseClick(page.contacts.add_button, Qt.LeftButton)
    assert seen["role"] == "Role is required."
    assert seen["phone"] == "Telephone 'call the press office' is not a telephone number such as 0161 872 5050."
    assert seen["email"] == "Email 'press-office.example' is not an email address such as name@force.police.uk."
    assert len(window.controller.snapshot.contacts) == before  # nothing was saved
