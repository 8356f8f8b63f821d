"""The "needs attention" list, from the sample plan with the gaps real plans have."""

from __future__ import annotations

import datetime as dt

import pytest

from electionplan.services.attention import (
    BRIEFINGS,
    CATEGORIES,
    DOCUMENT,
    RETURNING_OFFICERS,
    REVIEW,
    SHORT_SHIFTS,
    UNASSIGNED,
    UNLOCATED,
    Target,
    attention_items,
    counts_by_category,
)
from tests.conftest import AS_AT, assess_stored


@pytest.fixture
def gappy(sample_snapshot):
    """The sample plan as a busy SPOC leaves it: gaps a real plan has mid-campaign."""
    snap = sample_snapshot
    snap["stations"][0].update(easting=None, northing=None)
    snap["stations"][1]["constituency_id"] = None
    snap["election"]["force"] = ""
    snap["plan"].update(reference="", distribution=[])
    snap["candidates"][2].update(briefing_offered=None, briefing_accepted=None)
    snap["constituencies"][0]["returning_officer"] = ""
    polling_day = snap["election"]["polling_day"]
    for row in snap["capacity"]:
        if row["day"] == polling_day:
            row["officers"] = 0
    return snap


def test_every_gap_is_listed_with_where_to_go(gappy, rules):
    assessment = assess_stored(gappy, rules, AS_AT)
    items = attention_items(gappy, assessment, AS_AT)
    targets = {(i.category, i.target) for i in items}
    assert (UNLOCATED, Target("station", gappy["stations"][0]["id"])) in targets
    assert (UNASSIGNED, Target("station", gappy["stations"][1]["id"])) in targets
    assert (BRIEFINGS, Target("candidate", gappy["candidates"][2]["id"])) in targets
    assert (DOCUMENT, Target("election", "force")) in targets
    assert (DOCUMENT, Target("plan", "reference")) in targets
    assert (DOCUMENT, Target("plan", "distribution")) in targets
    assert (RETURNING_OFFICERS, Target("constituency", gappy["constituencies"][0]["id"])) in targets
    shifts = [i for i in items if i.category == SHORT_SHIFTS]
    assert [i.target.id for i in shifts] == [f"{d.date}/{d.shift}" for d in assessment.shortfalls]
    assert any(i.target.id.startswith(gappy["election"]["polling_day"]) for i in shifts)
    assert [CATEGORIES.index(i.category) for i in items] == sorted(CATEGORIES.index(i.category) for i in items)
    assert REVIEW not in counts_by_category(items)


def test_review_overdue_counts_days_from_the_given_day(gappy, rules):
    due = dt.date.fromisoformat(gappy["plan"]["next_review_date"])
    later = due + dt.timedelta(days=10)
    items = attention_items(gappy, assess_stored(gappy, rules, AS_AT), later)
    assert items[0].category == REVIEW and items[0].urgent
    assert f"due {due:%d/%m/%Y}, 10 days ago" in items[0].text


def test_counts_match_the_records_with_gaps(sample_snapshot, rules):
    items = attention_items(sample_snapshot, assess_stored(sample_snapshot, rules, AS_AT), AS_AT)
    counts = counts_by_category(items)
    stations = sample_snapshot["stations"]
    assert counts.get(UNLOCATED, 0) == sum(1 for s in stations if s["easting"] is None)
    assert counts.get(UNASSIGNED, 0) == sum(1 for s in stations if s["constituency_id"] is None)
    assert counts.get(BRIEFINGS, 0) == sum(1 for c in sample_snapshot["candidates"] if not c["briefing_offered"])
    assert sum(counts.values()) == len(items)
