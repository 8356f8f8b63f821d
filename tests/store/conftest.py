"""Fixtures for the shared store's tests."""

from __future__ import annotations

import pytest

from tests.store.roles import Store, shared_store


@pytest.fixture
def shared(sample_plan_path, database_url, cli) -> Store:
    """The sample carried into PostgreSQL, with a reviewer's, two editors' and an approver's logins."""
    return shared_store(sample_plan_path, database_url, cli)
