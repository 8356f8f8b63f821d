"""Write the catalogue of the plan schema each migration revision creates.

    python tools/plan_schema.py           # rewrite resources/schema/plan_schema.json
    python tools/plan_schema.py --check   # exit 1 if it is missing or out of date

Opening a plan compares its schema with the one its revision's migrations
create. Running the migrations in memory to learn that costs a command a
quarter of a second, so the answer is kept in this catalogue; run this after
adding or changing a migration (a test fails until it is current).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from electionplan.db.schema_versions import catalogue_path, migration_revisions, migrations_key  # noqa: E402
from electionplan.db.trust import migrated_schema  # noqa: E402


def built_catalogue() -> dict:
    from alembic.script import ScriptDirectory

    from electionplan.db.schema_versions import alembic_config

    revisions = migration_revisions()
    return {
        "key": migrations_key(),
        "head": ScriptDirectory.from_config(alembic_config()).get_heads()[0],
        "revisions": [{"revision": revision, "schema": sorted(migrated_schema(revision))} for revision in revisions],
    }


def main(argv: list[str]) -> int:
    text = json.dumps(built_catalogue(), indent=1, ensure_ascii=False) + "\n"
    path = catalogue_path()
    if "--check" in argv:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            print(f"{path} is out of date: run python tools/plan_schema.py", file=sys.stderr)
            return 1
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"Wrote {path}: {len(json.loads(text)['revisions'])} revisions")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
