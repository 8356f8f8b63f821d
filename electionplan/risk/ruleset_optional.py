"""Ruleset settings a ruleset may leave out, and what leaving them out means.

A force's ruleset written before a setting here existed still reads at its own schema: the setting takes the
value in code for the live plan, and an issued revision assessed by it prints as it was issued.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from electionplan.risk.ruleset_schema import ReportRules, RvpRules

# The sections a ruleset may leave out (their settings are declared in ruleset_schema.py).
OPTIONAL = frozenset({"report", "rvp"})
# Up to 1,000 polling stations (a single constituency, or a force of a dozen or so) every row prints; above
# it the PDF leads with the exceptions and every row goes to companion files beside it. Judgement: about 15
# constituencies, the size at which a printed plan stops being read end to end. Kept out of the national
# default's text, so that text, its hash and every revision issued under it stay as they were.
OPTIONAL_DEFAULTS = {"report": {"rows_in_full": 1000}, "rvp": {"nearest_m": 50, "farthest_m": 3000}}
# A count's RVP nearer its venue than 50 m is the venue's own car park or doorway: no separate safe point from
# which resources are briefed and sent in. Further than 3 km, about five minutes under blue lights in a town, a
# crowd at the door has grown before they arrive. Judgement, for a force to set to its own ground (a rural force
# may allow more). Kept out of the national default's text, as rows_in_full is.
# Single settings a ruleset may leave out of a section it must have; without one the plan works as it did before
# the setting existed (no supervision ratio: the deployment is as it was).
OPTIONAL_KEYS = {("deployment", "constables_per_sergeant")}


def may_leave_out(section: str, key: str) -> bool:
    return section in OPTIONAL or (section, key) in OPTIONAL_KEYS


def merge_missing(target: dict[str, Any], defaults: Mapping[str, Any]) -> None:
    """Fill in, at any depth, what `target` leaves out of `defaults`; what it states stays as stated."""
    for key, value in defaults.items():
        if key not in target:
            target[key] = copy.deepcopy(value)
        elif isinstance(value, dict) and isinstance(target[key], dict):
            merge_missing(target[key], value)


def report_rows_in_full(report: ReportRules, issued: bool = False) -> int | None:
    """The polling stations up to which the plan PDF prints every row; None for every row whatever the size.

    A ruleset that never set it takes the code's default for the live plan; an issued revision assessed by one
    prints every row, as it was issued. `report` is a ruleset's report section (`Ruleset.report`)."""
    stated = report.rows_in_full
    if stated is not None:
        return int(stated)
    return None if issued else OPTIONAL_DEFAULTS["report"]["rows_in_full"]


def rvp_distances(rvp: RvpRules) -> tuple[float, float]:
    """(nearest, farthest): the metres within which a count's RVP is at its venue, and beyond which it is too
    far. Each the ruleset's where it states it, else the code's default. `rvp` is `Ruleset.rvp`."""
    default = OPTIONAL_DEFAULTS["rvp"]
    return (float(default["nearest_m"] if rvp.nearest_m is None else rvp.nearest_m),
            float(default["farthest_m"] if rvp.farthest_m is None else rvp.farthest_m))
