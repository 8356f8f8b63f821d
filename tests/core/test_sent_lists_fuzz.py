"""The events, threats and capacity imports under the same fuzzing as every other importer.

Each mutated list either imports or is refused with a domain error that
changes nothing; none hangs, and none escapes as an unexpected error.
"""

from __future__ import annotations

import shutil
from collections import Counter

import pytest
from hypothesis import given

from electionplan.db.planfile import open_plan_file
from electionplan.services.imports import ImportRequest, run_import
from tests.core.fuzzing import FUZZ, import_either_way, mutate, mutation

LISTS = {
    "events": ("Event Name,Type,Date,Start Time,End Time,Venue,Postcode,Expected Attendance,Outdoor,Candidates\n"
               "Rotary hustings,Hustings,08/01/2027,19:00,21:00,Wyvernbridge Town Hall,AW1 1TH,150,no,"
               "Margaret Ellery-Stone; Daniel Okafor\n"
               "Library question time,hustings,2027-01-09,18:00,19:30,Ashcombe Library,AW4 3CC,60,no,\n"
               "Market rally,demonstration,10/01/2027,12:00,14:00,Market Square (open air),AW1 1TH,400,yes,\n"),
    "threats": ("Candidate,Severity,Reported,Summary,Event,From,To\n"
                "Daniel Okafor,high,01/12/2026,Abusive calls to the office,,,\n"
                ",critical,2026-12-02,Posts urging a crowd to the rally,Chamber of Commerce hustings,05/01/2027,05/01/2027\n"),
    "capacity": "Date,Shift,Officers\n20/01/2027,early,40\n21/01/2027,late,55\n21/01/2027,night,20\n",
}


@pytest.fixture(scope="module")
def fuzz_sample(sample_plan_template, tmp_path_factory):
    path = tmp_path_factory.mktemp("sent-fuzz") / "sample.eplan"
    shutil.copyfile(sample_plan_template, path)
    with open_plan_file(path) as plan:
        yield plan, path.parent


@pytest.mark.parametrize("kind", list(LISTS))
def test_mutated_sent_lists_import_or_change_nothing(fuzz_sample, kind):
    plan, folder = fuzz_sample
    outcomes: Counter = Counter()  # this list's own, so no other test's imports can satisfy the check below

    @FUZZ
    @given(how=mutation)
    def run(how) -> None:
        path = folder / f"{kind}.csv"
        path.write_bytes(mutate(LISTS[kind].encode("utf-8"), how))
        import_either_way(plan, lambda: run_import(plan, ImportRequest(kind, (path,))), outcomes)

    run()
    assert outcomes["imported"] and outcomes["refused"], outcomes
