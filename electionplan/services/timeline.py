"""Events laid out day by day, so clashes show: overlapping events take separate lanes.

Plain data for the timeline view: each event with its day and lane, the lanes
a day needs, and which flashpoints overlap another event in the same
constituency (the clashes a SPOC has to resource at once).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from electionplan.risk.results import EventResult


@dataclass(frozen=True)
class TimelineEvent:
    id: int
    name: str
    start: dt.datetime
    end: dt.datetime
    level: str
    flashpoint: bool
    constituency_id: int | None


@dataclass(frozen=True)
class PlacedEvent:
    event: TimelineEvent
    day: dt.date
    lane: int


def timeline_events(results: Iterable[EventResult]) -> list[TimelineEvent]:
    events = []
    for result in results:
        start, end = result.start, result.end
        events.append(TimelineEvent(result.id, result.name, start, max(end, start + dt.timedelta(minutes=15)),
                                    result.level, result.flashpoint, result.constituency_id))
    return events


def place_events(events: Sequence[TimelineEvent]) -> list[PlacedEvent]:
    """Each event on its start day, in the first lane free when it starts (greedy interval colouring)."""
    by_day: dict[dt.date, list[TimelineEvent]] = defaultdict(list)
    for event in events:
        by_day[event.start.date()].append(event)
    placed = []
    for day in sorted(by_day):
        lane_free_at: list[dt.datetime] = []
        for event in sorted(by_day[day], key=lambda e: (e.start, e.end, e.id)):
            lane = next((n for n, free in enumerate(lane_free_at) if free <= event.start), len(lane_free_at))
            if lane == len(lane_free_at):
                lane_free_at.append(event.end)
            else:
                lane_free_at[lane] = event.end
            placed.append(PlacedEvent(event, day, lane))
    return placed


def lanes_per_day(placed: Iterable[PlacedEvent]) -> dict[dt.date, int]:
    lanes: dict[dt.date, int] = {}
    for item in placed:
        lanes[item.day] = max(lanes.get(item.day, 0), item.lane + 1)
    return lanes


def clashes(events: Sequence[TimelineEvent]) -> list[tuple[int, int]]:
    """Pairs (flashpoint id, other id) that overlap in time in the same constituency."""
    by_seat: dict[int | None, list[TimelineEvent]] = defaultdict(list)
    for event in events:
        by_seat[event.constituency_id].append(event)
    pairs = []
    for seat_events in by_seat.values():
        ordered = sorted(seat_events, key=lambda e: e.start)
        for n, first in enumerate(ordered):
            for second in ordered[n + 1:]:
                if second.start >= first.end:
                    break
                if first.flashpoint or second.flashpoint:
                    flash, other = (first, second) if first.flashpoint else (second, first)
                    pairs.append((flash.id, other.id))
    return pairs
