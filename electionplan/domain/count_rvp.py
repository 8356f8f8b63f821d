"""Each count's rendezvous point: its own where one is recorded, else the plan's standing in, and whether it is
a safe point a sensible distance from the count venue.

A force plan has a count a constituency, at venues across the force: one RVP for them all is miles from most. So
each count venue may have its own RVP, a place in plain words (name, address or description, grid reference).
An RVP at the venue itself is no separate safe point, and one too far away is no use to resources called in a
hurry; both are flagged, at distances the ruleset sets (see risk.ruleset_optional).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from electionplan.domain.errors import ValidationError
from electionplan.domain.gridref import parse_grid_reference, to_grid_reference

# The events a count venue is known by: the verification and count, and the declaration.
COUNT_KINDS = ("count", "declaration")
COUNT_RVP_FIELDS = ("name", "description", "grid_ref")


@dataclass(frozen=True, slots=True)
class CountRvpEntry:
    """A count venue's own RVP, as recorded."""

    id: int
    venue_id: int
    name: str
    description: str  # its address, or where it is in words a driver can follow
    grid_ref: str


def place_words(name: str, description: str, grid_ref: str) -> str:
    """An RVP in one line, as a commander reads it out: where it is, then its grid reference."""
    place = ", ".join(part.strip() for part in (name, description) if part.strip())
    if grid_ref.strip():
        place += ("; " if place else "") + f"grid reference {grid_ref.strip()}"
    return place


@dataclass(frozen=True, slots=True)
class CountRvp:
    """One count venue's RVP as the order prints it, with its check."""

    venue_id: int
    venue: str
    venue_grid_ref: str
    counts: tuple[str, ...]  # the count and declaration events held there
    own: bool  # False where the plan's RVP stands in, or none is recorded
    place: str  # the RVP in one line; "" where none is recorded at all
    grid_ref: str
    distance_m: float | None
    flag: str  # what a Silver commander must check, or ""

    @property
    def said(self) -> str:
        """The RVP in words, saying whose it is where it is not the count's own."""
        if self.own:
            return self.place
        if self.place:
            return f"the plan's RVP, as none is recorded for this count: {self.place}"
        return "none recorded for this count or the plan: it is named at briefing"


def rvp_flag(distance_m: float | None, has_grid_ref: bool, venue_placed: bool, nearest_m: float,
             farthest_m: float) -> str:
    """Why an RVP needs a second look, in words; "" for one a sensible distance from its venue."""
    if not has_grid_ref:
        return "the RVP has no grid reference, so no one can drive to it by the map or check its distance"
    if not venue_placed or distance_m is None:
        return "the count venue has no location, so the RVP's distance from it cannot be checked"
    if distance_m < nearest_m:
        return (f"the RVP is at the count venue itself ({distance_m:,.0f} m away), not a separate safe point "
                f"(the ruleset asks for at least {nearest_m:,.0f} m)")
    if distance_m > farthest_m:
        return (f"the RVP is {distance_m / 1000:,.1f} km from the count venue, further than the "
                f"{farthest_m / 1000:,.1f} km the ruleset allows")
    return ""


def _distance(venue, grid_ref: str) -> float | None:
    if venue.easting is None or venue.northing is None or not grid_ref:
        return None
    try:
        x, y = parse_grid_reference(grid_ref)
    except ValidationError:
        return None
    return math.hypot(x - venue.easting, y - venue.northing)


def count_rvps(venues: Iterable, events: Iterable, entries: Iterable[CountRvpEntry], plan_rvp: tuple[str, str],
               nearest_m: float, farthest_m: float) -> tuple[CountRvp, ...]:
    """Every count venue's RVP and its check, venues in the order of their first count. `plan_rvp` is the plan's
    (place in words, grid reference), which stands in for a venue with none of its own."""
    by_id = {v.id: v for v in venues}
    counts: dict[int, list[str]] = {}
    for event in sorted((e for e in events if e.kind in COUNT_KINDS and e.venue_id in by_id),
                        key=lambda e: (e.start, e.id)):
        counts.setdefault(event.venue_id, []).append(event.name)
    own = {entry.venue_id: entry for entry in entries}
    lines = []
    for venue_id, names in counts.items():
        venue = by_id[venue_id]
        entry = own.get(venue_id)
        place, grid_ref = ((place_words(entry.name, entry.description, entry.grid_ref), entry.grid_ref)
                           if entry is not None else plan_rvp)
        distance = _distance(venue, grid_ref)
        placed = venue.easting is not None and venue.northing is not None
        lines.append(CountRvp(
            venue_id, venue.name, to_grid_reference(venue.easting, venue.northing) if placed else "", tuple(names),
            entry is not None, place, grid_ref, distance,
            # With no RVP at all its words say so, and the order's gaps list it: nothing to check yet.
            rvp_flag(distance, bool(grid_ref), placed, nearest_m, farthest_m) if place else ""))
    return tuple(lines)


def every_count_has_its_own(events: Iterable, entries: Iterable[CountRvpEntry]) -> bool:
    """Whether each venue holding a count or declaration has an RVP of its own, with its grid reference (so the
    plan's is not needed: an RVP no one can find on a map stands in for nothing)."""
    venues = {e.venue_id for e in events if e.kind in COUNT_KINDS and e.venue_id is not None}
    return bool(venues) and venues <= {entry.venue_id for entry in entries if entry.grid_ref.strip()}
