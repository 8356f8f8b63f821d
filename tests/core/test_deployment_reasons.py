"""A short shift's accepted risk says where its officers went first, naming only what that shift asked for: a
hustings week's evening has no count, so its reason does not send officers to one."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ok

COUNT_KINDS = {"count", "declaration"}
COUNT_WORDS = "the count and the declaration"


@pytest.mark.presentation
def test_a_short_shift_without_a_count_does_not_say_its_officers_went_to_the_count(sample_plan_path):
    shifts = json.loads(ok("deploy", sample_plan_path, "--json"))["shifts"]
    reasons = []
    for shift in shifts:
        asked = {a["kind"] for a in shift["assignments"]} | {u["kind"] for u in shift["unmet"]}
        for short in shift["unmet"]:
            if "went first to" in short["reason"]:
                reasons.append((shift["date"], shift["shift"], short["reason"]))
                assert (COUNT_WORDS in short["reason"]) == bool(asked & COUNT_KINDS), short["reason"]
    # The sample's 15/01/2027 evening: a very high hustings is staffed, a protest's PSU cannot be.
    (hustings_week,) = [r for d, s, r in reasons if (d, s) == ("2027-01-15", "late")]
    assert hustings_week.endswith("they went first to very high flashpoints, in whole units.")
    text = ok("deploy", sample_plan_path, "--shift", "2027-01-15:late")
    assert "went first to very high flashpoints" in text and COUNT_WORDS not in text.split("Priorities")[1].split("\n", 1)[1]


@pytest.mark.presentation
def test_the_count_night_still_names_the_count_first(sample_plan_path):
    # With the count on, the shift is cut to too few for its count and more: the count is still named.
    out = json.loads(ok("deploy", sample_plan_path, "--json", "--shift", "2027-01-21:night", "--capacity-scale", "0.3"))
    (night,) = out["shifts"]
    assert night["on_duty"] < night["needed"]
    reasons = {u["reason"] for u in night["unmet"]}
    assert reasons and all(COUNT_WORDS in r or "fewer than" in r for r in reasons), reasons
