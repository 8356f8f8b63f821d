"""Who is working: the named person whose name goes into the audit, revisions and approvals.

A plan says who prepared and who approved it by name and role, never by a
computer login. The person is set once (the app's preferences, or
`electionplan whoami --name … --role …`) and kept in the user's own settings
file; `--as NAME` on the command line names someone else for one command.
"""

from __future__ import annotations

import getpass
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from electionplan import APP_NAME
from electionplan.domain.errors import ValidationError

MAX_NAME = 120


@dataclass(frozen=True)
class Person:
    name: str
    role: str = ""

    @property
    def label(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


_acting: Person | None = None


def person_file() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "person.toml"


def _clean(text: str, what: str) -> str:
    cleaned = " ".join((text or "").split())
    if any(ord(ch) < 32 for ch in cleaned):
        raise ValidationError(f"The {what} cannot hold control characters.", what)
    if len(cleaned) > MAX_NAME:
        raise ValidationError(f"The {what} is {len(cleaned)} characters long; it can hold at most {MAX_NAME}.", what)
    return cleaned


def saved_person() -> Person | None:
    try:
        data = tomllib.loads(person_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    name = data.get("name")
    role = data.get("role", "")
    if not isinstance(name, str) or not name.strip() or not isinstance(role, str):
        return None
    return Person(name.strip(), role.strip())


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def save_person(name: str, role: str = "") -> Person:
    """Keep the user's name and role in their own settings file, readable by them only."""
    person = Person(_clean(name, "name"), _clean(role, "role"))
    if not person.name:
        raise ValidationError("A name is needed: the plan records who prepared and approved it.", "name")
    path = person_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    body = f"name = {_toml_string(person.name)}\nrole = {_toml_string(person.role)}\n".encode()
    temp = path.with_name(path.name + ".part")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(body)
    os.replace(temp, path)
    return person


def act_as(name: str | None) -> None:
    """Name the person for this process only (the command line's --as)."""
    global _acting
    _acting = Person(_clean(name, "name")) if name and name.strip() else None


def acting_person() -> Person | None:
    """The person named for this process, else the one saved in the user's settings."""
    return _acting or saved_person()


def login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some service accounts
        return "unknown"
