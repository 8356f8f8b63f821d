"""Plans for the at-scale PDF's tests: a ruleset's rows_in_full set, and a small plan short of officers."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ok

DEFAULT = Path(__file__).parents[2] / "resources" / "rulesets" / "national-default.toml"

def with_rows_in_full(plan: Path, rows: int, folder: Path) -> None:
    ruleset = folder / f"rows-{rows}.toml"
    ruleset.write_text(DEFAULT.read_text(encoding="utf-8") + f"\n[report]\nrows_in_full = {rows}\n", encoding="utf-8")
    ok("ruleset", plan, "--set", ruleset)


def short_handed(plan: Path) -> None:
    """Six constituencies and 300 stations, with too few officers on each shift to cover them all."""
    from electionplan.domain.plancodec import decode_snapshot
    from electionplan.services.synthetic import synthetic_snapshot_data, write_synthetic_plan

    data = synthetic_snapshot_data(constituencies=6, stations=300, candidates=40, events=60, seed=5)
    for row in data["capacity"]:
        row["officers"] = 30 if row["officers"] > 400 else 12
    write_synthetic_plan(decode_snapshot(data), plan)
