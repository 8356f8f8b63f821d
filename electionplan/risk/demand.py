"""Officer demand per day and shift, set against the capacity in the plan."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

from electionplan.domain.plandata import PlanSnapshot
from electionplan.risk.deploy_solver import constables_per_sergeant
from electionplan.risk.results import DemandRow, EventResult, StationResult
from electionplan.risk.ruleset import DEPLOYMENT_SCHEMA, Ruleset
from electionplan.risk.shifts import SHIFT_ORDER, overlapping_shifts, shift_windows  # noqa: F401 (used by others)


def _patrol_officers(snapshot: PlanSnapshot, stations: list[StationResult], patrolled: int, rules: Ruleset) -> int:
    """Officers the recommended station patrols need on a polling-day shift.

    A ruleset that plans deployments (schema 3 on) counts the same patrol
    clusters the deployment staffs, so the demand and the deployment agree; an
    older ruleset (an earlier revision's) keeps the count it was issued with.
    """
    p = rules.presence
    if rules.written_schema < DEPLOYMENT_SCHEMA:
        return math.ceil(patrolled / p.stations_per_patrol) * int(p.patrol_officers)
    from electionplan.risk.patrols import recommended_patrols

    return recommended_patrols(snapshot.stations, stations, rules) * int(p.patrol_officers)


def total_demand(
    snapshot: PlanSnapshot, events: list[EventResult], stations: list[StationResult], rules: Ruleset
) -> list[DemandRow]:
    required: dict[tuple[dt.date, str], int] = defaultdict(int)
    contributors: dict[tuple[dt.date, str], list[str]] = defaultdict(list)
    watched: dict[tuple[dt.date, str], int] = defaultdict(int)  # officers a sergeant of the shift supervises
    for event in events:
        if event.presence and event.presence.officers:
            for key in overlapping_shifts(event.start, event.end, rules):
                required[key] += event.presence.officers
                if event.presence.option != "public_order":  # a PSU brings its own sergeants
                    watched[key] += event.presence.officers
                contributors[key].append(f"{event.name} ({event.presence.officers})")

    if stations:
        polling_day = snapshot.election.polling_day
        p = rules.presence
        opens = dt.datetime.combine(polling_day, dt.time.fromisoformat(p.poll_open))
        closes = dt.datetime.combine(polling_day, dt.time.fromisoformat(p.poll_close))
        dedicated = sum(s.presence.officers for s in stations if s.presence)
        unsupervised = sum(s.presence.officers for s in stations if s.presence and s.presence.option == "public_order")
        patrolled = sum(1 for s in stations if s.presence and s.presence.option == "patrol")
        patrol_officers = _patrol_officers(snapshot, stations, patrolled, rules)
        for key in overlapping_shifts(opens, closes, rules):
            watched[key] += dedicated - unsupervised + patrol_officers
            if dedicated:
                required[key] += dedicated
                contributors[key].append(f"Polling stations, dedicated ({dedicated})")
            if patrol_officers:
                required[key] += patrol_officers
                contributors[key].append(f"Polling stations, patrol visits to {patrolled} ({patrol_officers})")

    _supervision(required, contributors, watched, constables_per_sergeant(rules))
    available = {(c.day, c.shift): int(c.officers) for c in snapshot.capacity}
    keys = sorted(set(required) | set(available), key=lambda k: (k[0], SHIFT_ORDER.index(k[1])))
    return [
        DemandRow(
            date=day,
            shift=shift,
            officers_required=required.get((day, shift), 0),
            officers_available=available.get((day, shift), 0),
            contributors=contributors.get((day, shift), []),
        )
        for day, shift in keys
    ]


def _supervision(required: dict, contributors: dict, watched: dict, per_sergeant: int) -> None:
    """The sergeants each shift needs to supervise its officers, where the ruleset sets a ratio."""
    if per_sergeant <= 0:
        return
    for key, officers in watched.items():
        sergeants = -(-officers // per_sergeant)
        if sergeants:
            required[key] += sergeants
            contributors[key].append(f"Sergeants to supervise, one to every {per_sergeant} ({sergeants})")
