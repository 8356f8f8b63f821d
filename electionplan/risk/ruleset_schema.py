"""The ruleset's sections as frozen dataclasses: each setting a typed field carrying its check and, in words, what
it must be, so that reading a ruleset both checks it and gives the engine typed settings.

The fields are declared in the order the checks run, so the first fault a ruleset has is the one named, with its
dotted key, as `section.key is missing; it must be …` or `section.key is invalid; it must be …`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from electionplan.domain.errors import RulesetError

LEVELS = ("low", "medium", "high", "very_high")
PRESENCE_OPTIONS = ("none", "awareness", "patrol", "dedicated", "public_order")
EVENT_KINDS = ("hustings", "count", "declaration", "campaign_visit", "canvassing", "surgery", "protest", "other")
RAGS = ("green", "amber", "red")
# The priorities a short shift is filled in (deployment.priorities), in the national default's order.
TIERS = ("count_and_declaration", "very_high_flashpoints", "red_stations_and_high_flashpoint_minimum",
         "amber_patrols", "the_rest")
PSU_ROLES = ("inspector", "sergeant", "constable", "driver")
SEVERITIES = ("low", "medium", "high", "critical")
SCHEMA_VERSION = 5  # see ruleset.py for what each schema added

Check = Callable[[Any], bool]


def _num(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _non_negative(value) -> bool:
    return _num(value) and value >= 0


def _positive(value) -> bool:
    return _num(value) and value > 0


def _hour(value) -> bool:
    return _whole(value) and 0 <= value <= 23


def _clock(value) -> bool:
    return isinstance(value, str) and re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value) is not None


def _text(value) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _mapping(keys, check) -> Check:
    def test(value) -> bool:
        return isinstance(value, dict) and set(value) == set(keys) and all(check(v) for v in value.values())

    return test


def _list_of(check, length=None) -> Check:
    def test(value) -> bool:
        return isinstance(value, list) and (length is None or len(value) == length) and all(check(v) for v in value)

    return test


def _both(*checks: Check) -> Check:
    return lambda value: all(check(value) for check in checks)


def _bands(value) -> bool:
    if not (isinstance(value, list) and value and all(isinstance(b, list) and len(b) == 2 and all(_non_negative(x) for x in b) for b in value)):
        return False
    starts = [b[0] for b in value]
    return starts == sorted(starts) and starts[0] == 0 and all(1 <= b[1] <= 5 for b in value)


def _increasing_levels(value) -> bool:
    return isinstance(value, dict) and all(_positive(v) for v in value.values()) and list(value.values()) == sorted(value.values())


def _cover_curve(value) -> bool:
    """Points from [0, 0] to [1, 1], rising, each step covering less per officer than the one before."""
    if not (isinstance(value, list) and len(value) >= 2 and all(_list_of(_num, 2)(p) for p in value)):
        return False
    xs, ys = [p[0] for p in value], [p[1] for p in value]
    if value[0] != [0, 0] or xs[-1] != 1 or ys[-1] != 1 or any(b <= a for a, b in zip(xs, xs[1:], strict=False)):
        return False
    slopes = [(y2 - y1) / (x2 - x1) for x1, y1, x2, y2 in zip(xs, ys, xs[1:], ys[1:], strict=False)]
    return all(s >= 0 for s in slopes) and all(b <= a for a, b in zip(slopes, slopes[1:], strict=False))


def setting(check: Check, wanted: str, make: Callable[[Any], Any] | None = None, *, optional: bool = False) -> Any:
    """A ruleset setting: its check, what it must be in words, and how its typed value is made from what was read.

    An optional setting may be left out of its section; it is then None, and the plan works as it did before it."""
    metadata = {"check": check, "wanted": wanted, "make": make}
    return dataclasses.field(default=None, metadata=metadata) if optional else dataclasses.field(metadata=metadata)


def _pairs(value) -> tuple[tuple[Any, Any], ...]:
    return tuple((a, b) for a, b in value)


POINTS = "a number of points, 0 or more"
DAYS = "a number of days above 0"
OFFICERS = "a number of officers above 0"


@dataclass(frozen=True, kw_only=True)
class StandingRisk:
    """A standing risk of the register: likelihood absent and present, impact, and the residual level either way."""

    likelihood: tuple[int, int]
    impact: int
    residual: tuple[str, str]


def _standing_risk_valid(value) -> bool:
    return (
        isinstance(value, dict)
        and set(value) == {"likelihood", "impact", "residual"}
        and _list_of(lambda v: _whole(v) and 1 <= v <= 5, 2)(value["likelihood"])
        and _whole(value["impact"]) and 1 <= value["impact"] <= 5
        and _list_of(lambda v: v in LEVELS, 2)(value["residual"])
    )


def _standing_risk(wanted: str = "likelihood = [absent, present] (1 to 5), impact (1 to 5) and residual = [absent, "
                                 "present] levels") -> Any:
    return setting(_standing_risk_valid, wanted, lambda v: StandingRisk(likelihood=tuple(v["likelihood"]),
                                                                           impact=v["impact"],
                                                                           residual=tuple(v["residual"])))


@dataclass(frozen=True, kw_only=True)
class RouteSettings:
    """How patrol routes are timed: road distance is straight-line distance x circuity, driven at a speed."""

    circuity: Mapping[str, float]  # urban, rural
    speed_kmh: Mapping[str, float]  # urban, rural
    urban_spacing_m: float
    visit_minutes: float
    max_route_km: float


def _route_rules(value) -> bool:
    keys = {"circuity", "speed_kmh", "urban_spacing_m", "visit_minutes", "max_route_km"}
    if not (isinstance(value, dict) and set(value) == keys):
        return False
    pair = ("urban", "rural")
    return (_mapping(pair, lambda v: _num(v) and 1 <= v <= 3)(value["circuity"])
            and _mapping(pair, _positive)(value["speed_kmh"])
            and all(_positive(value[k]) for k in ("urban_spacing_m", "visit_minutes", "max_route_km")))


def _routes(value) -> RouteSettings:
    return RouteSettings(circuity=dict(value["circuity"]), speed_kmh=dict(value["speed_kmh"]),
                         urban_spacing_m=value["urban_spacing_m"], visit_minutes=value["visit_minutes"],
                         max_route_km=value["max_route_km"])


def make_section(cls: type, section: str, data: Mapping[str, Any], may_leave_out: Callable[[str, str], bool]) -> Any:
    """A section's typed settings, each checked in its declared order; the first fault is named by its key."""
    values = {}
    for field in dataclasses.fields(cls):
        check, wanted, make = field.metadata["check"], field.metadata["wanted"], field.metadata["make"]
        if field.name not in data:
            if not may_leave_out(section, field.name):
                raise RulesetError(f"ruleset: {section}.{field.name} is missing; it must be {wanted}")
            continue
        if not check(data[field.name]):
            raise RulesetError(f"ruleset: {section}.{field.name} is invalid; it must be {wanted}")
        raw = data[field.name]
        values[field.name] = make(raw) if make else (tuple(raw) if isinstance(raw, list) else
                                                      dict(raw) if isinstance(raw, dict) else raw)
    unknown = sorted(set(data) - {field.name for field in dataclasses.fields(cls)})
    if unknown:
        raise RulesetError(f"ruleset: {section}.{unknown[0]} is not a known setting")
    return cls(**values)


@dataclass(frozen=True, kw_only=True)
class RulesetMeta:
    name: str = setting(_text, "a non-empty string")
    version: str = setting(_text, "a non-empty string")
    schema: int = setting(lambda v: _whole(v) and 1 <= v <= SCHEMA_VERSION,
                          "the ruleset schema it was written for, from 1 to this version's "
                          "(a higher one needs a newer electionplan)")


@dataclass(frozen=True, kw_only=True)
class CandidateRules:
    sitting_mp: float = setting(_non_negative, POINTS)
    former_mp: float = setting(_non_negative, POINTS)
    prominence: tuple[float, ...] = setting(_list_of(_non_negative, 4),
                                            "a list of 4 point values (none, local, regional, national)")
    intelligence: float = setting(_non_negative, POINTS)
    concerns_raised: float = setting(_non_negative, POINTS)
    threat_severity: Mapping[str, float] = setting(_mapping(SEVERITIES, _non_negative),
                                                   "points for low, medium, high and critical")
    threat_half_life_days: float = setting(_positive, DAYS)
    threat_cap: float = setting(_non_negative, POINTS)
    recent_incident: float = setting(_non_negative, POINTS)
    recent_incident_cap: float = setting(_non_negative, POINTS)
    protective_measure: float = setting(lambda v: _num(v) and v <= 0, "a number of points, 0 or less")
    protective_measures_cap: float = setting(lambda v: _num(v) and v <= 0, "a number of points, 0 or less")
    levels: Mapping[str, float] = setting(_both(_mapping(("medium", "high", "very_high"), _positive), _increasing_levels),
                                          "thresholds for medium, high and very_high, in increasing order")
    briefing_offered_min_pct: float = setting(lambda v: _num(v) and 0 <= v <= 100, "a percentage from 0 to 100")


_SEVERITY_POINTS = _mapping(SEVERITIES, _non_negative)


@dataclass(frozen=True, kw_only=True)
class EventRules:
    radius_m: float = setting(_positive, "a distance in metres above 0")
    base_likelihood: Mapping[str, float] = setting(_mapping(EVENT_KINDS, lambda v: _num(v) and 1 <= v <= 5),
                                                   "a likelihood of 1 to 5 for every event kind")
    candidate_level: Mapping[str, float] = setting(_mapping(LEVELS, _non_negative),
                                                   "points for low, medium, high and very_high")
    contentious_topic: float = setting(_non_negative, POINTS)
    contentious_topics: tuple[str, ...] = setting(_list_of(_text), "a list of topic words")
    earlier_incident: float = setting(_non_negative, POINTS)
    earlier_incident_nearby: float = setting(_non_negative, POINTS)
    incident_history_days: float = setting(_positive, DAYS)
    protest_nearby: float = setting(_non_negative, POINTS)
    public_unticketed: float = setting(_non_negative, POINTS)
    outdoor: float = setting(_non_negative, POINTS)
    late_evening_hour: int = setting(_hour, "an hour from 0 to 23")
    late_evening: float = setting(_non_negative, POINTS)
    short_notice_hours: float = setting(_positive, "a number of hours above 0")
    short_notice: float = setting(_non_negative, POINTS)
    recent_incident: float = setting(_non_negative, POINTS)
    incident_window_days: float = setting(_positive, DAYS)
    attendance_bands: tuple[tuple[float, float], ...] = setting(
        _bands, "a list of [attendance, impact] pairs starting at 0, impact 1 to 5", _pairs)
    named_threat: Mapping[str, float] = setting(_SEVERITY_POINTS, "likelihood points for a low, medium, high and "
                                                "critical threat naming the event, its venue or its dates")
    named_threat_impact: Mapping[str, float] = setting(
        _SEVERITY_POINTS, "impact points for the most serious threat naming the event (low to critical)")
    attending_threat: Mapping[str, float] = setting(_SEVERITY_POINTS, "likelihood points for a recent low, medium, "
                                                    "high and critical threat against an attending candidate")
    attending_threat_days: float = setting(_positive, DAYS)
    high_risk_candidate: float = setting(_non_negative, POINTS)
    high_risk_candidate_cap: float = setting(_non_negative, POINTS)
    high_profile_kinds: tuple[str, ...] = setting(_list_of(lambda v: v in EVENT_KINDS),
                                                  f"a list of event kinds ({', '.join(EVENT_KINDS)})")
    high_profile: float = setting(_non_negative, POINTS)
    bands: Mapping[str, float] = setting(
        _both(_mapping(LEVELS, lambda x: _num(x) and 1 <= x <= 25), _increasing_levels, lambda v: v["low"] == 1),
        "score thresholds for low (1), medium, high and very_high, increasing, within 1 to 25")
    flashpoint_threshold: float = setting(lambda v: _num(v) and 1 <= v <= 25, "a score from 1 to 25")


@dataclass(frozen=True, kw_only=True)
class StationRules:
    radius_m: float = setting(_positive, "a distance in metres above 0")
    intimidation_history: float = setting(_non_negative, POINTS)
    flashpoint_nearby: float = setting(_non_negative, POINTS)
    large_electorate: float = setting(_positive, "an electorate above 0")
    large_electorate_points: float = setting(_non_negative, POINTS)
    concerns: float = setting(_non_negative, POINTS)
    earlier_incident: float = setting(_non_negative, POINTS)
    amber_at: float = setting(_positive, "a number of points above 0")
    red_at: float = setting(_positive, "a number of points above 0")


_PRESENCES = ", ".join(PRESENCE_OPTIONS)


@dataclass(frozen=True, kw_only=True)
class PresenceRules:
    event_by_level: Mapping[str, str] = setting(_mapping(LEVELS, lambda v: v in PRESENCE_OPTIONS),
                                                f"a presence ({_PRESENCES}) for each level")
    candidate_floor: Mapping[str, str] = setting(_mapping(LEVELS, lambda v: v in PRESENCE_OPTIONS),
                                                 f"the least presence ({_PRESENCES}) at an event a candidate of each "
                                                 "level attends")
    station_by_rag: Mapping[str, str] = setting(_mapping(RAGS, lambda v: v in PRESENCE_OPTIONS),
                                                f"a presence ({_PRESENCES}) for green, amber and red")
    public_order_attendance: float = setting(_positive, "an attendance above 0")
    patrol_officers: float = setting(_positive, OFFICERS)
    stations_per_patrol: float = setting(_positive, "a number of stations above 0")
    attendees_per_officer: float = setting(_positive, "a number of people above 0")
    dedicated_minimum: float = setting(_positive, OFFICERS)
    station_dedicated_officers: float = setting(_positive, OFFICERS)
    public_order_unit: float = setting(_positive, OFFICERS)
    public_order_per_attendance: float = setting(_positive, "an attendance above 0")
    poll_open: str = setting(_clock, "a time such as 07:00")
    poll_close: str = setting(_clock, "a time such as 22:00")


@dataclass(frozen=True, kw_only=True)
class RegisterRules:
    presence_lowers_by: int = setting(lambda v: _whole(v) and 0 <= v <= 3, "a number of bands from 0 to 3")
    lowering_presence: tuple[str, ...] = setting(_list_of(lambda v: v in PRESENCE_OPTIONS),
                                                 f"a list of presences ({_PRESENCES})")
    shortfalls_listed: int = setting(lambda v: _whole(v) and v >= 1, "a whole number of 1 or more")
    station_intimidation: StandingRisk = _standing_risk()
    candidate_harm: StandingRisk = _standing_risk()
    officer_shortfall: StandingRisk = _standing_risk()

    def standing(self, key: str) -> StandingRisk:
        return getattr(self, key)


@dataclass(frozen=True, kw_only=True)
class DeploymentRules:
    level_weight: Mapping[str, float] = setting(_both(_mapping(LEVELS, _positive), _increasing_levels),
                                                "a weight above 0 for low, medium, high and very_high, in increasing "
                                                "order")
    rag_weight: Mapping[str, float] = setting(_both(_mapping(RAGS, _positive), _increasing_levels),
                                              "a weight above 0 for green, amber and red, in increasing order")
    cover_curve: tuple[tuple[float, float], ...] = setting(
        _cover_curve, "a list of [share of the recommended officers, share of the risk covered] pairs from [0, 0] "
                      "to [1, 1], each step covering less than the one before", _pairs)
    visits_by_rag: Mapping[str, int] = setting(_mapping(RAGS, lambda v: _whole(v) and v >= 1),
                                               "patrol visits per shift for green, amber and red stations, 1 or more")
    visits_per_patrol: int = setting(lambda v: _whole(v) and v >= 1,
                                     "the station visits one patrol makes in a shift, 1 or more")
    always_cover: tuple[str, ...] = setting(_list_of(lambda v: v in EVENT_KINDS),
                                            f"a list of event kinds ({', '.join(EVENT_KINDS)})")
    priorities: tuple[str, ...] = setting(
        lambda v: isinstance(v, list) and sorted(map(str, v)) == sorted(TIERS) and len(v) == len(TIERS),
        f"each of {', '.join(TIERS)} once, in the order a short shift is filled")
    psu: Mapping[str, int] = setting(_mapping(PSU_ROLES, lambda v: _whole(v) and v >= 0),
                                     "the officers of each rank in one PSU: inspector, sergeant, constable and driver, "
                                     "whole numbers adding up to presence.public_order_unit")
    routes: RouteSettings = setting(_route_rules, "a table of circuity (urban and rural, 1 to 3), speed_kmh (urban "
                                    "and rural, above 0), urban_spacing_m, visit_minutes and max_route_km (each above "
                                    "0)", _routes)
    # Optional: without a supervision ratio the deployment is as it was before the setting existed.
    constables_per_sergeant: float | None = setting(lambda v: _num(v) and v == int(v) and 1 <= v <= 100,
                                                    "a whole number from 1 to 100", optional=True)
    beyond_recommended: float = setting(lambda v: _num(v) and 0 <= v <= 1,
                                        "the share of a station's weight a patrol visit the plan does not recommend "
                                        "is worth, 0 to 1")


@dataclass(frozen=True, kw_only=True)
class ShiftRules:
    early: tuple[str, str] = setting(_list_of(_clock, 2), 'a start and end time, such as ["07:00", "15:00"]')
    late: tuple[str, str] = setting(_list_of(_clock, 2), 'a start and end time, such as ["15:00", "23:00"]')
    night: tuple[str, str] = setting(_list_of(_clock, 2), 'a start and end time, such as ["23:00", "07:00"]')

    def times(self, shift: str) -> tuple[str, str]:
        """A shift's start and end, by its name (early, late or night)."""
        return getattr(self, shift)


@dataclass(frozen=True, kw_only=True)
class ReportRules:
    """An optional section: a ruleset that leaves it out reads at its own schema (see ruleset_optional.py)."""

    rows_in_full: int | None = setting(lambda v: _whole(v) and v >= 0, "the polling stations up to which the plan "
                                       "PDF prints every row, a whole number, 0 or more", optional=True)


def _metres(value) -> bool:
    return _num(value) and 0 < value <= 1_000_000


@dataclass(frozen=True, kw_only=True)
class RvpRules:
    """An optional section: the distances a count's RVP is checked at; left out, the code's defaults
    (see ruleset_optional.py)."""

    nearest_m: float | None = setting(_metres, "the metres from its count venue within which an RVP is at the "
                                      "venue itself, more than 0", optional=True)
    farthest_m: float | None = setting(_metres, "the metres from its count venue beyond which an RVP is too far "
                                       "away, more than 0", optional=True)


# Every section a ruleset must have, in the order they are checked, then those it may leave out.
SECTIONS: dict[str, type] = {
    "ruleset": RulesetMeta, "candidate": CandidateRules, "event": EventRules, "station": StationRules,
    "presence": PresenceRules, "register": RegisterRules, "deployment": DeploymentRules, "shifts": ShiftRules,
}
OPTIONAL_SECTIONS: dict[str, type] = {"report": ReportRules, "rvp": RvpRules}
