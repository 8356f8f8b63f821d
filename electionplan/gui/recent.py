"""File ▸ Open Recent: plans kept by their absolute path, and a plan no longer there is dropped.

A shared plan is kept by its database address (without its password), which
has no file to check.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from electionplan.db.store import is_database_location


def _kept(settings) -> list[str]:
    recent = settings.value("recent/files", []) or []
    return [recent] if isinstance(recent, str) else [str(p) for p in recent]


def _still_there(location: str) -> bool:
    return is_database_location(location) or Path(location).is_file()


def remember(settings, location: Path | str) -> None:
    """Put a plan first in the list, by its absolute path, so it opens from any folder later."""
    text = str(location) if is_database_location(str(location)) else str(Path(location).expanduser().resolve())
    recent = [p for p in _kept(settings) if p != text]
    recent.insert(0, text)
    settings.setValue("recent/files", recent[: int(settings.value("recent/max", 8))])


def fill_menu(menu, settings, action: Callable[[str, Callable[[], None]], object], open_plan: Callable[[str], object]) -> None:
    """The menu's entries, with plans moved or deleted since pruned from the list."""
    recent = [p for p in _kept(settings) if _still_there(p)]
    settings.setValue("recent/files", recent)
    menu.clear()
    for location in recent:
        menu.addAction(action(location, _opener(open_plan, location)))
    menu.setEnabled(bool(recent))


def _opener(open_plan: Callable[[str], object], location: str) -> Callable[[], None]:
    def open_it(_checked: bool = False) -> None:  # an action's triggered() passes whether it is checked
        open_plan(location)
    return open_it
