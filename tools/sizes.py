"""List modules over 400 lines and functions over 60 lines (migrations and data tables excepted).

    python tools/sizes.py    # exit status 1 when anything is over
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MODULE_LIMIT = 400
FUNCTION_LIMIT = 60
# Alembic migrations are generated schema; they are not read as code.
EXEMPT_PARTS = {"migrations"}


def source_files() -> list[Path]:
    return sorted(
        p for p in (REPO / "electionplan").rglob("*.py") if not EXEMPT_PARTS.intersection(p.relative_to(REPO).parts)
    )


def oversized(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    name = path.relative_to(REPO)
    found = []
    lines = text.count("\n") + 1
    if lines > MODULE_LIMIT:
        found.append(f"{name}: {lines} lines (module limit {MODULE_LIMIT})")
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > FUNCTION_LIMIT:
                found.append(f"{name}:{node.lineno} {node.name}: {length} lines (function limit {FUNCTION_LIMIT})")
    return found


def main() -> int:
    problems = [p for path in source_files() for p in oversized(path)]
    print("\n".join(problems) if problems else "every module and function is within its limit")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
