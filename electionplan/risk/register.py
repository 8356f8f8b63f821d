"""The plan's risk register: one entry per flashpoint, then the standing risks.

Every number comes from the ruleset's [register] section; this module only
says which trigger applies and words the controls.
"""

from __future__ import annotations

from dataclasses import dataclass

from electionplan.domain.display import plural
from electionplan.domain.timefmt import fmt_date, fmt_span
from electionplan.risk.levels import LEVEL_ORDER
from electionplan.risk.results import DemandRow, EventResult
from electionplan.risk.ruleset import Ruleset


@dataclass(frozen=True, slots=True)
class RegisterEntry:
    risk: str
    likelihood: int
    impact: int
    score: int
    controls: str
    residual: str  # the level left once the controls are in place
    owner: str


def residual_level(level: str, presence_option: str, rules: Ruleset) -> str:
    """Physical presence lowers a risk by the ruleset's number of bands, never below low."""
    r = rules.register
    index = LEVEL_ORDER.index(level)
    if presence_option in r.lowering_presence:
        index = max(0, index - r.presence_lowers_by)
    return LEVEL_ORDER[index]


def flashpoint_entry(event: EventResult, rules: Ruleset) -> RegisterEntry:
    presence = event.presence.description if event.presence else ""
    option = event.presence.option if event.presence else "none"
    when = fmt_span(event.start, event.end)
    return RegisterEntry(
        risk=f"Disorder, intimidation or harm at {event.name} ({when})",
        likelihood=event.likelihood,
        impact=event.impact,
        score=event.score,
        controls=f"{presence}. Liaison with organiser; candidates' named contacts informed; "
                 "dynamic risk assessment on the day.",
        residual=residual_level(event.level, option, rules),
        owner="Tactical commander (Silver)" if option == "public_order" else "Election SPOC",
    )


def _standing(key: str, present: bool, rules: Ruleset, risk: str, controls: str, owner: str) -> RegisterEntry:
    r = rules.register.standing(key)
    likelihood = r.likelihood[int(present)]
    return RegisterEntry(risk, likelihood, r.impact, likelihood * r.impact, controls,
                         r.residual[int(present)], owner)


def standing_entries(red: int, amber: int, high_risk_candidates: int, shortfalls: list[DemandRow],
                     rules: Ruleset) -> list[RegisterEntry]:
    listed = shortfalls[: rules.register.shortfalls_listed]
    officers = (
        "Shortfalls on "
        + ", ".join(f"{fmt_date(d.date)} ({d.shift}, {d.shortfall})" for d in listed)
        + "; mutual aid or rest-day working to be requested."
    ) if shortfalls else "Demand is within capacity on every shift."
    return [
        _standing("station_intimidation", bool(red), rules,
                  "Intimidation of voters, tellers or staff at polling stations",
                  f"Dedicated officers at {plural(red, 'red station')}; patrol visits to {plural(amber, 'amber station')}; "
                  "presiding officers briefed on how to call for help.", "Election SPOC"),
        _standing("candidate_harm", bool(high_risk_candidates), rules,
                  "Threats, harassment or violence against candidates while campaigning",
                  "Security briefings offered to all candidates; named police contacts; Operation Bridger "
                  "liaison; protective measures reviewed for high-risk candidates.",
                  "Operation Bridger / FEOA contact"),
        _standing("officer_shortfall", bool(shortfalls), rules, "Insufficient officers to meet planned demand",
                  officers, "Resource management unit"),
    ]


def risk_register(flashpoints: list[EventResult], red: int, amber: int, high_risk_candidates: int,
                  shortfalls: list[DemandRow], rules: Ruleset) -> list[RegisterEntry]:
    """Flashpoints then standing risks, highest score first (stable for equal scores)."""
    entries = [flashpoint_entry(e, rules) for e in flashpoints]
    entries += standing_entries(red, amber, high_risk_candidates, shortfalls, rules)
    return sorted(entries, key=lambda entry: -entry.score)
