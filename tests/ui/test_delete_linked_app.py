"""Deleting in the app a record others name: the question says what goes with it, and one undo brings back the
record and all that went with it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from electionplan.db import models as m
from electionplan.db.planfile import open_plan_file


def _state(plan_path, candidate_id):
    with open_plan_file(plan_path) as plan, plan.session() as session:
        threats = sorted(session.scalars(select(m.ThreatReport.id).where(m.ThreatReport.candidate_id == candidate_id)))
        events = sorted(session.scalars(select(m.event_candidate.c.event_id)
                                        .where(m.event_candidate.c.candidate_id == candidate_id)))
        incidents = sorted(session.scalars(select(m.Incident.id).where(m.Incident.candidate_id == candidate_id)))
        restricted = session.get(m.Candidate, candidate_id)
        return threats, events, incidents, restricted.intelligence_notes if restricted else None


@pytest.mark.file_store
def test_deleting_a_candidate_names_their_threat_reports_and_undo_brings_them_back(window, window_plan, monkeypatch):
    with open_plan_file(window_plan) as plan, plan.session() as session:
        candidate_id = session.execute(select(m.ThreatReport.candidate_id).where(m.ThreatReport.candidate_id.is_not(
            None)).group_by(m.ThreatReport.candidate_id).order_by(func.count().desc())).scalar()
    row = next(r for r in window.candidates.model.rows if r.id == candidate_id)
    before = _state(window_plan, candidate_id)
    assert len(before[0]) >= 2 and before[1]

    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.No)
    window.delete_record("candidate", candidate_id, row.name)
    assert f"{len(before[0])} threat reports would be deleted with it" in asked[0]
    assert f"{len(before[1])} events" in asked[0] and "would no longer name it" in asked[0]
    assert _state(window_plan, candidate_id) == before  # No: nothing is deleted

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.delete_record("candidate", candidate_id, row.name)
    assert not any(r.id == candidate_id for r in window.candidates.model.rows)
    assert _state(window_plan, candidate_id)[:3] == ([], [], [])

    window.controller.undo_stack.undo()
    assert _state(window_plan, candidate_id) == before  # the reports, the events and incidents naming them, all back
    assert any(r.id == candidate_id for r in window.candidates.model.rows)
    window.controller.undo_stack.redo()
    assert _state(window_plan, candidate_id)[:3] == ([], [], [])


def _spocs(plan_path) -> list[str]:
    with open_plan_file(plan_path) as plan, plan.session() as session:
        return sorted(session.scalars(select(m.Contact.name).where(m.Contact.role == "spoc")))


@pytest.mark.file_store
def test_the_only_spoc_is_kept_in_the_app_until_a_successor_is_added_and_undo_unwinds_the_handover(
        window, window_plan, monkeypatch):
    from electionplan.gui.record_dialog import RecordDialog
    from tests.ui.driving import fill_and_ok

    window.show_page("order")
    [spoc] = _spocs(window_plan)
    row = next(r for r in window.order.contacts.model.rows if r.name == spoc)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: warned.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.order.contacts.delete_requested.emit(row)
    assert warned and "is the plan's only SPOC: add the SPOC who takes over first" in warned[-1]
    assert _spocs(window_plan) == [spoc]

    def successor(dialog: RecordDialog) -> None:
        combo = dialog.widgets["role"]
        combo.setCurrentIndex(combo.findText("Election SPOC"))
        dialog.widgets["name"].setText("Insp K Osei")

    monkeypatch.setattr(RecordDialog, "exec", fill_and_ok(successor))
    window.order.contacts.add_button.click()
    assert _spocs(window_plan) == sorted([spoc, "Insp K Osei"])
    row = next(r for r in window.order.contacts.model.rows if r.name == spoc)
    window.order.contacts.delete_requested.emit(row)
    assert _spocs(window_plan) == ["Insp K Osei"]
    window.controller.undo_stack.undo()  # the old SPOC is back
    assert _spocs(window_plan) == sorted([spoc, "Insp K Osei"])
    window.controller.undo_stack.undo()  # and the successor's adding undone
    assert _spocs(window_plan) == [spoc]
