"""The command line starts at once: heavy libraries load only in the commands that use them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO

# Each is a large import; `--help` and `info` need none of them.
DRAWING_AND_GEOMETRY = ("geopandas", "shapely", "pyproj", "pyogrio", "reportlab", "highspy", "pandas", "numpy",
                        "PySide6", "pypdf", "openpyxl")
DATABASE = ("sqlalchemy", "alembic", "psycopg")

_LOADED = """
import json, sys
from electionplan.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""

# What opening a plan file to describe it must not need: running the migrations (the schema each revision
# creates comes from their catalogue), PostgreSQL's dialect and driver, the mapped models (info reads its few
# columns by table), the PDF document model, the risk engine and the Qt shell.
NOT_FOR_INFO = ("alembic", "sqlalchemy.dialects.postgresql", "psycopg", "electionplan.db.models",
                "electionplan.db.history_models", "electionplan.db.order_models", "electionplan.report",
                "electionplan.risk", "electionplan.gui", "electionplan.geo")


def modules_loaded_by(*args: str) -> set[str]:
    """Every module a real process has imported after running the command."""
    done = subprocess.run([sys.executable, "-c", _LOADED, *map(str, args)], capture_output=True, text=True, cwd=REPO,
                          timeout=300)
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def loaded_by(*args: str) -> set[str]:
    """The top-level packages a real process has imported after running the command."""
    return {name.split(".")[0] for name in modules_loaded_by(*args)}


def test_help_loads_neither_the_database_layer_nor_any_drawing_library():
    loaded = loaded_by("--help")
    assert loaded.isdisjoint(DRAWING_AND_GEOMETRY + DATABASE), sorted(loaded & {*DRAWING_AND_GEOMETRY, *DATABASE})


@pytest.mark.file_store
def test_info_reads_the_plan_without_loading_geometry_pdf_or_qt(sample_plan_path):
    loaded = loaded_by("info", sample_plan_path)
    assert "sqlalchemy" in loaded  # it did read the plan
    assert loaded.isdisjoint(DRAWING_AND_GEOMETRY), sorted(loaded & set(DRAWING_AND_GEOMETRY))


@pytest.mark.file_store
def test_info_checks_the_plans_schema_without_running_the_migrations_or_loading_the_document_model(
        sample_plan_path, tmp_path):
    modules = modules_loaded_by("info", sample_plan_path)
    assert "electionplan.db.trust" in modules  # the plan's schema was checked
    heavy = sorted(name for name in modules if name.startswith(NOT_FOR_INFO))
    assert not heavy, heavy


def test_json_output_escapes_control_and_bidi_characters_and_still_parses_to_the_same_data(capsys):
    from electionplan.cli.output import SafeStream, print_json

    data = {"stations": [{"name": "Hall\x1b[31m red\u202e desrever", "bell": "ring\x07", "welsh": "Ynys Môn"}]}
    real = sys.stdout
    sys.stdout = SafeStream(real)
    try:
        print_json(data)
    finally:
        sys.stdout = real
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
    assert "\\u202e" in out and "Ynys Môn" in out
    assert json.loads(out) == data


def test_the_edition_info_counts_without_a_policy_is_the_one_whose_policy_withholds_nothing(sample_plan):
    from electionplan.report.editions import POLICIES
    from electionplan.services.plans import WHOLE_EDITION, plan_info

    whole = [key for key, policy in POLICIES.items() if policy.whole and not policy.withheld_event_kinds]
    assert whole == [WHOLE_EDITION]
    counts = plan_info(sample_plan, WHOLE_EDITION)["counts"]
    assert counts["threat_reports"] > 0 and counts["events"] > plan_info(sample_plan, "returning-officer")["counts"]["events"]
