"""The Alembic migrations shipped inside the package, configured in code.

Which revisions exist, and which is the head, are read from the migration
files' `revision`/`down_revision` lines rather than through Alembic: opening
a plan at head (every command, every start of the app) then never loads
Alembic, whose import is a good part of a second. An upgrade still runs
through Alembic itself.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_REVISION = re.compile(r"^revision\s*(?::[^=\n]*)?=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\s*(?::[^=\n]*)?=\s*(.+)$", re.MULTILINE)


def alembic_config(connection=None) -> Config:
    from alembic.config import Config

    # Built in code, not from alembic.ini, so a frozen app finds its migrations.
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@functools.cache
def _chain() -> tuple[frozenset[str], tuple[str, ...]]:
    """(every revision, the heads), from the migration files; Alembic's own reading if a file is unusual."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        if path.name == "__init__.py":
            continue
        text = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN.search(text)
        if revision is None or down is None:
            return _chain_from_alembic()
        revisions.add(revision.group(1))
        parents.update(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1)))
    heads = tuple(sorted(revisions - parents))
    if len(heads) != 1 or not parents <= revisions:
        return _chain_from_alembic()
    return frozenset(revisions), heads


def _chain_from_alembic() -> tuple[frozenset[str], tuple[str, ...]]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return frozenset(rev.revision for rev in script.walk_revisions()), tuple(script.get_heads())


def head_revision() -> str:
    return _chain()[1][0]


def known_revisions() -> set[str]:
    return set(_chain()[0])
