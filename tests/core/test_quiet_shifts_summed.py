"""Shifts that ask nothing of the plan are summed up, not told one by one: the command line and the PDF list the
shifts that need officers as before, then the quiet ones as a count, their days and their officers, all spare, and
every shift's figures still add up. The JSON keeps every shift."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess

import pytest

from tests.conftest import ok, pdf_words, plan_sql


def is_quiet(s: dict) -> bool:
    return not (s["needed"] or s["allocated"] or s["unmet"] or s["unvisited"]) and s["status"] == "Covered"


def day(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")


def runs_of(shifts: list[dict]) -> list[tuple[str, str, int]]:
    """Runs of consecutive days with a quiet shift: first day, last day, shifts."""
    runs: list[list] = []
    for d in sorted(dt.date.fromisoformat(s["date"]) for s in shifts):
        if runs and (d - runs[-1][1]).days <= 1:
            runs[-1][1], runs[-1][2] = d, runs[-1][2] + 1
        else:
            runs.append([d, d, 1])
    return [(f"{a:%d/%m/%Y}", f"{b:%d/%m/%Y}", n) for a, b, n in runs]


@pytest.mark.presentation
def test_the_command_line_lists_the_shifts_that_ask_and_sums_the_quiet_ones(sample_plan_path):
    shifts = json.loads(ok("deploy", sample_plan_path, "--json"))["shifts"]
    quiet, asking = [s for s in shifts if is_quiet(s)], [s for s in shifts if not is_quiet(s)]
    assert len(quiet) > 50 and asking  # the sample's campaign is mostly quiet
    text = ok("deploy", sample_plan_path)
    told = re.findall(r"^(\d\d/\d\d/\d{4})  (\w+) ", text, re.MULTILINE)
    assert told == [(day(s["date"]), s["shift"]) for s in asking]  # the shifts that ask, in order, and only they
    assert "on duty and nothing needed" not in text
    on_duty = sum(s["on_duty"] for s in quiet)
    row = re.search(r"^Quiet +([\d,]+) +([\d,]+) +0 +0 +([\d,]+) +0  Nothing needed\n    (.+)$", text, re.MULTILINE)
    assert row is not None, text
    assert [int(n.replace(",", "")) for n in row.groups()[:3]] == [len(quiet), on_duty, on_duty]
    runs = runs_of(quiet)
    assert 1 < len(runs) <= 4  # polling day asks for every shift; the morning after is quiet again
    said = row.group(4)
    assert said.startswith(f"{len(quiet):,} shifts, ") and f"all {on_duty:,} officers on duty" in said
    for first, last, n in runs:
        assert (f"from {first} to {last} ({n:,} shifts)" if first != last else f"on {first} ({n:,} shift") in said
    # Every shift's figures add up, and so do the totals printed.
    assert all(s["allocated"] + s["spare"] == s["on_duty"] for s in shifts)
    total = (f"All {len(shifts):,} shifts: {sum(s['on_duty'] for s in shifts):,} on duty, "
             f"{sum(s['allocated'] for s in shifts):,} deployed, {sum(s['spare'] for s in shifts):,} spare.")
    assert total in text
    assert len(text.splitlines()) < len(asking) * 8 + 10  # not a line or two for each quiet shift


@pytest.mark.presentation
def test_the_pdf_sums_the_quiet_shifts_in_one_row_and_one_sentence(sample_plan_path, tmp_path):
    shifts = json.loads(ok("deploy", sample_plan_path, "--json"))["shifts"]
    quiet = [s for s in shifts if is_quiet(s)]
    on_duty = sum(s["on_duty"] for s in quiet)
    ok("export", sample_plan_path, "-o", tmp_path / "plan.pdf")
    words = pdf_words(tmp_path / "plan.pdf")
    first, last = day(min(s["date"] for s in quiet)), day(max(s["date"] for s in quiet))
    assert f"{first}–{last}{len(quiet)}quiet{on_duty}00{on_duty}0Nothingneeded" in words  # its row of the table
    assert "Shiftsthatasknothing:" + "".join(f"{len(quiet):,} shifts,".split()) in words
    assert "onduty and nothing needed".replace(" ", "") not in words
    for s in shifts:  # each shift that asks keeps its own account; no quiet one has one
        account = "".join(f"{day(s['date'])} {s['shift'].capitalize()}: {s['status']}.".split())
        assert (account in words) != is_quiet(s)
    total = (f"All {len(shifts):,} shifts: {sum(s['on_duty'] for s in shifts):,} on duty, "
             f"{sum(s['allocated'] for s in shifts):,} deployed, {sum(s['spare'] for s in shifts):,} spare.")
    assert "".join(total.split()) in words


@pytest.mark.parametrize(("days", "said"), [
    (("15/12/2026", "16/12/2026", "20/12/2026"),
     "3 shifts, from 15/12/2026 to 16/12/2026 (2 shifts) and on 20/12/2026 (1 shift), ask nothing of the plan"),
    (("14/12/2026", "16/12/2026", "18/12/2026", "20/12/2026", "22/12/2026"),
     "5 shifts between 14/12/2026 and 22/12/2026 ask nothing of the plan"),
])
@pytest.mark.presentation
def test_the_quiet_days_are_given_as_runs_or_first_to_last(sample_plan_path, tmp_path, days, said):
    with plan_sql(sample_plan_path) as sql:
        sql.execute("DELETE FROM officer_capacity")
    path = tmp_path / "duty.csv"
    path.write_text("Date,Shift,Officers\n" + "".join(f"{d},Early,7\n" for d in days), encoding="utf-8")
    ok("import", sample_plan_path, "capacity", path)
    text = ok("deploy", sample_plan_path)
    assert f"    {said}: nothing needed, 0 deployed, and all {7 * len(days)} officers on duty over them spare." in text
    if subprocess.run(["which", "pdftotext"], capture_output=True).returncode == 0:
        ok("export", sample_plan_path, "-o", tmp_path / "plan.pdf")
        layout = subprocess.run(["pdftotext", "-layout", str(tmp_path / "plan.pdf"), "-"], capture_output=True,
                                text=True, check=True).stdout
        assert " ".join(said.split()[:4]) in " ".join(layout.split())
