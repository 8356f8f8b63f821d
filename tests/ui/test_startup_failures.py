"""A desktop that cannot show the window is told so in one line, never a silent abort (exit 134)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's display plugins as Linux loads them")


def start_app(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    full = {**os.environ, "DISPLAY": ":99", "XDG_DATA_HOME": str(tmp_path / "data"), **env}
    return subprocess.run([sys.executable, "-m", "electionplan.cli", "gui", "--sample"], capture_output=True, text=True,
                          cwd=REPO, env=full, timeout=300)


def plugin_needing_a_missing_library(tmp_path: Path) -> Path:
    """Qt's own xcb display plugin, with one of the system libraries it needs renamed to one no system has."""
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    folder = tmp_path / "Qt" / "plugins" / "platforms"
    folder.mkdir(parents=True)
    (tmp_path / "Qt" / "lib").symlink_to(qt / "lib")  # the plugin finds Qt's own libraries beside it, as installed
    plugin = (qt / "plugins" / "platforms" / "libqxcb.so").read_bytes()
    needed = b"libxcb-icccm.so.4\0"
    assert plugin.count(needed) == 1
    (folder / "libqxcb.so").write_bytes(plugin.replace(needed, b"libxcb-absnt.so.4\0"))
    return folder


def test_a_missing_display_library_is_named_with_the_package_to_install(tmp_path):
    done = start_app(tmp_path, QT_QPA_PLATFORM="xcb", QT_QPA_PLATFORM_PLUGIN_PATH=str(plugin_needing_a_missing_library(tmp_path)))
    assert done.returncode == 1, (done.returncode, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    # This machine may lack a real one of the plugin's libraries first; either way it is named, with its package.
    assert "the system library lib" in lines[0] and ".so" in lines[0] and "is missing" in lines[0]
    assert "sudo apt-get install lib" in lines[0]
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_a_display_plugin_qt_cannot_start_ends_in_one_line_not_an_abort(tmp_path):
    done = start_app(tmp_path, QT_QPA_PLATFORM="nosuchdisplay")
    assert done.returncode == 1, (done.returncode, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("electionplan: error: the window cannot open"), lines
    assert "sudo apt-get install libxcb-cursor0" in lines[0]
