"""Polling-station RAG ratings and officer demand against capacity."""

from __future__ import annotations

import datetime as dt

from tests.conftest import AS_AT, assess_stored


def station_result(assessment, station_id):
    return next(s for s in assessment.stations if s.id == station_id)


def plain_station(snapshot):
    station = next(
        s for s in snapshot["stations"]
        if not s["intimidation_history"] and not s["concerns"] and (s["electorate"] or 0) < 3000 and s["easting"]
    )
    return station


def test_each_station_factor_moves_the_rating(sample_snapshot, rules):
    station = plain_station(sample_snapshot)
    assert station_result(assess_stored(sample_snapshot, rules, AS_AT), station["id"]).rag == "green"
    station["electorate"] = 4000
    result = station_result(assess_stored(sample_snapshot, rules, AS_AT), station["id"])
    assert result.rag == "amber" and any("Large electorate" in r for r in result.reasons)
    station["electorate"] = 1000
    station["intimidation_history"] = True
    result = station_result(assess_stored(sample_snapshot, rules, AS_AT), station["id"])
    assert result.rag == "amber" and any("intimidation" in r for r in result.reasons)
    station["concerns"] = "Tellers were abused last time"
    result = station_result(assess_stored(sample_snapshot, rules, AS_AT), station["id"])
    assert result.rag == "red" and any("Tellers were abused" in r for r in result.reasons)


def test_polling_day_flashpoint_nearby_raises_station(sample_snapshot, rules):
    station = plain_station(sample_snapshot)
    before = station_result(assess_stored(sample_snapshot, rules, AS_AT), station["id"])
    venue_id = max(v["id"] for v in sample_snapshot["venues"]) + 1
    sample_snapshot["venues"].append({"id": venue_id, "name": "Car park", "address": "", "postcode": "",
                                      "easting": station["easting"] + 120, "northing": station["northing"],
                                      "constituency_id": 1, "notes": ""})
    sample_snapshot["events"].append({
        "id": 999, "name": "Polling day rally", "kind": "protest", "start": "2027-01-21T10:00",
        "end": "2027-01-21T14:00", "venue_id": venue_id, "constituency_id": 1, "expected_attendance": 800,
        "ticketed": False, "outdoor": True, "organiser": "", "notice_received": "2027-01-20T20:00",
        "topics": ["asylum"], "notes": "", "candidate_ids": [c["id"] for c in sample_snapshot["candidates"]][:2],
    })
    result = assess_stored(sample_snapshot, rules, AS_AT)
    rally = next(e for e in result.events if e.id == 999)
    assert rally.flashpoint
    after = station_result(result, station["id"])
    assert after.points > before.points
    assert any("Polling day rally" in r and "m away" in r for r in after.reasons)


def test_shortfall_appears_when_polling_day_capacity_is_below_demand(sample_snapshot, rules):
    polling_day = sample_snapshot["election"]["polling_day"]
    result = assess_stored(sample_snapshot, rules, AS_AT)
    # The demand is dated by a date, not the text the snapshot stores.
    rows = [d for d in result.demand if d.date == dt.date.fromisoformat(polling_day) and d.officers_required]
    assert rows and not any(r.shortfall for r in rows)
    for capacity in sample_snapshot["capacity"]:
        if capacity["day"] == polling_day:
            capacity["officers"] = 1
    result = assess_stored(sample_snapshot, rules, AS_AT)
    short = [d for d in result.shortfalls if d.date == dt.date.fromisoformat(polling_day)]
    assert short and all(d.officers_available == 1 for d in short)
    assert short[0].shortfall == short[0].officers_required - 1


def test_demand_counts_events_in_each_shift_they_overlap(sample_snapshot, rules):
    result = assess_stored(sample_snapshot, rules, AS_AT)
    count = next(e for e in result.events if e.kind == "count")
    # The count runs 22:15 to 04:30: the late shift of polling day and that night's shift.
    rows = {(d.date, d.shift): d for d in result.demand}
    assert any(count.name in c for c in rows[(dt.date(2027, 1, 21), "late")].contributors)
    assert any(count.name in c for c in rows[(dt.date(2027, 1, 21), "night")].contributors)
    assert not any(count.name in c for c in rows[(dt.date(2027, 1, 22), "early")].contributors)


def test_results_carry_dates_and_times_that_the_json_writes_as_before(sample_snapshot, rules):
    sample_snapshot["events"][0]["start"] = "2027-01-14T19:30:45"  # seconds a typed time never shows
    result = assess_stored(sample_snapshot, rules, AS_AT)
    data = result.to_dict()
    assert result.as_at == AS_AT and data["as_at"] == "2026-11-21"
    event = next(e for e in result.events if e.id == sample_snapshot["events"][0]["id"])
    assert event.start == dt.datetime(2027, 1, 14, 19, 30)  # to the minute, as the plan shows it
    written = next(e for e in data["events"] if e["id"] == event.id)
    assert (written["start"], written["end"]) == ("2027-01-14T19:30", event.end.strftime("%Y-%m-%dT%H:%M"))
    assert all(isinstance(e.start, dt.datetime) and isinstance(e.end, dt.datetime) for e in result.events)
    assert result.demand and all(type(d.date) is dt.date for d in result.demand)
    assert [row["date"] for row in data["demand"]] == [d.date.isoformat() for d in result.demand]
