"""The versioned TOML ruleset that every assessment follows.

A ruleset is checked in full on load: a missing key, an unknown key or a value
of the wrong kind fails with the key's dotted path and the reason, so a force
editing its own copy knows exactly what to fix.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import math
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from electionplan.domain.errors import RulesetError
from electionplan.domain.validation import FILE_TEXT_CHARS
from electionplan.risk.ruleset_optional import OPTIONAL, may_leave_out, merge_missing, rvp_distances
from electionplan.risk.ruleset_schema import (  # noqa: F401  (the vocabularies, read as ruleset.LEVELS and so on)
    EVENT_KINDS,
    LEVELS,
    OPTIONAL_SECTIONS,
    PRESENCE_OPTIONS,
    PSU_ROLES,
    RAGS,
    SCHEMA_VERSION,
    SECTIONS,
    SEVERITIES,
    TIERS,
    CandidateRules,
    DeploymentRules,
    EventRules,
    PresenceRules,
    RegisterRules,
    ReportRules,
    RvpRules,
    ShiftRules,
    StationRules,
    make_section,
)
from electionplan.system.paths import resources_dir

# The shape of rulesets this version reads. 1: the first rulesets (no `schema`
# key); 2: the [register] section and the `schema` key; 3: the [deployment]
# section; 4: deployment priorities and the PSU's make-up; threats that name an
# event, a venue or dates, attending candidates' threats, and the presence an
# attending candidate's level needs; 5: the share of candidates offered a
# briefing below which the national view flags a force. A ruleset written for
# an earlier schema is upgraded as it is read (see _upgrade).
DEPLOYMENT_SCHEMA = 3  # the first schema whose rulesets plan deployments
CREW_SCHEMA = 4  # the first whose dedicated presences are whole crews of the dedicated minimum
THREAT_TARGET_SCHEMA = 4  # the first schema whose rulesets weigh threats at events
# What a ruleset written before THREAT_TARGET_SCHEMA means by the settings it
# added that change how existing plans are assessed: nothing, so a force's older
# ruleset, and every revision issued under one, assesses exactly as it did. A
# threat naming an event is new data, so it takes the national default's weights.
BEFORE_THREAT_TARGETS = {
    "event": {"attending_threat": dict.fromkeys(SEVERITIES, 0)},
    "presence": {"candidate_floor": dict.fromkeys(LEVELS, "none")},
}


# What the first rulesets already held: a ruleset of any schema must state these itself, so a force file that
# leaves one out (or has no `schema` line, as the first had none) is refused by that key, never quietly given the
# national default's number or its name and version.
FIRST_SCHEMA_SETTINGS = {
    "ruleset": ("name", "version"),
    "candidate": ("concerns_raised", "former_mp", "intelligence", "levels", "prominence", "protective_measure",
                  "protective_measures_cap", "recent_incident", "recent_incident_cap", "sitting_mp", "threat_cap",
                  "threat_half_life_days", "threat_severity"),
    "event": ("attendance_bands", "bands", "base_likelihood", "candidate_level", "contentious_topic",
              "contentious_topics", "earlier_incident", "earlier_incident_nearby", "flashpoint_threshold",
              "high_profile", "high_profile_kinds", "high_risk_candidate", "high_risk_candidate_cap",
              "incident_history_days", "incident_window_days", "late_evening", "late_evening_hour", "outdoor",
              "protest_nearby", "public_unticketed", "radius_m", "recent_incident", "short_notice",
              "short_notice_hours"),
    "station": ("amber_at", "concerns", "earlier_incident", "flashpoint_nearby", "intimidation_history",
                "large_electorate", "large_electorate_points", "radius_m", "red_at"),
    "presence": ("attendees_per_officer", "dedicated_minimum", "event_by_level", "patrol_officers", "poll_close",
                 "poll_open", "public_order_attendance", "public_order_per_attendance", "public_order_unit",
                 "station_by_rag", "station_dedicated_officers", "stations_per_patrol"),
    "shifts": ("early", "late", "night"),
}


def _added_since_first(data: dict[str, Any]) -> dict[str, Any]:
    """The national default's settings an older ruleset may take: those added since the first schema, in the
    sections the ruleset has (a first-schema section it lacks stays missing, and is reported), and the entries
    added since to a first-schema table it states (an event kind's base likelihood)."""
    added = {}
    for section, settings in load_ruleset().data.items():
        first = FIRST_SCHEMA_SETTINGS.get(section, ())
        stated = data.get(section)
        if section in OPTIONAL or (first and section not in data):
            continue
        if not isinstance(settings, dict) or not isinstance(stated, dict):
            added[section] = settings
            continue
        added[section] = {key: value for key, value in settings.items()
                          if key not in first or (isinstance(value, dict) and isinstance(stated.get(key), dict))}
    return added


def default_ruleset_path() -> Path:
    return resources_dir() / "rulesets" / "national-default.toml"


@dataclass(frozen=True)
class Ruleset:
    """A ruleset read and checked: its typed sections, with the text it was read from and that text's hash."""

    name: str
    version: str
    sha256: str
    data: dict[str, Any]  # the settings as read (and upgraded): what an older ruleset takes its new settings from
    source: str
    candidate: CandidateRules
    event: EventRules
    station: StationRules
    presence: PresenceRules
    register: RegisterRules
    deployment: DeploymentRules
    shifts: ShiftRules
    report: ReportRules
    rvp: RvpRules
    # The schema the text was written for, before any upgrade: a revision shows
    # only the sections its own ruleset could plan (a deployment needs 3).
    written_schema: int = 0

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
    if not isinstance(schema, int) or isinstance(schema, bool) or not 1 <= schema < SCHEMA_VERSION:
        return  # current, or not a schema at all (which the [ruleset] section's check names)
    if schema < THREAT_TARGET_SCHEMA:
        merge_missing(data, BEFORE_THREAT_TARGETS)
    merge_missing(data, _added_since_first(data))  # the optional sections stay as written
    data["ruleset"]["schema"] = SCHEMA_VERSION


def _sections(data: dict[str, Any]) -> dict[str, Any]:
    """Each section's typed settings, the ruleset upgraded first; a fault is named by its dotted key."""
    _upgrade(data)
    sections = {}
    for section, cls in (*SECTIONS.items(), *OPTIONAL_SECTIONS.items()):
        if section not in data and section not in OPTIONAL:
            raise RulesetError(f"ruleset: missing section [{section}]")
        if section in data and not isinstance(data[section], dict):
            raise RulesetError(f"ruleset: [{section}] must be a table")
        sections[section] = make_section(cls, section, data.get(section, {}), may_leave_out)
    extra = sorted(set(data) - set(SECTIONS) - set(OPTIONAL_SECTIONS))
    if extra:
        raise RulesetError(f"ruleset: [{extra[0]}] is not a known section")
    deployment, presence = sections["deployment"], sections["presence"]
    if sum(deployment.psu.values()) != presence.public_order_unit:
        raise RulesetError("ruleset: deployment.psu is invalid; its officers must add up to "
                           f"presence.public_order_unit ({presence.public_order_unit})")
    if sections["station"].red_at < sections["station"].amber_at:
        raise RulesetError("ruleset: station.red_at is invalid; it must not be below station.amber_at")
    nearest, farthest = rvp_distances(sections["rvp"])
    if nearest >= farthest and sections["rvp"].farthest_m is None:  # the fault is the one setting written
        raise RulesetError(f"ruleset: rvp.nearest_m is invalid; it must be less than rvp.farthest_m ({farthest:,.0f} "
                           "where the ruleset leaves it out)")
    if nearest >= farthest:
        raise RulesetError("ruleset: rvp.farthest_m is invalid; it must be more than rvp.nearest_m"
                           + (f" ({nearest:,.0f} where the ruleset leaves it out)" if sections["rvp"].nearest_m is None
                              else ""))
    return sections


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
    """The ruleset the text holds, or a RulesetError naming the key at fault (and the source it was read from)."""
    # Each caller has a copy of its own: a ruleset's tables are dicts, and one changed in place must not change
    # the next plan's assessment.
    return copy.deepcopy(_parsed(text, source))


# A plan is assessed again at every edit, each time from its ruleset's text: the same text is read and checked
# once, and copied (a seventh of the time) after.
@functools.lru_cache(maxsize=16)
def _parsed(text: str, source: str) -> Ruleset:
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
        sections = _sections(data)
    except RulesetError as exc:
        raise RulesetError(str(exc).replace("ruleset:", f"{source}:", 1)) from None
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    meta = sections.pop("ruleset")
    return Ruleset(meta.name, meta.version, digest, data, text, **sections, written_schema=int(written))


def load_ruleset(path: Path | str | None = None) -> Ruleset:
    path = Path(path) if path else default_ruleset_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RulesetError(f"ruleset file {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesetError(f"ruleset file {path} cannot be read ({exc.__class__.__name__})") from None
    return parse_ruleset(text, path.name)
