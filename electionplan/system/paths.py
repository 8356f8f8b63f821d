"""Where the app's own files and the user's data live."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs

from electionplan import APP_NAME

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def _bundled_dir(name: str) -> Path:
    # Installed (or frozen) builds carry the folder inside the package; a
    # source checkout keeps it at the top of the repository.
    inside = _PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root and (Path(frozen_root) / "electionplan" / name).is_dir():
        return Path(frozen_root) / "electionplan" / name
    return _PACKAGE_DIR.parent / name


def resources_dir() -> Path:
    return _bundled_dir("resources")


def default_order_template_path() -> Path:
    """The national standard sections of the operational order (a force may keep its own in a plan)."""
    return resources_dir() / "order" / "national-default.toml"


def sample_data_dir() -> Path:
    return _bundled_dir("sample_data")


def user_data_dir() -> Path:
    path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_log_dir() -> Path:
    path = Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_config_dir() -> Path:
    path = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path
