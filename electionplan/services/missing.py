"""What a plan still lacks before a SPOC can rely on it: one list, for quick setup and the Needs attention page.

The operational order's own gaps come from the order (the same list its PDF
prints on the document control page); the rest are the plan's records a
commander would ask after: hustings, station numbers and electorates,
officer capacity, candidates' risk details and briefings, the count venue and
the named SPOC.
"""

from __future__ import annotations

from dataclasses import dataclass

from electionplan.domain.display import plural
from electionplan.domain.order import live_gaps
from electionplan.domain.plandata import PlanSnapshot, plan_counts_own_rvp
from electionplan.report.sections.order import order_content


@dataclass(frozen=True)
class MissingItem:
    text: str
    page: str  # the app's page where it is put right


def _count(items, test) -> int:
    return sum(1 for item in items if test(item))


def _stations(snapshot: PlanSnapshot) -> list[MissingItem]:
    stations = snapshot.stations
    found = [
        (_count(stations, lambda s: s.easting is None or s.northing is None), "no location"),
        (_count(stations, lambda s: not (s.station_number or "").strip()), "no station number from the council"),
        (_count(stations, lambda s: s.electorate is None), "no electorate recorded"),
    ]
    missing = [MissingItem(f"{plural(n, 'station')} {'has' if n == 1 else 'have'} {what}.", "stations")
               for n, what in found if n]
    if not stations:
        missing.insert(0, MissingItem("No polling stations in the plan yet.", "stations"))
    return missing


def _candidates(snapshot: PlanSnapshot) -> list[MissingItem]:
    candidates = snapshot.candidates
    missing = []
    if not snapshot.threat_reports and not any((c.prominence or 0) > 0 for c in candidates):
        missing.append(MissingItem("No candidate risk details (threats, prominence, concerns) recorded yet.", "candidates"))
    if not any(c.briefing_offered for c in candidates):
        missing.append(MissingItem("No security briefings recorded as offered to candidates.", "candidates"))
    return missing


def _count_venue(snapshot: PlanSnapshot) -> list[MissingItem]:
    count = next((e for e in snapshot.events if e.kind == "count"), None)
    venue = next((v for v in snapshot.venues if count is not None and v.id == count.venue_id), None)
    if venue is None:
        return [MissingItem("The count venue is not known.", "events")]
    if venue.easting is None:
        return [MissingItem("The count venue has no location.", "events")]
    return []


def order_gap_text(gap: str) -> str:
    """One of the order's own gaps ('Gold strategy', 'no briefing scheduled', '… not named in …') as a sentence."""
    if gap.startswith("no "):
        return f"The operational order has {gap}."
    if " not named in the command structure" in gap:
        return f"The operational order's command structure does not name the {gap.split(' not named')[0]}."
    return f"The operational order does not yet give its {gap}."


def missing_items(snapshot: PlanSnapshot) -> list[MissingItem]:
    """Everything the plan still lacks, most basic first."""
    order = order_content(snapshot.order, snapshot.plan.communications or "") if snapshot.order else None
    gaps = live_gaps(order, plan_counts_own_rvp(snapshot), snapshot.contacts) if order else []
    items = [MissingItem(order_gap_text(gap), "order") for gap in gaps]
    if not any(e.kind == "hustings" for e in snapshot.events):
        items.append(MissingItem("No hustings entered yet.", "events"))
    items += _stations(snapshot)
    if not snapshot.capacity:
        items.append(MissingItem("No officer capacity entered yet, so demand cannot be checked.", "resources"))
    items += _candidates(snapshot) + _count_venue(snapshot)
    if not any(c.role == "spoc" for c in snapshot.contacts):
        items.append(MissingItem("No named SPOC contact entered.", "order"))
    return items
