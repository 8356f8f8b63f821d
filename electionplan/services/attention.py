"""What needs the SPOC's attention in a plan, each item pointing at the record to open.

Computed from the plan snapshot and its assessment, so it is always as current
as the last assessment. Items come grouped by category, most pressing first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from electionplan.domain.display import plural
from electionplan.domain.plancodec import decode_snapshot
from electionplan.domain.plandata import PlanSnapshot
from electionplan.domain.timefmt import date_warnings, fmt_date
from electionplan.risk.results import Assessment
from electionplan.services.explain import value_of
from electionplan.services.missing import missing_items
from electionplan.services.plans import review_status

DATES = "Dates to check"
REVIEW = "Review overdue"
SHORT_SHIFTS = "Short shifts"
UNLOCATED = "Stations without a location"
UNASSIGNED = "Stations not in a constituency"
DOCUMENT = "Missing document facts"
RETURNING_OFFICERS = "Constituencies with no returning officer"
BRIEFINGS = "Candidates with no briefing offer"
IMPORT = "Rows the last import left out"
MISSING = "Still to add"
CATEGORIES = (DATES, REVIEW, SHORT_SHIFTS, IMPORT, MISSING, UNLOCATED, UNASSIGNED, DOCUMENT, RETURNING_OFFICERS, BRIEFINGS)

# The plan's document facts the PDF prints, with what the reader sees when one is missing.
DOCUMENT_FACTS = (
    ("election", "force", "Police force"),
    ("plan", "reference", "Plan reference"),
    ("plan", "prepared_by", "Prepared by"),
    ("plan", "approved_by", "Approver"),
    ("plan", "distribution", "Distribution list"),
    ("plan", "review_interval_days", "Review interval"),
    ("plan", "next_review_date", "Next review date"),
)


@dataclass(frozen=True)
class Target:
    """Where an item leads: a record kind and its id (a field name for plan facts, 'date/shift' for shifts)."""

    kind: str  # station | candidate | constituency | plan | shift | page
    id: Any


@dataclass(frozen=True)
class AttentionItem:
    category: str
    text: str
    target: Target
    urgent: bool = False


# A fact not typed on the Document control tab says where it comes from instead.
FACT_HINTS = {"approved_by": " It is recorded when an approved revision is issued (Revisions ▸ Issue revision…)."}


def _day(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def review_items(plan: Any, today: dt.date) -> list[AttentionItem]:
    due = _day(value_of(plan, "next_review_date"))
    status = review_status(value_of(plan, "review_interval_days"), due, today)
    if not status["overdue"]:
        return []
    return [AttentionItem(REVIEW, f"The plan's review was due {fmt_date(due)}, {plural(status['days_overdue'], 'day')} ago.",
                          Target("plan", "next_review_date"), urgent=True)]


def shift_items(assessment: Assessment) -> list[AttentionItem]:
    return [AttentionItem(SHORT_SHIFTS, f"{fmt_date(d.date)} {d.shift} shift: short by {d.shortfall:,} "
                          f"({d.officers_available:,} of {d.officers_required:,} officers).",
                          Target("shift", f"{d.date.isoformat()}/{d.shift}"), urgent=True) for d in assessment.shortfalls]


def station_items(stations: Sequence[Any]) -> list[AttentionItem]:
    unlocated = [AttentionItem(UNLOCATED, f"{value_of(s, 'name')} has no location, so it is not on the map or assessed for "
                               "nearby incidents.", Target("station", value_of(s, "id")))
                 for s in stations if value_of(s, "easting") is None or value_of(s, "northing") is None]
    unassigned = [AttentionItem(UNASSIGNED, f"{value_of(s, 'name')} is not in any constituency.", Target("station", value_of(s, "id")))
                  for s in stations if value_of(s, "constituency_id") is None]
    return unlocated + unassigned


def document_items(election: Any, plan: Any, constituencies: Sequence[Any]) -> list[AttentionItem]:
    sources = {"election": election, "plan": plan}
    items = [AttentionItem(DOCUMENT, f"{label} is not recorded; the PDF will say so." + FACT_HINTS.get(key, ""),
                           Target(source, key))
             for source, key, label in DOCUMENT_FACTS if value_of(sources[source], key) in (None, "", [], 0)]
    items += [AttentionItem(RETURNING_OFFICERS, f"{value_of(c, 'name')} has no returning officer recorded.",
                            Target("constituency", value_of(c, "id")))
              for c in constituencies if not value_of(c, "returning_officer")]
    return items


def briefing_items(candidates: Sequence[Any]) -> list[AttentionItem]:
    return [AttentionItem(BRIEFINGS, f"{value_of(c, 'name')} has not been offered a security briefing.",
                          Target("candidate", value_of(c, "id")))
            for c in candidates if not value_of(c, "briefing_offered")]


def attention_items(snapshot: Any, assessment: Assessment, today: dt.date) -> list[AttentionItem]:
    """Everything that needs attention, in the order of CATEGORIES."""
    plan, election = value_of(snapshot, "plan"), value_of(snapshot, "election")
    dates = date_warnings(_day(value_of(election, "polling_day")), _day(value_of(election, "count_date")), today)
    items = ([AttentionItem(DATES, text, Target("plan", "polling_day"), urgent=True) for text in dates]
             + review_items(plan, today) + shift_items(assessment) + station_items(value_of(snapshot, "stations"))
             + document_items(election, plan, value_of(snapshot, "constituencies"))
             + briefing_items(value_of(snapshot, "candidates"))
             + [AttentionItem(MISSING, item.text, Target("page", item.page)) for item in missing_items(
                 snapshot if isinstance(snapshot, PlanSnapshot) else decode_snapshot(snapshot))])
    order = {category: n for n, category in enumerate(CATEGORIES)}
    return sorted(items, key=lambda item: order[item.category])


def import_items(kind: str, unresolved: Sequence[str]) -> list[AttentionItem]:
    """The last import's rows that were not imported: a conflict of ids, a row that could not be read."""
    return [AttentionItem(IMPORT, f"{kind.capitalize()} import: {line}", Target("import", line)) for line in unresolved]


def counts_by_category(items: Sequence[AttentionItem]) -> dict[str, int]:
    counts = {category: 0 for category in CATEGORIES}
    for item in items:
        counts[item.category] += 1
    return {category: count for category, count in counts.items() if count}
