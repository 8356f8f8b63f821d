"""The "why" panes for candidates, stations and flashpoints, shown in the real widget."""

from __future__ import annotations

import dataclasses

from electionplan.gui.detail_pane import DetailPane
from electionplan.services.assessment import assess_plan_file
from electionplan.services.explain import explain_candidate, explain_event, explain_station


def test_candidate_pane_lists_every_factor_threat_and_the_briefing(qtbot, sample_plan):
    assessed = assess_plan_file(sample_plan)
    snapshot, assessment = assessed.snapshot, assessed.assessment
    result = max(assessment.candidates, key=lambda c: c.score)
    record = next(c for c in snapshot.candidates if c.id == result.id)
    threats = [t for t in snapshot.threat_reports if t.candidate_id == result.id]
    pane = DetailPane("Candidate details")
    qtbot.addWidget(pane)
    pane.resize(420, 600)
    pane.show()
    assert "Select a row" in pane.toPlainText()
    pane.show_explanation(explain_candidate(result, record, threats))
    text = pane.toPlainText()
    for factor in result.factors:
        assert factor.reason in text
    for threat in threats:
        assert threat.kind in text
    assert f"Score {result.score:g}" in text and "Briefing offered" in text
    assert pane.accessibleName() == "Candidate details"
    assert result.name in pane.accessibleDescription()


def test_station_and_flashpoint_panes_show_reasons_and_the_arithmetic(qtbot, sample_plan):
    assessed = assess_plan_file(sample_plan)
    snapshot, assessment = assessed.snapshot, assessed.assessment
    pane = DetailPane("Station details")
    qtbot.addWidget(pane)
    station = next(s for s in assessment.stations if s.rag == "red")
    record = next(s for s in snapshot.stations if s.id == station.id)
    pane.show_explanation(explain_station(station, record))
    assert all(f.reason in pane.toPlainText() for f in station.factors)
    assert "Red" in pane.toPlainText()
    event = assessment.flashpoints[0]
    pane.show_explanation(explain_event(event, "Town Hall"))
    assert f"Likelihood {event.likelihood} × impact {event.impact} = {event.score}" in pane.toPlainText()
    assert all(f.reason in pane.toPlainText() for f in event.likelihood_factors + event.impact_factors)


def test_names_are_shown_as_text_not_markup(qtbot, sample_plan):
    assessed = assess_plan_file(sample_plan)
    event = dataclasses.replace(assessed.assessment.flashpoints[0], name="<b>Hustings</b> & debate")
    pane = DetailPane()
    qtbot.addWidget(pane)
    pane.show_explanation(explain_event(event))
    assert "<b>Hustings</b> & debate" in pane.toPlainText()


def test_a_flashpoint_named_in_markup_is_shown_as_its_text(qtbot):
    from electionplan.gui.pages import FlashpointsPage
    from electionplan.gui.rows import FlashpointRow

    page = FlashpointsPage()
    qtbot.addWidget(page)
    page.show_reasons(FlashpointRow(id=1, rank=1, name="<b>Rally</b><img src='x'>", when="09/01/2027 11:00",
                                    venue="<i>Square</i>", level="very_high", score=20, likelihood=4, impact=5,
                                    presence="Dedicated officers", venue_id=None, reasons=("<a href='x'>click</a>",)))
    shown = page.reasons.toPlainText()
    assert "<b>Rally</b><img src='x'>" in shown and "<i>Square</i>" in shown and "<a href='x'>click</a>" in shown
    assert "Risk 20 = likelihood 4 × impact 5" in shown
