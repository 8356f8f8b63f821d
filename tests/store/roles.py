"""A shared plan with a login for each role, as a new HQ admin sets them up with the command line."""

from __future__ import annotations

import psycopg


class Store:
    """A shared plan and a login for each role, as a new HQ admin sets them up with the CLI."""

    def __init__(self, database_url: str, cli, suffix: str | None = None) -> None:
        self.admin = database_url
        # Roles are server-wide: one set for each database they were made for (a copy keeps its template's).
        self.suffix = suffix or database_url.rsplit("/", 1)[1]
        self.cli = cli

    def url(self, who: str = "postgres") -> str:
        login = who if who == "postgres" else f"{who}_{self.suffix}"
        return self.admin.replace("postgresql://postgres@", f"postgresql://{login}@") + "?plan=wyvern_2026"

    def login(self, who: str) -> str:
        return f"{who}_{self.suffix}"

    def ok(self, *args):
        result = self.cli(*args)
        assert result.returncode == 0, (args, result.stderr)
        return result

    def refused(self, *args):
        result = self.cli(*args)
        assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1, (args, result.stderr)
        assert "unexpected" not in result.stderr
        return result.stderr


def shared_store(sample_plan_path, database_url, cli) -> Store:
    store = Store(database_url, cli)
    store.ok("store", "init", store.url())
    store.ok("copy", sample_plan_path, store.url(), "--force")
    with psycopg.connect(database_url, autocommit=True) as db:
        for who in ("ro", "ed", "ed2", "ap"):
            db.execute(f"CREATE ROLE {store.login(who)} LOGIN")
        for who in ("ed", "ed2"):
            db.execute(f"GRANT electionplan_editor TO {store.login(who)}")
    store.ok("store", "grant-reviewer", store.url(), store.login("ro"))
    store.ok("store", "grant-approver", store.url(), store.login("ap"))
    return store
