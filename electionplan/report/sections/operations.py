"""The method, administration and risk register sections, and the incident and contribution annexes."""

from __future__ import annotations

import dataclasses

from electionplan.domain.count_rvp import COUNT_KINDS
from electionplan.domain.display import grid_ref_of
from electionplan.domain.timefmt import fmt_datetime
from electionplan.domain.vocab import CONTACT_ROLES
from electionplan.report.document import Administration, ContactLine, ContributionLine, IncidentLine, Method
from electionplan.report.sections.information import HIGH_LEVELS, build_briefings
from electionplan.report.sections.scope import PlanScope
from electionplan.report.sections.summary import build_timeline
from electionplan.risk.register import RegisterEntry, risk_register, standing_entries
from electionplan.risk.ruleset import THREAT_TARGET_SCHEMA
from electionplan.risk.ruleset_words import ruleset_in_words


def build_method(scope: PlanScope) -> Method:
    # A revision issued under an older ruleset prints as it did when issued, without the annex.
    terms = ruleset_in_words(scope.rules) if scope.rules.written_schema >= THREAT_TARGET_SCHEMA else ()
    return Method(
        events=scope.event_rows,
        stations=scope.station_rows,
        count_events=tuple(e for e in scope.event_rows if e.kind in COUNT_KINDS),
        ruleset_terms=terms,
    )


def build_contacts(scope: PlanScope) -> tuple[ContactLine, ...]:
    ids = scope.seat_ids
    seat_names = {s.id: s.name for s in scope.snapshot.constituencies}
    contacts = [
        ContactLine(CONTACT_ROLES.get(c.role, c.role), c.name, c.organisation or "", c.phone or "", c.email or "",
                    seat_names.get(c.constituency_id, "") if c.constituency_id is not None else "")
        for c in scope.snapshot.contacts
        if not scope.scoped or c.constituency_id in ids or c.constituency_id is None
    ]
    # A returning officer recorded only on the constituency still gets a line.
    def same(a: str, b: str) -> bool:  # the same person, not a name that merely contains another
        return " ".join(a.casefold().split()) == " ".join(b.casefold().split())

    for seat in scope.seats:
        # The constituency records "NAME, ROLE"; the contact is the same person when the names agree.
        named = seat.returning_officer.split(",")[0]
        if seat.returning_officer and not any(same(c.name, named) for c in contacts):
            contacts.append(ContactLine("Returning officer", seat.returning_officer, "", "",
                                        seat.returning_officer_contact or "", seat.name))
    return tuple(contacts)


def build_administration(scope: PlanScope) -> Administration:
    return Administration(briefings=build_briefings(scope), timeline=build_timeline(scope),
                          contacts=build_contacts(scope))


# What the officer-shortfall risk's controls say outside the police, where demand is not shown.
PUBLIC_SHORTFALL_CONTROLS = ("Officer demand is planned by the police against the force's capacity; mutual aid or "
                             "rest-day working is requested where a shift is short.")


def build_register(scope: PlanScope) -> tuple[RegisterEntry, ...]:
    rags = scope.rag_counts
    if not scope.assessed:
        # Each standing risk and its controls, in a fixed order: no flashpoint, count or shortfall of the police
        # assessment reaches an edition outside the police.
        entries = standing_entries(rags.get("red", 0), rags.get("amber", 0), 0, [], scope.rules)
        return tuple(dataclasses.replace(e, controls=PUBLIC_SHORTFALL_CONTROLS) if e.risk == entries[-1].risk
                     else e for e in entries)
    high = sum(1 for c in scope.candidates if c.level in HIGH_LEVELS)
    flashpoints = [e for e in scope.events if e.flashpoint]
    return tuple(risk_register(flashpoints, rags.get("red", 0), rags.get("amber", 0), high,
                               scope.assessment.shortfalls, scope.rules))


def build_incidents(scope: PlanScope) -> tuple[IncidentLine, ...]:
    return tuple(
        IncidentLine(fmt_datetime(i.occurred_at), i.kind, i.severity, i.status or "", i.reference or "",
                     i.description or "", where=where)
        for i, where in zip(*_incidents_and_places(scope), strict=True)
    )


def _incidents_and_places(scope: PlanScope) -> tuple[list, list[str]]:
    """The incidents in time order, and where each was recorded: its station, venue or event, with a grid
    reference for one recorded only by its location."""
    snap = scope.snapshot
    stations = {s.id: f"Station {s.station_number} {s.name}".replace("  ", " ") for s in snap.stations}
    venues = {v.id: v.name for v in snap.venues}
    events = {e.id: e.name for e in snap.events}
    incidents = sorted(snap.incidents, key=lambda i: i.occurred_at)
    places = [stations.get(i.station_id) or venues.get(i.venue_id) or events.get(i.event_id)  # type: ignore[arg-type]
              or grid_ref_of(i, missing="Not recorded") for i in incidents]
    return incidents, places


def build_contributions(scope: PlanScope) -> tuple[ContributionLine, ...]:
    candidates = {c.id: c.name for c in scope.snapshot.candidates}
    events = {e.id: e.name for e in scope.assessment.events}
    lines = []
    for c in sorted(scope.snapshot.contributions, key=lambda c: c.received_at):
        about = candidates.get(c.candidate_id, "") or events.get(c.event_id, "")  # type: ignore[arg-type]
        lines.append(ContributionLine(
            received=fmt_datetime(c.received_at),
            sender=", ".join(p for p in (c.from_name, c.organisation) if p),
            kind=(c.kind or "comment").capitalize(),
            text=c.text + (f" (about {about})" if about else ""),
        ))
    return tuple(lines)
