"""One account of a shift, in words and figures: what the command line, the PDF and the app all print.

A shift's figures add up on the page (deployed plus spare is the officers on
duty), every item not covered is listed once with its reason, and a shift with
no capacity recorded is said to be so, never "covered".
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from electionplan.domain.display import plural
from electionplan.domain.timefmt import fmt_date
from electionplan.risk.deployment import ShiftDeployment, Unmet, item_kind_label, item_level_label
from electionplan.risk.supervision import NO_SERGEANT_FREE

COVERED, SHORT, NO_CAPACITY = "Covered", "Short", "No capacity recorded"
ACCEPTED, NOT_PATROLLED = "Accepted risk", "Not patrolled"


@dataclass(frozen=True)
class Uncovered:
    """An item a shift does not cover in full, once, with its reason."""

    item: str
    stations: tuple[str, ...]
    kind: str
    level: str
    cover: str  # "0 of 1 PSU (0 of 25 officers)"
    category: str  # ACCEPTED (the plan recommends it) or NOT_PATROLLED (it does not)
    reason: str
    residual_risk: float
    constituency_id: int | None


@dataclass(frozen=True)
class ShiftAccount:
    date: str  # DD/MM/YYYY
    shift: str  # "Late"
    on_duty: int  # recorded capacity plus mutual aid
    mutual_aid: int
    needed: int  # the recommended presence
    deployed: int
    beyond: int  # of those deployed, officers on visits the plan does not recommend
    spare: int
    status: str
    summary: str
    residual_risk: float
    shift_deployment: ShiftDeployment = field(repr=False, compare=False)
    per_sergeant: int = 0  # the ruleset's supervision ratio (0: none set, so no sergeants are needed to supervise)
    sergeants_needed: int = 0  # to supervise the recommended presence at that ratio
    sergeants_recorded: int | None = None  # the shift's recorded sergeants (None: not recorded)
    supervising: int = 0  # of those deployed, the sergeants supervising

    @functools.cached_property
    def uncovered(self) -> tuple[Uncovered, ...]:
        """Every item not covered, once, with its reason: the accepted risks, then the patrols left."""
        # Listed when read: a national polling day leaves thousands, which the JSON gives from the shift itself.
        s = self.shift_deployment
        return tuple(_uncovered(u, ACCEPTED) for u in s.unmet) + tuple(_uncovered(u, NOT_PATROLLED)
                                                                        for u in s.unvisited)

    @property
    def quiet(self) -> bool:
        """Officers recorded and nothing needed or deployed: a shift that asks nothing of the plan, all spare."""
        return _quiet(self.shift_deployment, self.status)

    @property
    def accepted(self) -> tuple[Uncovered, ...]:
        return tuple(u for u in self.uncovered if u.category == ACCEPTED)

    @property
    def officers(self) -> str:
        """On duty, with mutual aid shown: "24", or "24 + 5 mutual aid"."""
        own = self.on_duty - self.mutual_aid
        return f"{own:,} + {self.mutual_aid:,} mutual aid" if self.mutual_aid else f"{self.on_duty:,}"


def _quiet(s: ShiftDeployment, status: str) -> bool:
    return not (s.needed or s.allocated or s.unmet or s.unvisited) and status == COVERED


def _uncovered(u: Unmet, category: str) -> Uncovered:
    return Uncovered(u.item, u.stations, item_kind_label(u.kind), item_level_label(u.level), u.cover, category,
                     u.reason, u.residual_risk, u.constituency_id)


def _summary(s: ShiftDeployment, on_duty: int, beyond: int, spare: int, status: str) -> str:
    if status == NO_CAPACITY and not on_duty:
        return (f"No officers are recorded for this shift, which needs {plural(s.needed, 'officer')}: nothing is "
                "deployed. Set its capacity (Resources) to deploy to it.")
    if _quiet(s, status):  # a quiet shift: its officers are all spare
        return f"{on_duty:,} on duty and nothing needed: 0 deployed, {spare:,} spare."
    figures = (f"{on_duty:,} on duty for the {s.needed:,} needed: {s.allocated:,} deployed"
               + (f" ({beyond:,} on visits the plan does not recommend)" if beyond else "") + f", {spare:,} spare."
               + _supervision(s))
    if status == NO_CAPACITY:
        return f"No officers of the force's own are recorded for this shift, only mutual aid. {figures}"
    if s.unmet:
        smallest = min(s.unmet, key=lambda u: (u.unit, u.item))
        units = (f" The {spare:,} spare cannot make up the smallest unit still needed, a {smallest.unit_name} of "
                 f"{smallest.unit:,}." if spare and smallest.unit > spare else "")
        why = _no_sergeant(s, spare) or units
        each = "each listed" if len(s.unmet) != 1 else "listed"
        return (f"{figures} {plural(len(s.unmet), 'recommended presence')} short, {each} as an accepted risk "
                f"with its reason.{why}")
    if s.unvisited:
        return (f"{figures} The recommended presence is met; {plural(len(s.unvisited), 'patrol')} the plan does not "
                f"recommend cannot be staffed, each listed as not patrolled.{_no_sergeant(s, spare)}")
    return f"{figures} The recommended presence is met."


def _no_sergeant(s: ShiftDeployment, spare: int) -> str:
    """Why officers are spare while something is uncovered, where it is that too few recorded sergeants are left."""
    if not spare or s.sergeants_on_duty is None or not any(NO_SERGEANT_FREE in u.reason for u in (*s.unmet, *s.unvisited)):
        return ""
    free = max(s.sergeants_on_duty - s.supervisors, 0)
    return (f" The {spare:,} spare cannot all go out: of the {s.sergeants_on_duty:,} recorded sergeants, {free:,} "
            f"{'is' if free == 1 else 'are'} left to supervise them.")


def _supervision(s: ShiftDeployment) -> str:
    if not s.per_sergeant or (not s.supervisors and not s.sergeants_short):
        return ""
    supervising = (f" Of those deployed, {plural(s.supervisors, 'sergeant')} supervise{'s' * (s.supervisors == 1)} the "
                   f"officers outside PSUs, one "
                   f"to every {s.per_sergeant} (the ruleset's ratio)")
    if s.sergeants_on_duty is None:
        # The shift records officers, not their ranks: the commander must see the sergeants are among them.
        return (f"{supervising}; the shift's capacity records officers, not ranks, so it must have "
                f"{plural(s.supervisors, 'sergeant')} among those on duty.")
    return (f"{supervising}, of the {s.sergeants_on_duty:,} recorded on duty." if s.supervisors else "") + (
        f" {s.sergeants_short}" if s.sergeants_short else "")


def shift_account(s: ShiftDeployment) -> ShiftAccount:
    on_duty = s.capacity + s.mutual_aid
    beyond = sum(a.officers for a in s.assignments if not a.recommended)
    spare = on_duty - s.allocated
    status = NO_CAPACITY if not s.capacity_recorded else SHORT if s.unmet else COVERED
    return ShiftAccount(fmt_date(s.date), s.shift.capitalize(), on_duty, s.mutual_aid, s.needed, s.allocated, beyond,
                        spare, status, _summary(s, on_duty, beyond, spare, status), s.residual_risk, s,
                        s.per_sergeant, s.sergeants_needed, s.sergeants_on_duty, s.supervisors)
