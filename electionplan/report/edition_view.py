"""An edition's view of the plan: its records and their assessment, cut to what it allows.

The plan is assessed whole, as the police assess it. The view then keeps, of
each record, only the fields the edition names; leaves out record types it
does not name (threat reports, incidents, contributions, review comments for a
returning officer), a candidate's own movements and every candidate's
assessment. Outside the police an event keeps its public facts and nothing of
its assessment (see "Non-interference" in `report.editions`): no level, score,
likelihood, impact, flashpoint flag, reasons or presence, and it is listed in
time order, not in order of risk, except the presence planned at the count and
declaration, a declared channel. Stations keep their rating and the presence it
sets (the other declared channel), listed by rating and then by name; their
reasons are worked out again from the station's own records and the incidents
recorded there that no candidate is linked to, never from a flashpoint, which
a candidate's risk can make. Officer demand is
the police's alone: outside the police it is left out, as every event's share
of it can move with a candidate's risk.

Every output is built from a view, never from the plan itself, and a scoped
view (`constituency`) holds that constituency's records only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from electionplan.domain import plandata as pd
from electionplan.domain.errors import NotFound, UsageError
from electionplan.domain.text import is_seat
from electionplan.report.editions import PRESENCE_EVENT_KINDS, EditionPolicy, blank_of, policy_for
from electionplan.risk.demand import total_demand
from electionplan.risk.results import Assessment, EventResult, Factor, Presence, StationResult
from electionplan.risk.ruleset import Ruleset
from electionplan.risk.stations import assess_stations


@dataclass(frozen=True)
class EditionView:
    policy: EditionPolicy
    snapshot: pd.PlanSnapshot
    assessment: Assessment
    constituency: str | None  # the GSS code a scoped view keeps, or None for the whole plan


def _record(record, allowed: frozenset[str]):
    withheld = {f.name: blank_of(getattr(record, f.name)) for f in dataclasses.fields(record) if f.name not in allowed}
    return dataclasses.replace(record, **withheld) if withheld else record


def _order(order: pd.OrderRecord | None, policy: EditionPolicy) -> pd.OrderRecord | None:
    """The order's fields this edition names; an edition that names none gets no order at all."""
    allowed = policy.records.get(pd.OrderRecord)
    if order is None or allowed is None:
        return None
    return _record(order, allowed)


def _table(records: tuple, policy: EditionPolicy, record_type: type) -> tuple:
    if policy.whole:
        return records
    allowed = policy.records.get(record_type)
    if allowed is None:
        return ()
    return tuple(_record(r, allowed) for r in records)


def _seat_ids(snapshot: pd.PlanSnapshot, constituency: str | None) -> set[int] | None:
    if constituency is None:
        return None
    ids = {c.id for c in snapshot.constituencies if is_seat(c.gss_code, c.name, constituency)}
    if not ids:
        raise NotFound(f"The plan has no constituency with GSS code or name {constituency}.")
    return ids


def _scoped(snapshot: pd.PlanSnapshot, seats: set[int] | None) -> pd.PlanSnapshot:
    """The records of the chosen constituencies, and those linked to them."""
    if seats is None:
        return snapshot

    def local(records: tuple) -> tuple:
        return tuple(r for r in records if r.constituency_id in seats)

    events, candidates, stations = local(snapshot.events), local(snapshot.candidates), local(snapshot.stations)
    event_ids, candidate_ids = {e.id for e in events}, {c.id for c in candidates}
    venues = local(snapshot.venues)
    station_ids, venue_ids = {s.id for s in stations}, {v.id for v in venues}
    return dataclasses.replace(
        snapshot,
        constituencies=tuple(c for c in snapshot.constituencies if c.id in seats),
        # Force-wide contacts (no constituency) serve every constituency.
        contacts=tuple(c for c in snapshot.contacts if c.constituency_id is None or c.constituency_id in seats),
        stations=stations, venues=venues, events=events, candidates=candidates,
        # A report naming only dates weighs on every event in them, so every constituency keeps it.
        threat_reports=tuple(t for t in snapshot.threat_reports if t.candidate_id in candidate_ids
                             or t.event_id in event_ids or t.venue_id in venue_ids
                             or (t.candidate_id is None and t.event_id is None and t.venue_id is None)),
        # An incident belongs to the constituency of anything it was recorded at: an event, a station,
        # a candidate, or a venue (where most earlier incidents are recorded).
        incidents=tuple(i for i in snapshot.incidents if i.event_id in event_ids or i.station_id in station_ids
                        or i.candidate_id in candidate_ids or i.venue_id in venue_ids),
        contributions=tuple(c for c in snapshot.contributions
                            if c.event_id in event_ids or c.candidate_id in candidate_ids),
    )


# The force's election contacts a candidate may call: the SPOC, the deputy and
# the Operation Bridger / FEOA liaison.
CANDIDATE_CONTACT_ROLES = frozenset({"spoc", "deputy_spoc", "bridger"})


def _for_candidate(snapshot: pd.PlanSnapshot, candidate_id: int) -> pd.PlanSnapshot:
    """One candidate, the public events they are listed to attend, and the force's election contacts.

    Of each event only this candidate is listed, so a pack never names who else
    attends; everything about any other candidate is left out.
    """
    found = [c for c in snapshot.candidates if c.id == candidate_id]
    if not found:
        raise NotFound(f"The plan has no candidate with id {candidate_id}.")
    candidate = found[0]
    events = tuple(dataclasses.replace(e, candidate_ids=(candidate_id,)) for e in snapshot.events
                   if candidate_id in e.candidate_ids)
    venue_ids = {e.venue_id for e in events}
    return dataclasses.replace(
        snapshot,
        constituencies=tuple(c for c in snapshot.constituencies if c.id == candidate.constituency_id),
        contacts=tuple(c for c in snapshot.contacts if c.role in CANDIDATE_CONTACT_ROLES
                       and c.constituency_id in (None, candidate.constituency_id)),
        stations=(), venues=tuple(v for v in snapshot.venues if v.id in venue_ids), events=events,
        candidates=(candidate,), threat_reports=(), incidents=(), contributions=(), capacity=(),
    )


def restrict_snapshot(snapshot: pd.PlanSnapshot, policy: EditionPolicy) -> pd.PlanSnapshot:
    """The plan's records holding only the fields and tables the edition names."""
    if policy.whole:
        return snapshot
    kept_events = tuple(e for e in snapshot.events if e.kind not in policy.withheld_event_kinds)
    # A venue only a withheld event uses (a campaign office) would tell where it was.
    private_venues = ({e.venue_id for e in snapshot.events} - {e.venue_id for e in kept_events}) - {None}
    snapshot = dataclasses.replace(snapshot, venues=tuple(v for v in snapshot.venues if v.id not in private_venues))
    tables: dict[str, Any] = {key: _table(getattr(snapshot, key), policy, record_type)
                              for key, record_type in pd.TABLE_RECORDS.items() if key != "events"}
    return dataclasses.replace(
        snapshot,
        election=_record(snapshot.election, policy.records.get(pd.ElectionFacts, frozenset())),
        plan=_record(snapshot.plan, policy.records.get(pd.PlanFacts, frozenset())),
        order=_order(snapshot.order, policy),
        events=_table(kept_events, policy, pd.EventRecord),
        wards=_table(snapshot.wards, policy, pd.WardRecord),
        **tables,
    )


def _factors(factors: list[Factor], policy: EditionPolicy, shown: tuple[Factor, ...] = (),
             allowed: Mapping[str, str | None] | None = None) -> list[Factor]:
    """The factors the edition may read: as written, or its fixed sentence once (counting `shown`)."""
    allowed = policy.factors if allowed is None else allowed
    kept: list[Factor] = []
    for factor in factors:
        if factor.key not in allowed:
            continue
        sentence = allowed[factor.key]
        if sentence is None:
            kept.append(factor)
        elif all(k.reason != sentence for k in (*shown, *kept)):
            # The weight would tell what the sentence hides, so it is not carried.
            kept.append(Factor(factor.key, 0.0, sentence))
    return kept


@dataclass(frozen=True)
class StationPresence:
    """A polling station's rating and the presence it sets: all of the station's assessment that is declared."""

    rag: str
    presence: Presence | None


@dataclass(frozen=True)
class ChannelValues:
    """What of the police assessment reaches an edition outside the police: the declared channels alone."""

    stations: dict[int, StationPresence]  # each polling station's rating and the presence it sets
    count_presence: dict[int, Presence | None]  # the presence planned at each count and declaration


def declared_channels(assessment: Assessment) -> ChannelValues:
    """The declared channels' values (see `DECLARED_CHANNELS` in report.editions), read from the police assessment.

    Everything an edition outside the police holds of the assessment passes through here, so these values and
    the plan's public records are all its outputs can depend on."""
    return ChannelValues(
        stations={s.id: StationPresence(s.rag, s.presence) for s in assessment.stations},
        count_presence={e.id: e.presence for e in assessment.events if e.kind in PRESENCE_EVENT_KINDS})


def public_event(event: EventResult, channels: ChannelValues) -> EventResult:
    """An event as it may be shown outside the police: its public facts, and the presence planned for it only
    where that is a declared channel (the count and declaration). Its level, score, likelihood, impact,
    flashpoint flag and reasons can all move with a candidate's restricted risk, so none is carried."""
    return dataclasses.replace(event, likelihood=0, impact=0, score=0, level="", flashpoint=False,
                               likelihood_factors=[], impact_factors=[],
                               presence=channels.count_presence.get(event.id))


# Said of a station whose rating its shown reasons do not reach: the rest is police information.
STATION_WITHHELD = "Police information not shown in this edition raises the presence here."
_RAG_RANK = {"red": 0, "amber": 1, "green": 2}


def public_station_factors(snapshot: pd.PlanSnapshot, rules: Ruleset) -> dict[int, StationResult]:
    """Each station assessed on what no candidate's restricted risk can move: its own records and the incidents
    recorded there that are linked to no candidate, with no flashpoint (an event is one as its candidates'
    risk makes it)."""
    unlinked = tuple(i for i in snapshot.incidents if i.candidate_id is None)
    quiet = dataclasses.replace(snapshot, incidents=unlinked)
    return {s.id: s for s in assess_stations(quiet, rules, [])}


def _public_station(station: StationResult, shown: StationPresence, own: StationResult | None,
                    policy: EditionPolicy) -> StationResult:
    """A station outside the police: the declared rating and presence, and reasons from its own records only."""
    factors = _factors(own.factors, policy, allowed=policy.station_factors) if own else []
    if _RAG_RANK.get(shown.rag, 2) < _RAG_RANK.get(own.rag if own else "green", 2):
        factors.append(Factor("withheld", 0.0, STATION_WITHHELD))
    return dataclasses.replace(station, points=0.0, rag=shown.rag, presence=shown.presence, factors=factors)


def _public_assessment(assessment: Assessment, view: pd.PlanSnapshot, policy: EditionPolicy,
                       own: dict[int, StationResult]) -> Assessment:
    """The assessment outside the police: public events and the declared channels, no candidate, no demand."""
    channels = declared_channels(assessment)
    event_ids, station_ids = {e.id for e in view.events}, {s.id for s in view.stations}
    # In time order: the police order, highest risk first, would tell what the levels hide.
    events = sorted((public_event(e, channels) for e in assessment.events if e.id in event_ids),
                    key=lambda e: (e.start, e.id))
    # By the declared rating, then by name: the police order within a rating follows points a flashpoint moves.
    stations = sorted((_public_station(s, channels.stations[s.id], own.get(s.id), policy)
                       for s in assessment.stations if s.id in station_ids and s.id in channels.stations),
                      key=lambda s: (_RAG_RANK.get(s.rag, 3), s.name, s.id))
    return dataclasses.replace(assessment, candidates=[], events=events, stations=stations, demand=[])


def restrict_assessment(assessment: Assessment, view: pd.PlanSnapshot, policy: EditionPolicy,
                        rules: Ruleset, whole: pd.PlanSnapshot | None = None) -> Assessment:
    """The assessment of the records the view keeps, with the reasons the edition may read. Outside the police
    a station's reasons are worked out from `whole` (the records before the edition cut them), else the view."""
    if not policy.whole:
        own = public_station_factors(whole or view, rules) if view.stations else {}
        return _public_assessment(assessment, view, policy, own)
    event_ids, station_ids = {e.id for e in view.events}, {s.id for s in view.stations}
    candidate_ids = {c.id for c in view.candidates}
    events = [e for e in assessment.events if e.id in event_ids]
    stations = [s for s in assessment.stations if s.id in station_ids]
    candidates = [c for c in assessment.candidates if c.id in candidate_ids]
    if len(events) == len(assessment.events) and len(stations) == len(assessment.stations):
        demand = assessment.demand
    else:
        demand = total_demand(view, events, stations, rules)
    return dataclasses.replace(assessment, candidates=candidates, events=events, stations=stations, demand=demand)


def edition_view(snapshot: pd.PlanSnapshot, assessment: Assessment, rules: Ruleset, edition: str,
                 constituency: str | None = None, candidate: int | None = None) -> EditionView:
    """What one edition may be given of an assessed plan: whole, for one constituency, or one candidate's."""
    policy = policy_for(edition)
    if (policy.key == "candidate") != (candidate is not None):
        raise UsageError("the candidate edition is one candidate's pack: name the candidate with --candidate, "
                         "and only there")
    scoped = _scoped(snapshot, _seat_ids(snapshot, constituency))
    if candidate is not None:
        scoped = _for_candidate(scoped, candidate)
    view = restrict_snapshot(scoped, policy)
    return EditionView(policy, view, restrict_assessment(assessment, view, policy, rules, scoped), constituency)
