"""The plan document: everything a PDF edition says, as typed, immutable parts.

Each section is its own dataclass, built by one small builder in
`report.sections` and drawn by one group of renderer methods. An edition is the
same document with sections or fields withheld (`report.editions`), so each
section and each field can be allowed or withheld per edition.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from electionplan.domain.count_rvp import CountRvp
from electionplan.report.deployment_document import (  # noqa: F401  (re-exported: the document's parts are read as document.X)
    AcceptedRisk,
    DeploymentSection,
    PatrolLine,
    PatrolStop,
    ShiftLine,
)
from electionplan.report.mapscene import MapScene
from electionplan.report.rows import EventRow, StationRow
from electionplan.risk.register import RegisterEntry
from electionplan.risk.results import LEVEL_LABELS


@dataclass(frozen=True)
class Edition:
    key: str
    label: str
    marking: str
    candidate_risk_summary: bool
    # Whether events are shown with their assessment (level, score, presence): the police's only.
    event_risk: bool = True


@dataclass(frozen=True)
class Cover:
    title: str
    force: str
    election: str
    election_kind: str
    constituencies: tuple[str, ...]
    reference: str
    revision: str
    revision_date: str
    status: str
    prepared_by: str
    approved_by: str
    as_at: str


@dataclass(frozen=True)
class RevisionLine:
    number: str
    date: str
    author: str
    note: str  # the internal note: police only
    status: str
    hash: str
    summary: str = ""  # the summary written for recipients of other editions


@dataclass(frozen=True)
class ReviewCommentLine:
    revision: str
    reviewer: str
    date: str
    comments: str


@dataclass(frozen=True)
class RulesetLine:
    name: str
    version: str
    hash: str
    # Named and numbered as a shipped ruleset, but its text differs: edited without renaming it.
    altered: bool = False

    @property
    def label(self) -> str:
        said = f"{self.name}, version {self.version}"
        if self.altered:
            return f"{said}, altered (sha256 {self.hash[:12]}): not the national text of that name and version"
        return said


@dataclass(frozen=True)
class DocumentControl:
    revisions: tuple[RevisionLine, ...]
    distribution: tuple[str, ...]
    next_review: str
    review_interval: int | None
    ruleset: RulesetLine
    review_comments: tuple[ReviewCommentLine, ...]


@dataclass(frozen=True)
class TimelineItem:
    date: dt.date
    label: str
    kind: str  # "key" for a key date, else the event's risk level
    time: str  # HH:MM for an event; empty for a key date


@dataclass(frozen=True)
class DemandLine:
    date: dt.date
    shift: str
    required: int
    available: int
    shortfall: int
    contributors: tuple[str, ...]


@dataclass(frozen=True)
class DayDemand:
    date: dt.date
    required: int
    available: int
    shortfall: int


@dataclass(frozen=True)
class Summary:
    key_dates: tuple[tuple[str, dt.date], ...]
    timeline: tuple[TimelineItem, ...]
    counts: tuple[tuple[str, str], ...]
    matrix: dict[tuple[int, int], int]  # (likelihood, impact) -> number of events
    bands: dict[str, float]  # the ruleset's score thresholds for each level
    flashpoints: tuple[EventRow, ...]
    demand: tuple[DemandLine, ...]
    demand_by_day: tuple[DayDemand, ...]
    # One constituency's demand against the whole force's shifts, which every constituency shares.
    demand_scoped: bool = False


@dataclass(frozen=True)
class SeatFigures:
    """A constituency's counts, from which its sentence and its row in the threat picture are both made."""

    events: int = 0
    flashpoints: int = 0
    flashpoint_levels: tuple[tuple[str, int], ...] = ()  # (level, flashpoints at it), highest level first
    stations: int = 0
    unplaced: int = 0  # of those stations, how many have no location yet
    red: int = 0
    amber: int = 0
    incidents: int = 0
    candidates: int = 0
    high_risk_candidates: int = 0

    @property
    def breakdown(self) -> str:
        """The flashpoints by level ("1 very high, 2 high"), or "none"."""
        return ", ".join(f"{count} {LEVEL_LABELS[key].lower()}" for key, count in self.flashpoint_levels) or "none"


@dataclass(frozen=True)
class SeatPicture:
    code: str
    name: str
    electorate: int | None
    returning_officer: str
    summary: str
    candidate_summary: str
    flashpoints: tuple[EventRow, ...]
    map: MapScene
    id: int = 0  # the constituency's record id, which its events and stations name
    figures: SeatFigures = SeatFigures()


@dataclass(frozen=True)
class ThreatLine:
    date: str
    kind: str
    severity: str
    reported_to: str
    reference: str
    summary: str


@dataclass(frozen=True)
class CandidateProfileRow:
    """A candidate's risk profile as the police edition shows it."""

    id: int
    name: str
    party: str
    level: str
    score: float
    factors: tuple[str, ...]
    prominence: str
    home_address: str
    intelligence_notes: str
    concerns_raised: str
    protective_measures: tuple[str, ...]
    threats: tuple[ThreatLine, ...]


@dataclass(frozen=True)
class BriefingLine:
    name: str
    party: str
    offered: str
    accepted: str
    police_contact: str
    constituency: str = ""  # the constituency's name, by which a plan at scale counts briefings


@dataclass(frozen=True)
class ContactLine:
    role: str
    name: str
    organisation: str
    phone: str
    email: str
    serves: str = ""  # the constituency the contact serves; empty for the whole force


@dataclass(frozen=True)
class IncidentLine:
    when: str
    kind: str
    severity: str
    status: str
    reference: str
    description: str
    where: str = ""  # the station, venue or event it was recorded at


@dataclass(frozen=True)
class ContributionLine:
    received: str
    sender: str
    kind: str
    text: str


@dataclass(frozen=True)
class ChangeEntry:
    """One line of 'Changes since revision N'."""

    entity: str  # the model name, e.g. "Candidate"; editions withhold by entity and field
    entity_label: str
    name: str
    field: str  # empty for an added or removed record and for a moved rating
    detail: str


@dataclass(frozen=True)
class Changes:
    since: str
    added: tuple[ChangeEntry, ...]
    removed: tuple[ChangeEntry, ...]
    changed: tuple[ChangeEntry, ...]
    moved: tuple[ChangeEntry, ...]  # risk levels and RAG ratings that moved


@dataclass(frozen=True)
class Information:
    threat_picture: tuple[SeatPicture, ...]
    candidates: tuple[CandidateProfileRow, ...]


@dataclass(frozen=True)
class Method:
    events: tuple[EventRow, ...]
    stations: tuple[StationRow, ...]  # red first, then amber, then green
    count_events: tuple[EventRow, ...]
    # The ruleset and its key thresholds in words; empty for a revision assessed by a ruleset that predates them.
    ruleset_terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Administration:
    briefings: tuple[BriefingLine, ...]
    timeline: tuple[TimelineItem, ...]
    contacts: tuple[ContactLine, ...]


@dataclass(frozen=True)
class CommandLine:
    role: str
    name: str
    call_sign: str
    contact: str


@dataclass(frozen=True)
class OrderBriefingLine:
    when: str
    place: str
    audience: str
    lead: str


@dataclass(frozen=True)
class ChannelLine:
    name: str
    channel: str
    call_sign: str
    purpose: str


@dataclass(frozen=True)
class StandardText:
    key: str
    title: str
    paragraphs: tuple[str, ...]  # a paragraph starting "- " is a bullet


@dataclass(frozen=True)
class OrderSection:
    """The operational order's own words and the standard sections, as plan data."""

    operation_name: str
    gold_strategy: str
    tactical_parameters: str
    escalation: str
    command: tuple[CommandLine, ...]
    briefings: tuple[OrderBriefingLine, ...]
    channels: tuple[ChannelLine, ...]
    standard: tuple[StandardText, ...]
    glossary: tuple[tuple[str, str], ...]
    template: str  # the template's name and version, as printed
    gaps: tuple[str, ...]  # what the order does not yet say
    rvp: str = ""  # the rendezvous point and its grid reference in one line, once recorded
    rvp_where: str = ""  # the RVP's name, address and postcode
    rvp_grid_ref: str = ""
    count_rvps: tuple[CountRvp, ...] = ()  # each count venue's RVP and its check, police business


@dataclass(frozen=True)
class CompanionPart:
    """A sheet or layer of a companion file, and what it holds."""

    name: str
    rows: int
    holds: str


@dataclass(frozen=True)
class CompanionFile:
    """A data file written beside a plan PDF at scale, holding every row the PDF leaves out."""

    name: str  # the file's name, in the PDF's folder
    kind: str
    parts: tuple[CompanionPart, ...]


@dataclass(frozen=True)
class PlanDocument:
    edition: Edition
    cover: Cover
    control: DocumentControl
    summary: Summary
    information: Information
    intention: str
    method: Method
    administration: Administration
    register: tuple[RegisterEntry, ...]
    communications: str
    changes: Changes | None  # None for a first revision, with nothing to compare
    incidents: tuple[IncidentLine, ...]
    contributions: tuple[ContributionLine, ...]
    # None where the plan's (or the revision's) ruleset plans no deployment.
    deployment: DeploymentSection | None = None
    # None for a revision issued before the order was plan data: it prints as issued.
    order: OrderSection | None = None
    # The sealed binding the sign-off form carries back (see domain.packs.review_binding).
    sign_off_binding: str = ""
    # A plan above the ruleset's size prints its exceptions and names the files holding every row; empty: every
    # row is printed.
    companion: tuple[CompanionFile, ...] = ()
