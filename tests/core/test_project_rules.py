"""Rules of the codebase that a reviewer would otherwise have to remember."""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORE_PACKAGES = ["db", "services", "geo", "risk", "report", "importers"]


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_never_imports_qt():
    offenders = []
    for package in CORE_PACKAGES:
        for path in (REPO / "electionplan" / package).rglob("*.py"):
            if any(name.split(".")[0] in {"PySide6", "shiboken6", "PyQt5", "PyQt6"} for name in _imports(path)):
                offenders.append(str(path.relative_to(REPO)))
    assert offenders == []


def test_ci_runs_the_readme_test_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, flags=re.S)
    test_command = next(b for b in blocks if "pytest" in b).strip()
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci


def test_no_sqlite_only_sql_in_domain_code():
    pattern = re.compile(r"PRAGMA|sqlite_master|AUTOINCREMENT|INSERT OR REPLACE", re.I)
    offenders = []
    for package in ["services", "geo", "risk", "report", "importers"]:
        for path in (REPO / "electionplan" / package).rglob("*.py"):
            if pattern.search(path.read_text(encoding="utf-8")):
                offenders.append(str(path.relative_to(REPO)))
    assert offenders == []


def test_every_package_is_installed():
    import tomllib

    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(REPO).parts)
        for init in (REPO / "electionplan").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert found - listed == set()
