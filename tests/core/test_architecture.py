"""The layers hold: the import contracts pass, would fail on an upward import, and nothing cycles."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _lint_imports(root: Path, config: Path) -> subprocess.CompletedProcess:
    # The copy under test comes first on the path, so the contracts see it and
    # not the installed package.
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())",
         "--config", str(config), "--no-cache"],
        capture_output=True, text=True, cwd=root, env=env, timeout=300,
    )


@pytest.fixture(scope="module")
def package_copy(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("layers")
    shutil.copytree(REPO / "electionplan", root / "electionplan", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copyfile(REPO / "pyproject.toml", root / "pyproject.toml")
    return root


def _plant(root: Path, module: str, line: str) -> Path:
    path = root / "electionplan" / module
    original = path.read_text(encoding="utf-8")
    path.write_text(original + "\n" + line + "\n", encoding="utf-8")
    return path


def test_the_import_contracts_are_kept(package_copy):
    result = _lint_imports(package_copy, package_copy / "pyproject.toml")
    assert result.returncode == 0, result.stdout[-2000:]
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    "module, line, contract",
    [
        ("domain/vocab.py", "from electionplan.db import models as _planted", "Layers point down"),
        ("risk/engine.py", "from electionplan.report import pdf as _planted", "Layers point down"),
        ("geo/assign.py", "import PySide6.QtCore as _planted", "Qt lives only in the GUI package"),
    ],
)
def test_a_planted_upward_import_breaks_the_contract(package_copy, module, line, contract):
    path = _plant(package_copy, module, line)
    original = path.read_text(encoding="utf-8").replace("\n" + line + "\n", "")
    try:
        result = _lint_imports(package_copy, package_copy / "pyproject.toml")
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.returncode != 0
    assert f"{contract} BROKEN" in result.stdout
    assert f"electionplan.{module.split('/')[0]}" in result.stdout


def test_the_package_graph_has_no_cycle():
    result = subprocess.run(
        [sys.executable, str(REPO / "tools" / "depgraph.py"), "--modules"], capture_output=True, text=True, cwd=REPO, timeout=300
    )
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" -> ") for line in result.stdout.splitlines() if " -> " in line)
    # The bottom of the stack imports nothing of ours, and the core never reaches a front end.
    assert lines["electionplan.domain"] == "(nothing)"
    for package in ("electionplan.domain", "electionplan.db", "electionplan.risk", "electionplan.report"):
        assert "electionplan.gui" not in lines[package] and "electionplan.cli" not in lines[package]
    assert result.stdout.strip().endswith("no cycle")


def test_the_cycle_finder_finds_a_planted_cycle():
    sys.path.insert(0, str(REPO / "tools"))
    try:
        import depgraph
    finally:
        sys.path.pop(0)
    assert depgraph.find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert depgraph.find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def _imports_of_test_modules(source: str) -> list[str]:
    """The test modules a test file imports: fixtures and helpers belong in conftest.py or a helper module."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names = [node.module or ""] if isinstance(node, ast.ImportFrom) else (
            [alias.name for alias in node.names] if isinstance(node, ast.Import) else [])
        found += [name for name in names if name.rsplit(".", 1)[-1].startswith("test_")]
    return found


def test_no_test_module_imports_another():
    tests = Path(__file__).resolve().parents[1]
    offenders = {str(path.relative_to(tests)): _imports_of_test_modules(path.read_text(encoding="utf-8"))
                 for path in sorted(tests.rglob("*.py"))}
    assert {path: found for path, found in offenders.items() if found} == {}


def test_an_import_of_another_test_module_is_found():
    assert _imports_of_test_modules("from tests.core.test_patrol_routes import trafford\nimport tests.ui.test_shell\n") == [
        "tests.core.test_patrol_routes", "tests.ui.test_shell"]
    assert _imports_of_test_modules("from tests.core.shifts import with_ratio\n") == []
