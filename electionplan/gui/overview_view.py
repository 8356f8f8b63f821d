"""Overview: key dates, what the plan holds, flashpoints by level and officer demand."""

from __future__ import annotations

from collections import Counter

from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from electionplan.domain.display import RISK_PALETTE, plural
from electionplan.domain.plandata import PlanSnapshot, count_day
from electionplan.domain.timefmt import fmt_date
from electionplan.gui.charts import DemandChart
from electionplan.gui.rows import demand_by_day
from electionplan.risk.results import LEVEL_LABELS, Assessment

COUNT_LABELS = {
    "constituencies": "Constituencies",
    "stations": "Polling stations",
    "venues": "Venues",
    "events": "Events",
    "candidates": "Candidates",
    "threat_reports": "Threat reports",
    "incidents": "Incidents",
}


class Card(QFrame):
    """A figure with its label beneath; the figure changes as the plan does."""

    def __init__(self, value: str, label: str):
        super().__init__()
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        self.value_label = QLabel(value)
        self.value_label.setObjectName("cardValue")
        text_label = QLabel(label)
        text_label.setObjectName("cardLabel")
        layout.addWidget(self.value_label)
        layout.addWidget(text_label)


def section(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    return label


class OverviewView(QWidget):
    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 16)
        layout.setSpacing(8)
        self.title = QLabel("No plan open")
        self.title.setObjectName("pageTitle")
        self.subtitle = QLabel("Open a plan with File ▸ Open, start one with File ▸ New, or use the by-election quick setup.")
        self.subtitle.setObjectName("pageSubtitle")
        self.subtitle.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(section("Key dates"))
        dates = QGridLayout()
        self.date_cards: dict[str, Card] = {}
        for column, (key, label) in enumerate([("notice_date", "Notice of election"), ("polling_day", "Polling day"),
                                               ("count_date", "Count"), ("next_review", "Next plan review")]):
            self.date_cards[key] = Card("–", label)
            dates.addWidget(self.date_cards[key], 0, column)
        layout.addLayout(dates)
        layout.addWidget(section("What the plan holds"))
        counts = QGridLayout()
        self.count_cards: dict[str, Card] = {}
        for index, (key, label) in enumerate(COUNT_LABELS.items()):
            self.count_cards[key] = Card("–", label)
            counts.addWidget(self.count_cards[key], 0, index)
        layout.addLayout(counts)
        layout.addWidget(section("Flashpoints by level"))
        chips = QHBoxLayout()
        self.level_chips = {}
        for level in ("very_high", "high", "medium", "low"):
            chip = QLabel(f"{LEVEL_LABELS[level]}: –")
            background, foreground = RISK_PALETTE[level]
            chip.setStyleSheet(f"background:{background}; color:{foreground}; border-radius: 10px; padding: 5px 14px; font-weight:600;")
            chips.addWidget(chip)
            self.level_chips[level] = chip
        chips.addStretch(1)
        self.shortfall_label = QLabel("")
        self.shortfall_label.setObjectName("pageSubtitle")
        chips.addWidget(self.shortfall_label)
        layout.addLayout(chips)
        layout.addWidget(section("Officer demand against capacity, per day"))
        self.chart = DemandChart()
        layout.addWidget(self.chart, 1)

    def load_data(self, snapshot: PlanSnapshot, assessment: Assessment, revision: str) -> None:
        election, plan = snapshot.election, snapshot.plan
        self.title.setText(election.name)
        state = f"revision {revision}" if revision else "draft, no revision issued"
        self.subtitle.setText(f"{election.force} · plan {plan.reference} · {state} · assessed as at "
                              f"{fmt_date(assessment.as_at)} · ruleset {assessment.ruleset['version']}")
        self.subtitle.setToolTip(f"{assessment.ruleset['name']}, version {assessment.ruleset['version']}")
        key_days = {"notice_date": election.notice_date, "polling_day": election.polling_day,
                    "count_date": count_day(snapshot.events, election.count_date)}
        for key, day in key_days.items():
            self.date_cards[key].value_label.setText(fmt_date(day) or "Not set")
        self.date_cards["next_review"].value_label.setText(fmt_date(plan.next_review_date) or "Not set")
        for key, widget in self.count_cards.items():
            widget.value_label.setText(f"{len(getattr(snapshot, key)):,}")
        levels = Counter(e.level for e in assessment.flashpoints)
        for level, chip in self.level_chips.items():
            chip.setText(f"{LEVEL_LABELS[level]}: {levels.get(level, 0)}")
        days = demand_by_day(assessment)
        self.chart.set_days(days)
        short = [d for d in days if d.shortfall]
        self.shortfall_label.setText(
            f"{plural(len(short), 'day')} with a shift short of officers" if short else "Officer demand is within capacity every day")
        self.shortfall_label.setStyleSheet("color:#b71c1c; font-weight:600;" if short else "")
