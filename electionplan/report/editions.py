"""Editions as allow-lists: what each reader of the plan may be given.

An edition names, for each kind of record and each part of the document, the
fields it may carry. Everything else is withheld: a field or a record type
added to the plan later reaches no edition but the police's until an edition
here allows it by name. The same policy is applied at every output (the PDF,
the GeoPackage, the spreadsheets, `diff`, `revisions` and every `--json`), in
two walls:

- `report.edition_view` cuts the plan's records and their assessment down to
  what the edition allows before any output is built from them, so no builder
  can reach a withheld value;
- `allow_document` below applies the same allow-list to the finished PDF
  document, so a section built from something else is withheld too.

Free text (notes, intelligence, concerns, protective measures, threat reports,
incident descriptions, contributions, review comments, revision notes) is
police-only; only text written for recipients (a revision's summary, the
plan's intention and communications) is allowed elsewhere.

Non-interference. Withholding a field is not enough: a value that is shown can
still move with one that is not. So no output that leaves the police (the
returning officer's edition in every format, a candidate's pack, any
`--constituency` scope, and "Changes since") is a function of any candidate's
restricted risk inputs: their threat reports, intelligence, concerns,
protective measures, the incidents linked to them, and every level and score
derived from these. Two pairs of plans that differ only in such inputs give
byte-for-byte the same outputs outside the police, except through the channels
declared in `DECLARED_CHANNELS` below, each with its reason. In practice an
event outside the police is its public facts (when, where, kind, organiser,
attendance) with no level, score, likelihood, impact, flashpoint flag, reasons
or presence; the risk register gives each risk and its controls but no score;
demand is not shown; and each says that the police assessment uses
information not shown. `tests/core/test_non_interference.py` proves it by pairs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from electionplan.domain import plandata as pd
from electionplan.domain.errors import ValidationError
from electionplan.report import document as doc
from electionplan.report import mapscene as scene
from electionplan.report import pack_document as pack
from electionplan.report import rows
from electionplan.risk.register import RegisterEntry

EDITION_KEYS = ("police", "returning-officer", "candidate")


@dataclass(frozen=True)
class DeclaredChannel:
    """A way a candidate's restricted risk may reach an output outside the police, and why it must."""

    name: str
    shows: str
    reason: str


# The only channels through which an output outside the police may move with a candidate's restricted inputs.
DECLARED_CHANNELS = (
    DeclaredChannel(
        "polling-station presence",
        "each polling station's rating and the police presence it sets, and the polling-day patrol plan; never "
        "the reasons a candidate's risk moves (a station's reasons outside the police are its own records')",
        "presiding officers and the returning officer must know where officers will be on polling day, to run the "
        "poll and call for help; a flashpoint near a station raises its presence whatever made it one"),
    DeclaredChannel(
        "count and declaration presence",
        "the police presence planned at the verification, count and declaration",
        "the returning officer runs the count venue and plans its security, access and search regime with the "
        "police, so must know the presence planned there"),
)
# The events whose planned presence is a declared channel.
PRESENCE_EVENT_KINDS = frozenset({"count", "declaration"})
# Said wherever an edition outside the police leaves the police assessment out.
ASSESSMENT_WITHHELD = ("The police assessment of events, candidates and officer demand uses information that is not "
                       "shown in this edition, so no level, score or presence is given for an event here. The police "
                       "presence planned at polling stations and at the count and declaration is given in full.")
D = TypeVar("D")

# Kinds of event that are a candidate's own movements, not public occasions:
# where and when a candidate canvasses or holds a surgery is police business.
PRIVATE_EVENT_KINDS = frozenset({"campaign_visit", "canvassing", "surgery"})

# What a candidate-related risk factor says outside the police edition: the
# fact that candidates matter here, never a level or a count.
CANDIDATE_SENTENCE = "Candidate security considerations apply."


def _fields(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(frozen=True)
class EditionPolicy:
    edition: doc.Edition
    # True for the police edition: the whole plan, nothing withheld.
    whole: bool
    # Plan record type -> the fields this edition may carry. A type not named
    # here is withheld entirely (its table is empty in the edition).
    records: Mapping[type, frozenset[str]]
    # Document part type -> the fields this edition may carry; others are blanked.
    parts: Mapping[type, frozenset[str]]
    # Risk factor key -> None to show its reason as written, or the sentence
    # shown instead. A factor not named here is left out.
    factors: Mapping[str, str | None]
    # Event kinds this edition leaves out altogether.
    withheld_event_kinds: frozenset[str]
    # A station's factors, where they differ from an event's: said of the station, not a venue.
    station_factors: Mapping[str, str | None] | None = None

    @property
    def key(self) -> str:
        return self.edition.key


# What a returning officer may be given of the plan's records: the public facts
# of the election, its places and public events, and the police presence.
_RO_RECORDS: dict[type, frozenset[str]] = {
    pd.ElectionFacts: _fields("name kind force notice_date polling_day count_date"),
    pd.PlanFacts: _fields("reference prepared_by approved_by intention communications distribution "
                          "review_interval_days next_review_date"),
    pd.ConstituencyRecord: _fields("id gss_code name boundary electorate returning_officer returning_officer_contact"),
    pd.WardRecord: _fields("id gss_code name boundary"),  # public geography, drawn on the maps
    pd.ContactRecord: _fields("id role name organisation phone email constituency_id"),
    pd.StationRecord: _fields("id council council_id station_number polling_district name address_1 address_2 address_3 address_4 "
                              "postcode uprn easting northing electorate constituency_id stated_constituency "
                              "intimidation_history"),
    pd.VenueRecord: _fields("id name address postcode easting northing constituency_id"),
    # Who attends is left out: a candidate's presence at an event is no public fact of it.
    pd.EventRecord: _fields("id name kind start end venue_id constituency_id expected_attendance ticketed outdoor "
                            "organiser notice_received topics"),
    # A candidate's public facts only: never a risk input.
    pd.CandidateRecord: _fields("id name party constituency_id ballot_id police_contact briefing_offered "
                                "briefing_accepted"),
    pd.CapacityRecord: _fields("id day shift officers"),
    # Of the order: its name, how a presiding officer escalates, and the standard
    # sections (public law and practice, and the glossary). Never the command
    # structure, call signs, channels, briefings, Gold's strategy or tactics.
    pd.OrderRecord: _fields("operation_name escalation template_toml"),
}

_RO_FACTORS: dict[str, str | None] = {
    "candidates": CANDIDATE_SENTENCE,
    "high_risk_candidates": CANDIDATE_SENTENCE,
    # A threat report is police-only in full: outside the police the event says only that one weighs on it.
    "candidate_threat": CANDIDATE_SENTENCE,
    "named_threat": "Police information about a threat raises the risk at this event.",
    "threat_harm": "Police information about a threat raises the risk at this event.",
    "contentious_topic": None,
    "earlier_incident": "Earlier incidents are recorded at or near the venue.",
    "recent_incident": "Recent incidents are recorded at or near the venue.",
    "protest_nearby": None,
    "public_unticketed": None,
    "outdoor": None,
    "late_evening": None,
    "short_notice": None,
    "attendance": None,
    "media_profile": None,
    "intimidation_history": None,
    "flashpoint_nearby": "A polling-day flashpoint is nearby.",
    "large_electorate": None,
}

# A station rated amber or red for a reason the edition withholds (a concern's words) still says
# why, so its rating never stands beside "No risk factors recorded."
_RO_STATION_FACTORS: dict[str, str | None] = {
    # Not a flashpoint nearby: whether an event is one moves with its candidates' risk.
    **{key: sentence for key, sentence in _RO_FACTORS.items() if key != "flashpoint_nearby"},
    "earlier_incident": "Earlier incidents are recorded at or near this station.",
    "recent_incident": "Recent incidents are recorded at or near this station.",
    "concerns": "A concern about this station is recorded with the police.",
}

_ROW_PARTS: dict[type, frozenset[str]] = {
    # An event's public facts; its presence only at the count and declaration (a declared channel).
    rows.EventRow: _fields("id constituency_id name kind kind_label start end venue_id venue grid_ref easting northing "
                           "attendance organiser presence presence_option officers"),
    rows.StationRow: _fields("id constituency_id constituency council council_id number district name address postcode grid_ref "
                             "easting northing electorate rag presence reasons"),
    scene.MapScene: _fields("bounds areas points lines names clipped"),
    scene.MapLine: _fields("kind points"),
    scene.MapLabel: _fields("kind name x y"),
    scene.MapArea: _fields("id code name polygons label_point"),
    scene.MapPoint: _fields("entity id x y level label flagged key"),
    # Each risk and its controls; every score can move with a candidate's risk, so none is given.
    RegisterEntry: _fields("risk controls owner"),
}

# What a returning officer's PDF may hold, part by part. Candidates appear by
# their public facts in the briefing table; the risk profiles, the incident
# log, contributions and review comments are not listed, so they are withheld.
_RO_PARTS: dict[type, frozenset[str]] = {
    **_ROW_PARTS,
    doc.PlanDocument: _fields("edition cover control summary information intention method administration "
                              "register communications changes deployment order sign_off_binding companion"),
    # The files beside the PDF: each holds this edition's cut, as the PDF does.
    doc.CompanionFile: _fields("name kind parts"),
    doc.CompanionPart: _fields("name rows holds"),
    # Of the deployment, only the polling-station patrol cover: no event, no accepted risk.
    doc.DeploymentSection: _fields("patrols scoped"),
    doc.OrderSection: _fields("operation_name escalation standard glossary template"),
    doc.StandardText: _fields("key title paragraphs"),
    doc.PatrolLine: _fields("date shift patrol officers stations call_sign km drive_min stops constituency_id"),
    doc.PatrolStop: _fields("number name council postcode grid_ref visits times"),
    doc.Edition: _fields("key label marking candidate_risk_summary event_risk"),
    doc.Cover: _fields("title force election election_kind constituencies reference revision revision_date status "
                       "prepared_by approved_by as_at"),
    doc.DocumentControl: _fields("revisions distribution next_review review_interval ruleset"),
    # No content hash: it covers the police plan, so it moves with a candidate's restricted inputs.
    doc.RevisionLine: _fields("number date author summary status"),
    doc.RulesetLine: _fields("name version hash altered"),
    # No matrix, flashpoints or demand: each counts what the edition withholds.
    doc.Summary: _fields("key_dates timeline counts"),
    doc.TimelineItem: _fields("date label kind time"),
    doc.DemandLine: _fields("date shift required available shortfall contributors"),
    doc.DayDemand: _fields("date required available shortfall"),
    doc.Information: _fields("threat_picture"),
    doc.SeatPicture: _fields("code name electorate returning_officer summary map id figures"),
    # Candidates' counts are police business, as their sentence is; flashpoints move with them.
    doc.SeatFigures: _fields("events stations unplaced red amber"),
    # Not the ruleset in words (the method annex): it explains levels, scores and presence this edition does not give.
    doc.Method: _fields("events stations count_events"),
    doc.Administration: _fields("briefings timeline contacts"),
    doc.BriefingLine: _fields("name party offered accepted police_contact constituency"),
    doc.ContactLine: _fields("role name organisation phone email serves"),
    doc.Changes: _fields("since added removed changed moved"),
    doc.ChangeEntry: _fields("entity entity_label name field detail"),
}

# What a candidate's own pack may hold of the plan's records: their public
# facts and police contact, the public events they attend, where those are,
# and the force's election contacts. No station, capacity or risk input.
_CANDIDATE_RECORDS: dict[type, frozenset[str]] = {
    pd.ElectionFacts: _fields("name kind force polling_day count_date"),
    pd.PlanFacts: _fields("reference"),
    pd.ConstituencyRecord: _fields("id gss_code name returning_officer"),
    pd.ContactRecord: _fields("id role name organisation phone email"),
    pd.VenueRecord: _fields("id name address postcode"),
    pd.EventRecord: _fields("id name kind start end venue_id constituency_id candidate_ids"),
    pd.CandidateRecord: _fields("id name party constituency_id ballot_id police_contact briefing_offered "
                                "briefing_accepted"),
}

_CANDIDATE_PARTS: dict[type, frozenset[str]] = {
    pack.CandidatePack: _fields("edition cover name party constituency ballot_id police_contact contacts briefing "
                                "events seal"),
    doc.Edition: _fields("key label marking candidate_risk_summary event_risk"),
    doc.Cover: _fields("title force election election_kind constituencies reference revision revision_date status "
                       "as_at"),
    doc.ContactLine: _fields("role name organisation phone email serves"),
    pack.PackEvent: _fields("date time name kind_label venue presence"),
    pack.PackSeal: _fields("reference candidate_id seal"),
}

POLICIES: dict[str, EditionPolicy] = {
    "police": EditionPolicy(
        edition=doc.Edition("police", "Police edition", "OFFICIAL-SENSITIVE", candidate_risk_summary=True),
        whole=True, records={}, parts={}, factors={}, withheld_event_kinds=frozenset(),
    ),
    "returning-officer": EditionPolicy(
        edition=doc.Edition("returning-officer", "Returning officer's edition", "OFFICIAL-SENSITIVE",
                            candidate_risk_summary=False, event_risk=False),
        whole=False, records=_RO_RECORDS, parts=_RO_PARTS, factors=_RO_FACTORS,
        withheld_event_kinds=PRIVATE_EVENT_KINDS, station_factors=_RO_STATION_FACTORS,
    ),
    # A candidate's own pack: the view is cut to one candidate first (see
    # report.edition_view), and the pack's parts are the only parts it allows,
    # so a plan document given this edition comes out empty.
    "candidate": EditionPolicy(
        edition=doc.Edition("candidate", "Candidate's security pack", "OFFICIAL-SENSITIVE (personal)",
                            candidate_risk_summary=False, event_risk=False),
        whole=False, records=_CANDIDATE_RECORDS, parts=_CANDIDATE_PARTS, factors={},
        withheld_event_kinds=PRIVATE_EVENT_KINDS,
    ),
}


def policy_for(edition: str) -> EditionPolicy:
    try:
        return POLICIES[edition]
    except KeyError:
        raise ValidationError(
            f"Unknown edition '{edition}'; choose one of: {', '.join(EDITION_KEYS)}.", "edition") from None


def blank_of(value: Any) -> Any:
    """What a withheld field holds: the empty value of its kind."""
    if value is None or isinstance(value, bool):
        return None if value is None else False
    if isinstance(value, (str, tuple, list, dict, frozenset, set)):
        return type(value)()
    if isinstance(value, (int, float)):
        return type(value)(0)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _allowed(value, frozenset(), {})
    return None


def _allowed(obj: Any, allowed: frozenset[str], parts: Mapping[type, frozenset[str]]) -> Any:
    changes = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        kept = _walk(value, parts) if f.name in allowed else blank_of(value)
        if kept is not value:
            changes[f.name] = kept
    return dataclasses.replace(obj, **changes) if changes else obj


def _walk(value: Any, parts: Mapping[type, frozenset[str]]) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _allowed(value, parts.get(type(value), frozenset()), parts)
    if isinstance(value, (tuple, list)):
        # A sequence of parts this edition does not name at all is left out
        # whole, not kept as a row of blanks.
        items = [_walk(v, parts) for v in value if not _withheld_part(v, parts)]
        return type(value)(items)
    if isinstance(value, dict):
        return {k: _walk(v, parts) for k, v in value.items() if not _withheld_part(v, parts)}
    return value


def _withheld_part(value: Any, parts: Mapping[type, frozenset[str]]) -> bool:
    return dataclasses.is_dataclass(value) and not isinstance(value, type) and type(value) not in parts


def allow_document(document: D, edition: str) -> D:
    """The document holding only what the edition allows, field by field."""
    policy = policy_for(edition)
    whole: Any = document
    if policy.whole:
        return dataclasses.replace(whole, edition=policy.edition)
    allowed = _walk(whole, policy.parts)
    return dataclasses.replace(allowed, edition=policy.edition)
