"""Synthetic force plans for the national view's tests and benchmark.

Forty-three forces of realistic, uneven sizes that together make a national
election (about 650 constituencies and 40,000 polling stations at full scale).
Each force has offered briefings to a different share of its candidates and
some have let their review lapse, so a roll-up has something to find.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import update

from electionplan.db import models as m
from electionplan.db.opening import open_store
from electionplan.domain.plancodec import decode_snapshot
from electionplan.services.synthetic import synthetic_snapshot_data, write_synthetic_plan

FORCES = 43
POLLING_DAY = dt.date(2029, 5, 3)


@dataclass(frozen=True)
class SyntheticForce:
    path: Path
    force: str
    candidates: int
    briefings_offered: int
    next_review: dt.date


def force_share(index: int) -> int:
    """Constituencies in force index: uneven, from 2 to 29, totalling 653 at full scale."""
    return 2 + (index * 17) % 28


def write_force_plan(folder: Path, index: int, *, scale: float = 1.0, as_at: dt.date) -> SyntheticForce:
    seats = max(1, round(force_share(index) * scale))
    snapshot = synthetic_snapshot_data(constituencies=seats, stations=seats * 62, candidates=seats * 7,
                                  events=seats * 8, seed=index + 1, polling_day=POLLING_DAY)
    force = f"Synthetic Force {index + 1:02d}"
    snapshot["election"]["force"] = force
    briefed = 0
    for n, candidate in enumerate(snapshot["candidates"]):
        if n % 10 < (index % 10):  # force index offers briefings to (index % 10) in ten
            candidate["briefing_offered"] = (POLLING_DAY - dt.timedelta(days=30)).isoformat()
            briefed += 1
    path = folder / f"force_{index + 1:02d}.eplan"
    write_synthetic_plan(decode_snapshot(snapshot), path)
    # Every fifth force let its review lapse a fortnight before as_at.
    next_review = as_at - dt.timedelta(days=14) if index % 5 == 0 else as_at + dt.timedelta(days=3)
    with open_store(path) as plan, plan.session() as session:
        session.execute(update(m.Plan).values(next_review_date=next_review))
    return SyntheticForce(path, force, len(snapshot["candidates"]), briefed, next_review)


def write_force_plans(folder: Path, *, scale: float = 1.0, as_at: dt.date, count: int = FORCES) -> list[SyntheticForce]:
    return [write_force_plan(folder, index, scale=scale, as_at=as_at) for index in range(count)]
