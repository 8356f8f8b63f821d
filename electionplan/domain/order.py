"""The operational order's content as plain data: what a Silver commander briefs from."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from electionplan.domain.errors import ValidationError
from electionplan.domain.gridref import parse_grid_reference, to_grid_reference
from electionplan.domain.timefmt import fmt_datetime

# Command roles in the order a briefing reads them; a role outside these is refused as a typing slip.
COMMAND_ROLES = {
    "gold": "Strategic commander (Gold)",
    "silver": "Tactical commander (Silver)",
    "bronze_polling": "Bronze: polling stations",
    "bronze_count": "Bronze: count and declaration",
    "bronze_public_order": "Bronze: public order",
    "bronze_intelligence": "Bronze: intelligence",
    "bronze_investigation": "Bronze: investigation",
}

# Fields of the plan that hold the order's own words.
ORDER_TEXT_FIELDS = ("operation_name", "gold_strategy", "tactical_parameters", "escalation", "communications")

# The standard sections every order carries, in the order they are printed.
STANDARD_SECTIONS = (
    "legal_powers", "human_rights", "count_security", "jesip", "methane", "ndm",
    "community_impact", "welfare_equipment", "handling_retention", "debrief",
)
# Sections added since forces first kept their own copies: a copy without one takes the national wording.
LATER_SECTIONS = ("count_security",)


# The default communications wording's clause for the operation's call signs, which gives way to the
# call signs the order records once it records any.
CALL_SIGN_CLAUSE = "call-sign for the operation is given at briefing"


def with_recorded_call_signs(text: str, channels: tuple[ChannelEntry, ...]) -> str:
    """The communications text with the template's call-sign clause replaced by the recorded call signs."""
    signs = [f"{c.call_sign} ({c.name})" if c.name else c.call_sign for c in channels if c.call_sign.strip()]
    if not signs or CALL_SIGN_CLAUSE not in text:
        return text
    return text.replace(CALL_SIGN_CLAUSE, "call signs for the operation: " + "; ".join(signs))


# The operation's rendezvous point, kept on the plan beside the order's words.
RVP_FIELDS = ("rvp_name", "rvp_address", "rvp_postcode", "rvp_grid_ref")
# What a plan without a recorded RVP lacks (asked of the live plan, not printed in an issued revision's gaps).
RVP_GAP = "rendezvous point (RVP) with its grid reference"
# A standard section's bullet that names the RVP; a recorded RVP takes its place.
RVP_BULLET = "- Rendezvous point (RVP):"


def live_gaps(order: OrderContent, counts_own_rvp: bool, contacts: Iterable[NamedContact] = ()) -> list[str]:
    """What the live plan's order still lacks: its own gaps, and the plan's RVP unless every count has its own.
    A command role the order leaves empty but a named contact holds (the force's Gold or Silver) is not a gap,
    as the PDF's command structure names them from the contacts.

    One list for the command line, the order page and Needs attention. An issued revision prints only the
    order's own gaps (`OrderContent.missing`), as they stood then."""
    named = dataclasses.replace(order, roles=command_roles(order.roles, contacts))
    return named.missing() + ([] if order.rvp_grid_ref or counts_own_rvp else [RVP_GAP])


def normalise_rvp_grid_ref(text: str) -> str:
    """An RVP's location as the plan prints it: an OS grid reference, kept to the figures typed, from a
    reference or 'easting, northing' in metres; one that cannot exist is refused in one sentence."""
    cleaned = " ".join((text or "").split())
    if not cleaned:
        return ""
    # An easting and northing in metres, as a map or a council's file gives them: "379500, 395000" or "379500 395000".
    numbers = cleaned.replace(";", " ").replace(",", " ").split()
    if len(numbers) == 2 and all(n.replace(".", "", 1).isdigit() for n in numbers):
        easting, northing = float(numbers[0]), float(numbers[1])
        _refuse_unknown(cleaned, easting, northing)
        reference = to_grid_reference(easting, northing, 10)
        if not reference:
            raise ValidationError(f"RVP grid reference: '{cleaned}' is not an easting and northing on the "
                                  "British National Grid (0–700000, 0–1300000 metres).", "rvp_grid_ref")
        return reference
    try:
        easting, northing = parse_grid_reference(cleaned)
    except ValidationError as error:
        raise ValidationError(f"RVP grid reference: {error}", "rvp_grid_ref") from None
    _refuse_unknown(cleaned, easting, northing)
    figures = len("".join(ch for ch in cleaned if ch.isdigit()))
    return to_grid_reference(easting, northing, figures)


def _refuse_unknown(typed: str, easting: float, northing: float) -> None:
    # The grid's origin lies in the sea off the Isles of Scilly; files write 0, 0 for a place they do not know.
    if easting < 1 and northing < 1:
        raise ValidationError(f"RVP grid reference: '{typed}' is the grid's origin, which files use for an unknown "
                              "place; give the RVP's own grid reference.", "rvp_grid_ref")


def rvp_place(name: str, address: str, postcode: str, grid_ref: str) -> str:
    """The RVP in one line, as a commander reads it out: where it is, then its grid reference."""
    place = ", ".join(part.strip() for part in (name, address, postcode) if part.strip())
    if grid_ref.strip():
        place += ("; " if place else "") + f"grid reference {grid_ref.strip()}"
    return place


def with_recorded_rvp(paragraphs: tuple[str, ...], place: str) -> tuple[str, ...]:
    """A standard section with the template's RVP sentence replaced by the recorded place (added if the
    template names none); unchanged while no RVP is recorded."""
    if not place:
        return paragraphs
    bullet = (f"{RVP_BULLET} {place}. Responding resources and mutual aid meet there, and public-order "
              "resources stand by there.")
    named = [n for n, text in enumerate(paragraphs) if text.startswith(RVP_BULLET)]
    if not named:
        return (*paragraphs, bullet)
    return tuple(bullet if n == named[0] else text for n, text in enumerate(paragraphs) if n not in named[1:])


class NamedContact(Protocol):
    @property
    def role(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def phone(self) -> str: ...
    @property
    def email(self) -> str: ...


def command_roles(roles: tuple[CommandRoleEntry, ...], contacts: Iterable[NamedContact]) -> tuple[CommandRoleEntry, ...]:
    """The command structure: the order's roles, and a command role the order does not fill taken from the
    contact recorded in it (the force's Gold or Silver), so the command structure and the named contacts
    never disagree about who holds a role. In briefing order."""
    held = {r.role for r in roles if r.name.strip()}
    taken = tuple(CommandRoleEntry(0, c.role, c.name, "", c.phone or c.email) for c in contacts
                  if c.role in COMMAND_ROLES and c.role not in held and c.name.strip())
    unfilled = {c.role for c in taken}
    kept = tuple(r for r in roles if r.name.strip() or r.role not in unfilled)
    rank = list(COMMAND_ROLES)
    return tuple(sorted(kept + taken, key=lambda r: rank.index(r.role) if r.role in rank else len(rank)))


def command_role_label(role: str) -> str:
    return COMMAND_ROLES.get(role, role.replace("_", " ").capitalize())


@dataclass(frozen=True, slots=True)
class StandardSection:
    key: str
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OrderTemplate:
    """The versioned standard sections: the national default or a force's own."""

    name: str
    version: str
    sha256: str
    sections: tuple[StandardSection, ...]
    glossary: tuple[tuple[str, str], ...]
    is_force_copy: bool = False


@dataclass(frozen=True, slots=True)
class CommandRoleEntry:
    id: int
    role: str
    name: str
    call_sign: str
    contact: str

    @property
    def label(self) -> str:
        return command_role_label(self.role)


@dataclass(frozen=True, slots=True)
class BriefingEntry:
    id: int
    at: dt.datetime
    place: str
    audience: str
    lead: str

    @property
    def when(self) -> str:
        return fmt_datetime(self.at)


@dataclass(frozen=True, slots=True)
class ChannelEntry:
    id: int
    name: str
    channel: str
    call_sign: str
    purpose: str


@dataclass(frozen=True, slots=True)
class OrderContent:
    """Everything the order says that a force writes itself, plus its standard sections."""

    operation_name: str
    gold_strategy: str
    tactical_parameters: str
    escalation: str
    communications: str
    roles: tuple[CommandRoleEntry, ...]
    briefings: tuple[BriefingEntry, ...]
    channels: tuple[ChannelEntry, ...]
    template: OrderTemplate
    rvp_name: str = ""
    rvp_address: str = ""
    rvp_postcode: str = ""
    rvp_grid_ref: str = ""

    @property
    def rvp(self) -> str:
        """The rendezvous point in one line, or "" while none is recorded."""
        return rvp_place(self.rvp_name, self.rvp_address, self.rvp_postcode, self.rvp_grid_ref)

    def missing(self) -> list[str]:
        """What a commander would notice is not yet written."""
        gaps = [label for label, value in (
            ("operation name", self.operation_name), ("Gold strategy", self.gold_strategy),
            ("tactical parameters", self.tactical_parameters), ("escalation route", self.escalation),
        ) if not value.strip()]
        held = {r.role for r in self.roles if r.name.strip()}
        gaps += [f"{COMMAND_ROLES[r]} not named in the command structure" for r in ("gold", "silver") if r not in held]
        if not self.briefings:
            gaps.append("no briefing scheduled")
        if not self.channels:
            gaps.append("no communications channel")
        return gaps
