"""After an edit the window's rows are rebuilt reusing what did not change, and equal a fresh build's."""

from __future__ import annotations

from sqlalchemy import select

from electionplan.db import models as m
from electionplan.gui.view_data import build_view_data
from electionplan.risk.engine import Assessor

TABLES = ("constituencies", "stations", "events", "venues", "candidates", "incidents", "flashpoints", "demand",
          "demand_by_day")


def _edit(plan, model, record_id: int, **changes) -> None:
    with plan.session() as session:
        row = session.execute(select(model).where(model.id == record_id)).scalar_one()
        for key, value in changes.items():
            setattr(row, key, value)


def test_a_station_edit_rebuilds_its_row_and_reuses_the_rest(sample_plan):
    assessor = Assessor()
    first = build_view_data(sample_plan, assessor=assessor)
    quiet = next(r for r in first.stations if r.rag == "green")
    _edit(sample_plan, m.PollingStation, quiet.id, intimidation_history=True, concerns="Staff abused in May")
    again = build_view_data(sample_plan, previous=first, assessor=assessor)
    fresh = build_view_data(sample_plan)
    for table in TABLES:
        assert getattr(again, table) == getattr(fresh, table), table
    edited = next(r for r in again.stations if r.id == quiet.id)
    assert edited.rag != "green" and "Staff abused in May" in " ".join(edited.concern_reasons)
    kept = [old is new for old, new in zip(first.stations, again.stations, strict=True)]
    assert kept.count(False) >= 1 and kept.count(True) >= len(kept) - 5  # only the stations the edit moved
    assert again.candidates is first.candidates and again.events is first.events  # nothing they show changed


def test_a_candidate_edit_rebuilds_the_candidates_rows(sample_plan):
    assessor = Assessor()
    first = build_view_data(sample_plan, assessor=assessor)
    row = first.candidates[0]
    _edit(sample_plan, m.Candidate, row.id, police_contact="PC 1234 Example")
    again = build_view_data(sample_plan, previous=first, assessor=assessor)
    assert again.candidates is not first.candidates
    assert again.candidates == build_view_data(sample_plan).candidates
    assert next(r for r in again.candidates if r.id == row.id).police_contact == "PC 1234 Example"


def test_reading_only_the_updated_record_gives_the_plan_a_whole_read_gives(sample_plan):
    from electionplan.db.snapshot import load_snapshot

    assessor = Assessor()
    first = build_view_data(sample_plan, assessor=assessor)
    station = first.snapshot.stations[3]
    _edit(sample_plan, m.PollingStation, station.id, concerns="Parking blocked by a protest last year")
    again = build_view_data(sample_plan, previous=first, assessor=assessor, updated={"stations": frozenset({station.id})})
    fresh = build_view_data(sample_plan)
    assert again.snapshot == fresh.snapshot
    for table in TABLES:
        assert getattr(again, table) == getattr(fresh, table), table
    # A record gone since (a colleague deleted it) is never patched over: the whole plan is read.
    with sample_plan.session() as session:
        whole = load_snapshot(session)
        gone = load_snapshot(session, first.snapshot, {"stations": frozenset({station.id, 10**9})})
    assert gone == whole


def test_a_station_given_another_constituency_by_hand_is_read_alone_and_counted_there(sample_plan):
    assessor = Assessor()
    first = build_view_data(sample_plan, assessor=assessor)
    seats = [c.id for c in first.snapshot.constituencies]
    station = next(s for s in first.snapshot.stations if s.constituency_id is not None)
    target = next((c for c in seats if c != station.constituency_id), None)  # one constituency: set to none
    _edit(sample_plan, m.PollingStation, station.id, constituency_id=target)
    again = build_view_data(sample_plan, previous=first, assessor=assessor, updated={"stations": frozenset({station.id})})
    fresh = build_view_data(sample_plan)
    assert again.snapshot == fresh.snapshot
    for table in TABLES:
        assert getattr(again, table) == getattr(fresh, table), table
    assert next(s for s in again.snapshot.stations if s.id == station.id).constituency_id == target
