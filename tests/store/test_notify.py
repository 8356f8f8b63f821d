"""Colleagues' apps hear that a database plan changed (LISTEN/NOTIFY), with no values sent."""

from __future__ import annotations

import pytest

from electionplan.db.pgnotify import ChangeListener
from tests.conftest import run_cli

# These tests carry the sample from its file into PostgreSQL themselves.
pytestmark = pytest.mark.file_store


@pytest.mark.slow
def test_an_edit_in_another_process_is_announced_to_listeners(sample_plan_path, database_url, cli):
    url = f"{database_url}?plan=wyvern_2026"
    assert cli("copy", sample_plan_path, url).returncode == 0
    listener = ChangeListener(url)
    try:
        assert listener.poll(timeout=0.2) == []  # nothing has changed yet
        # Another process, as a colleague's app is: a listener ignores its own process's edits.
        edited = run_cli("edit", url, "candidate", "1", "--set", "agent=Secret Agent Name")
        assert edited.returncode == 0, edited.stderr
        notices = listener.poll(timeout=30)  # delivered at commit; the timeout only bounds a failure
    finally:
        listener.close()
    assert len(notices) == 1
    assert "Candidate" in notices[0].entities and not notices[0].from_this_process
    assert "Secret Agent Name" not in repr(notices)
