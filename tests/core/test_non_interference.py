"""Non-interference, proved by pairs: nothing outside the police moves with a candidate's restricted risk.

Each pair is two copies of one plan that differ only in one candidate's
restricted inputs, one kind at a time: a threat report, intelligence, concerns
raised, protective measures, an incident linked to them. Every output that
leaves the police (the returning officer's edition as PDF, JSON, CSV, XLSX and
GeoPackage, whole and for a constituency; `assess`, `diff` and `revisions` in
that edition, so "Changes since" too; every candidate's pack as PDF and JSON)
must be the same for both, byte for byte once creation times and file ids are
set aside, except through the declared channels of `report.editions`. The
channels are held to the first plan's values while the second plan's outputs are
made, so any difference left is a leak. The police's own outputs must differ,
or the pair proved nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from pypdf import PdfReader

from electionplan.db import models as m
from electionplan.db.opening import open_store
from electionplan.services.editing import create_record
from tests.conftest import ok, pdf_text
from tests.core.pairs import (
    EDITION,
    assert_pairs_agree,
    assert_station_reasons_hold,
    differences,
    pair,
    pdf_content,
    pin_declared_channels,
    planted_leaks,
    shared_event_candidate,
)


@pytest.mark.slow
def test_no_output_outside_the_police_moves_with_a_candidates_restricted_inputs(issued_sample, tmp_path,
                                                                                monkeypatch):
    assert_pairs_agree(issued_sample, tmp_path, monkeypatch)


def test_a_planted_dependency_makes_the_pairs_disagree(issued_sample, tmp_path, monkeypatch):
    """The check is not vacuous: an edition that shows every event's level and presence is caught (under the
    calibrated ruleset a shared hustings already has dedicated officers, so its level moves first)."""
    import dataclasses

    from electionplan.report import edition_view as ev

    original = ev.public_event
    monkeypatch.setattr(ev, "public_event", lambda event, channels: dataclasses.replace(
        original(event, channels), presence=event.presence, level=event.level))
    assert "whole pdf" in planted_leaks(issued_sample, tmp_path, monkeypatch)


@pytest.mark.slow
def test_a_flashpoint_a_candidates_threat_makes_moves_no_stations_reasons_outside_the_police(
        issued_sample, tmp_path, monkeypatch):
    """A public polling-day walkabout 194 m from a station becomes a flashpoint only through a threat to the
    candidate at it: no station's reasons outside the police say so, and nothing else moves."""
    with open_store(issued_sample) as plan:
        walkabout = create_record(plan, m.Event, {
            "name": "Polling-day walkabout", "kind": "other", "start": dt.datetime(2027, 1, 21, 11),
            "end": dt.datetime(2027, 1, 21, 13), "venue_id": 6, "constituency_id": 1, "expected_attendance": 300,
            "ticketed": False, "candidate_ids": [6]})
    threatened = tmp_path / "threatened.eplan"
    shutil.copyfile(issued_sample, threatened)
    with open_store(threatened) as plan:
        create_record(plan, m.ThreatReport, {
            "candidate_id": 6, "event_id": walkabout, "reported_on": dt.date(2026, 12, 1), "kind": "Threat to kill",
            "severity": "critical", "summary": "Caller said the walkabout would be attacked."})
    assert_station_reasons_hold(issued_sample, threatened, tmp_path, ["E14099901"], [6], monkeypatch)


def test_the_returning_officers_events_carry_only_public_facts(issued_sample, tmp_path):
    """What a returning officer's JSON holds of each event: no level, score, flashpoint or presence but the count's."""
    import json

    target = tmp_path / "ro.json"
    ok("export", issued_sample, "-o", target, *EDITION)
    data = json.loads(target.read_text())
    events = data["assessment"]["events"]
    assert events and all(e["level"] == "" and e["score"] == 0 and not e["flashpoint"] for e in events)
    assert all(not e["reasons"] and not e["likelihood"] and not e["impact"] for e in events)
    with_presence = {e["kind"] for e in events if e.get("presence")}
    assert with_presence == {"count", "declaration"}
    assert [e["start"] for e in events] == sorted(e["start"] for e in events)  # time order, not risk order
    assert not data["assessment"]["candidates"] and not data["assessment"]["demand"]
    assert all(not e["candidate_ids"] for e in data["plan"]["events"])
    text = ok("assess", issued_sample, *EDITION)  # withheld, not absent: no "Flashpoints (0)", no "No shortfalls"
    assert "uses information that is not shown in this edition" in text and "Verification and count:" in text
    assert "Flashpoints (" not in text and "No shortfalls" not in text and "Officer demand" not in text
    ok("export", issued_sample, "-o", tmp_path / "ro.pdf", *EDITION)
    text = pdf_text(tmp_path / "ro.pdf")
    assert "uses information that is not shown in this edition" in text and "Public events" in text
    shown = ("Top flashpoints", "Flashpoints in", "Risk matrix", "Officer demand against capacity", "Very high",
             "Likelihood and impact are scored")
    assert not any(words in text for words in shown)


def _issue_second_revision(plans: tuple[Path, ...]) -> None:
    """Issue revision 0.2 of each plan, then give every copy the first's issue time, so the plans differ in
    nothing but the candidate's restricted inputs (and what the police derive from them)."""
    for plan in plans:
        ok("revise", plan, "-m", "Second issue")
    db = sqlite3.connect(plans[0])
    try:
        issued = db.execute("SELECT id, issued_at FROM revision").fetchall()
    finally:
        db.close()
    for plan in plans[1:]:
        db = sqlite3.connect(plan)
        try:
            db.executemany("UPDATE revision SET issued_at = ? WHERE id = ?", [(at, i) for i, at in issued])
            db.commit()
        finally:
            db.close()


def revision_outputs(plan: Path, folder: Path) -> dict[str, object]:
    """What a returning officer is given of an issued revision: its edition and sign-off form, the revision list
    and "Changes since" between revisions."""
    folder.mkdir()
    outputs: dict[str, object] = {"revisions": ok("revisions", plan, "--json", *EDITION),
                                  "changes": ok("diff", plan, "0.1", "0.2", "--json", *EDITION)}
    for revision in ("0.2", None):
        chosen = ("--revision", revision) if revision else ()
        target = folder / f"ro-{revision}.pdf"
        ok("export", plan, "-o", target, *EDITION, *chosen)
        outputs[f"pdf {revision}"] = pdf_content(target)  # the sign-off form's binding is among its fields
    return outputs


@pytest.mark.slow
def test_a_revision_issued_after_a_change_moves_nothing_outside_the_police(issued_sample, tmp_path, monkeypatch):
    """A revision's content hash covers the police plan: a returning officer's revision list, document control and
    sign-off form carry none of it, or comparing two issues would tell that a candidate's risk was recorded."""
    candidate, _standing = shared_event_candidate(issued_sample)
    changed = pair(issued_sample, tmp_path, "all of them", candidate)
    _issue_second_revision((issued_sample, changed))
    police = [json.loads(ok("revisions", plan, "--json"))[-1]["content_hash"] for plan in (issued_sample, changed)]
    assert police[0] != police[1]  # the police's own record tells the two issues apart
    expected = revision_outputs(issued_sample, tmp_path / "base-revisions")
    with monkeypatch.context() as pinned:
        pin_declared_channels(pinned, issued_sample)
        found = revision_outputs(changed, tmp_path / "changed-revisions")
    assert differences(expected, found) == []
    # The form still binds what the returning officer was shown, so a review of it is recorded.
    form = tmp_path / "base-revisions" / "ro-0.2.pdf"
    assert "hash=" in str(PdfReader(form).get_fields()["ro_binding"].get("/V"))
