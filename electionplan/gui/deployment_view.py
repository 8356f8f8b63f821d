"""The Deployment page: where each shift's officers go, the risks accepted, and what-ifs that change nothing.

A commander tries a capacity scale or mutual aid for the chosen shift and sees
the residual risk and the accepted risks move; the plan itself is untouched.
Moving an event is an ordinary (undoable) edit of the event, after which this
page shows the new allocation.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from electionplan.domain.timefmt import fmt_date
from electionplan.gui.busy import wait_cursor
from electionplan.gui.table_models import Column, RecordTableModel
from electionplan.gui.widgets import page_title
from electionplan.risk.deployment import (
    Deployment,
    ShiftDeployment,
    WhatIf,
    deploy_plan,
    item_kind_label,
    item_level_label,
)


@dataclass(frozen=True)
class ShiftRow:
    date: str
    shift: str
    officers: str
    needed: int
    deployed: int
    residual: float
    accepted: int
    status: str  # rag: red when a recommended presence goes short


@dataclass(frozen=True)
class ItemRow:
    item: str
    kind: str
    level: str
    officers: str
    status: str
    why: str


def shift_rows(deployment: Deployment) -> list[ShiftRow]:
    return [ShiftRow(fmt_date(s.date), s.shift.capitalize(),
                     f"{s.capacity} + {s.mutual_aid} aid" if s.mutual_aid else str(s.capacity), s.needed, s.allocated,
                     s.residual_risk, len(s.unmet), "red" if s.unmet else "green") for s in deployment.shifts]


def item_rows(shift: ShiftDeployment) -> list[ItemRow]:
    def row(item, status: str, why: str) -> ItemRow:
        return ItemRow(item.item, item_kind_label(item.kind), item_level_label(item.level),
                       item.cover, status, why)

    short = [row(u, "Accepted risk", u.reason) for u in shift.unmet]
    given = [row(a, "Covered", ", ".join(a.stations)) for a in shift.assignments if a.officers >= a.need]
    spare = [row(u, "Not patrolled", "The plan recommends no patrol here and no officer was spare: "
                 + ", ".join(u.stations)) for u in shift.unvisited]
    return short + given + spare


def _table(model: RecordTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectRows)
    view.setSelectionMode(QTableView.SingleSelection)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
    for n, column in enumerate(model.columns):
        if column.width:
            view.setColumnWidth(n, column.width)
    return view


class DeploymentPage(QWidget):
    def __init__(self):
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(page_title("Deployment", "Where each shift's officers go when they cannot cover everything, "
                                                  "and the risks that leaves. What-ifs here change nothing in the plan."))
        bar = QHBoxLayout()
        self.scale = QDoubleSpinBox()
        self.scale.setRange(0.0, 3.0)
        self.scale.setSingleStep(0.05)
        self.scale.setValue(1.0)
        self.scale.setPrefix("× ")
        self.scale.setAccessibleName("Capacity scale")
        self.aid = QSpinBox()
        self.aid.setRange(0, 500)
        self.aid.setSuffix(" officers")
        self.aid.setAccessibleName("Mutual aid for the selected shift")
        self.reset = QPushButton("Reset what-ifs")
        self.total = QLabel("")
        self.total.setObjectName("pageSubtitle")
        for widget in (QLabel("Capacity"), self.scale, QLabel("Mutual aid for the selected shift"), self.aid,
                       self.reset):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.total)
        layout.addLayout(bar)
        self.shifts = RecordTableModel([
            Column("date", "Date", width=100), Column("shift", "Shift", width=70),
            Column("officers", "Officers", width=110), Column("needed", "Needed", "number", width=80),
            Column("deployed", "Deployed", "number", width=80), Column("residual", "Residual risk", "number", format=lambda v: f"{v:g}", width=100),
            Column("accepted", "Accepted risks", "number", width=110),
            Column("status", "Status", "rag", format=lambda v: "Short" if v == "red" else "Covered")])
        self.items = RecordTableModel([
            Column("item", "Item", width=280), Column("kind", "Kind", width=120), Column("level", "Level", width=90),
            Column("officers", "Officers", width=90), Column("status", "Status", width=110), Column("why", "Why")])
        self.shift_table, self.item_table = _table(self.shifts), _table(self.items)
        self.shift_table.setAccessibleName("Shifts")
        self.item_table.setAccessibleName("Items on the selected shift")
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.shift_table)
        split.addWidget(self.item_table)
        split.setSizes([260, 300])
        layout.addWidget(split, 1)
        self._inputs = None
        self._plan_risk = 0.0
        self.deployment: Deployment | None = None
        self.scale.valueChanged.connect(lambda _v: self.recalculate())
        self.aid.valueChanged.connect(lambda _v: self.recalculate())
        self.reset.clicked.connect(self.reset_what_ifs)
        self.shift_table.selectionModel().currentRowChanged.connect(lambda current, _p: self._show_items(current.row()))

    def set_plan(self, snapshot, assessment, rules) -> None:
        """A new state of the plan: recalculate, keeping the what-ifs and the chosen shift."""
        self._inputs = (snapshot, assessment, rules)
        with wait_cursor():
            self._plan_risk = deploy_plan(snapshot, assessment, rules).total_residual_risk
        self.recalculate()

    def reset_what_ifs(self) -> None:
        for widget, value in ((self.scale, 1.0), (self.aid, 0)):
            widget.blockSignals(True)
            widget.setValue(value)
            widget.blockSignals(False)
        self.recalculate()

    def _chosen_shift(self):
        row = self.shift_table.currentIndex().row()
        if self.deployment is None or not 0 <= row < len(self.deployment.shifts):
            return None
        return self.deployment.shifts[row]

    def recalculate(self) -> None:
        if self._inputs is None:
            return
        chosen = self._chosen_shift()
        aid = ((chosen.date, chosen.shift, self.aid.value()),) if chosen and self.aid.value() else ()
        with wait_cursor():
            self.deployment = deploy_plan(*self._inputs, WhatIf(capacity_scale=self.scale.value(), mutual_aid=aid))
        row = self.shift_table.currentIndex().row()
        self.shifts.set_rows(shift_rows(self.deployment))
        if self.deployment.shifts:
            self.shift_table.selectRow(min(max(row, 0), len(self.deployment.shifts) - 1))
        risk = self.deployment.total_residual_risk
        what_if = "" if risk == self._plan_risk else f" (the plan as it stands: {self._plan_risk:g})"
        self.total.setText(f"Residual risk {risk:g}{what_if}")

    def _show_items(self, row: int) -> None:
        if self.deployment is None or not 0 <= row < len(self.deployment.shifts):
            self.items.set_rows([])
            return
        self.items.set_rows(item_rows(self.deployment.shifts[row]))
