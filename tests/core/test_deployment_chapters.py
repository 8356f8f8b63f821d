"""A force plan's PDF: each constituency chapter carries its own deployment; the force-wide section its shifts."""

from __future__ import annotations

import json
import re

import pytest

from electionplan.services.synthetic import synthetic_snapshot, write_synthetic_plan
from tests.conftest import ok, pdf_words


@pytest.mark.slow
def test_each_constituency_chapter_carries_its_own_patrols_and_the_force_section_its_shifts(tmp_path):
    plan = tmp_path / "force.eplan"
    write_synthetic_plan(synthetic_snapshot(constituencies=3, stations=120, candidates=15, events=60, seed=2), plan)
    ok("export", plan, "-o", tmp_path / "force.pdf")
    text = pdf_words(tmp_path / "force.pdf")
    shifts = json.loads(ok("deploy", plan, "--json"))["shifts"]
    polling = next(s for s in shifts if s["patrols"])
    seats = sorted({p["call_sign"].split("-")[0] for p in polling["patrols"]})
    assert len(seats) == 3
    chapters = [m.start() for m in re.finditer(r"DeploymentinSyntheticSeat\d", text)]
    force_wide = text.index("Deploymentbyshift")
    assert len(chapters) == 3 and chapters == sorted(chapters) and chapters[-1] < force_wide
    chapter_of: dict[str, set[int]] = {}
    for patrol in polling["patrols"]:
        sign = patrol["call_sign"]
        at = text.index(f"{sign}·")
        n = sum(start < at for start in chapters)  # the chapter it is printed in
        assert n and at < force_wide and text.count(f"{sign}·") == 1
        chapter_of.setdefault(sign.split("-")[0], set()).add(n)
    # A constituency's patrols (one call-sign prefix) are all in one chapter, each in its own.
    assert sorted(n for found in chapter_of.values() for n in found) == [1, 2, 3]
    # The force-wide section keeps the shift table and every shift's account.
    assert "Eachshift'saccount" in text[force_wide:] and polling["summary"].replace(" ", "") in text[force_wide:]
