"""Event risk: a 5x5 likelihood x impact score with reasons anyone can read.

Reasons are short sentences for a returning officer: they say what raised the
risk without naming candidates' scores or repeating intelligence.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import numpy as np

from electionplan.geo.proximity import pairs_within
from electionplan.risk.results import EventResult, Factor, plural, round_half_up
from electionplan.risk.ruleset import Ruleset
from electionplan.domain.timefmt import parse_time
from electionplan.domain.vocab import event_kind_label

LEVEL_ORDER = ("low", "medium", "high", "very_high")


def band_for(score: int, bands: dict[str, float]) -> str:
    level = "low"
    for name in LEVEL_ORDER[1:]:
        if score >= bands[name]:
            level = name
    return level


def attendance_impact(attendance: int, bands: list[list[float]]) -> int:
    impact = 1
    for floor, value in bands:
        if attendance >= floor:
            impact = int(value)
    return impact


def locate_incidents(snapshot: dict[str, Any]) -> list[tuple[float, float] | None]:
    """Where each incident happened: its own point, else its venue, station or event venue."""
    venues = {v["id"]: v for v in snapshot["venues"]}
    stations = {s["id"]: s for s in snapshot["stations"]}
    events = {e["id"]: e for e in snapshot["events"]}
    located = []
    for incident in snapshot["incidents"]:
        place = None
        if incident.get("easting") is not None and incident.get("northing") is not None:
            place = (incident["easting"], incident["northing"])
        else:
            for source in (
                venues.get(incident.get("venue_id")),
                stations.get(incident.get("station_id")),
                venues.get((events.get(incident.get("event_id")) or {}).get("venue_id")),
            ):
                if source and source.get("easting") is not None and source.get("northing") is not None:
                    place = (source["easting"], source["northing"])
                    break
        located.append(place)
    return located


def _coords(places: list[tuple[float, float] | None]) -> tuple[np.ndarray, np.ndarray]:
    e = np.array([p[0] if p else np.nan for p in places], dtype=float)
    n = np.array([p[1] if p else np.nan for p in places], dtype=float)
    return e, n


def _matches_topic(topics: list[str], contentious: list[str]) -> str | None:
    for topic in topics or []:
        lowered = topic.lower()
        if any(word.lower() in lowered for word in contentious):
            return topic
    return None


def assess_events(
    snapshot: dict[str, Any], rules: Ruleset, candidate_levels: dict[int, str]
) -> list[EventResult]:
    r = rules["event"]
    events = snapshot["events"]
    if not events:
        return []
    venues = {v["id"]: v for v in snapshot["venues"]}
    places = []
    for event in events:
        venue = venues.get(event.get("venue_id"))
        located = venue and venue.get("easting") is not None and venue.get("northing") is not None
        places.append((venue["easting"], venue["northing"]) if located else None)
    ev_e, ev_n = _coords(places)
    starts = [parse_time(e["start"]) for e in events]
    ends = [parse_time(e["end"]) for e in events]
    radius = r["radius_m"]

    # Protests near each event whose times overlap it.
    protest_idx = [i for i, e in enumerate(events) if e["kind"] == "protest"]
    nearby_protests: dict[int, list[tuple[int, float]]] = defaultdict(list)
    if protest_idx:
        src, tgt, dist = pairs_within(ev_e, ev_n, ev_e[protest_idx], ev_n[protest_idx], radius)
        for i, j, d in zip(src.tolist(), tgt.tolist(), dist.tolist()):
            p = protest_idx[j]
            if p != i and starts[i] < ends[p] and starts[p] < ends[i]:
                nearby_protests[i].append((p, d))

    # Incidents at the same venue or within the radius, before the event.
    incident_places = locate_incidents(snapshot)
    in_e, in_n = _coords(incident_places)
    incidents = snapshot["incidents"]
    incident_times = [parse_time(i["occurred_at"]) for i in incidents]
    near_incidents: dict[int, dict[int, float | None]] = defaultdict(dict)
    if incidents:
        src, tgt, dist = pairs_within(ev_e, ev_n, in_e, in_n, radius)
        for i, j, d in zip(src.tolist(), tgt.tolist(), dist.tolist()):
            near_incidents[i][j] = d
        by_venue: dict[int, list[int]] = defaultdict(list)
        event_venue = {e["id"]: e.get("venue_id") for e in events}
        for j, incident in enumerate(incidents):
            venue_id = incident.get("venue_id") or event_venue.get(incident.get("event_id"))
            if venue_id:
                by_venue[venue_id].append(j)
        for i, event in enumerate(events):
            for j in by_venue.get(event.get("venue_id"), []):
                near_incidents[i][j] = 0.0

    history = dt.timedelta(days=r["incident_history_days"])
    window = dt.timedelta(days=r["incident_window_days"])
    results = []
    for i, event in enumerate(events):
        likelihood: list[Factor] = []
        impact: list[Factor] = []
        kind_label = event_kind_label(event["kind"])
        base = r["base_likelihood"][event["kind"]]

        levels = [candidate_levels.get(cid, "low") for cid in event.get("candidate_ids", [])]
        if levels:
            top = max(levels, key=LEVEL_ORDER.index)
            weight = r["candidate_level"][top]
            if weight:
                count = sum(1 for lv in levels if lv == top)
                words = top.replace("_", " ")
                likelihood.append(
                    Factor(
                        "candidates",
                        weight,
                        f"{count} attending candidates are assessed at {words} risk."
                        if count > 1
                        else f"An attending candidate is assessed at {words} risk.",
                    )
                )
        topic = _matches_topic(event.get("topics", []), r["contentious_topics"])
        if topic and r["contentious_topic"]:
            likelihood.append(Factor("contentious_topic", r["contentious_topic"], f"Contentious topic: {topic}."))

        earlier = []
        recent = []
        for j, distance in near_incidents.get(i, {}).items():
            when = incident_times[j]
            if when < starts[i] and when >= starts[i] - history:
                earlier.append((when, j, distance))
                if when >= starts[i] - window:
                    recent.append((when, j, distance))
        if earlier:
            when, j, distance = max(earlier)
            at_venue = any(not d for _, _, d in earlier)
            weight = r["earlier_incident"] if at_venue else r["earlier_incident_nearby"]
            if at_venue:
                when, j, distance = max(e for e in earlier if not e[2])
            where = "at this venue" if not distance else f"{distance:.0f} m away"
            if weight:
                likelihood.append(
                    Factor(
                        "earlier_incident",
                        weight,
                        f"{plural(len(earlier), 'earlier incident')} at or near the venue; the latest: "
                        f"{incidents[j]['kind'].lower()} {where} on {when:%d/%m/%Y}.",
                    )
                )
        if recent and r["recent_incident"]:
            likelihood.append(
                Factor(
                    "recent_incident",
                    r["recent_incident"],
                    f"{plural(len(recent), 'incident')} at or near the venue in the {window.days} days before the event.",
                )
            )
        if nearby_protests.get(i) and r["protest_nearby"]:
            p, distance = min(nearby_protests[i], key=lambda pd: (pd[1], pd[0]))
            protest = events[p]
            likelihood.append(
                Factor(
                    "protest_nearby",
                    r["protest_nearby"],
                    f"A planned protest or demonstration, '{protest['name']}', is {distance:.0f} m away "
                    f"at the same time ({starts[p]:%H:%M}–{ends[p]:%H:%M}).",
                )
            )
        if not event.get("ticketed") and r["public_unticketed"] and event["kind"] not in ("canvassing",):
            likelihood.append(Factor("public_unticketed", r["public_unticketed"], "Open to the public with no tickets."))
        if event.get("outdoor") and r["outdoor"]:
            likelihood.append(Factor("outdoor", r["outdoor"], "Held outdoors."))
        late = ends[i].date() > starts[i].date() or ends[i].time() > dt.time(r["late_evening_hour"])
        if late and r["late_evening"]:
            likelihood.append(Factor("late_evening", r["late_evening"], f"Runs late into the evening (ends {ends[i]:%H:%M})."))
        notice = parse_time(event.get("notice_received"))
        if notice is not None and r["short_notice"]:
            hours = (starts[i] - notice).total_seconds() / 3600
            if hours < r["short_notice_hours"]:
                likelihood.append(
                    Factor(
                        "short_notice",
                        r["short_notice"],
                        f"The organiser gave less than {r['short_notice_hours']} hours' notice "
                        f"(received {notice:%d/%m/%Y %H:%M}).",
                    )
                )
        likelihood_score = min(5, max(1, round_half_up(base + sum(f.weight for f in likelihood))))

        attendance = int(event.get("expected_attendance") or 0)
        band = attendance_impact(attendance, r["attendance_bands"])
        impact.append(Factor("attendance", band, f"Expected attendance {attendance:,}."))
        high_risk = sum(1 for lv in levels if lv in ("high", "very_high"))
        if high_risk and r["high_risk_candidate"]:
            weight = min(high_risk * r["high_risk_candidate"], r["high_risk_candidate_cap"])
            impact.append(Factor("high_risk_candidates", weight, f"{plural(high_risk, 'high-risk candidate')} present."))
        if event["kind"] in r["high_profile_kinds"] and r["high_profile"]:
            impact.append(Factor("media_profile", r["high_profile"], f"The {kind_label.lower()} is high-profile by nature and draws media."))
        impact_score = min(5, max(1, round_half_up(sum(f.weight for f in impact))))

        score = likelihood_score * impact_score
        results.append(
            EventResult(
                id=event["id"],
                name=event["name"],
                kind=event["kind"],
                start=event["start"],
                end=event["end"],
                venue_id=event.get("venue_id"),
                constituency_id=event.get("constituency_id"),
                likelihood=likelihood_score,
                impact=impact_score,
                score=score,
                level=band_for(score, r["bands"]),
                flashpoint=score >= r["flashpoint_threshold"],
                likelihood_factors=likelihood,
                impact_factors=impact,
            )
        )
    results.sort(key=lambda e: (-e.score, e.start, e.name, e.id))
    return results
