"""Fixtures for the shared store's tests."""

from __future__ import annotations

import pytest

from tests.store.roles import Store, shared_store


@pytest.fixture(scope="session")
def shared_template(postgres_server, sample_plan_template, tmp_path_factory) -> tuple[str, str]:
    """The shared store set up once a test process, as a template database, and its logins' suffix."""
    import shutil

    from tests.conftest import call_cli
    from tests.core.pairs import as_test_user

    folder = tmp_path_factory.mktemp("shared")
    source = folder / "sample.eplan"
    shutil.copyfile(sample_plan_template, source)
    database = postgres_server.new_database()
    with as_test_user(folder):
        store = shared_store(source, database, call_cli)
    return postgres_server.make_template(database), store.suffix


@pytest.fixture
def shared(shared_template, postgres_server, cli) -> Store:
    """The sample carried into PostgreSQL, with a reviewer's, two editors' and an approver's logins: a copy of the
    set-up made once, its grants included (the logins are the server's, and no test changes them)."""
    template, suffix = shared_template
    return Store(postgres_server.database_from(template), cli, suffix)
