"""Shared fixtures: every test gets its own plan files and user folders."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

# The throwaway PostgreSQL server's fixtures serve every test folder.
pytest_plugins = ["tests.pgserver"]

# The helper modules' asserts explain themselves as a test's do.
pytest.register_assert_rewrite(
    "tests.councils", "tests.core.faulting", "tests.core.fuzzing", "tests.core.hostile", "tests.core.pairs",
    "tests.core.pdfstructure", "tests.core.sent_lists", "tests.ui.driving",
)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Compiled modules are cached as Python caches them by default, even where the environment turns that off:
# otherwise every test process (the runner, each worker, each command line a test starts) compiles the app
# and rewrites every test module's asserts again, some ten seconds a process.
sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"

MEMORY_SCRATCH = Path("/dev/shm")
MEMORY_SCRATCH_ROOM = 6 * 2**30  # bytes free before the tests' scratch space goes there


def _scratch_in_memory() -> None:
    """Keep the tests' scratch files and throwaway PostgreSQL clusters in memory where there is room.

    Every plan write ends in an fsync, and a disk mounted with online discard
    takes seconds to delete a cluster: in memory both cost nothing, and no test
    is about the disk. A TMPDIR the runner sets is kept; the child processes
    (worker processes, the command line, the server) inherit the choice.
    """
    if os.environ.get("TMPDIR"):
        return
    try:
        room = os.statvfs(MEMORY_SCRATCH)
    except OSError:
        return
    if room.f_bavail * room.f_frsize < MEMORY_SCRATCH_ROOM:
        return
    root = MEMORY_SCRATCH / f"electionplan-tests-{os.getuid()}"
    try:
        root.mkdir(mode=0o711, exist_ok=True)
        if root.is_symlink() or root.stat().st_uid != os.getuid():
            return
        root.chmod(0o711)  # the server's own account passes through to its cluster's folder
    except OSError:
        return
    os.environ["TMPDIR"] = str(root)
    tempfile.tempdir = None  # read again from TMPDIR


_scratch_in_memory()


@pytest.fixture(autouse=True)
def _private_user_dirs(tmp_path_factory, monkeypatch):
    # Keep logs, samples and QSettings out of the developer's own folders.
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    # A SPOC names themselves once (first run, or `electionplan whoami`); tests
    # start as such a user, and the tests of an unnamed user remove it.
    from electionplan.system.preferences import UserPreferences, act_as, save_preferences

    act_as(None)
    save_preferences(UserPreferences("Insp Test Officer", "Election SPOC"))
    yield
    act_as(None)
    # The next test starts as a newly started app does, with nothing kept out of the collector's scans (an open
    # plan's data is): reclaiming this process's whole heap at the next plan opened costs half a second.
    gc.unfreeze()


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA


def built_once(tmp_path_factory, name: str, build) -> Path:
    """A folder that build(folder) fills, built by one test process of the run and read by all of them.

    Under pytest-xdist each worker process has its own session, so a session fixture would be built once a
    worker; what several test files only read is built by the first worker to ask, while the others wait.
    Whoever uses it copies what it changes.
    """
    import fcntl
    import shutil

    if not os.environ.get("PYTEST_XDIST_WORKER"):
        folder = tmp_path_factory.mktemp(name)
        build(folder)
        return folder
    folder = tmp_path_factory.getbasetemp().parent / f"built-once-{name}"  # the run's own, shared by its workers
    with open(folder.with_suffix(".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / ".built").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build(folder)
            (folder / ".built").touch()
    return folder


@pytest.fixture(scope="session")
def sample_plan_template(tmp_path_factory) -> Path:
    from electionplan.services.sample import write_sample_plan

    path = tmp_path_factory.mktemp("template") / "sample.eplan"
    write_sample_plan(path).close()
    return path


@pytest.fixture(scope="session")
def sample_edition_pdfs(sample_plan_template, tmp_path_factory):
    """The sample plan's police and returning officer's editions, exported once for the tests that only read them.

    Returns the plan they were exported from and each edition's PDF; neither may be changed.
    """
    import shutil

    folder = tmp_path_factory.mktemp("sample-pdfs")
    plan = folder / "plan.eplan"
    shutil.copyfile(sample_plan_template, plan)
    pdfs = {}
    for edition in ("police", "returning-officer"):
        pdfs[edition] = folder / f"{edition}.pdf"
        result = call_cli("export", plan, "-o", pdfs[edition], "--edition", edition)
        assert result.returncode == 0, result.stderr
    return plan, pdfs


# Every test that works on the sample plan runs against both stores: the plan
# file and the same plan in PostgreSQL. Nothing above the store seam may care
# which. A test about the file itself (its bytes, backups, locks, permissions,
# the process that holds it) is marked `file_store` and runs on the file only.
# A test about what an output or a page shows, whose writes (if any) are the
# ordinary edits, is marked `presentation` and runs on the file only too: that
# either store reads a plan, before and after those edits, as the same snapshot
# and gives the same outputs is proved once, in tests/store/test_same_snapshot.py.
STORES = ("file", "postgresql")
SAMPLE_PLAN_NAME = "wyvern_2026"


def pytest_generate_tests(metafunc):
    if "store" in metafunc.fixturenames:
        on_file_only = any(metafunc.definition.get_closest_marker(mark) is not None
                           for mark in ("file_store", "presentation"))
        metafunc.parametrize("store", ["file"] if on_file_only else list(STORES), indirect=True)


def pytest_collection_modifyitems(config, items):
    """A test marked `store_once` varies only its input (a mistaken option, a refused value, an encoding): every
    case runs on the file, and the first on the database, where the store matters. The dearest files run first."""
    once = [item for item in items if item.get_closest_marker("store_once") is not None
            and item.callspec.params.get("store") == "postgresql"
            and any(index for name, index in item.callspec.indices.items() if name != "store")]
    if once:
        config.hook.pytest_deselected(items=once)
        items[:] = [item for item in items if item not in once]
    # The files holding a test marked slow go first, each file's tests in their order, so that the test
    # processes share out the long files early and finish together on the short ones.
    dear = {item.path for item in items if item.get_closest_marker("slow") is not None}
    items.sort(key=lambda item: item.path not in dear)


@pytest.fixture
def store(request) -> str:
    """Which store this run of the test uses: "file" or "postgresql"."""
    return getattr(request, "param", "file")


@pytest.fixture
def sample_plan_path(store, sample_plan_template, tmp_path, request):
    """A fresh copy of the sample plan for one test: a file path, or on the database run its URL."""
    import shutil

    if store == "postgresql":
        return database_copy_of(request, sample_plan_template, SAMPLE_PLAN_NAME)
    target = tmp_path / "sample.eplan"
    shutil.copyfile(sample_plan_template, target)
    return target


@pytest.fixture
def new_plan_location(store, tmp_path, request):
    """Where a test makes a new plan: a file, or on the database run a fresh database's plan."""
    if store == "postgresql":
        return f"{request.getfixturevalue('database_url')}?plan=p"
    return tmp_path / "p.eplan"


def database_copy_of(request, template_file: Path, name: str) -> str:
    """A URL for a plan copied once from template_file into a template database, then cloned for this test."""
    from electionplan.services.copying import copy_plan

    server = request.getfixturevalue("postgres_server")
    key = (server.port, str(template_file))
    if key not in _DATABASE_TEMPLATES:
        url = server.new_database()
        copy_plan(template_file, f"{url}?plan={name}")
        _DATABASE_TEMPLATES[key] = server.make_template(url)
    return f"{server.database_from(_DATABASE_TEMPLATES[key])}?plan={name}"


_DATABASE_TEMPLATES: dict[tuple[int, str], str] = {}  # (server port, template file) -> template database


@pytest.fixture
def sample_plan(sample_plan_path):
    from electionplan.db.opening import open_store

    plan = open_store(sample_plan_path)
    yield plan
    plan.close()


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the command line in a real process, as a user would."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "electionplan.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or REPO,
        env=full_env,
        timeout=600,
    )


# Runs each command given as JSON through the command line's entry point, in turn, and prints what each returned.
_COMMANDS_IN_ONE_PROCESS = """
import contextlib, io, json, sys
from electionplan.cli import main
done = []
for args in json.loads(sys.argv[1]):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(args)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    done.append([code, out.getvalue(), err.getvalue()])
print(json.dumps(done))
"""


def run_cli_commands(commands: list[list], cwd: Path | None = None,
                     env: dict | None = None) -> list[subprocess.CompletedProcess]:
    """Run commands one after another in one real process of their own, as a script run by a user would.

    For tests about what a process settles once from its environment (where it logs); anything the process
    itself prints outside the commands, a traceback included, fails the test.
    """
    import json

    commands = [[str(a) for a in command] for command in commands]
    ran = subprocess.run([sys.executable, "-c", _COMMANDS_IN_ONE_PROCESS, json.dumps(commands)],
                         capture_output=True, text=True, cwd=cwd or REPO, env={**os.environ, **(env or {})}, timeout=600)
    assert ran.returncode == 0 and not ran.stderr, ran.stderr
    return [subprocess.CompletedProcess(command, code, out, err)
            for command, (code, out, err) in zip(commands, json.loads(ran.stdout), strict=True)]


def call_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the command line in this process (the same entry point, without a new interpreter).

    The desktop app (`gui`) still gets a process of its own: it starts Qt.
    """
    import contextlib
    import io

    from electionplan.cli import main as cli_main

    if args and str(args[0]) == "gui":
        return run_cli(*args, cwd=cwd, env=env)
    out, err = io.StringIO(), io.StringIO()
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    os.environ.update(env or {})
    try:
        os.chdir(cwd or REPO)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli_main([str(a) for a in args])
            except SystemExit as exc:  # argparse's usage errors and --help
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return subprocess.CompletedProcess([str(a) for a in args], code, out.getvalue(), err.getvalue())


def call(*args) -> tuple[int, str, str]:
    """The command line, in this process: exit code, stdout, stderr."""
    result = call_cli(*args)
    return result.returncode, result.stdout, result.stderr


def ok(*args) -> str:
    """The command line's stdout, in this process, for a command that must succeed."""
    code, out, err = call(*args)
    assert code == 0, err
    return out


def pdf_pages(pdf) -> list[str]:
    """Each page's text of a PDF (a path, or the document's bytes), in the order it is written.

    Read by poppler's pdftotext where it is installed (a tenth of the time), which also reads a form's fields as
    they show, or else by pypdf: both give the same words (test_pdf.py compares them).
    """
    import shutil

    if isinstance(pdf, bytes):
        with tempfile.TemporaryDirectory() as folder:
            (Path(folder) / "read.pdf").write_bytes(pdf)
            return pdf_pages(Path(folder) / "read.pdf")
    if shutil.which("pdftotext"):
        read = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                              text=True, encoding="utf-8", check=True)
        return read.stdout.split("\f")[:-1]  # each page ends with a form feed
    return pdf_pages_by_pypdf(pdf)


def pdf_pages_by_pypdf(path) -> list[str]:
    """pdf_pages as pypdf reads them."""
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def pdf_text(pdf) -> str:
    """A PDF's text with its whitespace made single spaces, so a sentence wrapped onto a new line reads whole."""
    return " ".join(" ".join(pdf_pages(pdf)).split())


def pdf_words(pdf) -> str:
    """A PDF's text with all whitespace dropped, so a word wrapped inside a table cell still reads whole."""
    return "".join(pdf_text(pdf).split())


@pytest.fixture
def cli():
    """The command line, in process; tests where the process boundary is the point use run_cli."""
    return call_cli


AS_AT = __import__("datetime").date(2026, 11, 21)


def assess_stored(snapshot, rules, as_at):
    """Assess a snapshot given in its stored (revision JSON) form, which tests edit freely."""
    from electionplan.domain.plancodec import decode_snapshot
    from electionplan.risk.engine import assess_plan

    return assess_plan(decode_snapshot(snapshot), rules, as_at)


@pytest.fixture(scope="session")
def sample_snapshot_template(sample_plan_template):
    """The sample plan's snapshot in the form a revision stores it."""
    from electionplan.db.planfile import open_plan_file
    from electionplan.db.snapshot import load_snapshot
    from electionplan.domain.plancodec import encode_snapshot

    with open_plan_file(sample_plan_template) as plan, plan.session() as session:
        return encode_snapshot(load_snapshot(session))


@pytest.fixture
def sample_snapshot(sample_snapshot_template):
    import copy

    return copy.deepcopy(sample_snapshot_template)


@pytest.fixture(scope="session")
def rules():
    from electionplan.risk.ruleset import load_ruleset

    return load_ruleset()


class PlanSql:
    """Plain SQL on a test's plan, whichever store holds it: the way tests plant data the app would refuse.

    Statements use `?` placeholders (SQLite's); on PostgreSQL they become `%s`
    and run in the plan's own schema. Use `with` to commit.
    """

    def __init__(self, location) -> None:
        location = str(location)
        self.on_database = location.startswith("postgresql://")
        if self.on_database:
            import psycopg

            url, _, plan = location.partition("?plan=")
            self.connection = psycopg.connect(url, options=f"-c search_path={plan},public")
        else:
            import sqlite3

            self.connection = sqlite3.connect(location)

    def execute(self, statement: str, parameters=()):
        if self.on_database:
            statement = statement.replace("?", "%s")
        return self.connection.execute(statement, tuple(parameters))

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> PlanSql:
        return self

    def __exit__(self, kind, *_) -> None:
        if kind is None:
            self.connection.commit()
        else:
            self.connection.rollback()


def plan_sql(location) -> PlanSql:
    return PlanSql(location)


def plan_fingerprint(location) -> str:
    """What must not change when a plan is left alone: a file's bytes, or every row of a database plan."""
    import hashlib

    if not str(location).startswith("postgresql://"):
        return hashlib.sha256(Path(location).read_bytes()).hexdigest()
    from sqlalchemy import select

    from electionplan.db.models import Base
    from electionplan.db.opening import open_store

    digest = hashlib.sha256()
    with open_store(location, read_only=True) as plan, plan.session() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table).order_by(*table.primary_key.columns)):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def location_of(plan) -> str:
    """The path or URL that opens an already-open plan again, for the command line."""
    return plan.identity.label  # the test server trusts its local users, so no password is needed


@pytest.fixture
def five_councils(shared_data, tmp_path, cli):
    """A local-elections plan holding the five shared councils' station lists, Trafford's and South Lakeland's with electorates."""
    import pandas as pd

    from tests.councils import FILES, STATIONS

    plan = tmp_path / "five.eplan"
    made = cli("new", plan, "--name", "County elections", "--kind", "local", "--polling-day", "2027-05-06", "--force", "Test")
    assert made.returncode == 0, made.stderr
    # Trafford's list as a council sends it with the register's electorate beside each station.
    trafford = pd.read_csv(shared_data / STATIONS / "trafford_polling_stations_lonlat.csv", dtype=str)
    trafford["Electorate"] = (1_000 + trafford.index * 7).astype(str)
    trafford.to_csv(tmp_path / "trafford_polling_stations_lonlat.csv", index=False)
    # South Lakeland's Halarose export with the register's electorate added to every address row of a station.
    lakeland = pd.read_csv(shared_data / STATIONS / "halarose_south_lakeland.csv", dtype=str, keep_default_na=False)
    lakeland["Electorate"] = lakeland["PollingStationNumber"].map(lambda n: str(500 + int(n)) if str(n).isdigit() else "")
    lakeland.to_csv(tmp_path / "halarose_south_lakeland.csv", index=False)
    for name in FILES:
        source = tmp_path / name if name.startswith(("trafford", "halarose")) else shared_data / STATIONS / name
        result = cli("import", plan, "stations", source)
        assert result.returncode == 0, result.stderr
    return plan, trafford


@pytest.fixture
def quiet_plan(sample_plan_path, tmp_path):
    """The sample with only the capacity a force's file gives: polling day's three shifts and the next morning."""
    from tests.core.shifts import QUIET

    with plan_sql(sample_plan_path) as sql:
        sql.execute("DELETE FROM officer_capacity")
    path = tmp_path / "duty.csv"
    path.write_text("Date,Shift,Officers\n21/01/2027,Early,12\n21/01/2027,Late,16\n21/01/2027,Night,14\n"
                    f"22/01/2027,{QUIET[1].capitalize()},{QUIET[2]}\n", encoding="utf-8")
    out = ok("import", sample_plan_path, "capacity", path)
    assert "4" in out
    return sample_plan_path
