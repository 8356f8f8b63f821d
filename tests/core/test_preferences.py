"""The user's name and role, stored in a typed settings file."""

from __future__ import annotations

import stat

import pytest

from electionplan.domain.errors import ValidationError
from electionplan.system.preferences import (
    UserPreferences,
    load_preferences,
    preferences_path,
    save_preferences,
    validated,
)


def test_first_run_has_nothing_and_asks():
    preferences_path().unlink()  # the test set-up names a user; a first run has none
    assert not preferences_path().exists()
    assert not load_preferences().complete


def test_saved_name_and_role_come_back_and_are_private():
    save_preferences(validated("  Insp. Rachel Donnelly ", "Election SPOC"))
    loaded = load_preferences()
    assert loaded == UserPreferences("Insp. Rachel Donnelly", "Election SPOC")
    assert loaded.complete and loaded.label == "Insp. Rachel Donnelly (Election SPOC)"
    assert stat.S_IMODE(preferences_path().stat().st_mode) == 0o600


@pytest.mark.parametrize("text, message", [
    ('{"name": "A", "role": "B", "colour": "red"}', "unknown setting 'colour'"),
    ('{"name": 3, "role": "B"}', "setting 'name' must be text"),
    ('{"name": "A", ', "not valid JSON (line 1"),
    ('["A"]', "expected an object"),
])
def test_a_damaged_file_is_one_clear_error(tmp_path, text, message):
    path = tmp_path / "preferences.json"
    path.write_text(text)
    with pytest.raises(ValidationError, match=message.replace("(", r"\(")):
        load_preferences(path)


def test_a_name_is_required():
    with pytest.raises(ValidationError) as caught:
        validated("   ", "Planner")
    assert caught.value.field == "name"


@pytest.mark.parametrize("name", ["\u202eHTIMS .tsnI", "Insp.\u200b Smith", "Insp. Smith\x7f", "Insp.\nSmith"])
def test_a_name_that_would_print_as_someone_else_is_refused(name):
    with pytest.raises(ValidationError, match="control characters or invisible ones"):
        validated(name, "Election SPOC")


def test_a_damaged_or_newer_preferences_file_never_stops_an_edit(sample_plan_path, cli):
    import json

    from electionplan.system.preferences import acting_person, login_name
    from tests.conftest import plan_sql

    preferences_path().write_text('{"name": "Insp. A", "role": "SPOC", "theme": "dark"}')
    assert acting_person() is None  # the file is not trusted, and not fatal
    edited = cli("edit", sample_plan_path, "candidate", "1", "--set", "agent=Alice")
    assert edited.returncode == 0, edited.stderr
    with plan_sql(sample_plan_path) as sql:
        who = sql.execute("SELECT who FROM audit_entry WHERE action = 'update' ORDER BY id DESC").fetchone()[0]
    assert who.startswith(login_name()) and "Insp. A" not in who  # the computer login, as when nobody is named
    assert json.loads(preferences_path().read_text())["theme"] == "dark"  # left as it was found
