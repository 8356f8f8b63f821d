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
