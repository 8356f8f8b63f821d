"""The versioned TOML ruleset that every assessment follows.

A ruleset is checked in full on load: a missing key, an unknown key or a value
of the wrong kind fails with the key's dotted path and the reason, so a force
editing its own copy knows exactly what to fix.
"""

from __future__ import annotations

import hashlib
import math
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from electionplan.domain.errors import RulesetError
from electionplan.domain.validation import FILE_TEXT_CHARS
from electionplan.risk.ruleset_optional import OPTIONAL, may_leave_out, merge_missing, rvp_distances
from electionplan.system.paths import resources_dir

LEVELS = ("low", "medium", "high", "very_high")
PRESENCE_OPTIONS = ("none", "awareness", "patrol", "dedicated", "public_order")
EVENT_KINDS = ("hustings", "count", "declaration", "campaign_visit", "canvassing", "surgery", "protest", "other")
RAGS = ("green", "amber", "red")
# The priorities a short shift is filled in (deployment.priorities), in the national default's order.
TIERS = ("count_and_declaration", "very_high_flashpoints", "red_stations_and_high_flashpoint_minimum",
         "amber_patrols", "the_rest")
PSU_ROLES = ("inspector", "sergeant", "constable", "driver")
# The shape of rulesets this version reads. 1: the first rulesets (no `schema`
# key); 2: the [register] section and the `schema` key; 3: the [deployment]
# section; 4: deployment priorities and the PSU's make-up; threats that name an
# event, a venue or dates, attending candidates' threats, and the presence an
# attending candidate's level needs; 5: the share of candidates offered a
# briefing below which the national view flags a force. A ruleset written for
# an earlier schema is upgraded as it is read (see _upgrade).
SCHEMA_VERSION = 5
DEPLOYMENT_SCHEMA = 3  # the first schema whose rulesets plan deployments
CREW_SCHEMA = 4  # the first whose dedicated presences are whole crews of the dedicated minimum
THREAT_TARGET_SCHEMA = 4  # the first schema whose rulesets weigh threats at events
SEVERITIES = ("low", "medium", "high", "critical")
# What a ruleset written before THREAT_TARGET_SCHEMA means by the settings it
# added that change how existing plans are assessed: nothing, so a force's older
# ruleset, and every revision issued under one, assesses exactly as it did. A
# threat naming an event is new data, so it takes the national default's weights.
BEFORE_THREAT_TARGETS = {
    "event": {"attending_threat": dict.fromkeys(SEVERITIES, 0)},
    "presence": {"candidate_floor": dict.fromkeys(LEVELS, "none")},
}


def default_ruleset_path() -> Path:
    return resources_dir() / "rulesets" / "national-default.toml"


def _num(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _non_negative(value) -> bool:
    return _num(value) and value >= 0


def _positive(value) -> bool:
    return _num(value) and value > 0


def _hour(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 23


def _clock(value) -> bool:
    return isinstance(value, str) and re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value) is not None


def _mapping(keys, check) -> Callable[[Any], bool]:
    def test(value) -> bool:
        return isinstance(value, dict) and set(value) == set(keys) and all(check(v) for v in value.values())

    test.keys = keys  # type: ignore[attr-defined]
    return test


def _list_of(check, length=None) -> Callable[[Any], bool]:
    def test(value) -> bool:
        return (
            isinstance(value, list)
            and (length is None or len(value) == length)
            and all(check(v) for v in value)
        )

    return test


def _bands(value) -> bool:
    if not (isinstance(value, list) and value and all(isinstance(b, list) and len(b) == 2 and all(_non_negative(x) for x in b) for b in value)):
        return False
    starts = [b[0] for b in value]
    return starts == sorted(starts) and starts[0] == 0 and all(1 <= b[1] <= 5 for b in value)


def _standing_risk(value) -> bool:
    return (
        isinstance(value, dict)
        and set(value) == {"likelihood", "impact", "residual"}
        and _list_of(lambda v: isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 5, 2)(value["likelihood"])
        and isinstance(value["impact"], int) and not isinstance(value["impact"], bool) and 1 <= value["impact"] <= 5
        and _list_of(lambda v: v in LEVELS, 2)(value["residual"])
    )


STANDING_RISK = "likelihood = [absent, present] (1 to 5), impact (1 to 5) and residual = [absent, present] levels"


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


def _route_rules(value) -> bool:
    """How patrol routes are timed: road distance is straight-line distance x circuity, driven at a speed."""
    keys = {"circuity", "speed_kmh", "urban_spacing_m", "visit_minutes", "max_route_km"}
    if not (isinstance(value, dict) and set(value) == keys):
        return False
    pair = ("urban", "rural")
    return (_mapping(pair, lambda v: _num(v) and 1 <= v <= 3)(value["circuity"])
            and _mapping(pair, _positive)(value["speed_kmh"])
            and all(_positive(value[k]) for k in ("urban_spacing_m", "visit_minutes", "max_route_km")))


# The shape of a ruleset: each key's check and what it must be, in words.
SCHEMA: dict[str, dict[str, tuple[Callable[[Any], bool], str]]] = {
    "ruleset": {
        "name": (lambda v: isinstance(v, str) and v.strip() != "", "a non-empty string"),
        "version": (lambda v: isinstance(v, str) and v.strip() != "", "a non-empty string"),
        "schema": (lambda v: isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= SCHEMA_VERSION,
                   "the ruleset schema it was written for, from 1 to this version's "
                   "(a higher one needs a newer electionplan)"),
    },
    "candidate": {
        "sitting_mp": (_non_negative, "a number of points, 0 or more"),
        "former_mp": (_non_negative, "a number of points, 0 or more"),
        "prominence": (_list_of(_non_negative, 4), "a list of 4 point values (none, local, regional, national)"),
        "intelligence": (_non_negative, "a number of points, 0 or more"),
        "concerns_raised": (_non_negative, "a number of points, 0 or more"),
        "threat_severity": (_mapping(("low", "medium", "high", "critical"), _non_negative), "points for low, medium, high and critical"),
        "threat_half_life_days": (_positive, "a number of days above 0"),
        "threat_cap": (_non_negative, "a number of points, 0 or more"),
        "recent_incident": (_non_negative, "a number of points, 0 or more"),
        "recent_incident_cap": (_non_negative, "a number of points, 0 or more"),
        "protective_measure": (lambda v: _num(v) and v <= 0, "a number of points, 0 or less"),
        "protective_measures_cap": (lambda v: _num(v) and v <= 0, "a number of points, 0 or less"),
        "levels": (
            lambda v: _mapping(("medium", "high", "very_high"), _positive)(v) and _increasing_levels(v),
            "thresholds for medium, high and very_high, in increasing order",
        ),
        "briefing_offered_min_pct": (lambda v: _num(v) and 0 <= v <= 100, "a percentage from 0 to 100"),
    },
    "event": {
        "radius_m": (_positive, "a distance in metres above 0"),
        "base_likelihood": (_mapping(EVENT_KINDS, lambda v: _num(v) and 1 <= v <= 5), "a likelihood of 1 to 5 for every event kind"),
        "candidate_level": (_mapping(LEVELS, _non_negative), "points for low, medium, high and very_high"),
        "contentious_topic": (_non_negative, "a number of points, 0 or more"),
        "contentious_topics": (_list_of(lambda v: isinstance(v, str) and v.strip() != ""), "a list of topic words"),
        "earlier_incident": (_non_negative, "a number of points, 0 or more"),
        "earlier_incident_nearby": (_non_negative, "a number of points, 0 or more"),
        "incident_history_days": (_positive, "a number of days above 0"),
        "protest_nearby": (_non_negative, "a number of points, 0 or more"),
        "public_unticketed": (_non_negative, "a number of points, 0 or more"),
        "outdoor": (_non_negative, "a number of points, 0 or more"),
        "late_evening_hour": (_hour, "an hour from 0 to 23"),
        "late_evening": (_non_negative, "a number of points, 0 or more"),
        "short_notice_hours": (_positive, "a number of hours above 0"),
        "short_notice": (_non_negative, "a number of points, 0 or more"),
        "recent_incident": (_non_negative, "a number of points, 0 or more"),
        "incident_window_days": (_positive, "a number of days above 0"),
        "attendance_bands": (_bands, "a list of [attendance, impact] pairs starting at 0, impact 1 to 5"),
        "named_threat": (_mapping(SEVERITIES, _non_negative),
                         "likelihood points for a low, medium, high and critical threat naming the event, its venue "
                         "or its dates"),
        "named_threat_impact": (_mapping(SEVERITIES, _non_negative),
                                "impact points for the most serious threat naming the event (low to critical)"),
        "attending_threat": (_mapping(SEVERITIES, _non_negative),
                             "likelihood points for a recent low, medium, high and critical threat against an "
                             "attending candidate"),
        "attending_threat_days": (_positive, "a number of days above 0"),
        "high_risk_candidate": (_non_negative, "a number of points, 0 or more"),
        "high_risk_candidate_cap": (_non_negative, "a number of points, 0 or more"),
        "high_profile_kinds": (_list_of(lambda v: v in EVENT_KINDS), f"a list of event kinds ({', '.join(EVENT_KINDS)})"),
        "high_profile": (_non_negative, "a number of points, 0 or more"),
        "bands": (
            lambda v: _mapping(LEVELS, lambda x: _num(x) and 1 <= x <= 25)(v) and _increasing_levels(v) and v["low"] == 1,
            "score thresholds for low (1), medium, high and very_high, increasing, within 1 to 25",
        ),
        "flashpoint_threshold": (lambda v: _num(v) and 1 <= v <= 25, "a score from 1 to 25"),
    },
    "station": {
        "radius_m": (_positive, "a distance in metres above 0"),
        "intimidation_history": (_non_negative, "a number of points, 0 or more"),
        "flashpoint_nearby": (_non_negative, "a number of points, 0 or more"),
        "large_electorate": (_positive, "an electorate above 0"),
        "large_electorate_points": (_non_negative, "a number of points, 0 or more"),
        "concerns": (_non_negative, "a number of points, 0 or more"),
        "earlier_incident": (_non_negative, "a number of points, 0 or more"),
        "amber_at": (_positive, "a number of points above 0"),
        "red_at": (_positive, "a number of points above 0"),
    },
    "presence": {
        "event_by_level": (_mapping(LEVELS, lambda v: v in PRESENCE_OPTIONS), f"a presence ({', '.join(PRESENCE_OPTIONS)}) for each level"),
        "candidate_floor": (_mapping(LEVELS, lambda v: v in PRESENCE_OPTIONS),
                            f"the least presence ({', '.join(PRESENCE_OPTIONS)}) at an event a candidate of each "
                            "level attends"),
        "station_by_rag": (_mapping(RAGS, lambda v: v in PRESENCE_OPTIONS), f"a presence ({', '.join(PRESENCE_OPTIONS)}) for green, amber and red"),
        "public_order_attendance": (_positive, "an attendance above 0"),
        "patrol_officers": (_positive, "a number of officers above 0"),
        "stations_per_patrol": (_positive, "a number of stations above 0"),
        "attendees_per_officer": (_positive, "a number of people above 0"),
        "dedicated_minimum": (_positive, "a number of officers above 0"),
        "station_dedicated_officers": (_positive, "a number of officers above 0"),
        "public_order_unit": (_positive, "a number of officers above 0"),
        "public_order_per_attendance": (_positive, "an attendance above 0"),
        "poll_open": (_clock, "a time such as 07:00"),
        "poll_close": (_clock, "a time such as 22:00"),
    },
    "register": {
        "presence_lowers_by": (lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 3, "a number of bands from 0 to 3"),
        "lowering_presence": (_list_of(lambda v: v in PRESENCE_OPTIONS), f"a list of presences ({', '.join(PRESENCE_OPTIONS)})"),
        "shortfalls_listed": (lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 1, "a whole number of 1 or more"),
        "station_intimidation": (_standing_risk, STANDING_RISK),
        "candidate_harm": (_standing_risk, STANDING_RISK),
        "officer_shortfall": (_standing_risk, STANDING_RISK),
    },
    "deployment": {
        "level_weight": (lambda v: _mapping(LEVELS, _positive)(v) and _increasing_levels(v),
                         "a weight above 0 for low, medium, high and very_high, in increasing order"),
        "rag_weight": (lambda v: _mapping(RAGS, _positive)(v) and _increasing_levels(v),
                       "a weight above 0 for green, amber and red, in increasing order"),
        "cover_curve": (_cover_curve, "a list of [share of the recommended officers, share of the risk covered] "
                                      "pairs from [0, 0] to [1, 1], each step covering less than the one before"),
        "visits_by_rag": (_mapping(RAGS, lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 1),
                          "patrol visits per shift for green, amber and red stations, 1 or more"),
        "visits_per_patrol": (lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 1,
                              "the station visits one patrol makes in a shift, 1 or more"),
        "always_cover": (_list_of(lambda v: v in EVENT_KINDS), f"a list of event kinds ({', '.join(EVENT_KINDS)})"),
        "priorities": (lambda v: isinstance(v, list) and sorted(map(str, v)) == sorted(TIERS) and len(v) == len(TIERS),
                       f"each of {', '.join(TIERS)} once, in the order a short shift is filled"),
        "psu": (_mapping(PSU_ROLES, lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0),
                "the officers of each rank in one PSU: inspector, sergeant, constable and driver, whole numbers "
                "adding up to presence.public_order_unit"),
        "routes": (_route_rules, "a table of circuity (urban and rural, 1 to 3), speed_kmh (urban and rural, above "
                                 "0), urban_spacing_m, visit_minutes and max_route_km (each above 0)"),
        "constables_per_sergeant": (lambda v: _num(v) and v == int(v) and 1 <= v <= 100, "a whole number from 1 to 100"),
        "beyond_recommended": (lambda v: _num(v) and 0 <= v <= 1,
                               "the share of a station's weight a patrol visit the plan does not recommend is worth, "
                               "0 to 1"),
    },
    "shifts": {
        "early": (_list_of(_clock, 2), 'a start and end time, such as ["07:00", "15:00"]'),
        "late": (_list_of(_clock, 2), 'a start and end time, such as ["15:00", "23:00"]'),
        "night": (_list_of(_clock, 2), 'a start and end time, such as ["23:00", "07:00"]'),
    },
}


@dataclass(frozen=True)
class Ruleset:
    name: str
    version: str
    sha256: str
    data: dict[str, Any]
    source: str
    # The schema the text was written for, before any upgrade: a revision shows
    # only the sections its own ruleset could plan (a deployment needs 3).
    written_schema: int = 0

    def __getitem__(self, section: str) -> dict[str, Any]:
        return self.data[section]

    @property
    def short_hash(self) -> str:
        return self.sha256[:12]

    def describe(self) -> dict[str, str]:
        return {"name": self.name, "version": self.version, "hash": self.sha256}


def _upgrade(data: dict[str, Any]) -> None:
    """Bring a ruleset written for an earlier schema up to this one, in memory.

    A force's older file, or a ruleset stored in an issued revision, takes the
    national default's value for every setting, section and event kind added
    since, so it still loads and assesses exactly as it did. The stored text,
    and so its hash, is never changed. A ruleset at the current schema gets no
    defaults: a setting missing there is a mistake, and is reported.
    """
    meta = data.get("ruleset")
    schema = meta.get("schema", 1) if isinstance(meta, dict) else SCHEMA_VERSION
    if not isinstance(schema, int) or isinstance(schema, bool) or schema >= SCHEMA_VERSION:
        return
    if schema < THREAT_TARGET_SCHEMA:
        merge_missing(data, BEFORE_THREAT_TARGETS)
    merge_missing(data, {k: v for k, v in load_ruleset().data.items() if k not in OPTIONAL})  # those stay as written
    data["ruleset"]["schema"] = SCHEMA_VERSION


def _validate(data: dict[str, Any]) -> None:
    _upgrade(data)
    for section, keys in (*SCHEMA.items(), *OPTIONAL.items()):
        if section not in data and section not in OPTIONAL:
            raise RulesetError(f"ruleset: missing section [{section}]")
        if section not in data:
            continue
        if not isinstance(data[section], dict):
            raise RulesetError(f"ruleset: [{section}] must be a table")
        for key, (check, wanted) in keys.items():
            if key not in data[section] and not may_leave_out(section, key):
                raise RulesetError(f"ruleset: {section}.{key} is missing; it must be {wanted}")
            if key in data[section] and not check(data[section][key]):
                raise RulesetError(f"ruleset: {section}.{key} is invalid; it must be {wanted}")
        unknown = sorted(set(data[section]) - set(keys))
        if unknown:
            raise RulesetError(f"ruleset: {section}.{unknown[0]} is not a known setting")
    extra = sorted(set(data) - set(SCHEMA) - set(OPTIONAL))
    if extra:
        raise RulesetError(f"ruleset: [{extra[0]}] is not a known section")
    if sum(data["deployment"]["psu"].values()) != data["presence"]["public_order_unit"]:
        raise RulesetError("ruleset: deployment.psu is invalid; its officers must add up to "
                           f"presence.public_order_unit ({data['presence']['public_order_unit']})")
    if data["station"]["red_at"] < data["station"]["amber_at"]:
        raise RulesetError("ruleset: station.red_at is invalid; it must not be below station.amber_at")
    nearest, farthest = rvp_distances(data)
    if nearest >= farthest:
        raise RulesetError("ruleset: rvp.farthest_m is invalid; it must be more than rvp.nearest_m")


# No weight, threshold or period in a ruleset comes near this; a larger number is a typing slip that
# would overflow a date or a score, and would leave the plan unassessable.
RULESET_MAX_NUMBER = 1_000_000
RULESET_MAX_CHARS = FILE_TEXT_CHARS  # as the plan keeps it


def _check_sizes(value: Any, where: str) -> None:
    """Every number finite and within RULESET_MAX_NUMBER, named by its key if not."""
    if isinstance(value, dict):
        for key, item in value.items():
            _check_sizes(item, f"{where}: {key}" if ":" not in where else f"{where}.{key}")
    elif isinstance(value, list):
        for item in value:
            _check_sizes(item, where)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if not math.isfinite(value) or abs(value) > RULESET_MAX_NUMBER:
            raise RulesetError(f"{where} is {value}; numbers in a ruleset must be finite and at most "
                               f"{RULESET_MAX_NUMBER:,}")


def parse_ruleset(text: str, source: str = "ruleset") -> Ruleset:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesetError(f"{source}: not valid TOML ({exc})") from None
    if len(text) > RULESET_MAX_CHARS:
        raise RulesetError(f"{source}: {len(text):,} characters long; a ruleset can be at most {RULESET_MAX_CHARS:,}")
    _check_sizes(data, source)
    meta = data.get("ruleset")
    written = meta.get("schema", 1) if isinstance(meta, dict) else 1
    try:
        _validate(data)
    except RulesetError as exc:
        raise RulesetError(str(exc).replace("ruleset:", f"{source}:", 1)) from None
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Ruleset(data["ruleset"]["name"], data["ruleset"]["version"], digest, data, text, int(written))


def load_ruleset(path: Path | str | None = None) -> Ruleset:
    path = Path(path) if path else default_ruleset_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RulesetError(f"ruleset file {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesetError(f"ruleset file {path} cannot be read ({exc.__class__.__name__})") from None
    return parse_ruleset(text, path.name)
