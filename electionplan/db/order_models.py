"""The operational order's own tables: the command structure, briefings and channels."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from electionplan.db.model_base import Base, Versioned


class CommandRole(Versioned, Base):
    """Who holds a command role for the operation: Gold, Silver and the Bronzes."""

    __tablename__ = "command_role"

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(120), default="")
    call_sign: Mapped[str] = mapped_column(String(40), default="")
    contact: Mapped[str] = mapped_column(String(160), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class Briefing(Versioned, Base):
    """A scheduled briefing: when, where, who attends and who leads it."""

    __tablename__ = "briefing"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    place: Mapped[str] = mapped_column(String(200), default="")
    audience: Mapped[str] = mapped_column(String(200), default="")
    lead: Mapped[str] = mapped_column(String(120), default="")


class CommsChannel(Versioned, Base):
    """A radio channel or other means of communication named in the order."""

    __tablename__ = "comms_channel"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    channel: Mapped[str] = mapped_column(String(60), default="")
    call_sign: Mapped[str] = mapped_column(String(40), default="")
    purpose: Mapped[str] = mapped_column(String(300), default="")
