"""A shift the plan asks nothing of, with officers recorded (the day after polling day, imported from a capacity
file): every surface lists it, nothing needed and every officer spare, the figures adding up alike."""

from __future__ import annotations

import json
import re

from tests.conftest import ok, pdf_words, plan_sql
from tests.core.shifts import QUIET, quiet_of


def test_deploy_json_lists_the_shift_nobody_needs_with_all_its_officers_spare(quiet_plan):
    shifts = json.loads(ok("deploy", quiet_plan, "--json"))["shifts"]
    quiet = quiet_of(shifts)
    assert quiet["needed"] == quiet["allocated"] == 0 and quiet["spare"] == quiet["on_duty"] == QUIET[2]
    assert quiet["capacity_recorded"] and quiet["status"] == "Covered"
    assert not quiet["assignments"] and not quiet["patrols"] and not quiet["unmet"] and not quiet["unvisited"]
    assert quiet["summary"] == "10 on duty and nothing needed: 0 deployed, 10 spare."
    for s in shifts:  # every shift's figures add up, the quiet one's too
        assert s["allocated"] + s["spare"] == s["on_duty"]
    # Every shift with officers recorded is listed, and so is every shift with something to deploy.
    listed = {(s["date"], s["shift"]) for s in shifts}
    with plan_sql(quiet_plan) as sql:
        recorded = {(str(day), shift) for day, shift in sql.execute("SELECT day, shift FROM officer_capacity")}
    assert recorded <= listed and len(recorded) == 4
    assert {s["status"] for s in shifts if (s["date"], s["shift"]) not in recorded} == {"No capacity recorded"}


def test_the_command_line_the_pdf_and_assess_give_the_same_account_of_it(quiet_plan, tmp_path):
    data = quiet_of(json.loads(ok("deploy", quiet_plan, "--json"))["shifts"])
    text = ok("deploy", quiet_plan)
    # Summed with the shifts that ask nothing (here it alone), after the shifts that do.
    line = re.search(r"^Quiet +1 +([\d,]+) +0 +0 +([\d,]+) +0  Nothing needed\n    (.+)$", text, re.MULTILINE)
    assert line is not None, text
    assert [int(n.replace(",", "")) for n in line.groups()[:2]] == [data["on_duty"], data["spare"]]
    said = (f"1 shift on 22/01/2027 asks nothing of the plan: nothing needed, 0 deployed, and its {QUIET[2]} officers "
            "on duty spare.")
    assert line.group(3) == said
    assert not re.search(r"^22/01/2027", text, re.MULTILINE)  # not told again on a line of its own
    ok("export", quiet_plan, "-o", tmp_path / "plan.pdf")
    pdf = pdf_words(tmp_path / "plan.pdf")
    assert "".join(f"Shifts that ask nothing: {said}".split()) in pdf
    assert "".join("22/01/2027 1 quiet 10 0 0 10 0 Nothing needed".split()) in pdf  # its row of the shift table
    assessed = ok("assess", quiet_plan)
    assert "1 shift with officers recorded needs nothing, 22/01/2027 early (10 available)" in assessed
    demand = json.loads(ok("assess", quiet_plan, "--json"))["demand"]
    (row,) = [d for d in demand if (d["date"], d["shift"]) == QUIET[:2]]
    assert row["officers_required"] == 0 and row["officers_available"] == QUIET[2]


def test_asking_for_the_quiet_shift_alone_gives_its_account(quiet_plan):
    (only,) = json.loads(ok("deploy", quiet_plan, "--json", "--shift", "22/01/2027:early"))["shifts"]
    assert only["spare"] == only["on_duty"] == QUIET[2] and only["needed"] == 0
