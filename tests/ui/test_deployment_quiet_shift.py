"""The app lists a shift the plan asks nothing of, imported from a capacity file, as the command line does: nothing
needed, every officer spare."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ok
from tests.core.shifts import QUIET, quiet_of


@pytest.fixture
def window_plan(quiet_plan):
    return quiet_plan


@pytest.fixture
def window_page():
    return "deployment"


def test_the_deployment_page_gives_the_quiet_shift_the_command_lines_account(window, window_plan):
    data = json.loads(ok("deploy", window_plan, "--json"))["shifts"]
    quiet = quiet_of(data)
    page = window.deployment
    listed = [(f"{s['date'][8:]}/{s['date'][5:7]}/{s['date'][:4]}", s["shift"].capitalize()) for s in data]
    # Hidden at first, counted beside the box; shown, it takes its place among the others.
    assert ("22/01/2027", "Early") not in [(r.date, r.shift) for r in page.shifts.rows]
    assert page.no_demand.hidden.text() == "(1 hidden)"
    page.show_all.setChecked(True)
    assert [(r.date, r.shift) for r in page.shifts.rows] == listed and page.no_demand.hidden.text() == ""
    n = next(n for n, r in enumerate(page.shifts.rows) if (r.date, r.shift) == ("22/01/2027", "Early"))
    row = page.shifts.rows[n]
    assert (row.officers, row.needed, row.deployed, row.spare, row.accepted) == (str(QUIET[2]), 0, 0, QUIET[2], 0)
    assert row.status == quiet["status"] == "Covered"
    page.shift_table.selectRow(n)
    assert page.summary.text() == f"22/01/2027 Early: {quiet['status']}. {quiet['summary']}"
    assert page.items.rows == []  # nothing deployed, nothing left


def test_the_resources_page_shows_it_among_the_shifts_with_no_demand(window):
    window.show_page("resources")
    page = window.resources
    assert not any(r.date == "22/01/2027" for r in page.model.rows)
    page.show_all.setChecked(True)
    (row,) = [r for r in page.model.rows if (r.date, r.shift) == ("22/01/2027", "Early")]
    assert (row.required, row.available, row.shortfall) == (0, QUIET[2], 0)
