"""One account of a shift: the command line, the plan PDF and the app print the same figures, words and items.

Asserted on the sample with no capacity recorded, with part of it recorded and short, and with every shift
fully staffed.
"""

from __future__ import annotations

import json
import re

import pytest

from electionplan.gui.main_window import MainWindow
from tests.conftest import ok, pdf_words, plan_sql


def squeeze(text: str) -> str:
    return "".join(text.split())


def set_capacity(plan, how: str) -> None:
    db = plan_sql(plan)
    with db:
        if how == "none":
            db.execute("DELETE FROM officer_capacity")
        elif how == "partial":  # polling day's late shift and night unrecorded, the rest halved
            db.execute("DELETE FROM officer_capacity WHERE day = '2027-01-21' AND shift IN ('late', 'night')")
            db.execute("UPDATE officer_capacity SET officers = officers / 2")
        else:
            db.execute("UPDATE officer_capacity SET officers = 1000")
    db.close()


def app_accounts(qtbot, plan) -> list[tuple[str, str, str, list[tuple[str, str, str]]]]:
    """Each shift as the Deployment page shows it: its status, its sentence and the items it does not cover."""
    win = MainWindow()
    qtbot.addWidget(win)
    win.open_plan(plan)
    win.show_page("deployment")
    page, shown = win.deployment, []
    for n, row in enumerate(page.shifts.rows):
        page.shift_table.selectRow(n)
        left = [(r.item, r.status, r.officers) for r in page.items.rows if r.status in ("Accepted risk", "Not patrolled")]
        shown.append((f"{row.date} {row.shift}", row.status, page.summary.text(), left))
        assert row.deployed + row.spare == int(row.officers.split(" ")[0].replace(",", ""))
    win.controller.undo_stack.setClean()
    return shown


@pytest.mark.presentation
@pytest.mark.slow
@pytest.mark.parametrize("capacity", ["none", "partial", "full"])
def test_the_command_line_the_pdf_and_the_app_give_each_shift_the_same_account(qtbot, sample_plan_path, tmp_path,
                                                                                capacity):
    set_capacity(sample_plan_path, capacity)
    data = json.loads(ok("deploy", sample_plan_path, "--json"))["shifts"]
    text = ok("deploy", sample_plan_path, "--limit", "1000")
    ok("export", sample_plan_path, "-o", tmp_path / "plan.pdf")
    pdf = pdf_words(tmp_path / "plan.pdf")
    app = app_accounts(qtbot, sample_plan_path)
    # The command line's account of each shift: its line of figures, its sentence and what it leaves. The shifts
    # that ask nothing are summed up after the rest, by the command line and the PDF, and hidden by the app.
    blocks = [f"{b}\n" for b in re.split(r"\n(?=\d\d/\d\d/\d{4} )", text.rstrip("\n"))[1:]]
    asking = [s for s in data if s["needed"] or s["allocated"] or s["status"] != "Covered"]
    quiet = [s for s in data if s not in asking]
    assert len(app) == len(asking) == len(blocks) and asking
    if quiet:
        assert f"{len(quiet):,} shifts" in text and f"all {sum(s['on_duty'] for s in quiet):,} officers" in text
    for shift, (when, status, summary, left), block in zip(asking, app, blocks, strict=True):
        assert shift["capacity"] == shift["allocated"] + shift["spare"] == shift["on_duty"]
        assert status == shift["status"] and summary.endswith(shift["summary"]) and when in summary
        assert f"{when}: {status}. {shift['summary']}" == summary
        assert squeeze(summary) in pdf  # the PDF prints the same sentence under the same heading
        day, name = when.split()
        assert block.split()[:2] == [day, name.lower()] and f"{status}\n    {shift['summary']}\n" in block
        items = shift["unmet"] + shift["unvisited"]
        assert sorted((u["item"], u["cover"]) for u in items) == sorted((item, cover) for item, _, cover in left)
        for u in items:  # listed once on each surface, with its reason
            assert block.count(f": {u['item']}") == 1 and u["reason"] in block
            assert squeeze(u["reason"]) in pdf
        if capacity == "none" or (capacity == "partial" and not shift["capacity_recorded"]):
            assert status == "No capacity recorded" and "Covered" not in summary
    statuses = {s["status"] for s in data}
    assert statuses == {"none": {"No capacity recorded"}, "partial": {"No capacity recorded", "Short", "Covered"},
                        "full": {"Covered"}}[capacity]
