"""The plan's document facts: force, reference, who prepared it, distribution and the review schedule.

These print on the cover and the document control page; a plan made in the app
sets them here rather than printing "Police force not recorded".
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLineEdit, QPlainTextEdit, QPushButton, QSpinBox, QWidget

from electionplan.domain.plandata import ElectionFacts, PlanFacts
from electionplan.gui.date_field import DateField


class DocumentFactsForm(QWidget):
    # (changes to the plan's record, changes to the election's record), only what was changed
    save_requested = Signal(dict, dict)

    def __init__(self) -> None:
        super().__init__()
        form = QFormLayout(self)
        self.force = QLineEdit()
        self.reference = QLineEdit()
        self.prepared_by = QLineEdit()
        self.distribution = QPlainTextEdit()
        self.distribution.setTabChangesFocus(True)
        self.distribution.setFixedHeight(110)
        self.interval = QSpinBox()
        self.interval.setRange(1, 90)
        self.interval.setSuffix(" days")
        self.next_review = DateField("Next review")  # the app's one rule for a typed date
        for label, widget in (("Police force", self.force), ("Plan reference", self.reference),
                              ("Prepared by", self.prepared_by), ("Distribution (one recipient a line)", self.distribution),
                              ("Review every", self.interval), ("Next review", self.next_review)):
            widget.setAccessibleName(label)
            form.addRow(label, widget)
        self.save = QPushButton("Save the document facts")
        self.save.clicked.connect(self._save)
        form.addRow("", self.save)
        self._plan: dict = {}
        self._election: dict = {}

    def set_facts(self, election: ElectionFacts, plan: PlanFacts) -> None:
        self._election = {"force": election.force}
        self._plan = {"reference": plan.reference, "prepared_by": plan.prepared_by,
                      "distribution": list(plan.distribution), "review_interval_days": plan.review_interval_days or 7,
                      "next_review_date": plan.next_review_date}
        self.force.setText(election.force)
        self.reference.setText(plan.reference)
        self.prepared_by.setText(plan.prepared_by)
        self.distribution.setPlainText("\n".join(plan.distribution))
        self.interval.setValue(self._plan["review_interval_days"])
        self.next_review.set_value(plan.next_review_date or election.polling_day)

    def _save(self) -> None:
        if not self.next_review.check():  # refused in words beside the field; nothing saved
            return
        typed_plan = {
            "reference": self.reference.text().strip(), "prepared_by": self.prepared_by.text().strip(),
            "distribution": [line.strip() for line in self.distribution.toPlainText().splitlines() if line.strip()],
            "review_interval_days": self.interval.value(),
            "next_review_date": self.next_review.value(),
        }
        plan = {key: value for key, value in typed_plan.items() if value != self._plan.get(key)}
        election = {"force": self.force.text().strip()} if self.force.text().strip() != self._election.get("force") else {}
        if plan or election:
            self.save_requested.emit(plan, election)
