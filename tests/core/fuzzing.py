"""Property-based fuzzing of imports: the mutations of a real file, and the check that an import either
succeeds or is refused with a domain error that changes nothing."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from electionplan.db import models as m
from electionplan.domain.errors import ElectionPlanError
from electionplan.services.plans import plan_info

FUZZ = settings(max_examples=30, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
HOSTILE_CELLS = ["=cmd|' /C calc'!A0", "+SUM(A1:A9)", "-2+3", "@HYPERLINK(\"http://x\")", "\x00\x01", "Ŵ" * 30_000,
                 "'; DROP TABLE polling_station; --", "9" * 400, "NaN", "-1e309"]


def state(plan) -> tuple:
    with plan.session() as session:
        postcodes = session.scalar(select(func.count()).select_from(m.Postcode))
    return tuple(plan_info(plan)["counts"].values()) + (postcodes,)


# The tally of test_fuzz_imports, whose last test checks both outcomes were met.
OUTCOMES: Counter = Counter()


def import_either_way(plan, run, outcomes: Counter = OUTCOMES) -> None:
    """Run one import; count whether it imported or was refused, and a refusal must change nothing."""
    before = state(plan)
    try:
        run()
        outcomes["imported"] += 1
    except ElectionPlanError:
        outcomes["refused"] += 1
        assert state(plan) == before, "a refused import changed the plan"


mutation = st.one_of(
    st.tuples(st.just("truncate"), st.floats(0, 1)),
    st.tuples(st.just("noise"), st.binary(min_size=1, max_size=200), st.floats(0, 1)),
    st.tuples(st.just("flip"), st.lists(st.integers(0, 10_000), min_size=1, max_size=20)),
    st.tuples(st.just("encode"), st.sampled_from(["utf-16", "utf-16-le", "cp1252", "utf-8-sig", "latin-1"])),
    st.tuples(st.just("cell"), st.sampled_from(HOSTILE_CELLS), st.integers(0, 500)),
    st.tuples(st.just("outside_uk"), st.integers(0, 500)),
    st.tuples(st.just("tabs"),),
)


def mutate(data: bytes, how) -> bytes:
    kind = how[0]
    if kind == "truncate":
        return data[: int(len(data) * how[1])]
    if kind == "noise":
        at = int(len(data) * how[2])
        return data[:at] + how[1] + data[at:]
    if kind == "flip":
        out = bytearray(data)
        for position in how[1]:
            if out:
                out[position % len(out)] ^= 0x5A
        return bytes(out)
    text = data.decode("utf-8", errors="replace")
    if kind == "encode":
        return text.encode(how[1], errors="replace")
    lines = text.splitlines()
    if kind == "tabs":
        return "\n".join(line.replace(",", "\t") for line in lines).encode()
    if len(lines) < 2:
        return data
    row = 1 + how[-1] % (len(lines) - 1)
    cells = lines[row].split(",")
    if kind == "cell":
        cells[how[2] % len(cells)] = how[1]
    elif kind == "outside_uk":
        cells = ["9999999" if c.replace(".", "").isdigit() else ("80.5" if c.startswith("53.") else c) for c in cells]
    lines[row] = ",".join(cells)
    return "\n".join(lines).encode("utf-8")
