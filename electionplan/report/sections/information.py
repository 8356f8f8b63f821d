"""The information section: each constituency's threat picture and the candidates' risk profiles."""

from __future__ import annotations

from collections import Counter

from electionplan.domain.plandata import ConstituencyRecord, EventRecord, ThreatReportRecord
from electionplan.domain.timefmt import fmt_date
from electionplan.domain.vocab import PROMINENCE
from electionplan.report.document import (
    BriefingLine,
    CandidateProfileRow,
    Information,
    SeatFigures,
    SeatPicture,
    ThreatLine,
)
from electionplan.report.mapscene import build_seat_scenes
from electionplan.report.rows import candidate_rows, natural_key
from electionplan.report.sections.scope import PlanScope
from electionplan.risk.results import LEVEL_LABELS

HIGH_LEVELS = ("high", "very_high")


class _BySeat:
    """The scope's records grouped by constituency once, so a 650-seat plan is not searched 650 times."""

    def __init__(self, scope: PlanScope):
        self.events = _grouped(scope.events)
        self.stations = _grouped(scope.stations)
        self.candidates = _grouped(scope.candidates)
        self.flashpoints = _grouped(scope.flashpoint_rows)
        self.incidents = Counter(_incident_seats(scope))
        self.unlocated = {s.id for s in scope.snapshot.stations if s.easting is None or s.northing is None}
        self.maps = build_seat_scenes(scope.snapshot, scope.assessment)


def _grouped(items) -> dict[int | None, list]:
    grouped: dict[int | None, list] = {}
    for item in items:
        grouped.setdefault(item.constituency_id, []).append(item)
    return grouped


def _incident_seats(scope: PlanScope):
    """The constituency of each incident recorded at a station or venue."""
    stations: dict[int | None, int | None] = {s.id: s.constituency_id for s in scope.snapshot.stations}
    venues: dict[int | None, int | None] = {v.id: v.constituency_id for v in scope.snapshot.venues}
    for incident in scope.snapshot.incidents:
        # Counted once in each constituency it touches, through its station or its venue.
        yield from {stations.get(incident.station_id), venues.get(incident.venue_id)} - {None}


def seat_figures(scope: PlanScope, seat: ConstituencyRecord, by_seat: _BySeat) -> SeatFigures:
    events = by_seat.events.get(seat.id, [])
    # A station not yet located has no constituency; in a one-seat plan it is still that seat's, and counted.
    unplaced = by_seat.stations.get(None, []) if len(scope.seats) == 1 else []
    stations = by_seat.stations.get(seat.id, []) + unplaced
    candidates = by_seat.candidates.get(seat.id, [])
    rags = Counter(s.rag for s in stations)
    # The breakdown counts the flashpoints themselves, so its parts add up to the total.
    levels = Counter(e.level for e in events if e.flashpoint)
    return SeatFigures(
        events=len(events), flashpoints=sum(levels.values()),
        flashpoint_levels=tuple((key, levels[key]) for key in reversed(LEVEL_LABELS) if levels.get(key)),
        stations=len(stations), unplaced=sum(1 for s in stations if s.id in by_seat.unlocated),
        red=rags.get("red", 0), amber=rags.get("amber", 0), incidents=by_seat.incidents.get(seat.id, 0),
        candidates=len(candidates), high_risk_candidates=sum(1 for c in candidates if c.level in HIGH_LEVELS))


def _counted(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def seat_sentence(figures: SeatFigures, assessed: bool = True) -> str:
    """The constituency's figures in words, for a plan of one constituency; outside the police (`assessed`
    False) with no flashpoint and no incident, as both can move with a candidate's restricted risk."""
    f = figures
    if not assessed:
        text = f"{_counted(f.events, 'public event is', 'public events are')} planned." if f.events else \
            "No public event is planned yet."
    elif not f.events:
        text = "No events are planned yet."
    elif not f.flashpoints:
        text = f"{_counted(f.events, 'event is', 'events are')} planned; none is assessed as a flashpoint."
    else:
        text = (f"{_counted(f.events, 'event is', 'events are')} planned, of which {f.flashpoints} "
                f"{'is' if f.flashpoints == 1 else 'are'} assessed as "
                f"{'a flashpoint' if f.flashpoints == 1 else 'flashpoints'} ({f.breakdown}).")
    unplaced = f" ({f.unplaced} not yet located on the map)" if f.unplaced else ""
    text += (f" Of {_counted(f.stations, 'polling station', 'polling stations')}{unplaced}, "
             f"{f.red} {'is' if f.red == 1 else 'are'} rated red and {f.amber} amber." if f.stations else
             " No polling station is recorded yet.")
    # Said only when there are some: an edition without the incident log cannot tell none from withheld.
    if f.incidents and assessed:
        text += f" {_counted(f.incidents, 'earlier incident is', 'earlier incidents are')} recorded in the area."
    return text


def candidate_sentence(figures: SeatFigures) -> str:
    f = figures
    return (f"{_counted(f.candidates, 'candidate stands', 'candidates stand')}; {f.high_risk_candidates} "
            f"{'carries' if f.high_risk_candidates == 1 else 'carry'} a high or very high risk profile.")


def seat_picture(scope: PlanScope, seat: ConstituencyRecord, by_seat: _BySeat) -> SeatPicture:
    figures = seat_figures(scope, seat, by_seat)
    return SeatPicture(
        code=seat.gss_code,
        name=seat.name,
        electorate=seat.electorate,
        returning_officer=seat.returning_officer or "",
        summary=seat_sentence(figures, scope.assessed),
        candidate_summary=candidate_sentence(figures),
        flashpoints=tuple(by_seat.flashpoints.get(seat.id, [])),
        map=by_seat.maps[seat.id],
        id=seat.id,
        figures=figures,
    )


def _target_words(t: ThreatReportRecord, events: dict[int, EventRecord], venues: dict[int, str]) -> str:
    """What else a report names, as a sentence after its summary; empty for a report naming only the candidate."""
    named = []
    if t.event_id in events:
        event = events[t.event_id]
        named.append(f"{event.name} ({fmt_date(event.start)})")
    if t.venue_id in venues:
        named.append(venues[t.venue_id])
    if t.valid_from or t.valid_to:
        named.append(f"{fmt_date(t.valid_from) or 'any date'} to {fmt_date(t.valid_to) or 'any date after'}")
    return f"Names: {'; '.join(named)}." if named else ""


def _threat_lines(threats: list[ThreatReportRecord], events: dict[int, EventRecord],
                  venues: dict[int, str]) -> tuple[ThreatLine, ...]:
    return tuple(
        ThreatLine(fmt_date(t.reported_on), t.kind, t.severity, t.reported_to or "", t.reference or "",
                   " ".join(p for p in (t.summary or "", _target_words(t, events, venues)) if p))
        for t in sorted(threats, key=lambda t: t.reported_on)
    )


def candidate_profiles(scope: PlanScope) -> tuple[CandidateProfileRow, ...]:
    records = {c.id: c for c in scope.snapshot.candidates}
    events = {e.id: e for e in scope.snapshot.events}
    venues = {v.id: v.name for v in scope.snapshot.venues}
    threats: dict[int, list[ThreatReportRecord]] = {}
    for threat in scope.snapshot.threat_reports:
        if threat.candidate_id is not None:
            threats.setdefault(threat.candidate_id, []).append(threat)
    rows = []
    # Highest risk first; equal scores by name as a reader counts ("Candidate 9" before "Candidate 10").
    for result in sorted(scope.candidates, key=lambda c: (-c.score, natural_key(c.name))):
        record = records[result.id]
        rows.append(CandidateProfileRow(
            id=result.id,
            name=result.name,
            party=record.party or "",
            level=result.level,
            score=result.score,
            factors=tuple(f.reason for f in result.factors),
            prominence=PROMINENCE.get(record.prominence or 0, ""),
            home_address=record.home_address or "",
            intelligence_notes=record.intelligence_notes or "",
            concerns_raised=record.concerns_raised or "",
            protective_measures=tuple(record.protective_measures),
            threats=_threat_lines(threats.get(result.id, []), events, venues),
        ))
    return tuple(rows)


def build_information(scope: PlanScope) -> Information:
    by_seat = _BySeat(scope)
    return Information(
        threat_picture=tuple(seat_picture(scope, seat, by_seat) for seat in scope.seats),
        candidates=candidate_profiles(scope),
    )


def build_briefings(scope: PlanScope) -> tuple[BriefingLine, ...]:
    """Every candidate's security briefing; the returning officer sees this too."""
    # From the candidates' records, not their assessment: an edition without
    # candidates' levels still lists every candidate's briefing.
    standing = {c.id for c in scope.candidate_records}
    lines = []
    rows = candidate_rows(scope.snapshot, scope.assessment)
    for row in sorted((r for r in rows if r.id in standing), key=lambda r: natural_key(r.name)):
        offered, accepted = fmt_date(row.briefing_offered), fmt_date(row.briefing_accepted)
        lines.append(BriefingLine(
            name=row.name,
            party=row.party,
            offered=offered or "Not yet offered",
            accepted=accepted or ("Not accepted" if offered else ""),
            police_contact=row.police_contact or "To be named",
            constituency=row.constituency,
        ))
    return tuple(lines)
