"""The ground every plan table stands on: the declarative base, optimistic
locking, and the markings that say which columns are restricted or the
application's own."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Integer, MetaData, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

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
    """(entity, field) for every column marked RESTRICTED."""
    return frozenset(
        (mapper.class_.__name__, column.key)
        for mapper in Base.registry.mappers
        for column in mapper.columns
        if column.info.get("restricted")
    )


def system_fields(model: Any) -> frozenset[str]:
    """The columns of a mapped class that only the application sets."""
    return frozenset(c.key for c in table_of(model).columns if c.info.get("system"))


def table_of(model: Any) -> Table:
    """A mapped class's table, typed as the Table it is (the ORM types it more loosely)."""
    return cast(Table, model.__table__)


class Versioned:
    """Optimistic locking: an UPDATE that finds another writer's version fails."""

    version_id: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805
        return {"version_id_col": table_of(cls).c.version_id}
