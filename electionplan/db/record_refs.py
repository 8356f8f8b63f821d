"""What a record's values must keep with the rest of the plan before they are written: the records they name
exist, the numbers fit the columns that hold them, and no second record repeats what the plan allows once (a day
and shift's officer capacity, a count venue's RVP).

Each is checked before the database is asked, so a refusal is one sentence naming the field, never a constraint
the database raises.
"""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import Integer, Table, UniqueConstraint, and_, select
from sqlalchemy.orm import Session

from electionplan.db.model_base import Base, record_columns, table_of
from electionplan.domain.errors import ValidationError

Values = dict[str, Any]
# The largest whole number every store keeps (PostgreSQL's integer); no count a plan records comes near it.
LARGEST_WHOLE = 2_147_483_647


def model_of(table: Table) -> type:
    """The mapped class of a table (KeyError for a table no class maps, such as a link table)."""
    for mapper in Base.registry.mappers:
        if mapper.local_table is table:
            return mapper.class_
    raise KeyError(table.name)


def label_of(table: Table) -> str:
    """The words for a record of a table: the registry's where it is a kind, else the table's name."""
    from electionplan.db.record_kinds import kind_of

    try:
        return kind_of(model_of(table)).label
    except KeyError:
        return table.name.replace("_", " ")


def check_numbers(cls: type, values: Values) -> None:
    """Numbers are finite and whole numbers fit their column, so nothing overflows or stores NaN."""
    columns = record_columns(cls)
    for key, value in values.items():
        if isinstance(value, list) and any(isinstance(i, int) and abs(i) > LARGEST_WHOLE for i in value):
            raise ValidationError(f"{key}: an id is too large (at most {LARGEST_WHOLE:,}).", key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        if isinstance(value, float) and not math.isfinite(value):
            raise ValidationError(f"{key}: {value} is not a number that can be stored.", key)
        column = columns.get(key)
        if column is not None and isinstance(column.type, Integer) and abs(value) > LARGEST_WHOLE:
            raise ValidationError(f"{key}: {value:,} is too large (at most {LARGEST_WHOLE:,}).", key)


def check_references(session: Session, cls: type, values: Values) -> None:
    """Every id a value names is a record of its kind in this plan."""
    columns = record_columns(cls)
    for key, value in values.items():
        column = columns.get(key)
        if column is None or value is None or not column.foreign_keys:
            continue
        target = next(iter(column.foreign_keys)).column
        if session.execute(select(target).where(target == value)).first() is None:
            raise ValidationError(f"There is no {label_of(target.table)} {value} in this plan.", key)


def check_unique(session: Session, cls: type, values: Values, record_id: int | None = None) -> None:
    """No other record holds what the plan keeps once (its table's unique constraints), said in words."""
    table = table_of(cls)
    for constraint in table.constraints:
        if not isinstance(constraint, UniqueConstraint):
            continue
        keys = [c.key for c in constraint.columns]
        if any(values.get(key) is None for key in keys):
            continue
        clause = and_(*(table.c[key] == values[key] for key in keys))
        if record_id is not None:
            clause = and_(clause, table.c.id != record_id)
        existing = session.execute(select(table.c.id).where(clause)).scalar()
        if existing is not None:
            label = label_of(table)
            article = "an" if label[:1] in "aeiou" else "a"
            raise ValidationError(f"The plan already has {article} {label} with this {' and '.join(keys)} "
                                  f"(id {existing}); edit that one instead.", keys[0])
