"""The national roll-up's facts: per force plan, and for the country.

Plain typed data shared by the service that gathers it and the renderers that
print it. It holds counts and document facts only, never a restricted field.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class FlashpointLine:
    """One flashpoint on the national list: when, where, which force; never who."""

    force: str
    start: str  # ISO date and time
    place: str
    event: str
    level: str


@dataclass(frozen=True)
class ShortShift:
    force: str
    date: str  # ISO date
    shift: str
    short_by: int


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
    briefing_threshold_pct: float = 0.0
    flashpoint_list: list[FlashpointLine] = field(default_factory=list)
    short_shifts: list[ShortShift] = field(default_factory=list)

    @property
    def briefings_below_threshold(self) -> bool:
        return self.candidates > 0 and self.briefings_offered_pct < self.briefing_threshold_pct

    @property
    def need(self) -> tuple:
        """Most in need first: very high and high flashpoints, shifts short, briefings below the line, review overdue."""
        return (-self.flashpoints.get("very_high", 0), -self.flashpoints.get("high", 0), -self.shifts_short,
                not self.briefings_below_threshold, self.briefings_offered_pct, -self.days_overdue, self.force)


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
    generated_at: str = ""  # ISO date and time, Europe/London
    common_ruleset: dict[str, str] = field(default_factory=dict)  # the one most forces use

    @property
    def rulesets_differ(self) -> bool:
        return len(self.rulesets) > 1

    def differs(self, force: ForceSummary) -> bool:
        return self.rulesets_differ and force.ruleset != self.common_ruleset

    def to_dict(self) -> dict:
        return {"as_at": self.as_at, "generated_at": self.generated_at,
                "forces": [{**asdict(f), "briefings_below_threshold": f.briefings_below_threshold,
                            "ruleset_differs": self.differs(f)} for f in self.forces],
                "totals": asdict(self.totals), "rulesets": self.rulesets, "rulesets_differ": self.rulesets_differ,
                "common_ruleset": self.common_ruleset}
