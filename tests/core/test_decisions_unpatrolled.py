"""A force plan's "Needs a decision" says how many patrols go without officers, and how many of those the plan
recommends (red and amber stations) and how many it does not (green ones, out only when officers are spare), in
figures that agree with `deploy --json`."""

from __future__ import annotations

import json
import re

from tests.conftest import ok, pdf_pages


def _short_force_plan(tmp_path):
    from electionplan.services.synthetic import synthetic_snapshot, write_synthetic_plan

    plan = tmp_path / "force.eplan"
    write_synthetic_plan(synthetic_snapshot(constituencies=3, stations=240, candidates=20, events=30, seed=2), plan)
    duty = tmp_path / "duty.csv"  # polling day cut to too few for its red and amber patrols
    duty.write_text("date,shift,officers\n2029-05-03,early,80\n2029-05-03,late,80\n", encoding="utf-8")
    ok("import", plan, "capacity", duty)
    return plan


def test_needs_a_decision_tells_recommended_patrols_left_from_green_ones(tmp_path):
    plan = _short_force_plan(tmp_path)
    shifts = json.loads(ok("deploy", plan, "--json"))["shifts"]
    asked = {(s["date"], u["item"]) for s in shifts for u in s["unmet"] if u["kind"] == "patrol"}
    spare_only = {(s["date"], u["item"]) for s in shifts for u in s["unvisited"] if u["kind"] == "patrol"}
    assert asked and spare_only  # the plan leaves both kinds, so the sentence has both to count
    target = tmp_path / "force.pdf"
    ok("export", plan, "-o", target)
    pages = pdf_pages(target)
    page = " ".join(next(p for p in pages if "Polling stations no patrol reaches" in p).split())
    found = re.search(r"Patrols without officers on a shift: ([\d,]+), of which ([\d,]+) the plan recommends "
                      r"\(red or amber stations\) and ([\d,]+) it does not \(green stations, patrolled only when "
                      r"officers are spare\)\. [\d,]+ polling stations are left unpatrolled in 3 constituencies\.", page)
    assert found, page
    total, recommended, green = (int(n.replace(",", "")) for n in found.groups())
    assert (total, recommended, green) == (len(asked | spare_only), len(asked), len(spare_only))
    assert "on a shift they are needed" not in page
    # Every station lies in a constituency: the patrol plan points to the chapters, with no heading over nothing.
    text = " ".join(" ".join(pages).split())
    assert "Polling-day patrol plan Each constituency's patrols are in its chapter" in text
    assert "Polling stations in no constituency" not in text and "these lie in no constituency" not in text
    assert "No patrols are deployed to polling stations here" not in text
    assert ("Accepted risks and stations not patrolled To be accepted on approval: approving the plan accepts the risks "
            "below. Each constituency's items are listed in its chapter, under its deployment. Polling-day") in text
