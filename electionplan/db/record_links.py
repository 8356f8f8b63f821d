"""The records that name another, and what deleting that other does to them.

A candidate's threat reports go with the candidate; the events at a venue, the incidents at a station, the events
a candidate attends are left without it. Nothing of that is done without the person deleting being told it in
words, and every record it touches is audited, so undo can bring it all back.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, Table, select
from sqlalchemy.orm import Session

from electionplan.db.model_base import Base, restricted_part_of, table_of
from electionplan.db.record_refs import label_of


@dataclass(frozen=True)
class Link:
    """The records of one table that name the deleted one through one column."""

    table: Table
    column: str  # the column naming the deleted record
    ids: tuple[int, ...]  # the naming records' ids; for a link table, the ids at its other end
    goes: bool  # deleted with it (else left without the link)
    label: str  # what the ids are records of, in words
    other: str = ""  # for a link table, the column naming the records at its other end

    @property
    def words(self) -> str:
        count, label = len(self.ids), self.label
        return f"{count:,} {label if count == 1 else (label[:-1] + 'ies' if label.endswith('y') else label + 's')}"


def _naming(session: Session, table: Table, column: Column, record_id: int) -> tuple[str, tuple[int, ...], str]:
    """(the other end's column for a link table, the ids naming the record, what they are records of)."""
    if "id" in table.c:
        ids = session.scalars(select(table.c.id).where(column == record_id).order_by(table.c.id))
        return "", tuple(ids), label_of(table)
    other = next(c for c in table.c if c is not column and c.foreign_keys)
    ids = session.scalars(select(other).where(column == record_id).order_by(other))
    return other.name, tuple(ids), label_of(next(iter(other.foreign_keys)).column.table)


def links_to(session: Session, cls: type, own_links: frozenset[str], record_id: int) -> tuple[Link, ...]:
    """Every record that names this one, table by table: not its own restricted part, nor the link tables whose
    links are its own fields (`own_links`, an event's candidates), which go and come back with it."""
    own = table_of(cls)
    part = restricted_part_of(cls)
    links = []
    for table in Base.metadata.sorted_tables:
        if (part is not None and table is table_of(part)) or table.name in own_links:
            continue
        for fk in sorted(table.foreign_keys, key=lambda fk: fk.parent.name):
            if fk.column.table is not own:
                continue
            other, ids, label = _naming(session, table, fk.parent, record_id)
            if ids:
                links.append(Link(table, fk.parent.name, ids, fk.ondelete == "CASCADE" and not other, label, other))
    return tuple(links)


def consequence(links: tuple[Link, ...], *, done: bool = False) -> str:
    """What deleting the record does to those naming it, in a sentence ('' where nothing names it): what it would
    do, or (`done`) what it did."""
    going = [link.words for link in links if link.goes]
    left = [link.words for link in links if not link.goes]
    parts = []
    if going:
        parts.append(f"{_listed(going)} {'deleted with it' if done else 'would be deleted with it'}")
    if left:
        parts.append(f"{_listed(left)} {'no longer name it' if done else 'would no longer name it'}")
    return ", and ".join(parts)


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]

