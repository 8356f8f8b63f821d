"""A candidate's threat reports as a sub-table, with a form to add, change or remove one.

Layout only. The editor emits checked ThreatReportValues; the window writes
them as undoable record edits and hands the fresh list back with set_reports().
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from electionplan.domain.errors import ValidationError
from electionplan.domain.timefmt import fmt_date, today_london
from electionplan.domain.vocab import SEVERITIES
from electionplan.gui.date_field import DateField
from electionplan.gui.table_models import Column, RecordTableModel
from electionplan.gui.widgets import TablePage
from electionplan.services.explain import value_of
from electionplan.services.threat_reports import ThreatReportValues, checked_threat_report

# Severity shown with the risk chips' colours; "critical" takes the darkest.
SEVERITY_CHIP = {"low": "low", "medium": "medium", "high": "high", "critical": "very_high"}
CHIP_SEVERITY = {chip: severity for severity, chip in SEVERITY_CHIP.items()}


def _as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


@dataclass(frozen=True, slots=True)
class ThreatReportRow:
    """A threat report as the candidate's sub-table lists it and its form loads it."""

    id: int
    reported_on: dt.date | None
    kind: str
    severity: str | None  # the chip's level key
    severity_key: str  # the report's own severity word
    reported_to: str
    reference: str
    summary: str
    event_id: int | None
    venue_id: int | None
    valid_from: dt.date | None
    valid_to: dt.date | None

    @classmethod
    def of(cls, report: Any) -> ThreatReportRow:
        def text(key: str) -> str:
            return value_of(report, key) or ""

        severity = text("severity")
        return cls(id=value_of(report, "id"), reported_on=_as_date(value_of(report, "reported_on")), kind=text("kind"),
                   severity=SEVERITY_CHIP.get(severity), severity_key=severity, reported_to=text("reported_to"),
                   reference=text("reference"), summary=text("summary"), event_id=value_of(report, "event_id"),
                   venue_id=value_of(report, "venue_id"), valid_from=_as_date(value_of(report, "valid_from")),
                   valid_to=_as_date(value_of(report, "valid_to")))


class ThreatReportsEditor(QWidget):
    report_added = Signal(object)  # ThreatReportValues
    report_changed = Signal(int, object)  # report id, ThreatReportValues
    report_removed = Signal(int)

    def __init__(self, today: Callable[[], dt.date] = today_london, parent=None):
        super().__init__(parent)
        self._today = today
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.heading = QLabel("Threat reports")
        self.heading.setWordWrap(True)
        self.heading.setObjectName("sectionTitle")
        layout.addWidget(self.heading)
        self.table = TablePage("", "", RecordTableModel([
            Column("reported_on", "Reported", format=lambda v: fmt_date(_as_date(v)), width=100),
            Column("kind", "Kind", width=170),
            Column("severity", "Severity", "level", format=lambda v: CHIP_SEVERITY.get(v, "").capitalize(), width=100),
            Column("reported_to", "Reported to", width=180), Column("reference", "Reference", width=120),
            Column("summary", "Summary"),
        ]), "threat report", editable=False)
        self.table.page_layout.setContentsMargins(0, 0, 0, 0)
        self.table.table.setAccessibleName("Threat reports for this candidate")
        self.table.table.setMinimumHeight(140)
        # A candidate has a handful of reports, read beside the candidates table: no search, and the
        # other columns (to whom, its reference, the summary) are read in the form when one is chosen.
        self.table.search.hide()
        for key in ("reported_to", "reference", "summary"):
            self.table.table.setColumnHidden([c.key for c in self.table.model.columns].index(key), True)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._build_form())
        self.table.selection_changed.connect(self._load)
        self._editing: int | None = None

    def _build_form(self) -> QVBoxLayout:
        outer = QVBoxLayout()
        form = QFormLayout()
        self.reported_on = DateField("Reported on")  # the app's one rule for a typed date
        self.kind = QLineEdit()
        self.kind.setPlaceholderText("e.g. Online threats, Threatening letter")
        self.severity = QComboBox()
        self.severity.addItem("Choose…", "")  # no severity is assumed for a new report
        for severity in SEVERITIES:
            self.severity.addItem(severity.capitalize(), severity)
        self.reported_to = QLineEdit()
        self.reference = QLineEdit()
        self.summary = QPlainTextEdit()
        self.summary.setTabChangesFocus(True)  # Tab moves on; a tab character is never what is meant
        self.summary.setFixedHeight(64)
        # What the threat names besides the candidate: one of their events, its venue, and the dates it covers.
        self.event_choice = QComboBox()
        self.venue = QComboBox()
        self.valid_from = DateField("Threat from", optional=True, blank_text="DD/MM/YYYY, or blank")
        self.valid_to = DateField("Threat to", optional=True, blank_text="DD/MM/YYYY, or blank")
        for combo in (self.event_choice, self.venue):
            combo.currentIndexChanged.connect(lambda _n, c=combo: c.setToolTip(c.currentText()))
        for label, widget in (("Reported on", self.reported_on), ("Kind", self.kind), ("Severity", self.severity),
                              ("Reported to", self.reported_to), ("Reference", self.reference), ("Summary", self.summary),
                              ("At event", self.event_choice), ("At venue", self.venue),
                              ("Threat from", self.valid_from), ("Threat to", self.valid_to)):
            widget.setAccessibleName(label)
            form.addRow(label + ":", widget)
        outer.addLayout(form)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #b71c1c;")
        self.error.setWordWrap(True)
        outer.addWidget(self.error)
        buttons = QGridLayout()  # two by two: whole at the side pane's width
        self.new_button = QPushButton("New report")
        self.add_button = QPushButton("Add report")
        self.save_button = QPushButton("Save changes")
        self.remove_button = QPushButton("Remove report")
        for n, button in enumerate((self.new_button, self.add_button, self.save_button, self.remove_button)):
            buttons.addWidget(button, n // 2, n % 2)
        outer.addLayout(buttons)
        self.new_button.clicked.connect(self.start_new)
        self.add_button.clicked.connect(self._add)
        self.save_button.clicked.connect(self._save)
        self.remove_button.clicked.connect(self._remove)
        return outer

    def set_targets(self, events: Sequence[tuple[int, str]], venues: Sequence[tuple[int, str]]) -> None:
        """The events and venues a report may name: (id, label) each, in the order shown."""
        for combo, choices in ((self.event_choice, events), (self.venue, venues)):
            combo.clear()
            combo.addItem("(none)", None)
            for record_id, label in choices:
                combo.addItem(label, record_id)
                combo.setItemData(combo.count() - 1, label, Qt.ItemDataRole.ToolTipRole)  # whole, where the pane cuts it short

    def set_reports(self, candidate_name: str, reports: Sequence[Any]) -> None:
        """The candidate's reports: snapshot records, or the same fields as a mapping (a revision's JSON)."""
        self.heading.setText(f"Threat reports – {candidate_name}")
        rows = [ThreatReportRow.of(r) for r in reports]
        self.table.set_rows(sorted(rows, key=lambda r: str(r.reported_on), reverse=True))
        self.table.table.clearSelection()  # the form is blank: no row looks chosen, and any can be chosen again
        self.table.table.setCurrentIndex(self.table.proxy.index(-1, -1))
        self.start_new()

    def start_new(self) -> None:
        self._editing = None
        self.reported_on.set_value(self._today())
        for field in (self.valid_from, self.valid_to):
            field.set_value(None)
        for widget in (self.kind, self.reported_to, self.reference):
            widget.clear()
        self.summary.clear()
        for combo in (self.severity, self.event_choice, self.venue):
            combo.setCurrentIndex(0)
        self.error.clear()
        self.add_button.setEnabled(True)
        self.save_button.setEnabled(False)
        self.remove_button.setEnabled(False)

    def _load(self, row: ThreatReportRow) -> None:
        self._editing = row.id
        self.reported_on.set_value(row.reported_on or self._today())
        self.kind.setText(row.kind)
        self.severity.setCurrentIndex(max(0, self.severity.findData(row.severity_key)))
        self.reported_to.setText(row.reported_to)
        self.reference.setText(row.reference)
        self.summary.setPlainText(row.summary)
        for combo, record_id in ((self.event_choice, row.event_id), (self.venue, row.venue_id)):
            combo.setCurrentIndex(max(0, combo.findData(record_id)))
        self.valid_from.set_value(row.valid_from)
        self.valid_to.set_value(row.valid_to)
        self.error.clear()
        self.save_button.setEnabled(True)
        self.remove_button.setEnabled(True)

    def values(self) -> ThreatReportValues:
        """What the form holds; a date that is not one raises ValueError in words (check it first)."""
        day = cast(dt.date, self.reported_on.value())  # not optional: a blank is refused, never None
        return ThreatReportValues(day, self.kind.text(),
                                  self.severity.currentData() or "",
                                  self.reported_to.text(), self.reference.text(), self.summary.toPlainText(),
                                  event_id=self.event_choice.currentData(), venue_id=self.venue.currentData(),
                                  valid_from=cast(dt.date | None, self.valid_from.value()),
                                  valid_to=cast(dt.date | None, self.valid_to.value()))

    def _checked(self) -> ThreatReportValues | None:
        if not all(field.check() for field in (self.reported_on, self.valid_from, self.valid_to)):
            return None  # refused in words beside the field
        try:
            return checked_threat_report(self.values(), self._today())
        except ValidationError as exc:
            self.error.setText(str(exc))
            return None

    def _add(self) -> None:
        values = self._checked()
        if values is not None:
            self.error.clear()
            self.report_added.emit(values)

    def _save(self) -> None:
        values = self._checked()
        if values is not None and self._editing is not None:
            self.error.clear()
            self.report_changed.emit(self._editing, values)

    def _remove(self) -> None:
        if self._editing is not None:
            self.report_removed.emit(self._editing)
