"""The Alembic migrations shipped inside the package, configured in code, and their catalogue.

Alembic is imported inside the functions, not with this module: the commands
that never open a plan (`--help`, a usage error) do not load it. Nor do the
commands that only open one (`info`): the revisions and the schema each
creates are read from a catalogue built from the migrations
(`resources/schema/plan_schema.json`, written by `tools/plan_schema.py`). The
catalogue names the digest of the migrations and the SQLAlchemy version it was
built with; when either differs from what is installed it is ignored and the
migrations are run in memory instead, so a stale catalogue costs time, never
a wrong answer.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from electionplan.system.paths import resources_dir

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SchemaObject = tuple[str, str, str, str]


def catalogue_path() -> Path:
    return resources_dir() / "schema" / "plan_schema.json"


@dataclass(frozen=True)
class SchemaCatalogue:
    """Each revision of the migrations, oldest first, with the schema objects it creates."""

    key: str
    head: str
    revisions: tuple[str, ...]
    schemas: dict[str, frozenset[SchemaObject]]


def alembic_config(connection=None) -> Config:
    from alembic.config import Config

    # Built in code, not from alembic.ini, so a frozen app finds its migrations.
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def migrations_key() -> str:
    """What the schema each revision creates depends on: the migrations' source and SQLAlchemy's DDL."""
    import sqlalchemy

    digest = hashlib.sha256(f"sqlalchemy {sqlalchemy.__version__}\0".encode())
    for path in sorted(MIGRATIONS_DIR.rglob("*.py")):
        digest.update(f"{path.relative_to(MIGRATIONS_DIR).as_posix()}\0".encode())
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def schema_catalogue() -> SchemaCatalogue | None:
    """The shipped catalogue, if it was built from exactly these migrations; else None."""
    try:
        data = json.loads(catalogue_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != migrations_key():
        return None
    revisions = tuple(entry["revision"] for entry in data["revisions"])
    schemas = {entry["revision"]: frozenset(tuple(obj) for obj in entry["schema"]) for entry in data["revisions"]}
    return SchemaCatalogue(data["key"], data["head"], revisions, schemas)


def head_revision() -> str:
    catalogue = schema_catalogue()
    if catalogue is not None:
        return catalogue.head
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    return heads[0]


def known_revisions() -> set[str]:
    catalogue = schema_catalogue()
    if catalogue is not None:
        return set(catalogue.revisions)
    return set(migration_revisions())


def migration_revisions() -> list[str]:
    """Every revision the migrations hold, oldest first, read from the migrations themselves."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]
