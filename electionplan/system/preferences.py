"""Who is working: the user's name and role, kept in one small typed settings file.

The audit trail, a revision's author and its approver name a person, not an
operating-system login. QSettings holds only window state; these are settings
with meaning, so they live here with their defaults in one table, and an
unknown key in the file is an error rather than silently ignored.
"""

from __future__ import annotations

import getpass
import json
import logging
import unicodedata
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from electionplan.domain.errors import ValidationError
from electionplan.system.files import atomic_write_bytes
from electionplan.system.paths import user_config_dir

log = logging.getLogger(__name__)

FILE_NAME = "preferences.json"
# Unicode categories that print nothing or reorder what follows: control, format, line and paragraph separators.
HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cs"})
ROLES = ("Election SPOC", "Deputy SPOC", "Planner", "Approver", "Returning officer liaison", "Other")


@dataclass(frozen=True)
class UserPreferences:
    name: str = ""
    role: str = ""

    @property
    def complete(self) -> bool:
        """Asked for on first run until both are given."""
        return bool(self.name.strip() and self.role.strip())

    @property
    def label(self) -> str:
        """How the person is named in the audit and on a revision: 'Insp. R Donnelly (Election SPOC)'."""
        return f"{self.name.strip()} ({self.role.strip()})" if self.role.strip() else self.name.strip()


def preferences_path() -> Path:
    return user_config_dir() / FILE_NAME


def parse_preferences(text: str, where: str = "preferences") -> UserPreferences:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(f"{where}: not valid JSON (line {exc.lineno}, column {exc.colno}).") from None
    if not isinstance(data, dict):
        raise ValidationError(f"{where}: expected an object of settings.")
    known = {f.name for f in fields(UserPreferences)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValidationError(f"{where}: unknown setting '{unknown[0]}'; known settings are {', '.join(sorted(known))}.")
    wrong = [key for key, value in data.items() if not isinstance(value, str)]
    if wrong:
        raise ValidationError(f"{where}: setting '{wrong[0]}' must be text.")
    return UserPreferences(**data)


def validated(name: str, role: str) -> UserPreferences:
    name, role = name.strip(), role.strip()
    if not name:
        raise ValidationError("Enter your name: it is recorded against every change you make.", "name")
    if not role:
        raise ValidationError("Enter your role.", "role")
    if any(unicodedata.category(ch) in HIDDEN for ch in name + role):
        # A right-to-left override or a zero-width space would make the audit show another name.
        raise ValidationError("A name or role cannot hold control characters or invisible ones.", "name")
    if len(name) > 120 or len(role) > 80:
        raise ValidationError("Name or role is too long.", "name" if len(name) > 120 else "role")
    return UserPreferences(name, role)


def load_preferences(path: Path | None = None) -> UserPreferences:
    """The saved preferences, or the defaults (not yet asked) when there are none."""
    path = path or preferences_path()
    if not path.exists():
        return UserPreferences()
    return parse_preferences(path.read_text(encoding="utf-8"), path.name)


def save_preferences(preferences: UserPreferences, path: Path | None = None) -> None:
    atomic_write_bytes(path or preferences_path(), json.dumps(asdict(preferences), indent=2).encode("utf-8"))


# `--as NAME` on the command line names someone else for one command.
_acting: UserPreferences | None = None


def act_as(name: str | None) -> None:
    """Name the person for this process only (the command line's --as)."""
    global _acting
    if name is None or not name.strip():
        _acting = None
        return
    cleaned = " ".join(name.split())
    if any(ord(ch) < 32 for ch in cleaned) or len(cleaned) > 120:
        raise ValidationError("--as takes a person's name of at most 120 characters, without control characters.", "as")
    _acting = UserPreferences(cleaned, "")


def acting_person() -> UserPreferences | None:
    """The person named for this process, else the one saved in the user's preferences."""
    if _acting is not None:
        return _acting
    try:
        saved = load_preferences()
    except ValidationError:
        # A damaged or newer preferences file must never stop an edit: the computer login is recorded
        # instead (as when nobody is named), and saving the name again repairs the file.
        log.warning("the preferences file cannot be read; changes are recorded under the computer login")
        return None
    return saved if saved.name.strip() else None


def login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some service accounts
        return "unknown"


def current_user() -> str:
    """The named person working, or the computer login when nobody has been named."""
    person = acting_person()
    return person.name if person else login_name()
