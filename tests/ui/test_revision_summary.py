"""A revision's internal note stays with the police; its summary is what recipients read."""

from __future__ import annotations


def test_the_revision_dialog_takes_a_summary_that_only_it_sends_outside(window, monkeypatch):
    from electionplan.gui.dialogs import RevisionDialog
    from electionplan.services.editions import revision_entries

    def exec_(dialog):
        dialog.note.setPlainText("Okafor threat to kill, WC/26/123999: dedicated officers added")
        dialog.summary.setPlainText("Police presence at two hustings increased")
        dialog._accept()
        return dialog.result()

    monkeypatch.setattr(RevisionDialog, "exec", exec_)
    window.issue_revision()
    police = revision_entries(window.controller.plan, "police")
    outside = revision_entries(window.controller.plan, "returning-officer")
    assert police[-1]["note"].startswith("Okafor threat to kill")
    assert outside[-1]["summary"] == "Police presence at two hustings increased"
    assert "Okafor" not in repr(outside)
