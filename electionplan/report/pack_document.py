"""A candidate's own security pack, as typed parts.

The pack is built from the candidate edition's view of the plan, which holds
that one candidate, the public events they are listed to attend and the force's
election contacts, and nothing else: no other candidate, no level or score
(not even their own), no police notes.
"""

from __future__ import annotations

from dataclasses import dataclass

from electionplan.report.document import ContactLine, Cover, Edition


@dataclass(frozen=True)
class PackEvent:
    date: str  # DD/MM/YYYY
    time: str  # HH:MM–HH:MM
    name: str
    kind_label: str
    venue: str  # name, address and postcode on one line
    presence: str  # the police presence planned, as the plan words it


@dataclass(frozen=True)
class PackSeal:
    """Who the pack, and so its return, is for: read back by `import contributions`."""

    reference: str
    candidate_id: int
    seal: str  # HMAC of the reference and the candidate under the plan's own key

    @property
    def token(self) -> str:
        return f"{self.reference}|{self.candidate_id}|{self.seal}"


@dataclass(frozen=True)
class CandidatePack:
    edition: Edition
    cover: Cover
    name: str
    party: str
    constituency: str
    ballot_id: str
    police_contact: str
    contacts: tuple[ContactLine, ...]
    briefing: str  # the offer as a sentence: offered, taken up, or how to ask
    events: tuple[PackEvent, ...]
    seal: PackSeal


# How to report, and what: the same advice for every candidate.
URGENT_ADVICE = (
    "If you or anyone with you is in immediate danger, or a crime is happening now, call 999.",
    "For anything else, tell your police contact named above, or call 101 and say that you are a candidate "
    "in this election, so the report reaches the election team.",
    "Keep what you receive: do not delete messages or posts, take screenshots with the date and time, and write "
    "down what happened, when and who saw it.",
)
WHAT_TO_REPORT = (
    "threats made in person, by telephone, by letter, by email or online, including ones made to your family, "
    "agent or volunteers;",
    "abuse or harassment, including online, even where it seems below the criminal threshold: the police would "
    "rather know early;",
    "being followed, watched or photographed, or people waiting for you at events or near your home;",
    "unexpected visits to your home or office, suspicious packages or letters;",
    "damage to your property, vehicle, office or campaign material;",
    "plans you hear of to disrupt an event you are going to;",
    "anything else that makes you or your team feel unsafe.",
)
