"""The timeline's lanes and clashes, from the sample plan's real events."""

from __future__ import annotations

import dataclasses
import datetime as dt

from electionplan.services.timeline import clashes, lanes_per_day, place_events, timeline_events
from tests.conftest import AS_AT, assess_stored


def test_overlapping_events_never_share_a_lane(sample_snapshot, rules):
    events = timeline_events(assess_stored(sample_snapshot, rules, AS_AT).events)
    placed = place_events(events)
    assert len(placed) == len(events)
    for a in placed:
        for b in placed:
            if a is not b and a.day == b.day and a.lane == b.lane:
                assert a.event.end <= b.event.start or b.event.end <= a.event.start
    lanes = lanes_per_day(placed)
    assert all(item.lane < lanes[item.day] for item in placed)


def test_a_flashpoint_overlapping_another_event_is_a_clash(sample_snapshot, rules):
    events = timeline_events(assess_stored(sample_snapshot, rules, AS_AT).events)
    flash = next(e for e in events if e.flashpoint)
    quiet = next(e for e in events if not e.flashpoint)
    moved = dataclasses.replace(quiet, start=flash.start + dt.timedelta(minutes=30), end=flash.end + dt.timedelta(hours=1),
                                constituency_id=flash.constituency_id)
    others = [e for e in events if e.id != quiet.id]
    assert (flash.id, quiet.id) in clashes([*others, moved])
    elsewhere = dataclasses.replace(moved, constituency_id=-1)
    assert (flash.id, quiet.id) not in clashes([*others, elsewhere])
