"""The plan's tables, as SQLAlchemy 2.0 typed models.

Names follow what a SPOC calls things. Locations are British National Grid
(EPSG:27700) easting/northing in metres; boundaries are WKB in the same CRS and
only the geography module turns them into shapes. Wall-clock times are
Europe/London local time, stored naive. Nothing here is SQLite-specific, so the
same models serve a force's shared PostgreSQL store.
"""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from electionplan.db.geometry import BoundaryGeometry
from electionplan.db.model_base import (  # noqa: F401  (re-exported: the plan's tables and their markings are read as models.X)
    NAMING_CONVENTION,
    RESTRICTED,
    SYSTEM,
    Base,
    RestrictedPart,
    Versioned,
    part_columns,
    record_columns,
    restricted_fields,
    restricted_part_of,
    system_fields,
    table_of,
)


class Election(Versioned, Base):
    __tablename__ = "election"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # general | by-election | local
    force: Mapped[str] = mapped_column(String(120))
    notice_date: Mapped[dt.date | None] = mapped_column(Date)
    polling_day: Mapped[dt.date] = mapped_column(Date)
    count_date: Mapped[dt.date | None] = mapped_column(Date)


class Plan(Versioned, Base):
    """The document facts of the plan: one row per plan file."""

    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(60))
    prepared_by: Mapped[str] = mapped_column(String(120), default="")
    approved_by: Mapped[str] = mapped_column(String(120), default="")
    intention: Mapped[str] = mapped_column(Text, default="")
    communications: Mapped[str] = mapped_column(Text, default="")
    distribution: Mapped[list[str]] = mapped_column(JSON, default=list)
    review_interval_days: Mapped[int] = mapped_column(Integer, default=7)
    next_review_date: Mapped[dt.date | None] = mapped_column(Date)
    # A force's own ruleset, kept in the plan so every machine assesses alike.
    ruleset_toml: Mapped[str | None] = mapped_column(Text)
    # The operational order's own content (the standard sections come from a template).
    operation_name: Mapped[str] = mapped_column(String(120), default="")
    gold_strategy: Mapped[str] = mapped_column(Text, default="")
    tactical_parameters: Mapped[str] = mapped_column(Text, default="")
    escalation: Mapped[str] = mapped_column(Text, default="")
    # A force's own standard sections, kept in the plan like its ruleset.
    order_template_toml: Mapped[str | None] = mapped_column(Text)
    # The operation's rendezvous point (RVP) for responding resources and mutual aid: a place with a grid
    # reference, kept as the normalised reference the police edition prints (checked on input).
    rvp_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    rvp_address: Mapped[str] = mapped_column(String(300), default="", server_default="")
    rvp_postcode: Mapped[str] = mapped_column(String(10), default="", server_default="")
    rvp_grid_ref: Mapped[str] = mapped_column(String(20), default="", server_default="")
    # The plan's own key for sealing packs and sign-off forms: never exported, and no reviewer reads it.
    pack_key: Mapped[str] = mapped_column(String(64), default=lambda: secrets.token_hex(32), server_default="",
                                          info=SYSTEM)


class Contact(Versioned, Base):
    """A named contact: SPOC, Bridger/FEOA contact, returning officer, and so on."""

    __tablename__ = "contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(120))
    organisation: Mapped[str] = mapped_column(String(160), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(160), default="")
    constituency_id: Mapped[int | None] = mapped_column(ForeignKey("constituency.id", ondelete="SET NULL"))


class Constituency(Versioned, Base):
    __tablename__ = "constituency"

    id: Mapped[int] = mapped_column(primary_key=True)
    gss_code: Mapped[str] = mapped_column(String(9), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    boundary_wkb: Mapped[bytes | None] = mapped_column(BoundaryGeometry)
    electorate: Mapped[int | None] = mapped_column(Integer)
    returning_officer: Mapped[str] = mapped_column(String(120), default="")
    returning_officer_contact: Mapped[str] = mapped_column(String(200), default="")

    stations: Mapped[list[PollingStation]] = relationship(back_populates="constituency")
    candidates: Mapped[list[Candidate]] = relationship(back_populates="constituency")


class Ward(Versioned, Base):
    """A ward lying in one of the plan's constituencies: drawn and named on its maps, for orientation."""

    __tablename__ = "ward"

    id: Mapped[int] = mapped_column(primary_key=True)
    gss_code: Mapped[str] = mapped_column(String(9), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    boundary_wkb: Mapped[bytes | None] = mapped_column(BoundaryGeometry)


class PollingStation(Versioned, Base):
    __tablename__ = "polling_station"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Councils number their stations independently, so a station is known by
    # (council, council_id); the council is a GSS/authority code or a file name.
    council: Mapped[str] = mapped_column(String(60), default="")
    council_id: Mapped[str] = mapped_column(String(60), default="")
    station_number: Mapped[str] = mapped_column(String(30), default="")
    # The register's polling district the station serves, as the council's file names it.
    polling_district: Mapped[str] = mapped_column(String(60), default="", server_default="")
    name: Mapped[str] = mapped_column(String(200))
    address_1: Mapped[str] = mapped_column(String(200), default="")
    address_2: Mapped[str] = mapped_column(String(200), default="")
    address_3: Mapped[str] = mapped_column(String(200), default="")
    address_4: Mapped[str] = mapped_column(String(200), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    uprn: Mapped[str] = mapped_column(String(20), default="")
    easting: Mapped[float | None] = mapped_column(Float)
    northing: Mapped[float | None] = mapped_column(Float)
    electorate: Mapped[int | None] = mapped_column(Integer)
    constituency_id: Mapped[int | None] = mapped_column(
        ForeignKey("constituency.id", ondelete="SET NULL"), index=True
    )
    # What the council's file said, kept to flag disagreement with the map.
    stated_constituency: Mapped[str] = mapped_column(String(160), default="")
    intimidation_history: Mapped[bool] = mapped_column(Boolean, default=False)
    concerns: Mapped[str] = mapped_column(Text, default="", info=RESTRICTED)
    notes: Mapped[str] = mapped_column(Text, default="", info=RESTRICTED)

    constituency: Mapped[Constituency | None] = relationship(back_populates="stations")

    # Stations typed in by hand have no council id, so only keyed ones are unique. Migration 0004 makes the
    # index partial in both stores; the model names SQLite's condition only, because naming PostgreSQL's makes
    # SQLAlchemy load its whole PostgreSQL dialect in every command, `info` on a plan file included.
    __table_args__ = (
        Index("uq_polling_station_council_key", "council", "council_id", unique=True,
              sqlite_where=text("council_id != ''")),
    )


class Venue(Versioned, Base):
    __tablename__ = "venue"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    easting: Mapped[float | None] = mapped_column(Float)
    northing: Mapped[float | None] = mapped_column(Float)
    constituency_id: Mapped[int | None] = mapped_column(ForeignKey("constituency.id", ondelete="SET NULL"))
    notes: Mapped[str] = mapped_column(Text, default="", info=RESTRICTED)


event_candidate = Table(
    "event_candidate",
    Base.metadata,
    Column("event_id", ForeignKey("event.id", ondelete="CASCADE"), primary_key=True),
    Column("candidate_id", ForeignKey("candidate.id", ondelete="CASCADE"), primary_key=True),
)


class Event(Versioned, Base):
    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30))
    start: Mapped[dt.datetime] = mapped_column(DateTime)
    end: Mapped[dt.datetime] = mapped_column(DateTime)
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venue.id", ondelete="SET NULL"), index=True)
    constituency_id: Mapped[int | None] = mapped_column(ForeignKey("constituency.id", ondelete="SET NULL"))
    expected_attendance: Mapped[int] = mapped_column(Integer, default=0)
    ticketed: Mapped[bool] = mapped_column(Boolean, default=False)
    outdoor: Mapped[bool] = mapped_column(Boolean, default=False)
    organiser: Mapped[str] = mapped_column(String(200), default="")
    notice_received: Mapped[dt.datetime | None] = mapped_column(DateTime)
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="", info=RESTRICTED)

    venue: Mapped[Venue | None] = relationship()
    candidates: Mapped[list[Candidate]] = relationship(secondary=event_candidate, back_populates="events")


class CandidateRestricted(Versioned, Base):
    """A candidate's restricted fields: one row per candidate, keyed by the candidate's id.

    They are kept apart from the candidate's record so that recording
    intelligence or a home address writes this row alone; the candidate's own
    row, its version and its table's statistics, which a reviewer may read,
    do not move. The candidate's record reads and sets them as its own fields.
    """

    __tablename__ = "candidate_restricted"
    __table_args__ = {"info": RESTRICTED}

    id: Mapped[int] = mapped_column(ForeignKey("candidate.id", ondelete="CASCADE"), primary_key=True,
                                    autoincrement=False)
    email: Mapped[str] = mapped_column(String(160), default="", info=RESTRICTED)
    home_address: Mapped[str] = mapped_column(Text, default="", info=RESTRICTED)
    protective_measures: Mapped[list[str]] = mapped_column(JSON, default=list, info=RESTRICTED)
    intelligence_notes: Mapped[str] = mapped_column(Text, default="", info=RESTRICTED)
    concerns_raised: Mapped[str] = mapped_column(Text, default="", info=RESTRICTED)


class Candidate(Versioned, Base):
    __tablename__ = "candidate"

    def __init__(self, **values: object) -> None:
        # Every candidate has its restricted row from the start, so a later edit of it touches that row alone.
        self.restricted = CandidateRestricted()
        super().__init__(**values)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    # Kept to identify the candidate on the ballot; never read by any score.
    party: Mapped[str] = mapped_column(String(160), default="")
    constituency_id: Mapped[int | None] = mapped_column(
        ForeignKey("constituency.id", ondelete="SET NULL"), index=True
    )
    ballot_id: Mapped[str] = mapped_column(String(120), default="")
    person_ref: Mapped[str] = mapped_column(String(40), default="")
    agent: Mapped[str] = mapped_column(String(160), default="")
    sitting_mp: Mapped[bool] = mapped_column(Boolean, default=False)
    former_mp: Mapped[bool] = mapped_column(Boolean, default=False)
    prominence: Mapped[int] = mapped_column(Integer, default=0)  # 0 none .. 3 national
    police_contact: Mapped[str] = mapped_column(String(160), default="")
    briefing_offered: Mapped[dt.date | None] = mapped_column(Date)
    briefing_accepted: Mapped[dt.date | None] = mapped_column(Date)
    # Who a pack's return is for, kept when the candidate's name is corrected and
    # never given to a candidate who later takes a deleted candidate's id.
    seal_ref: Mapped[str] = mapped_column(String(32), default=lambda: secrets.token_hex(16), server_default="",
                                          info=SYSTEM)

    constituency: Mapped[Constituency | None] = relationship(back_populates="candidates")
    events: Mapped[list[Event]] = relationship(secondary=event_candidate, back_populates="candidates")
    restricted: Mapped[CandidateRestricted | None] = relationship(lazy="joined", cascade="all, delete-orphan",
                                                                  passive_deletes=True)
    email = RestrictedPart[str]()
    home_address = RestrictedPart[str]()
    protective_measures = RestrictedPart[list[str]]()
    intelligence_notes = RestrictedPart[str]()
    concerns_raised = RestrictedPart[str]()
    threat_reports: Mapped[list[ThreatReport]] = relationship(
        back_populates="candidate", cascade="all, delete-orphan"
    )


class ThreatReport(Versioned, Base):
    """A threat or abuse reported against a candidate, an event, a venue or a period. Restricted in full.

    A report names at least one target: a candidate, an event, a venue, or the
    dates it covers (valid_from..valid_to, either end open). Which event or
    place is threatened is itself restricted, so the audit keeps no value of it.
    """

    __tablename__ = "threat_report"
    __table_args__ = {"info": RESTRICTED}

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("candidate.id", ondelete="CASCADE"), index=True)
    reported_on: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(60))
    severity: Mapped[str] = mapped_column(String(20))  # low | medium | high | critical
    reported_to: Mapped[str] = mapped_column(String(120), default="")
    reference: Mapped[str] = mapped_column(String(60), default="")
    summary: Mapped[str] = mapped_column(Text, default="", info=RESTRICTED)
    # A report outlives the event or venue it named being deleted: it is kept, naming nothing there.
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="SET NULL"), index=True,
                                                 info=RESTRICTED)
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venue.id", ondelete="SET NULL"), index=True,
                                                 info=RESTRICTED)
    valid_from: Mapped[dt.date | None] = mapped_column(Date, info=RESTRICTED)
    valid_to: Mapped[dt.date | None] = mapped_column(Date, info=RESTRICTED)

    candidate: Mapped[Candidate | None] = relationship(back_populates="threat_reports")


class Incident(Versioned, Base):
    __tablename__ = "incident"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime)
    kind: Mapped[str] = mapped_column(String(60))
    severity: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="open")
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="SET NULL"))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("polling_station.id", ondelete="SET NULL"))
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venue.id", ondelete="SET NULL"))
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("candidate.id", ondelete="SET NULL"))
    easting: Mapped[float | None] = mapped_column(Float)
    northing: Mapped[float | None] = mapped_column(Float)
    reference: Mapped[str] = mapped_column(String(60), default="")
    description: Mapped[str] = mapped_column(Text, default="", info=RESTRICTED)


class OfficerCapacity(Versioned, Base):
    __tablename__ = "officer_capacity"
    __table_args__ = (UniqueConstraint("day", "shift"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date)
    shift: Mapped[str] = mapped_column(String(10))  # early | late | night
    officers: Mapped[int] = mapped_column(Integer)
    # Of the officers, the sergeants; NULL where ranks are not recorded (the deployment then assumes enough).
    sergeants: Mapped[int | None] = mapped_column(Integer)


class Postcode(Base):
    """A postcode centroid from the user's Code-Point Open or ONSPD file."""

    __tablename__ = "postcode"

    postcode: Mapped[str] = mapped_column(String(8), primary_key=True)  # no space, upper case
    easting: Mapped[float] = mapped_column(Float)
    northing: Mapped[float] = mapped_column(Float)


# The plan's history, kept in a module of its own; read here as models.X like every other table.
# The operational order's tables, registered with every other table whichever is imported first.
from electionplan.db import order_models as _order_models  # noqa: E402,F401
from electionplan.db.history_models import AuditEntry, Contribution, ReviewComment, Revision  # noqa: E402,F401
