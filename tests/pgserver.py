"""A throwaway PostgreSQL + PostGIS server for the store tests and the database run.

One cluster a test session, in a temporary folder on a free local port, run by
the unprivileged `postgres` account when the tests run as root (PostgreSQL
refuses to run as root). Where no server can be started the store tests skip
and say why; everywhere else they run against a real server.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

PG_BIN = Path(os.environ.get("ELECTIONPLAN_PG_BIN", "/usr/lib/postgresql/15/bin"))
SUPERUSER = "postgres"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", SUPERUSER, "--", *command]


def _run(command: list[str]) -> None:
    result = subprocess.run(_as_server_user(command), capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"{Path(command[0]).name} failed: {result.stderr.strip()[:300]}")


def _why_no_server() -> str | None:
    if not (PG_BIN / "initdb").exists():
        return f"no PostgreSQL server binaries at {PG_BIN} (install postgresql-15)"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser, so PostgreSQL cannot be started unprivileged"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed"
    return None


class PostgresServer:
    """A running throwaway cluster: its port and URLs for fresh databases in it."""

    def __init__(self, root: Path, port: int) -> None:
        self.root = root
        self.port = port
        self._postgis_template: str | None = None
        self.running = True
        self._made: list[str] = []  # databases made since the last drop_made, templates aside

    def kill_and_restart(self) -> None:
        """Stop the server as a crash would (no checkpoint, every connection cut), then start it again."""
        data = self.root / "data"
        _run([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"])
        _run([str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(self.root / "server.log"), "-w", "-t", "60",
              "-o", _server_options(self.root, self.port), "start"])

    def admin_url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh database with PostGIS, returned as a URL without a plan."""
        if self._postgis_template is None:
            import psycopg

            url = self.admin_url(f"t_{uuid.uuid4().hex[:12]}")
            with psycopg.connect(self.admin_url(), autocommit=True) as connection:
                connection.execute(f'CREATE DATABASE "{url.rsplit("/", 1)[1]}"')
            with psycopg.connect(url, autocommit=True) as connection:
                connection.execute("CREATE EXTENSION IF NOT EXISTS postgis")
            # Creating PostGIS costs a second or more a database; copying a
            # database that has it costs a fraction of that.
            self._postgis_template = self.make_template(url)
        return self.database_from(self._postgis_template)

    def database_from(self, template: str) -> str:
        """A fresh database copied from a template database (much faster than copying a plan)."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.admin_url(), autocommit=True) as connection:
            # A file copy of a small database is quicker than writing it all
            # through the WAL (PostgreSQL 15's default), and keeps pg_wal small.
            connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
        self._made.append(name)
        return self.admin_url(name)

    def make_template(self, url: str) -> str:
        """Mark the database at url a template, so database_from can copy it; returns its name."""
        import psycopg

        name = url.rsplit("/", 1)[1].split("?", 1)[0]
        with psycopg.connect(self.admin_url(), autocommit=True) as connection:
            connection.execute(f"""UPDATE pg_database SET datistemplate = true WHERE datname = '{name}'""")
        if name in self._made:
            self._made.remove(name)
        return name

    def drop_made(self) -> None:
        """Drop the databases made since the last call, templates aside: a test's databases go when it ends, so
        the cluster stays the size of its templates however many tests run."""
        if not (self.running and self._made):
            return
        import psycopg

        try:
            with psycopg.connect(self.admin_url(), autocommit=True) as connection:
                while self._made:
                    connection.execute(f'DROP DATABASE IF EXISTS "{self._made[-1]}" WITH (FORCE)')
                    self._made.pop()
        except psycopg.OperationalError:
            pass  # a test that stopped the server failed; its databases go with the cluster


def _server_options(root: Path, port: int) -> str:
    return f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"


def _start(root: Path, port: int) -> int:
    """Start the cluster, on another free port if a parallel test run took this one first; returns the port."""
    for attempt in range(3):
        try:
            _run([str(PG_BIN / "pg_ctl"), "-D", str(root / "data"), "-l", str(root / "server.log"), "-w", "-t", "60",
                  "-o", _server_options(root, port), "start"])
            return port
        except RuntimeError:
            if attempt == 2:
                raise
            port = _free_port()
    raise AssertionError("unreachable")


_RUNNING: list[PostgresServer] = []


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    torn_down = yield  # the test's fixtures, whatever held a connection among them, are torn down first
    for server in _RUNNING:
        server.drop_made()
    return torn_down


@pytest.fixture(scope="session")
def postgres_server():
    reason = _why_no_server()
    if reason:
        pytest.skip(f"no PostgreSQL server for the store tests: {reason}")
    root = Path(tempfile.mkdtemp(prefix="electionplan-pg-"))
    data = root / "data"
    port = _free_port()
    if os.geteuid() == 0:
        shutil.chown(root, SUPERUSER, SUPERUSER)
    try:
        _run([str(PG_BIN / "initdb"), "-D", str(data), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--no-sync"])
        port = _start(root, port)
    except (RuntimeError, subprocess.SubprocessError, OSError) as exc:
        shutil.rmtree(root, ignore_errors=True)
        pytest.skip(f"no PostgreSQL server for the store tests: {exc}")
    server = PostgresServer(root, port)
    _RUNNING.append(server)
    try:
        yield server
    finally:
        server.running = False
        _RUNNING.remove(server)
        subprocess.run(_as_server_user([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def database_url(postgres_server) -> str:
    """A fresh PostGIS database a test, as a URL without `?plan=`."""
    return postgres_server.new_database()
