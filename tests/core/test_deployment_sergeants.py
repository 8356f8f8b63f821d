"""The sergeants a shift records: where a ruleset sets a supervision ratio, no more than those supervise, and the
account says when the shift needs more than it records; without a ratio, or where none are recorded, the
deployment is as it was."""

from __future__ import annotations

import itertools
import json
import random

import pytest
from sqlalchemy import text

from electionplan.risk.deploy_solver import solve_shift, supervisors
from tests.conftest import call, ok, pdf_words, plan_sql
from tests.core.sent_lists import one_line, plan_rows, query
from tests.core.shifts import CURVE, supervised_shift, tier_values, with_ratio


def brute_force(items, capacity, order, ratio, sergeants) -> tuple[float, ...]:
    """The best tier values over every allocation of whole units whose officers, and whose sergeants within those
    recorded, fit the shift."""
    choices = [[u * i.unit for u in range(i.units + 1)] for i in items]
    return max(tier_values(items, officers, order) for officers in itertools.product(*choices)
               if sum(officers) + supervisors(items, officers, ratio) <= capacity
               and supervisors(items, officers, ratio) <= sergeants)


def ranked_shift(seed: int):
    items, capacity, order, ratio = supervised_shift(seed)
    return items, capacity, order, ratio, random.Random(seed * 7 + 1).randint(0, max(capacity, 0) // 2)


@pytest.mark.parametrize("seed", range(60))
def test_no_more_sergeants_supervise_than_the_shift_records_as_a_search_of_every_allocation_finds(seed):
    items, capacity, order, ratio, sergeants = ranked_shift(seed)
    solved = solve_shift(items, capacity, CURVE, order, ratio, sergeants)
    assert solved.supervisors == supervisors(items, solved.officers, ratio) <= sergeants
    assert sum(solved.officers) + solved.supervisors <= capacity
    assert all(o % i.unit == 0 and 0 <= o <= i.need for i, o in zip(items, solved.officers, strict=True))
    assert tier_values(items, solved.officers, order) == pytest.approx(
        brute_force(items, capacity, order, ratio, sergeants), abs=1e-5)


def test_the_recorded_sergeants_limit_the_best_allocation_in_many_shifts():
    limited = sum(brute_force(*ranked_shift(seed)) != brute_force(*ranked_shift(seed)[:4], 10**6) for seed in range(60))
    assert limited > 5  # the brute force above meets shifts the recorded sergeants change


@pytest.mark.parametrize("seed", range(10))
def test_without_a_ratio_recorded_sergeants_change_nothing(seed):
    items, capacity, order, _, _ = ranked_shift(seed)
    assert solve_shift(items, capacity, CURVE, order, 0, 0) == solve_shift(items, capacity, CURVE, order)


def _busiest_shift(plan) -> dict:
    shifts = json.loads(ok("deploy", plan, "--json"))["shifts"]
    return max(shifts, key=lambda s: (s["needed"], s["date"], s["shift"]))


def _record_sergeants(plan, tmp_path, shift: dict, sergeants: int | str) -> None:
    path = tmp_path / "capacity.csv"
    path.write_text(f"Date,Shift,Officers,Sgts\n{shift['date']},{shift['shift']},{shift['capacity']},{sergeants}\n")
    ok("import", plan, "capacity", path)


@pytest.mark.presentation
def test_too_few_recorded_sergeants_are_said_alike_on_every_surface(sample_plan_path, tmp_path):
    unsupervised = _busiest_shift(sample_plan_path)
    force = tmp_path / "force.toml"
    force.write_text(with_ratio(1), encoding="utf-8")
    ok("ruleset", sample_plan_path, "--set", force)
    busiest = _busiest_shift(sample_plan_path)
    assert busiest["supervisors"] > 1 and "sergeants_on_duty" not in busiest
    _record_sergeants(sample_plan_path, tmp_path, busiest, 1)
    data = json.loads(ok("deploy", sample_plan_path, "--json"))
    shift = next(s for s in data["shifts"] if (s["date"], s["shift"]) == (busiest["date"], busiest["shift"]))
    assert shift["sergeants_on_duty"] == 1 and shift["supervisors"] <= 1
    assert shift["allocated"] + shift["spare"] == shift["on_duty"]
    # At one to one, each officer outside a PSU brings a sergeant: the demand grows by the sergeants needed.
    sentence = f"The shift needs {busiest['needed'] - unsupervised['needed']} sergeants to supervise at 1:1; 1 recorded."
    assert sentence in shift["summary"]
    assert any(u["reason"].startswith(sentence) for u in shift["unmet"])
    assert all("sergeants_on_duty" not in s for s in data["shifts"] if s is not shift)
    assert sentence in ok("deploy", sample_plan_path)
    ok("export", sample_plan_path, "-o", tmp_path / "plan.pdf")
    assert "".join(sentence.split()) in pdf_words(tmp_path / "plan.pdf")
    # Enough recorded: the deployment is the one with none recorded, but for the sergeants it names.
    _record_sergeants(sample_plan_path, tmp_path, busiest, busiest["capacity"])
    enough = next(s for s in json.loads(ok("deploy", sample_plan_path, "--json"))["shifts"]
                  if (s["date"], s["shift"]) == (busiest["date"], busiest["shift"]))
    assert enough.pop("sergeants_on_duty") == busiest["capacity"]
    assert {k: v for k, v in enough.items() if k != "summary"} == {k: v for k, v in busiest.items() if k != "summary"}


def test_edit_sets_a_shifts_sergeants_never_more_than_its_officers(sample_plan_path):
    with plan_sql(sample_plan_path) as sql:
        capacity_id, officers = sql.execute("SELECT id, officers FROM officer_capacity ORDER BY id").fetchone()
    code, _, err = call("edit", sample_plan_path, "officer_capacity", capacity_id, "--set", f"sergeants={officers + 1}")
    assert code == 1 and one_line(err)
    assert f"Sergeants ({officers + 1}) cannot be more than the shift's officers ({officers})" in err
    ok("edit", sample_plan_path, "officer_capacity", capacity_id, "--set", f"sergeants={officers}")
    ok("edit", sample_plan_path, "officer_capacity", capacity_id, "--set", "sergeants=")  # not recorded again
    with plan_sql(sample_plan_path) as sql:
        assert sql.execute("SELECT sergeants FROM officer_capacity WHERE id = ?", (capacity_id,)).fetchone() == (None,)


def test_an_issued_revision_keeps_its_hash_and_text_when_sergeants_are_recorded(sample_plan_path, tmp_path):
    ok("--as", "Insp A Example", "revise", sample_plan_path, "-m", "Issued before sergeants were recorded")
    issued = json.loads(ok("revisions", sample_plan_path, "--json"))
    number = issued[0]["number"]
    ok("export", sample_plan_path, "--revision", number, "-o", tmp_path / "before.pdf")
    with plan_sql(sample_plan_path) as sql:
        capacity_id, officers = sql.execute("SELECT id, officers FROM officer_capacity ORDER BY id").fetchone()
    ok("edit", sample_plan_path, "officer_capacity", capacity_id, "--set", f"sergeants={officers}")
    assert json.loads(ok("revisions", sample_plan_path, "--json")) == issued
    ok("export", sample_plan_path, "--revision", number, "-o", tmp_path / "after.pdf")
    assert pdf_words(tmp_path / "after.pdf") == pdf_words(tmp_path / "before.pdf")


def test_the_capacity_import_refuses_sergeants_beyond_officers_by_row_and_column(real_plan, cli, tmp_path):
    path = tmp_path / "capacity.csv"
    path.write_text("Date,Shift,Officers,Sergeants\n02/05/2029,Early,40,6\n03/05/2029,Late,12,13\n"
                    "03/05/2029,Night,12,few\n")
    before = plan_rows(real_plan.location)
    result = cli("import", real_plan.location, "capacity", path)
    assert result.returncode == 1 and one_line(result.stderr)
    assert "row 3, column Sergeants: '13' sergeants are more than the row's 12 officers" in result.stdout
    assert "row 4, column Sergeants: 'few' is not a number of sergeants" in result.stdout
    assert "row 2" not in result.stdout
    assert plan_rows(real_plan.location) == before
    path.write_text("Date,Shift,Officers,Sergeants\n02/05/2029,Early,40,6\n03/05/2029,Late,12,\n")
    assert cli("import", real_plan.location, "capacity", path).returncode == 0
    path.write_text("Date,Shift,Officers\n02/05/2029,Early,5\n")  # no column: the recorded sergeants stay
    result = cli("import", real_plan.location, "capacity", path)
    assert result.returncode == 1 and one_line(result.stderr)
    assert "row 2, column Officers: '5' officers are fewer than the 6 sergeants the plan records" in result.stdout
    path.write_text("Date,Shift,Officers\n02/05/2029,Early,41\n")
    assert cli("import", real_plan.location, "capacity", path).returncode == 0
    rows = query(real_plan.location, text("SELECT day, shift, officers, sergeants FROM officer_capacity "
                                          "ORDER BY day, shift"))
    assert [(str(d), s, n, g) for d, s, n, g in rows] == [("2029-05-02", "early", 41, 6),
                                                          ("2029-05-03", "late", 12, None)]


@pytest.mark.presentation
def test_officers_held_back_by_the_recorded_sergeants_alone_are_said_so_not_called_short(sample_plan_path, tmp_path):
    """Forty officers and two sergeants at one to one: patrols stay unstaffed because the sergeants ran out, so
    no reason may say no officer was spare, and the account says how many sergeants are left."""
    force = tmp_path / "force.toml"
    force.write_text(with_ratio(1), encoding="utf-8")
    ok("ruleset", sample_plan_path, "--set", force)
    # Polling day's early shift: its polling-station patrols are supervised, and the plan recommends few of them.
    day = json.loads(ok("info", sample_plan_path, "--json"))["election"]["polling_day"]
    _record_sergeants(sample_plan_path, tmp_path, {"date": day, "shift": "early", "capacity": 40}, 2)
    shift = next(s for s in json.loads(ok("deploy", sample_plan_path, "--json"))["shifts"]
                 if (s["date"], s["shift"]) == (day, "early"))
    assert shift["spare"] > 0 and shift["sergeants_on_duty"] == 2
    reasons = [u["reason"] for u in (*shift["unmet"], *shift.get("unvisited", []))]
    assert reasons and not any("no officer was spare" in r for r in reasons)
    assert any("too few of the shift's recorded sergeants were left" in r for r in reasons)
    left = 2 - shift["supervisors"]
    assert f"of the 2 recorded sergeants, {left} {'is' if left == 1 else 'are'} left to supervise them" in shift["summary"]
    assert shift["summary"] in " ".join(ok("deploy", sample_plan_path).split())
