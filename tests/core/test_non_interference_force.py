"""Non-interference at force scale: pairs of a 75-seat force plan, above the ruleset's size so its PDFs carry
companion files, give the same outputs outside the police (see test_non_interference.py)."""

from __future__ import annotations

import pytest

from tests.core.pairs import RESTRICTED_CHANGES, assert_pair_agrees, planted_leaks


@pytest.mark.slow
@pytest.mark.parametrize("kind", tuple(RESTRICTED_CHANGES))
def test_the_pairs_agree_on_a_75_seat_force_plan(force_baseline, kind, tmp_path, monkeypatch):
    assert_pair_agrees(force_baseline, tmp_path, kind, monkeypatch)


def test_the_force_pairs_compare_the_companion_files(force_baseline):
    """Above the ruleset's size the PDF names companion files, and the pairs compare those files too."""
    assert {"whole pdf companion .xlsx", "whole pdf companion .gpkg"} <= set(force_baseline.outside)


@pytest.mark.slow
def test_a_planted_dependency_makes_the_75_seat_pairs_disagree(force_baseline, tmp_path, monkeypatch):
    """At force scale too: an edition that shows the police presence at every public event is caught."""
    import dataclasses

    from electionplan.report import edition_view as ev

    original = ev.public_event
    monkeypatch.setattr(ev, "public_event", lambda event, channels: dataclasses.replace(
        original(event, channels), presence=event.presence))
    leaks = planted_leaks(force_baseline.plan, tmp_path, monkeypatch)
    # Above the ruleset's size the PDF lists events by exception; every event is in the data beside it.
    assert {"whole pdf companion .xlsx", "whole pdf companion .gpkg"} <= set(leaks)
