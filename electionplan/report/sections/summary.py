"""The summary section: key dates, the plan in numbers, the risk matrix and officer demand."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from electionplan.domain.plandata import count_day
from electionplan.report.document import DayDemand, DemandLine, Summary, TimelineItem
from electionplan.report.sections.scope import PlanScope

# Event kinds the timeline shows alongside the key dates.
TIMELINE_KINDS = ("hustings", "count", "declaration", "protest", "campaign_visit")


COUNT_DATE = "Verification and count"


def key_dates(scope: PlanScope) -> tuple[tuple[str, dt.date], ...]:
    election = scope.snapshot.election
    dates = (("Notice of election", election.notice_date), ("Polling day", election.polling_day),
             (COUNT_DATE, count_day(scope.event_rows, election.count_date)))
    return tuple((label, day) for label, day in dates if day)


def build_timeline(scope: PlanScope) -> tuple[TimelineItem, ...]:
    # A count recorded as an event is listed once, at its own start, not again as a key date.
    counted = count_day(scope.event_rows, None) is not None and "count" in TIMELINE_KINDS
    items = [TimelineItem(day, label, "key", "") for label, day in key_dates(scope)
             if not (counted and label == COUNT_DATE)]
    items += [TimelineItem(e.start.date(), e.name, e.level, f"{e.start:%H:%M}")
              for e in scope.event_rows if e.kind in TIMELINE_KINDS]
    return tuple(sorted(items, key=lambda item: (item.date, item.time)))


def build_demand(scope: PlanScope) -> tuple[tuple[DemandLine, ...], tuple[DayDemand, ...]]:
    lines = tuple(
        DemandLine(d.date, d.shift, d.officers_required, d.officers_available, d.shortfall,
                   tuple(d.contributors))
        for d in scope.assessment.demand
    )
    by_day: dict[dt.date, list[int]] = {}
    for line in lines:
        day = by_day.setdefault(line.date, [0, 0, 0])
        day[0] += line.required
        day[1] += line.available
        day[2] += line.shortfall
    return lines, tuple(DayDemand(day, *values) for day, values in sorted(by_day.items()))


def build_summary(scope: PlanScope) -> Summary:
    rags = scope.rag_counts
    counts = (
        ("Constituencies", f"{len(scope.seats):,}"),
        ("Polling stations", f"{len(scope.stations):,}"),
        ("Events", f"{len(scope.events):,}"),
        *((("Flashpoints", f"{sum(1 for e in scope.events if e.flashpoint):,}"),) if scope.assessed else ()),
        ("Candidates", f"{len(scope.candidate_records):,}"),
        ("Red / amber stations", f"{rags.get('red', 0):,} / {rags.get('amber', 0):,}"),
    )
    demand, by_day = build_demand(scope)
    return Summary(
        key_dates=key_dates(scope),
        timeline=build_timeline(scope),
        counts=counts,
        matrix=dict(Counter((e.likelihood, e.impact) for e in scope.events)),
        bands=dict(scope.rules.event.bands),
        flashpoints=scope.flashpoint_rows,
        demand=demand,
        demand_by_day=by_day,
        demand_scoped=scope.scoped,
    )
