"""Deployment within capacity: for each day and shift, where the officers on duty go, and which risks are accepted.

The plan's assessment says what presence each event and station should have;
when a shift cannot field all of it, the solver (risk.deploy_solver) puts the
officers there are where they leave the least risk, weighted by level, and what
goes short is listed with the reason. Party is never an input.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import dataclass

from electionplan.domain.display import plural
from electionplan.domain.plandata import PlanSnapshot
from electionplan.domain.vocab import event_kind_label
from electionplan.risk.demand import SHIFT_ORDER, overlapping_shifts
from electionplan.risk.deploy_solver import (
    REST,
    DeployItem,
    constables_per_sergeant,
    residual,
    solve_shift,
    supervisors,
)
from electionplan.risk.patrol_plan import PatrolRoute, call_signs, patrol_routes, visit_times
from electionplan.risk.patrols import patrol_clusters
from electionplan.risk.results import LEVEL_LABELS, RAG_LABELS, Assessment
from electionplan.risk.routes import polling_windows
from electionplan.risk.ruleset import Ruleset
from electionplan.risk.supervision import NO_SERGEANT_FREE, sergeants_short, waits_for_sergeant

ShiftKey = tuple[dt.date, str]
# Item kinds that are not event kinds.
KIND_LABELS = {"station": "Polling station", "patrol": "Station patrol"}


def item_kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind) or event_kind_label(kind)


def item_level_label(level: str) -> str:
    """An event's level or a station's (or patrol's) RAG, as a reader writes it."""
    return LEVEL_LABELS.get(level) or RAG_LABELS.get(level, level)


@functools.lru_cache(maxsize=1024)  # a national polling day asks it of thousands of patrols alike
def cover_words(officers: int, need: int, unit: int, unit_name: str) -> str:
    """What an item gets, in its units: "1 of 2 PSUs (25 of 50 officers)", "0 of 1 patrol"."""
    if unit <= 1:
        return f"{officers:,} of {plural(need, 'officer')}"
    given, units = officers // unit, need // unit
    return f"{given:,} of {plural(units, unit_name)} ({officers:,} of {need:,} officers)"


@dataclass(frozen=True)
class Patrols:
    """The plan's patrol routes, and the polling hours of each shift they are driven in."""

    routes: dict[str, PatrolRoute]
    windows: dict[ShiftKey, tuple[dt.datetime, dt.datetime]]

    @classmethod
    def of_plan(cls, snapshot: PlanSnapshot, assessment: Assessment, rules: Ruleset) -> Patrols:
        if not assessment.stations:
            return cls({}, {})
        clusters = patrol_clusters(snapshot.stations, assessment.stations, rules)
        return cls(patrol_routes(clusters, snapshot, rules), polling_windows(rules, snapshot.election.polling_day))

    def of(self, item_key: str, shift: ShiftKey, staffed: bool) -> tuple[PatrolRoute | None, tuple[tuple[str, ...], ...]]:
        """A patrol's route, and its visit times this shift when it is out (a patrol left has none to keep)."""
        route, window = self.routes.get(item_key), self.windows.get(shift)
        if route is None or window is None or not staffed:
            return route, ()
        return route, visit_times(route, *window)


@dataclass(frozen=True)
class WhatIf:
    """Changes a commander tries before committing to them: none of them touch the plan."""

    capacity_scale: float = 1.0
    mutual_aid: tuple[tuple[dt.date, str, int], ...] = ()
    shifts: tuple[ShiftKey, ...] = ()  # only these shifts; all when empty


@dataclass(frozen=True)
class Assignment:
    item: str
    kind: str
    level: str
    officers: int
    need: int
    stations: tuple[str, ...] = ()
    key: str = ""  # the item's own key (event-ID, station-ID, patrol-N), unique in the shift
    constituency_id: int | None = None
    unit: int = 1  # officers in one of its units
    unit_name: str = "officer"
    recommended: bool = True  # False: a visit the plan does not recommend, made by officers to spare
    route: PatrolRoute | None = None  # a patrol's stations in visiting order
    arrive: tuple[tuple[str, ...], ...] = ()  # a patrol's visit times at each of its stops, this shift

    @property
    def cover(self) -> str:
        return cover_words(self.officers, self.need, self.unit, self.unit_name)


@dataclass(frozen=True)
class Unmet:
    item: str
    kind: str
    level: str
    officers: int
    need: int
    residual_risk: float
    reason: str
    constituency_id: int | None = None
    stations: tuple[str, ...] = ()  # a patrol's stations, so an accepted risk names them
    unit: int = 1
    unit_name: str = "officer"
    route: PatrolRoute | None = None

    @property
    def cover(self) -> str:
        return cover_words(self.officers, self.need, self.unit, self.unit_name)


@dataclass(frozen=True)
class ShiftDeployment:
    date: dt.date
    shift: str
    capacity: int
    mutual_aid: int
    needed: int
    allocated: int
    assignments: tuple[Assignment, ...]
    unmet: tuple[Unmet, ...]
    residual_risk: float
    status: str
    gap: float
    unvisited: tuple[Unmet, ...] = ()  # patrols the plan does not recommend and the shift could not spare
    capacity_recorded: bool = True
    supervisors: int = 0  # of those allocated, sergeants supervising the rest at the ruleset's ratio
    per_sergeant: int = 0  # the ruleset's ratio: officers to one sergeant (0: none set)
    sergeants_on_duty: int | None = None  # the shift's recorded sergeants, within its officers (None: not recorded)
    sergeants_needed: int = 0  # the sergeants the recommended presence needs at the ratio


    @property
    def sergeants_short(self) -> str:
        """Where the recorded sergeants are fewer than the recommended presence needs, that in words; else ""."""
        return sergeants_short(self.sergeants_needed, self.sergeants_on_duty, self.per_sergeant)


@dataclass(frozen=True)
class Deployment:
    shifts: tuple[ShiftDeployment, ...]
    status: str
    gap: float
    priorities: tuple[str, ...] = ()  # the ruleset's order of priorities, first first
    per_sergeant: int = 0  # the ruleset's supervision ratio (0: none set)

    @property
    def total_residual_risk(self) -> float:
        return float(round(sum(s.residual_risk for s in self.shifts), 3))


def _unit(option: str, need: int, rules: Ruleset) -> tuple[int, str]:
    """The unit a presence goes out in: its size in officers and what a reader calls one."""
    p = rules.presence
    if option == "public_order":
        return int(p.public_order_unit), "PSU"
    if option == "patrol":
        return int(p.patrol_officers), "patrol"
    crew = int(p.dedicated_minimum)  # presence_officers gives a dedicated presence in whole crews
    return (crew, "crew") if crew > 1 and need % crew == 0 else (1, "officer")


def _event_tier(event, rules: Ruleset) -> tuple[str, str]:
    """The tier an event's full presence is filled in, and the tier of its first unit."""
    if event.kind in rules.deployment.always_cover:
        return "count_and_declaration", ""
    if event.flashpoint and event.level == "very_high":
        return "very_high_flashpoints", ""
    if event.flashpoint and event.level == "high":
        return REST, "red_stations_and_high_flashpoint_minimum"
    return REST, ""


def _station_tier(rag: str, recommended: bool) -> str:
    if not recommended:
        return REST
    return {"red": "red_stations_and_high_flashpoint_minimum", "amber": "amber_patrols"}.get(rag, REST)


def event_weight(level: str, score: float, rules: Ruleset) -> float:
    """An event's risk weight: its level's weight, scaled by where its score sits above its band's floor."""
    floor = float(rules.event.bands[level])
    return float(rules.deployment.level_weight[level]) * max(score, floor) / floor


def _event_items(assessment: Assessment, rules: Ruleset) -> dict[ShiftKey, list[DeployItem]]:
    items: dict[ShiftKey, list[DeployItem]] = {}
    for event in assessment.events:
        if not event.presence or event.presence.officers <= 0:
            continue
        unit, unit_name = _unit(event.presence.option, event.presence.officers, rules)
        tier, first = _event_tier(event, rules)
        item = DeployItem(
            key=f"event-{event.id}", kind=event.kind, label=event.name, level=event.level, need=event.presence.officers,
            weight=round(event_weight(event.level, event.score, rules), 6), unit=unit, unit_name=unit_name, tier=tier,
            first_tier=first, constituency_id=event.constituency_id, supervised=event.presence.option != "public_order",
        )
        for key in overlapping_shifts(event.start, event.end, rules):
            items.setdefault(key, []).append(item)
    return items


def _station_items(snapshot: PlanSnapshot, assessment: Assessment, rules: Ruleset) -> list[DeployItem]:
    deploy, presence = rules.deployment, rules.presence
    dedicated = []
    for s in assessment.stations:
        if s.presence and s.presence.option in ("dedicated", "public_order") and s.presence.officers > 0:
            unit, unit_name = _unit(s.presence.option, s.presence.officers, rules)
            if s.presence.option == "dedicated":
                unit, unit_name = s.presence.officers, "officer" if s.presence.officers == 1 else "crew"
            dedicated.append(DeployItem(
                key=f"station-{s.id}", kind="station", label=f"{s.name} (polling station)", level=s.rag,
                need=s.presence.officers, weight=float(deploy.rag_weight[s.rag]), unit=unit, unit_name=unit_name,
                tier=_station_tier(s.rag, True), constituency_id=s.constituency_id,
                supervised=s.presence.option != "public_order"))
    crew = int(presence.patrol_officers)
    clusters = patrol_clusters(snapshot.stations, assessment.stations, rules)
    signs = call_signs(clusters, snapshot)
    patrols = [
        DeployItem(key=c.key, kind="patrol",
                   label=f"{signs[c.key]} · Patrol {c.key.split('-')[1]} ({plural(len(c.station_ids), 'station')})",
                   level=c.rag, need=crew, weight=c.weight, unit=crew, unit_name="patrol",
                   tier=_station_tier(c.rag, c.recommended), recommended=c.recommended, stations=c.station_names,
                   constituency_id=c.constituency_id, supervised=True)
        for c in clusters
    ]
    return dedicated + patrols


def deployment_items(snapshot: PlanSnapshot, assessment: Assessment, rules: Ruleset) -> dict[ShiftKey, list[DeployItem]]:
    """What each shift is asked to cover, in a fixed order."""
    items = _event_items(assessment, rules)
    if assessment.stations:
        p = rules.presence
        day = snapshot.election.polling_day
        opens = dt.datetime.combine(day, dt.time.fromisoformat(p.poll_open))
        closes = dt.datetime.combine(day, dt.time.fromisoformat(p.poll_close))
        stations = _station_items(snapshot, assessment, rules)
        for key in overlapping_shifts(opens, closes, rules):
            items.setdefault(key, []).extend(stations)
    return {key: sorted(found, key=_order) for key, found in items.items()}


def _order(item: DeployItem) -> tuple:
    # Events and stations by name, then patrols by number (Patrol 2 before Patrol 10).
    number = int(item.key.split("-")[1]) if item.kind == "patrol" else 0
    return (item.kind == "patrol", number, item.label, item.key)


# Each priority, as the plan prints it.
TIER_WORDS = {
    "count_and_declaration": "the count and the declaration",
    "very_high_flashpoints": "very high flashpoints, in whole units",
    "red_stations_and_high_flashpoint_minimum": "red polling stations, and a minimum presence (one unit) at each "
                                                "high flashpoint",
    "amber_patrols": "patrols of amber polling stations",
    REST: "everything else, where it leaves the least risk",
}


def priorities_in_words(priorities: tuple[str, ...], per_sergeant: int = 0) -> str:
    """The order of priorities as a sentence: "First, the count and the declaration; second, …".

    With a supervision ratio, a second sentence says how officers are supervised.
    """
    ordinals = ("First", "second", "third", "fourth", "fifth", "sixth")
    words = "; ".join(f"{ordinals[n]}, {TIER_WORDS[t]}" for n, t in enumerate(priorities)) + "."
    if per_sergeant:
        words += (f" Officers deployed outside a PSU go out under a sergeant from the same shift, one sergeant to every "
                  f"{plural(per_sergeant, 'officer')}; a unit is deployed only with its supervision.")
    return words


def _reason(item: DeployItem, total: int, needed: int, recorded: bool, order: tuple[str, ...],
            sergeants_short: str = "", no_sergeant_free: bool = False) -> str:
    if not recorded and total == 0:
        return "No officers are recorded for this shift: set its capacity (Resources) to deploy to it."
    if not item.recommended:
        if no_sergeant_free:  # officers were spare: sergeants, not officers, ran out
            return f"The plan recommends no patrol here, and {NO_SERGEANT_FREE}"
        return "The plan recommends no patrol here, and no officer was spare once the recommended presence was met."
    if no_sergeant_free and not sergeants_short:
        return NO_SERGEANT_FREE[0].upper() + NO_SERGEANT_FREE[1:]
    in_tier = _short_in_tier(item.first_tier if item.first_tier and item.units <= 1 else item.tier, total, needed,
                             order)
    if sergeants_short and item.supervised:  # too few sergeants to supervise it, whatever the officers
        return sergeants_short if total >= needed else f"{sergeants_short} {in_tier}"
    return in_tier


@functools.lru_cache(maxsize=256)  # the same few sentences for every item a short shift leaves
def _short_in_tier(tier: str, total: int, needed: int, order: tuple[str, ...]) -> str:
    before = [TIER_WORDS[t] for t in order[: order.index(tier)]]
    if not before:
        return f"The shift's {total:,} officers are fewer than {TIER_WORDS[tier]} alone need."
    return (f"The shift has {total:,} officers for the {needed:,} the recommended presence needs; they went first to "
            f"{'; then '.join(before)}.")


def deploy_shift(key: ShiftKey, items: list[DeployItem], capacity: int, aid: int, rules: Ruleset,
                 recorded: bool = True, patrols: Patrols | None = None, sergeants: int | None = None) -> ShiftDeployment:
    curve = rules.deployment.cover_curve
    points = tuple(map(tuple, curve))  # the curve as the residual of each item reads it, made once a shift
    order = tuple(rules.deployment.priorities)
    capacity = max(capacity, 0)  # a negative figure in the plan is no officers, not a debt
    total = capacity + aid
    ratio = constables_per_sergeant(rules)
    # Recorded sergeants are among the officers on duty; mutual aid is counted in officers, not ranks.
    sergeants = None if sergeants is None else min(max(sergeants, 0), capacity)
    solved = solve_shift(items, total, curve, order, ratio, sergeants)
    recommended = [i for i in items if i.recommended]
    sergeants_needed = supervisors(recommended, [i.need for i in recommended], ratio)
    needed = sum(i.need for i in recommended) + sergeants_needed
    short_of_sergeants = sergeants_short(sergeants_needed, sergeants, ratio)
    # A short item's reason names only the tiers before it that this shift asks something of.
    asked = {i.tier for i in recommended} | {i.first_tier for i in recommended if i.first_tier}
    asked_order = tuple(t for t in order if t in asked)
    # Officers left over with every recorded sergeant supervising: what stays uncovered waits for a sergeant.
    waits = waits_for_sergeant(items, solved.officers, total - sum(solved.officers), ratio, sergeants)
    assignments, risk = [], 0.0
    unmet: list[Unmet] = []
    unvisited: list[Unmet] = []
    for item, officers in zip(items, solved.officers, strict=True):
        left = residual(item, officers, points)
        risk += left
        # Only a patrol has a route: the rest are not looked for among the plan's thousands.
        route, arrive = patrols.of(item.key, key, officers > 0) if patrols and item.kind == "patrol" else (None, ())
        if officers:
            assignments.append(Assignment(item.label, item.kind, item.level, officers, item.need, item.stations, item.key,
                                          item.constituency_id, item.unit, item.unit_name, item.recommended, route,
                                          arrive))
        # A shortfall in the recommended presence is an accepted risk; a patrol the plan does not recommend,
        # left, still has its (small) risk accounted for.
        short = unmet if item.recommended and officers < item.need else unvisited if left > 0 else None
        if short is not None:
            short.append(Unmet(item.label, item.kind, item.level, officers, item.need, round(left, 3),
                               _reason(item, total, needed, recorded, asked_order, short_of_sergeants,
                                       waits(item)), item.constituency_id,
                               item.stations,
                               item.unit, item.unit_name, route))
    unmet.sort(key=lambda u: (-u.residual_risk, u.item))
    return ShiftDeployment(key[0], key[1], capacity, aid, needed, sum(solved.officers) + solved.supervisors,
                           tuple(assignments), tuple(unmet), round(risk, 3), solved.status, solved.gap, tuple(unvisited),
                           recorded, solved.supervisors, ratio, sergeants, sergeants_needed)


def scaled(officers: int, scale: float) -> int:
    """A shift's officers times a what-if scale, to the nearest officer (a half rounds up)."""
    return int(math.floor(officers * scale + 0.5 + 1e-9))


def deploy_plan(snapshot: PlanSnapshot, assessment: Assessment, rules: Ruleset,
                what_if: WhatIf | None = None) -> Deployment:
    """Every shift's deployment, in date and shift order."""
    what_if = what_if or WhatIf()
    items = deployment_items(snapshot, assessment, rules)
    available = {(c.day, c.shift): int(c.officers) for c in snapshot.capacity}
    ranks = {(c.day, c.shift): int(c.sergeants) for c in snapshot.capacity if c.sergeants is not None}
    aid: dict[ShiftKey, int] = {}
    for day, shift, officers in what_if.mutual_aid:
        aid[(day, shift)] = aid.get((day, shift), 0) + officers
    # Every shift with something to deploy or officers recorded (a quiet day's officers are all spare, and its
    # account says so), and any shift asked about or given aid, even with nothing.
    keys = sorted(set(items) | set(available) | set(aid) | set(what_if.shifts),
                  key=lambda k: (k[0], SHIFT_ORDER.index(k[1])))
    if what_if.shifts:
        keys = [k for k in keys if k in set(what_if.shifts)]
    patrols = Patrols.of_plan(snapshot, assessment, rules)
    shifts = tuple(deploy_shift(k, items.get(k, []), scaled(available.get(k, 0), what_if.capacity_scale), aid.get(k, 0),
                                rules, recorded=k in available, patrols=patrols,
                                sergeants=scaled(ranks[k], what_if.capacity_scale) if k in ranks else None)
                   for k in keys)
    worst = next((s.status for s in shifts if s.status != "Optimal"), "Optimal")
    return Deployment(shifts, worst, max((s.gap for s in shifts), default=0.0),
                      tuple(rules.deployment.priorities), constables_per_sergeant(rules))
