"""The ruleset's key thresholds in words, as the plan's method annex prints them.

A commander signing the plan, or an inquiry reading it later, sees which
ruleset judged it and what its main numbers mean, without opening the TOML.
"""

from __future__ import annotations

from electionplan.risk.results import LEVEL_LABELS, PRESENCE_LABELS
from electionplan.risk.ruleset import Ruleset


def _n(value: float) -> str:
    return f"{value:g}"


def _presence(option: str) -> str:
    return PRESENCE_LABELS[option].lower()


def ruleset_in_words(rules: Ruleset) -> tuple[str, ...]:
    c, e, p, s = rules.candidate, rules.event, rules.presence, rules.station
    sev, named, attending = c.threat_severity, e.named_threat, e.attending_threat
    by_level = "; ".join(f"{LEVEL_LABELS[level]}: {_presence(option)}" for level, option in p.event_by_level.items())
    floors = [f"{LEVEL_LABELS[level]}, at least {_presence(option)}"
              for level, option in p.candidate_floor.items() if option != "none"]
    serious = [f"{_n(attending[k])} if {k}" for k in ("critical", "high", "medium", "low") if attending[k]]
    serious_words = ", ".join(serious[:-1]) + (" and " if len(serious) > 1 else "") + serious[-1] if serious else ""
    return (
        f"Assessed with the {rules.name}, version {rules.version} (SHA-256 {rules.sha256}). Every number it uses is in "
        "that file with its rationale and source. Party is never an input to any score.",
        f"Candidates are scored on office held, prominence, threat reports, intelligence, concerns they raised, recent "
        f"incidents and protective measures: Medium from {_n(c.levels['medium'])} points, High from "
        f"{_n(c.levels['high'])}, Very high from {_n(c.levels['very_high'])}. A threat report counts "
        f"{_n(sev['critical'])} points if critical, {_n(sev['high'])} if high, {_n(sev['medium'])} if medium and "
        f"{_n(sev['low'])} if low, halving every {_n(c.threat_half_life_days)} days; threats count at most "
        f"{_n(c.threat_cap)} points.",
        f"Events are scored likelihood × impact, each 1 to 5: Medium from {_n(e.bands['medium'])}, High from "
        f"{_n(e.bands['high'])}, Very high from {_n(e.bands['very_high'])}; a score of "
        f"{_n(e.flashpoint_threshold)} or more is a flashpoint.",
        f"A threat report naming an event, its venue or dates covering it adds {_n(named['critical'])} to the "
        f"likelihood if critical, {_n(named['high'])} if high, {_n(named['medium'])} if medium and {_n(named['low'])} "
        f"if low, and up to {_n(max(e.named_threat_impact.values()))} to the impact. "
        + (f"A report in the last {_n(e.attending_threat_days)} days against an attending candidate adds "
           f"{serious_words} to the likelihood." if serious
           else "Threats against attending candidates count through the candidates' levels."),
        f"Presence by level: {by_level}. Every flashpoint has at least {_presence('dedicated')}, and "
        f"{_presence('public_order')} where a protest or {p.public_order_attendance:,} or more people are expected."
        + (f" An event a candidate attends has, by the candidate's level: {'; '.join(floors)}." if floors else ""),
        f"Polling stations are amber from {_n(s.amber_at)} risk point and red from {_n(s.red_at)}.",
    )
