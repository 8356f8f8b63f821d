"""Building a candidate's security pack from the candidate edition's view of the plan."""

from __future__ import annotations

import dataclasses
import datetime as dt

from electionplan.domain import plandata as pd
from electionplan.domain.timefmt import fmt_date
from electionplan.domain.vocab import CONTACT_ROLES, event_kind_label
from electionplan.report.document import ContactLine, Cover
from electionplan.report.edition_view import EditionView
from electionplan.report.editions import allow_document
from electionplan.report.pack_document import CandidatePack, PackEvent, PackSeal

NO_PRESENCE = "Ask your police contact"


def briefing_sentence(candidate: pd.CandidateRecord) -> str:
    """The briefing offer, as the candidate should read it."""
    if candidate.briefing_accepted:
        return (f"You were offered a personal security briefing on {fmt_date(candidate.briefing_offered)} and took it "
                f"up on {fmt_date(candidate.briefing_accepted)}. Ask your police contact if you would like another, "
                "or one for your agent or team.")
    if candidate.briefing_offered:
        return (f"You were offered a personal security briefing on {fmt_date(candidate.briefing_offered)}. It is free "
                "and confidential: to take it up, tell your police contact or give times on the return below.")
    return ("The police offer every candidate a free, confidential personal security briefing. To arrange yours, "
            "tell your police contact or give times on the return below.")


def _contacts(view: pd.PlanSnapshot, police_contact: str) -> tuple[ContactLine, ...]:
    """The candidate's named contact first (with their details where the plan has them), then the force's."""
    lines = [ContactLine(CONTACT_ROLES.get(c.role, c.role), c.name, c.organisation, c.phone, c.email)
             for c in view.contacts]
    named = police_contact.strip().casefold()
    if not named:
        return tuple(lines)
    known = next((c for c in lines if c.name.casefold() == named), None)
    mine = (dataclasses.replace(known, role=f"Your police contact ({known.role})") if known
            else ContactLine("Your police contact", police_contact.strip(), view.election.force, "", ""))
    return (mine, *(c for c in lines if c is not known))


def _events(view: EditionView) -> tuple[PackEvent, ...]:
    venues = {v.id: v for v in view.snapshot.venues}
    presence = {e.id: e.presence for e in view.assessment.events}
    lines = []
    for event in sorted(view.snapshot.events, key=lambda e: (e.start, e.id)):
        venue = venues.get(event.venue_id) if event.venue_id is not None else None
        where = ", ".join(p for p in (venue.name, venue.address, venue.postcode) if p) if venue else "To be confirmed"
        planned = presence.get(event.id)
        lines.append(PackEvent(
            date=fmt_date(event.start), time=f"{event.start:%H:%M}–{event.end:%H:%M}", name=event.name,
            kind_label=event_kind_label(event.kind), venue=where,
            # Only the count's and declaration's presence reaches a pack (a declared channel): at any other event
            # it could move with another candidate's restricted risk, so the candidate asks their contact.
            presence=planned.description if planned else NO_PRESENCE,
        ))
    return tuple(lines)


def build_pack(view: EditionView, seal: PackSeal, revision: str, as_at: dt.date) -> CandidatePack:
    """The pack for the one candidate the view holds, cut to the candidate edition's allow-list."""
    candidate = view.snapshot.candidates[0]
    election = view.snapshot.election
    seat = view.snapshot.constituencies[0] if view.snapshot.constituencies else None
    cover = Cover(title="Candidate's security pack", force=election.force, election=election.name,
                  election_kind=election.kind, constituencies=(seat.name,) if seat else (),
                  reference=view.snapshot.plan.reference, revision=revision, revision_date=fmt_date(as_at),
                  status="", prepared_by="", approved_by="", as_at=fmt_date(as_at))
    pack = CandidatePack(
        edition=view.policy.edition, cover=cover, name=candidate.name, party=candidate.party,
        constituency=seat.name if seat else "", ballot_id=candidate.ballot_id,
        police_contact=candidate.police_contact, contacts=_contacts(view.snapshot, candidate.police_contact),
        briefing=briefing_sentence(candidate), events=_events(view), seal=seal,
    )
    return allow_document(pack, view.policy.key)
