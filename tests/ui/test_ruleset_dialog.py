"""The ruleset read and changed in the app: checked before it is kept, re-assessed at once, undoable."""

from __future__ import annotations

from PySide6.QtCore import Qt

from electionplan.services.assessment import plan_ruleset


def _score(window, name: str) -> float:  # noqa: F811 (the window fixture)
    candidate = next(c for c in window.controller.snapshot.candidates if c.name == name)
    return next(r.score for r in window.controller.assessment.candidates if r.id == candidate.id)


def test_a_force_ruleset_is_typed_checked_kept_and_undone(window, qtbot):  # noqa: F811
    former_mp = "Margaret Ellery-Stone"  # the sample's former MP
    before = _score(window, former_mp)
    dialog = window.edit_ruleset()
    qtbot.addWidget(dialog)
    assert "national default" in dialog.heading.text()
    text = dialog.text.toPlainText()
    assert "former_mp = 18" in text

    # A mistake is named, and nothing is kept.
    dialog.text.setPlainText(text.replace("former_mp = 18", "former_mp = lots"))
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert dialog.isVisible() and "not valid TOML" in dialog.status.text() and "line " in dialog.status.text()
    # A number too large to mean anything would overflow the assessment: named, and refused.
    dialog.text.setPlainText(text.replace("incident_history_days = 730", "incident_history_days = inf"))
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert dialog.isVisible() and "incident_history_days" in dialog.status.text()
    dialog.text.setPlainText(text.replace("former_mp = 18", 'former_mp = "lots"'))
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert dialog.isVisible() and "former_mp" in dialog.status.text()
    assert plan_ruleset(window.controller.plan).source == text

    forced = text.replace("former_mp = 18", "former_mp = 40").replace(
        'name = "National default election policing ruleset"', 'name = "Wyvernshire ruleset"')
    dialog.text.setPlainText(forced)
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert not dialog.isVisible()
    assert plan_ruleset(window.controller.plan).name == "Wyvernshire ruleset"
    assert _score(window, former_mp) == before + 22  # re-assessed at once with the new weight

    window.controller.undo_stack.undo()
    assert plan_ruleset(window.controller.plan).source == text and _score(window, former_mp) == before


def test_the_national_default_button_puts_the_default_back(window, qtbot, cli, sample_plan_path):  # noqa: F811
    dialog = window.edit_ruleset()
    qtbot.addWidget(dialog)
    default = dialog.text.toPlainText()
    dialog.text.setPlainText(default.replace("sitting_mp = 30", "sitting_mp = 31"))
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert plan_ruleset(window.controller.plan).candidate.sitting_mp == 31
    dialog = window.edit_ruleset()
    qtbot.addWidget(dialog)
    assert "force's own copy" in dialog.heading.text()
    qtbot.mouseClick(dialog.default_button, Qt.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert plan_ruleset(window.controller.plan).source == default
