"""Overview: the election's key dates and what the plan holds."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from electionplan.db.planfile import PlanFile
from electionplan.services.plans import plan_info
from electionplan.timefmt import fmt_date, parse_date

COUNT_LABELS = {
    "constituencies": "Constituencies",
    "polling_stations": "Polling stations",
    "venues": "Venues",
    "events": "Events",
    "candidates": "Candidates",
    "threat_reports": "Threat reports",
    "incidents": "Incidents",
    "revisions": "Revisions issued",
}


def card(value: str, label: str) -> QFrame:
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(14, 10, 14, 10)
    value_label = QLabel(value)
    value_label.setObjectName("cardValue")
    text_label = QLabel(label)
    text_label.setObjectName("cardLabel")
    layout.addWidget(value_label)
    layout.addWidget(text_label)
    frame.value_label = value_label
    return frame


class OverviewView(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.info: dict | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        self.title = QLabel("No plan open")
        self.title.setObjectName("pageTitle")
        self.subtitle = QLabel("Open a plan with File ▸ Open, or start from the sample.")
        self.subtitle.setObjectName("pageSubtitle")
        self.banner = QLabel("")
        self.banner.setObjectName("banner")
        self.banner.hide()
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.banner)
        dates_title = QLabel("Key dates")
        dates_title.setObjectName("sectionTitle")
        layout.addWidget(dates_title)
        self.dates_grid = QGridLayout()
        self.date_cards = {}
        for column, (key, label) in enumerate(
            [("notice_date", "Notice of election"), ("polling_day", "Polling day"), ("count_date", "Count")]
        ):
            self.date_cards[key] = card("–", label)
            self.dates_grid.addWidget(self.date_cards[key], 0, column)
        layout.addLayout(self.dates_grid)
        counts_title = QLabel("What the plan holds")
        counts_title.setObjectName("sectionTitle")
        layout.addWidget(counts_title)
        self.counts_grid = QGridLayout()
        self.count_cards = {}
        for index, (key, label) in enumerate(COUNT_LABELS.items()):
            self.count_cards[key] = card("–", label)
            self.counts_grid.addWidget(self.count_cards[key], index // 4, index % 4)
        layout.addLayout(self.counts_grid)
        layout.addStretch(1)

    def load(self, plan: PlanFile) -> None:
        self.info = info = plan_info(plan)
        election = info["election"]
        self.title.setText(election["name"])
        self.subtitle.setText(
            f"{election['force']} · plan {info['plan']['reference']} · "
            f"{info['plan']['revision'] and 'revision ' + info['plan']['revision'] or 'draft, no revision issued'}"
        )
        for key, widget in self.date_cards.items():
            widget.value_label.setText(fmt_date(parse_date(election[key])) if election[key] else "not set")
        for key, widget in self.count_cards.items():
            widget.value_label.setText(f"{info['counts'][key]:,}")
        review = info["review"]
        if review["overdue"]:
            self.banner.setText(
                f"Plan review overdue: it was due {fmt_date(parse_date(review['next_review_date']))}, "
                f"{review['days_overdue']} day(s) ago."
            )
            self.banner.show()
        else:
            self.banner.hide()
