"""The record rules (validation, audit, optimistic locking, delete and restore) on both stores.

The same tests as tests/core/test_records.py, run once on a plan file and once
on the same plan in PostgreSQL: nothing above the store seam may care which.
"""

from __future__ import annotations

import pytest

from tests.core.test_records import (  # noqa: F401  (collected here against both stores)
    test_delete_and_restore_keep_links,
    test_edits_are_audited_field_by_field_and_restricted_values_withheld,
    test_event_end_before_start_is_refused,
    test_event_outside_election_period_is_refused,
    test_stale_version_is_a_conflict_and_nothing_changes,
    test_station_outside_uk_and_missing_name_are_refused,
)


@pytest.fixture(params=["file", "postgresql"])
def sample_plan(request, sample_plan_path):
    from electionplan.db.opening import open_store
    from electionplan.services.copying import copy_plan

    location = str(sample_plan_path)
    if request.param == "postgresql":
        location = f"{request.getfixturevalue('database_url')}?plan=wyvern_2026"
        copy_plan(sample_plan_path, location)
    plan = open_store(location)
    yield plan
    plan.close()
