"""Event risk: a 5x5 likelihood x impact score with reasons anyone can read.

Reasons are short sentences for a returning officer: they say what raised the
risk without naming candidates' scores or repeating intelligence.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from electionplan.domain.display import plural
from electionplan.domain.plancodec import to_the_minute
from electionplan.domain.plandata import EventRecord, IncidentRecord, PlanSnapshot
from electionplan.domain.vocab import event_kind_label
from electionplan.geo.proximity import pairs_within
from electionplan.risk.levels import LEVEL_ORDER, level_for
from electionplan.risk.results import EventResult, Factor, round_half_up
from electionplan.risk.ruleset import EventRules, Ruleset
from electionplan.risk.threats import threat_factors, threat_matches


def attendance_impact(attendance: int, bands: Sequence[Sequence[float]]) -> int:
    impact = 1
    for floor, value in bands:
        if attendance >= floor:
            impact = int(value)
    return impact


def locate_incidents(snapshot: PlanSnapshot) -> list[tuple[float, float] | None]:
    """Where each incident happened: its own point, else its venue, station or event venue."""
    venues = {v.id: v for v in snapshot.venues}
    stations = {s.id: s for s in snapshot.stations}
    event_venue = {e.id: e.venue_id for e in snapshot.events}
    located = []
    for incident in snapshot.incidents:
        place = None
        if incident.easting is not None and incident.northing is not None:
            place = (incident.easting, incident.northing)
        else:
            for source in (
                venues.get(incident.venue_id),  # type: ignore[arg-type]
                stations.get(incident.station_id),  # type: ignore[arg-type]
                venues.get(event_venue.get(incident.event_id)),  # type: ignore[arg-type]
            ):
                if source and source.easting is not None and source.northing is not None:
                    place = (source.easting, source.northing)
                    break
        located.append(place)
    return located


def _coords(places: list[tuple[float, float] | None]) -> tuple[np.ndarray, np.ndarray]:
    e = np.array([p[0] if p else np.nan for p in places], dtype=float)
    n = np.array([p[1] if p else np.nan for p in places], dtype=float)
    return e, n


def _matches_topic(topics: tuple[str, ...], contentious: Sequence[str]) -> str | None:
    for topic in topics or []:
        lowered = topic.lower()
        if any(word.lower() in lowered for word in contentious):
            return topic
    return None


@dataclass
class _EventContext:
    """What every event's factors are read against, computed once for all events."""

    r: EventRules
    events: tuple[EventRecord, ...]
    incidents: tuple[IncidentRecord, ...]
    starts: list[dt.datetime]
    ends: list[dt.datetime]
    incident_times: list[dt.datetime]
    nearby_protests: dict[int, list[tuple[int, float]]]
    near_incidents: dict[int, dict[int, float | None]]
    threats: dict[int, list]  # event index -> the threat reports weighing on it


def _event_places(snapshot: PlanSnapshot) -> tuple[np.ndarray, np.ndarray]:
    venues = {v.id: v for v in snapshot.venues}
    places: list[tuple[float, float] | None] = []
    for event in snapshot.events:
        venue = venues.get(event.venue_id) if event.venue_id is not None else None
        if venue is not None and venue.easting is not None and venue.northing is not None:
            places.append((venue.easting, venue.northing))
        else:
            places.append(None)
    return _coords(places)


def _nearby_protests(events, ev_e, ev_n, starts, ends, radius) -> dict[int, list[tuple[int, float]]]:
    """Protests near each event whose times overlap it."""
    protest_idx = [i for i, e in enumerate(events) if e.kind == "protest"]
    nearby: dict[int, list[tuple[int, float]]] = defaultdict(list)
    if protest_idx:
        src, tgt, dist = pairs_within(ev_e, ev_n, ev_e[protest_idx], ev_n[protest_idx], radius)
        for i, j, d in zip(src.tolist(), tgt.tolist(), dist.tolist(), strict=False):
            p = protest_idx[j]
            if p != i and starts[i] < ends[p] and starts[p] < ends[i]:
                nearby[i].append((p, d))
    return nearby


def _near_incidents(snapshot: PlanSnapshot, ev_e, ev_n, radius) -> dict[int, dict[int, float | None]]:
    """Incidents at the same venue (distance 0) or within the radius of each event."""
    events, incidents = snapshot.events, snapshot.incidents
    in_e, in_n = _coords(locate_incidents(snapshot))
    near: dict[int, dict[int, float | None]] = defaultdict(dict)
    if not incidents:
        return near
    src, tgt, dist = pairs_within(ev_e, ev_n, in_e, in_n, radius)
    for i, j, d in zip(src.tolist(), tgt.tolist(), dist.tolist(), strict=False):
        near[i][j] = d
    by_venue: dict[int, list[int]] = defaultdict(list)
    event_venue = {e.id: e.venue_id for e in events}
    for j, incident in enumerate(incidents):
        venue_id = incident.venue_id or event_venue.get(incident.event_id)  # type: ignore[arg-type]
        if venue_id:
            by_venue[venue_id].append(j)
    for i, event in enumerate(events):
        for j in by_venue.get(event.venue_id, []):  # type: ignore[arg-type]
            near[i][j] = 0.0
    return near


def _candidate_factor(levels: list[str], r: EventRules) -> Factor | None:
    if not levels:
        return None
    top = max(levels, key=LEVEL_ORDER.index)
    weight = r.candidate_level[top]
    if not weight:
        return None
    count = sum(1 for lv in levels if lv == top)
    words = top.replace("_", " ")
    reason = (f"{count} attending candidates are assessed at {words} risk." if count > 1
              else f"An attending candidate is assessed at {words} risk.")
    return Factor("candidates", weight, reason)


def _incident_factors(i: int, ctx: _EventContext) -> list[Factor]:
    r, start = ctx.r, ctx.starts[i]
    history = dt.timedelta(days=r.incident_history_days)
    window = dt.timedelta(days=r.incident_window_days)
    earlier, recent = [], []
    for j, distance in ctx.near_incidents.get(i, {}).items():
        when = ctx.incident_times[j]
        if when < start and when >= start - history:
            earlier.append((when, j, distance))
            if when >= start - window:
                recent.append((when, j, distance))
    factors = []
    if earlier:
        when, j, distance = max(earlier)
        at_venue = any(not d for _, _, d in earlier)
        weight = r.earlier_incident if at_venue else r.earlier_incident_nearby
        if at_venue:
            when, j, distance = max(e for e in earlier if not e[2])
        where = "at this venue" if not distance else f"{distance:.0f} m away"
        if weight:
            factors.append(Factor(
                "earlier_incident", weight,
                f"{plural(len(earlier), 'earlier incident')} at or near the venue; the latest: "
                f"{ctx.incidents[j].kind.lower()} {where} on {when:%d/%m/%Y}.",
            ))
    if recent and r.recent_incident:
        factors.append(Factor(
            "recent_incident", r.recent_incident,
            f"{plural(len(recent), 'incident')} at or near the venue in the {window.days} days before the event.",
        ))
    return factors


def _circumstance_factors(i: int, ctx: _EventContext) -> list[Factor]:
    r, event, start, end = ctx.r, ctx.events[i], ctx.starts[i], ctx.ends[i]
    factors = []
    if ctx.nearby_protests.get(i) and r.protest_nearby:
        p, distance = min(ctx.nearby_protests[i], key=lambda pd: (pd[1], pd[0]))
        factors.append(Factor(
            "protest_nearby", r.protest_nearby,
            f"A planned protest or demonstration, '{ctx.events[p].name}', is {distance:.0f} m away "
            f"at the same time ({ctx.starts[p]:%H:%M}–{ctx.ends[p]:%H:%M}).",
        ))
    if not event.ticketed and r.public_unticketed and event.kind not in ("canvassing",):
        factors.append(Factor("public_unticketed", r.public_unticketed, "Open to the public with no tickets."))
    if event.outdoor and r.outdoor:
        factors.append(Factor("outdoor", r.outdoor, "Held outdoors."))
    late = end.date() > start.date() or end.time() > dt.time(r.late_evening_hour)
    if late and r.late_evening:
        factors.append(Factor("late_evening", r.late_evening, f"Runs late into the evening (ends {end:%H:%M})."))
    notice = event.notice_received
    if notice is not None and r.short_notice and (start - notice).total_seconds() / 3600 < r.short_notice_hours:
        factors.append(Factor(
            "short_notice", r.short_notice,
            f"The organiser gave less than {r.short_notice_hours} hours' notice "
            f"(received {notice:%d/%m/%Y %H:%M}).",
        ))
    return factors


def _likelihood_factors(i: int, ctx: _EventContext, levels: list[str]) -> list[Factor]:
    r = ctx.r
    factors = [f for f in (_candidate_factor(levels, r),) if f]
    topic = _matches_topic(ctx.events[i].topics, r.contentious_topics)
    if topic and r.contentious_topic:
        factors.append(Factor("contentious_topic", r.contentious_topic, f"Contentious topic: {topic}."))
    return factors + _incident_factors(i, ctx) + _circumstance_factors(i, ctx)


def _impact_factors(event: EventRecord, r: EventRules, levels: list[str]) -> list[Factor]:
    attendance = int(event.expected_attendance or 0)
    factors = [Factor("attendance", attendance_impact(attendance, r.attendance_bands), f"Expected attendance {attendance:,}.")]
    high_risk = sum(1 for lv in levels if lv in ("high", "very_high"))
    if high_risk and r.high_risk_candidate:
        weight = min(high_risk * r.high_risk_candidate, r.high_risk_candidate_cap)
        factors.append(Factor("high_risk_candidates", weight, f"{plural(high_risk, 'high-risk candidate')} present."))
    if event.kind in r.high_profile_kinds and r.high_profile:
        label = event_kind_label(event.kind).lower()
        factors.append(Factor("media_profile", r.high_profile, f"The {label} is high-profile by nature and draws media."))
    return factors


def _event_result(i: int, ctx: _EventContext, candidate_levels: dict[int, str]) -> EventResult:
    r, event = ctx.r, ctx.events[i]
    levels = [candidate_levels.get(cid, "low") for cid in event.candidate_ids]
    threat_likelihood, threat_impact = threat_factors(event, ctx.threats[i], r) if i in ctx.threats else ([], [])
    likelihood = threat_likelihood + _likelihood_factors(i, ctx, levels)
    impact = _impact_factors(event, r, levels) + threat_impact
    base = r.base_likelihood[event.kind]
    likelihood_score = min(5, max(1, round_half_up(base + sum(f.weight for f in likelihood))))
    impact_score = min(5, max(1, round_half_up(sum(f.weight for f in impact))))
    score = likelihood_score * impact_score
    return EventResult(
        id=event.id, name=event.name, kind=event.kind, start=to_the_minute(event.start), end=to_the_minute(event.end),
        venue_id=event.venue_id, constituency_id=event.constituency_id,
        likelihood=likelihood_score, impact=impact_score, score=score, level=level_for(score, r.bands),
        flashpoint=score >= r.flashpoint_threshold, likelihood_factors=likelihood, impact_factors=impact,
    )


def assess_events(
    snapshot: PlanSnapshot, rules: Ruleset, candidate_levels: dict[int, str], as_at: dt.date
) -> list[EventResult]:
    """Every event's assessment; `as_at` says which of the attending candidates' threats are recent."""
    r = rules.event
    events = snapshot.events
    if not events:
        return []
    ev_e, ev_n = _event_places(snapshot)
    starts = [e.start for e in events]
    ends = [e.end for e in events]
    ctx = _EventContext(
        r=r, events=events, incidents=snapshot.incidents, starts=starts, ends=ends,
        incident_times=[i.occurred_at for i in snapshot.incidents],
        nearby_protests=_nearby_protests(events, ev_e, ev_n, starts, ends, r.radius_m),
        near_incidents=_near_incidents(snapshot, ev_e, ev_n, r.radius_m),
        threats=threat_matches(snapshot, as_at - dt.timedelta(days=r.attending_threat_days),
                               frozenset(s for s, weight in r.attending_threat.items() if weight)),
    )
    results = [_event_result(i, ctx, candidate_levels) for i in range(len(events))]
    results.sort(key=lambda e: (-e.score, e.start, e.name, e.id))
    return results
