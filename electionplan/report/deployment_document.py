"""The deployment part of the plan document: each shift's account, the accepted risks and the patrol plan."""

from __future__ import annotations

from dataclasses import dataclass

from electionplan.risk.quiet_shifts import QuietShifts


@dataclass(frozen=True)
class ShiftLine:
    date: str
    shift: str
    officers: str  # "24", or "24 + 5 mutual aid"
    needed: int
    deployed: int
    residual: float
    spare: int = 0
    status: str = ""  # Covered, Short, No capacity recorded
    summary: str = ""  # the shift's account in words, as the command line and the app print it
    on_duty: int = 0  # recorded capacity plus mutual aid
    quiet: bool = False  # it asks nothing of the plan: summed up with the others, not told one by one


@dataclass(frozen=True)
class AcceptedRisk:
    date: str
    shift: str
    item: str
    kind: str
    level: str
    cover: str  # "0 of 1 PSU (0 of 25 officers)"
    reason: str
    category: str = "Accepted risk"  # or "Not patrolled": a patrol the plan does not recommend
    constituency_id: int | None = None


@dataclass(frozen=True)
class PatrolStop:  # one station on a patrol's route, in visiting order
    number: str
    name: str
    council: str
    postcode: str
    grid_ref: str
    visits: int
    times: str  # "Early 07:00, 11:00; Late 15:00"


@dataclass(frozen=True)
class PatrolLine:
    date: str
    shift: str  # the shifts it is out, or would be: "Early, Late"
    patrol: str
    officers: int  # 0: not patrolled
    stations: str
    call_sign: str = ""
    km: float = 0.0  # one pass along its route
    drive_min: int = 0  # one pass
    stops: tuple[PatrolStop, ...] = ()
    constituency_id: int | None = None
    recommended: bool = True  # False: a patrol of green stations, out only when officers are spare


@dataclass(frozen=True)
class DeploymentSection:
    shifts: tuple[ShiftLine, ...]
    accepted: tuple[AcceptedRisk, ...]
    patrols: tuple[PatrolLine, ...]
    accepted_by: str  # who accepts the risks: the approver, or "awaiting approval"
    scoped: bool = False  # one constituency's risks and patrols, against the whole force's shifts
    priorities: str = ""  # the order a short shift is filled in, in words
    quiet: QuietShifts | None = None  # the shifts that ask nothing of the plan, summed
