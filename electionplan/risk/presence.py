"""The police presence each event and station calls for, and its officers."""

from __future__ import annotations

import math
from itertools import repeat

from electionplan.domain.display import plural
from electionplan.risk.results import PRESENCE_LABELS, EventResult, Presence, StationResult
from electionplan.risk.ruleset import CREW_SCHEMA, Ruleset

RANK = ("none", "awareness", "patrol", "dedicated", "public_order")
RANK_INDEX = {option: n for n, option in enumerate(RANK)}


def event_presence(event: EventResult, attendance: int, rules: Ruleset, floor: str = "none") -> Presence:
    """The presence an event's level calls for, and at least `floor`: what its most at-risk attending candidate needs."""
    p = rules.presence
    option = p.event_by_level[event.level]
    if RANK_INDEX[floor] > RANK_INDEX[option]:
        option = floor
    crowd = event.kind == "protest" or attendance >= p.public_order_attendance
    if event.flashpoint and crowd:
        option = "public_order"
    elif event.flashpoint and RANK.index(option) < RANK.index("dedicated"):
        # A flashpoint always has officers there, whatever its level maps to.
        option = "dedicated"
    officers = presence_officers(option, attendance, rules)
    return Presence(option, officers, describe(option, officers, rules))


def presence_officers(option: str, attendance: int, rules: Ruleset) -> int:
    p = rules.presence
    if option == "patrol":
        return int(p.patrol_officers)
    if option == "dedicated":
        wanted = math.ceil(attendance / p.attendees_per_officer)
        if rules.written_schema < CREW_SCHEMA:  # as issued revisions were assessed, so they keep their hashes
            return int(max(p.dedicated_minimum, wanted))
        # Dedicated officers go out in crews of the minimum (a double crew): never a lone officer.
        crew = int(p.dedicated_minimum)
        return crew * max(1, math.ceil(wanted / crew))
    if option == "public_order":
        units = max(1, math.ceil(attendance / p.public_order_per_attendance))
        return int(units * p.public_order_unit)
    return 0


def describe(option: str, officers: int, rules: Ruleset) -> str:
    label = PRESENCE_LABELS[option]
    if option == "public_order":
        units = officers // int(rules.presence.public_order_unit)
        return f"{label} ({plural(units, 'PSU')}, {officers} officers)"
    if officers:
        return f"{label} ({plural(officers, 'officer')})"
    return label


def station_presence(station: StationResult, rules: Ruleset) -> Presence:
    return rag_presence(station.rag, rules)


def station_presences(stations: list[StationResult], rules: Ruleset) -> None:
    """Every station's presence, worked out once a rating: a national plan has 40,000 stations and three ratings."""
    by_rag = {rag: rag_presence(rag, rules) for rag in rules.presence.station_by_rag}
    for station in stations:
        known = by_rag[station.rag]
        station.presence = Presence(known.option, known.officers, known.description)


def rag_presence(rag: str, rules: Ruleset) -> Presence:
    p = rules.presence
    option = p.station_by_rag[rag]
    if option == "dedicated":
        officers = int(p.station_dedicated_officers)
    elif option == "public_order":
        officers = int(p.public_order_unit)
    else:
        # Patrol units are shared between stations; demand counts them in aggregate.
        officers = 0
    label = PRESENCE_LABELS[option]
    if option == "patrol":
        description = f"{label} (shared patrol, polling hours)"
    elif officers:
        description = f"{label} ({plural(officers, 'officer')}, polling hours)"
    else:
        description = label
    return Presence(option, officers, description)


def candidate_floors(rules: Ruleset, levels: dict[int, str], candidate_ids_by_event: dict[int, tuple[int, ...]]
                     ) -> dict[int, str]:
    """For each event, the least presence its attending candidates' levels call for (ruleset presence.candidate_floor)."""
    floor = rules.presence.candidate_floor
    rank = {level: RANK_INDEX[option] for level, option in floor.items()}
    rank_of = {candidate_id: rank[level] for candidate_id, level in levels.items()}
    unassessed = rank["low"]
    # One C-level pass a event (map over its candidates), as a national plan has 5,000 events.
    return {event_id: RANK[max(map(rank_of.get, candidate_ids, repeat(unassessed)), default=0)]
            for event_id, candidate_ids in candidate_ids_by_event.items()}
