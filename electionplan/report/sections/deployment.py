"""The deployment-by-shift section: where each shift's officers go, the risks accepted, and the patrol plan."""

from __future__ import annotations

from typing import Any

from electionplan.domain.timefmt import fmt_date
from electionplan.report.document import AcceptedRisk, DeploymentSection, PatrolLine, PatrolStop, ShiftLine
from electionplan.report.sections.scope import PlanScope
from electionplan.risk.deployment import Deployment, priorities_in_words
from electionplan.risk.quiet_shifts import split_quiet
from electionplan.risk.shift_account import shift_account
from electionplan.system.councils import council_label


def _accepted_by(scope: PlanScope, revision: dict[str, Any]) -> str:
    if revision.get("approved"):
        return (f"These risks were accepted by {scope.snapshot.plan.approved_by or 'the approver'} on approving "
                f"revision {revision.get('number', '')}.")
    return "To be accepted on approval: approving the plan accepts the risks below."


def _item(name: str, stations: tuple[str, ...]) -> str:
    if not stations:
        return name
    return f"{name}: {'; '.join(stations[:6])}{f' and {len(stations) - 6} more' if len(stations) > 6 else ''}"


def _patrol_plan(deployment: Deployment, here) -> tuple[PatrolLine, ...]:
    """One line per patrol a day, with the shifts it is out (or, for a patrol left, 'Not patrolled'), and its route."""
    lines: dict[tuple, list] = {}
    for s in deployment.shifts:
        staffed = [(a.item, a.officers, a.stations, a.route, a.constituency_id, True, a.arrive) for a in s.assignments
                   if a.kind == "patrol" and here(a.constituency_id)]
        # A shortfall is a patrol the plan recommends; one merely unvisited is a patrol it does not.
        left = [(u.item, 0, u.stations, u.route, u.constituency_id, recommended, ())
                for recommended, group in ((True, s.unmet), (False, s.unvisited)) for u in group
                if u.kind == "patrol" and here(u.constituency_id)]
        for *key, arrive in staffed + left:
            lines.setdefault((s.date, *key), []).append((s.shift.capitalize(), arrive))
    return tuple(_patrol_line(key, shifts) for key, shifts in lines.items())


def _patrol_line(key: tuple, shifts: list) -> PatrolLine:
    day, item, officers, stations, route, seat, recommended = key
    names = ", ".join(shift for shift, _ in shifts)
    if route is None:
        return PatrolLine(fmt_date(day), names, item, officers, "; ".join(stations), constituency_id=seat,
                          recommended=recommended)
    stops = []
    for k, stop in enumerate(route.stops):
        times = "; ".join(f"{shift} {', '.join(arrive[k])}" for shift, arrive in shifts if arrive and arrive[k])
        stops.append(PatrolStop(stop.number, stop.name, council_label(stop.council), stop.postcode, stop.grid_ref, stop.visits,
                                times or "Not patrolled"))
    return PatrolLine(fmt_date(day), names, item, officers, "; ".join(stations), route.call_sign, route.km,
                      route.drive_min, tuple(stops), seat, recommended)


def build_deployment(scope: PlanScope, deployment: Deployment | None,
                     revision: dict[str, Any]) -> DeploymentSection | None:
    if deployment is None:
        return None
    seats = scope.seat_ids

    def here(constituency_id: int | None) -> bool:
        return not scope.scoped or constituency_id in seats

    shifts, accepted, accounts = [], [], [shift_account(s) for s in deployment.shifts]
    for account in accounts:
        shifts.append(ShiftLine(account.date, account.shift, account.officers, account.needed, account.deployed,
                                account.residual_risk, account.spare, account.status, account.summary, account.on_duty,
                                account.quiet))
        accepted += [AcceptedRisk(account.date, account.shift, _item(u.item, u.stations), u.kind, u.level, u.cover,
                                  u.reason, u.category, u.constituency_id)
                     for u in account.uncovered if here(u.constituency_id)]
    return DeploymentSection(tuple(shifts), tuple(accepted), _patrol_plan(deployment, here),
                             _accepted_by(scope, revision), scope.scoped,
                             priorities_in_words(deployment.priorities, deployment.per_sergeant),
                             split_quiet(accounts)[1])
