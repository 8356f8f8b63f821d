"""Deploying the officers on each shift: the plan read once, assessed, and allocated by the solver."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import math
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from electionplan.db.store import PlanStore
from electionplan.domain.errors import ValidationError
from electionplan.domain.timefmt import parse_date
from electionplan.risk.demand import SHIFT_ORDER
from electionplan.risk.deployment import Deployment, WhatIf, deploy_plan
from electionplan.risk.shift_account import shift_account
from electionplan.services.assessment import assess_plan_file

T = TypeVar("T")

# More mutual aid than this on one shift is a typing slip, not a plan.
MAX_AID = 10_000


def parse_shift(text: str, what: str = "shift") -> tuple[dt.date, str]:
    """DATE:SHIFT, such as 2027-01-15:late or 15/01/2027:late."""
    day, _, shift = text.strip().rpartition(":")
    if shift.lower() not in SHIFT_ORDER or not day:
        raise ValidationError(f"{what} '{text}' is not DATE:SHIFT (a date, then early, late or night)", what)
    return parse_date(day, what), shift.lower()


def parse_mutual_aid(text: str) -> tuple[dt.date, str, int]:
    """DATE:SHIFT:N, such as 2027-01-15:late:5."""
    shift_text, _, number = text.strip().rpartition(":")
    if not (number.isascii() and number.isdigit()) or not 0 < int(number) <= MAX_AID:
        raise ValidationError(f"mutual aid '{text}' is not DATE:SHIFT:N with N officers from 1 to 10,000",
                              "mutual-aid")
    day, shift = parse_shift(shift_text, "mutual aid")
    return day, shift, int(number)


def deploy(plan: PlanStore, what_if: WhatIf | None = None) -> Deployment:
    return _deployed(plan, what_if, lambda deployment: deployment)


def deployment_document(plan: PlanStore, what_if: WhatIf | None = None) -> dict[str, Any]:
    """The deployment in its JSON form (see deployment_json)."""
    return _deployed(plan, what_if, deployment_json)


def _deployed(plan: PlanStore, what_if: WhatIf | None, then: Callable[[Deployment], T]) -> T:
    what_if = what_if or WhatIf()
    if not 0 <= what_if.capacity_scale <= 10:
        raise ValidationError("the capacity scale must be from 0 to 10 (1 is the plan's own capacity)",
                              "capacity-scale")
    totals: dict[tuple[dt.date, str], int] = {}
    for day, shift, officers in what_if.mutual_aid:
        totals[(day, shift)] = totals.get((day, shift), 0) + officers
        if totals[(day, shift)] > MAX_AID:
            raise ValidationError(f"mutual aid for {day:%d/%m/%Y} {shift} comes to more than {MAX_AID:,} officers",
                                  "mutual-aid")
    assessed = assess_plan_file(plan)
    with _settled():
        return then(deploy_plan(assessed.snapshot, assessed.assessment, assessed.ruleset, what_if))


@contextlib.contextmanager
def _settled() -> Iterator[None]:
    # The plan as read and assessed (a national plan's millions of objects) lives as long as the deployment
    # and holds nothing to free: set aside from the collector, which would otherwise walk it again each time
    # the routes, the shifts' results and their document pile up.
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _short(u) -> dict[str, Any]:
    return {"item": u.item, "kind": u.kind, "level": u.level, "officers": u.officers, "need": u.need,
            "residual_risk": u.residual_risk, "reason": u.reason, "stations": list(u.stations),
            "unit": u.unit_name, "unit_officers": u.unit, "cover": u.cover}


def _patrol(a) -> dict[str, Any]:
    found = {"item": a.item, "officers": a.officers, "level": a.level, "stations": list(a.stations)}
    if a.route is not None:  # its stations in visiting order, each visit's time this shift, and the drive
        found.update({"call_sign": a.route.call_sign, "km": a.route.km, "drive_min": a.route.drive_min,
                      "route": [{"station_id": stop.station_id, "visits": stop.visits, "arrive": list(times)}
                                for stop, times in zip(a.route.stops, a.arrive or ((),) * len(a.route.stops),
                                                       strict=True)]})
    return found


def deployment_json(deployment: Deployment) -> dict[str, Any]:
    """The deployment in the contracted JSON form."""
    from importlib.metadata import version

    return {
        "solver": {"name": f"HiGHS (highspy {version('highspy')})", "status": deployment.status,
                   "gap": deployment.gap if math.isfinite(deployment.gap) else None},
        "shifts": [{
            "date": s.date.isoformat(), "shift": s.shift, "capacity": s.capacity + s.mutual_aid,
            "mutual_aid": s.mutual_aid, "needed": s.needed, "allocated": s.allocated,
            "assignments": [{"item": a.item, "kind": a.kind, "officers": a.officers, "level": a.level, "need": a.need,
                             "unit": a.unit_name, "unit_officers": a.unit, "cover": a.cover}
                            for a in s.assignments if a.kind != "patrol"],
            "patrols": [_patrol(a) for a in s.assignments if a.kind == "patrol"],
            "unmet": [_short(u) for u in s.unmet],
            # Patrols the plan does not recommend, left for want of officers: the rest of the residual risk.
            "unvisited": [_short(u) for u in s.unvisited],
            "capacity_recorded": s.capacity_recorded,
            # The shift's one account, as the command line, the PDF and the app print it.
            "on_duty": account.on_duty, "spare": account.spare, "status": account.status, "summary": account.summary,
            "residual_risk": s.residual_risk,
            # Only where the ruleset sets a supervision ratio: of those allocated, the sergeants supervising, and
            # those the recommended presence needs.
            **({"supervisors": s.supervisors, "constables_per_sergeant": s.per_sergeant,
                "sergeants_needed": account.sergeants_needed} if s.per_sergeant else {}),
            # Only where the shift's capacity records its sergeants.
            **({"sergeants_on_duty": s.sergeants_on_duty} if s.sergeants_on_duty is not None else {}),
        } for s, account in ((s, shift_account(s)) for s in deployment.shifts)],
        "total_residual_risk": deployment.total_residual_risk,
    }
