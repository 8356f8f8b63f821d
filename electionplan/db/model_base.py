"""The ground every plan table stands on: the declarative base, optimistic
locking, and the markings that say which columns are restricted or the
application's own."""

from __future__ import annotations

from typing import Any, Generic, TypeVar, cast, overload

from sqlalchemy import JSON, Column, Integer, MetaData, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

T = TypeVar("T")

# Constraint names are fixed so Alembic batch migrations on SQLite and plain
# ALTERs on PostgreSQL name things the same way.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# Marks a column as restricted personal data (DPA 2018 Part 3): the audit log
# records that it changed but not its value, and no returning officer sees it.
RESTRICTED = {"restricted": True}
# Marks a column the application keeps for itself (a sealing key, a seal
# reference): no edit, import or form may set it, and no edition carries it.
SYSTEM = {"restricted": True, "system": True}


def restricted_fields() -> frozenset[tuple[str, str]]:
    """(entity, field) for every column marked RESTRICTED, a restricted part's fields under the record they belong to."""
    marked = {(mapper.class_.__name__, column.key)
              for mapper in Base.registry.mappers for column in mapper.columns if column.info.get("restricted")}
    for mapper in Base.registry.mappers:
        part = restricted_part_of(mapper.class_)
        if part is not None:
            marked |= {(mapper.class_.__name__, key) for key in part_columns(part)}
    return frozenset(marked)


def system_fields(model: Any) -> frozenset[str]:
    """The columns of a mapped class that only the application sets."""
    return frozenset(c.key for c in table_of(model).columns if c.info.get("system"))


# The relationship by which a record reaches its restricted part: a row of its own
# in a table of its own, keyed by the record's id, which a reviewer is never granted.
PART = "restricted"


class RestrictedPart(Generic[T]):
    """A field of a record kept in its restricted part, read and set as the record's own.

    Setting it writes the part's row alone: the record's own row, its version and
    its table's statistics stay as they were, so a reviewer who may read them
    learns nothing of the edit.
    """

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type) -> RestrictedPart[T]: ...

    @overload
    def __get__(self, obj: object, owner: type) -> T: ...

    def __get__(self, obj: Any, owner: type) -> Any:
        if obj is None:
            return self
        part = getattr(obj, PART)
        if part is None:  # none written, or a reviewer's readable copy, which holds no restricted part: blank
            column = part_columns(restricted_part_of(type(obj)))[self.name]
            return [] if isinstance(column.type, JSON) else ""
        return getattr(part, self.name)

    def __set__(self, obj: Any, value: T) -> None:
        if getattr(obj, PART) is None:  # a record read from a plan whose part was never written
            setattr(obj, PART, cast(type, restricted_part_of(type(obj)))())
        setattr(getattr(obj, PART), self.name, value)


def restricted_part_of(model: Any) -> type | None:
    """The class of a record's restricted part, or None for a record kept whole in its own table."""
    relationship = getattr(getattr(model, "__mapper__", None), "relationships", {}).get(PART)
    return None if relationship is None else relationship.mapper.class_


def part_columns(part: Any) -> dict[str, Column]:
    """A restricted part's own fields, without the key and version it has as a row."""
    return {c.key: c for c in table_of(part).columns if c.key not in ("id", "version_id")}


def record_columns(model: Any) -> dict[str, Column]:
    """Every column a record's fields are stored in: its table's, then its restricted part's."""
    part = restricted_part_of(model)
    return {**{c.key: c for c in table_of(model).columns}, **(part_columns(part) if part is not None else {})}


def table_of(model: Any) -> Table:
    """A mapped class's table, typed as the Table it is (the ORM types it more loosely)."""
    return cast(Table, model.__table__)


class Versioned:
    """Optimistic locking: an UPDATE that finds another writer's version fails."""

    version_id: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805
        return {"version_id_col": table_of(cls).c.version_id}
