"""The national roll-up's facts: per force plan, and for the country.

Plain typed data shared by the service that gathers it and the renderers that
print it. It holds counts and document facts only, never a restricted field.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class ForceSummary:
    source: str
    force: str
    election: str
    plan_reference: str
    revision: str | None
    revision_status: str
    revision_date: str | None
    last_review: str | None
    next_review: str | None
    review_overdue: bool
    days_overdue: int
    returning_officer_reviews: int
    candidates: int
    briefings_offered: int
    briefings_offered_pct: float
    flashpoints: dict[str, int]
    shifts_short: int
    ruleset: dict[str, str]


@dataclass(frozen=True)
class NationalTotals:
    forces: int
    plans_without_revision: int
    reviews_overdue: int
    returning_officer_reviews: int
    candidates: int
    briefings_offered: int
    briefings_offered_pct: float
    flashpoints: dict[str, int]
    shifts_short: int


@dataclass(frozen=True)
class NationalView:
    as_at: str
    forces: list[ForceSummary]
    totals: NationalTotals
    rulesets: list[dict[str, str]] = field(default_factory=list)

    @property
    def rulesets_differ(self) -> bool:
        return len(self.rulesets) > 1

    def to_dict(self) -> dict:
        return {"as_at": self.as_at, "forces": [asdict(f) for f in self.forces], "totals": asdict(self.totals),
                "rulesets": self.rulesets, "rulesets_differ": self.rulesets_differ}
