"""The Deployment page: where each shift's officers go, the risks accepted, and what-ifs that change nothing.

A commander tries a capacity scale or mutual aid for the chosen shift and sees
the residual risk and the accepted risks move; the plan itself is untouched.
Moving an event is an ordinary (undoable) edit of the event, after which this
page shows the new allocation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

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

from electionplan.gui.busy import wait_cursor
from electionplan.gui.no_demand import NoDemandFilter
from electionplan.gui.route_view import RoutePane
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
from electionplan.risk.patrol_plan import PatrolRoute
from electionplan.risk.shift_account import COVERED, NO_CAPACITY, SHORT, shift_account

if TYPE_CHECKING:
    from electionplan.domain.plandata import PlanSnapshot
    from electionplan.risk.results import Assessment
    from electionplan.risk.ruleset import Ruleset


@dataclass(frozen=True)
class ShiftRow:
    date: str
    shift: str
    officers: str
    needed: int
    deployed: int
    spare: int
    residual: float
    accepted: int
    status: str  # the account's own word: Covered, Short, No capacity recorded
    state: str  # the same as a chip: green, red, amber
    sergeants_needed: int | None = None  # to supervise at the ruleset's ratio (None: the ruleset sets none)
    sergeants_recorded: int | None = None  # on duty, as the shift's capacity records them (None: not recorded)
    quiet: bool = False  # it asks nothing of the plan: hidden unless shifts with no demand are shown


@dataclass(frozen=True)
class ItemRow:
    item: str
    kind: str
    level: str
    officers: str
    status: str
    why: str
    route: PatrolRoute | None = None  # a patrol's stops in visiting order
    arrive: tuple[tuple[str, ...], ...] = ()  # its visit times at each stop this shift (none when it is left)


def route_words(a) -> str:
    """A patrol's route as the PDF's patrol plan gives it: call sign, length, and each stop in order with its times."""
    if a.route is None:
        return ""
    stops = "; ".join(f"{n}. {s.number} {s.name}, {s.postcode or 'no postcode'}, {s.grid_ref}"
                      + (f" ({', '.join(a.arrive[n - 1])})" if a.arrive and a.arrive[n - 1] else "")
                      for n, s in enumerate(a.route.stops, start=1))
    return f"{a.route.call_sign}: {a.route.km:.1f} km, {a.route.drive_min} min driving a pass. {stops}"


_STATUS_RAG = {COVERED: "green", SHORT: "red", NO_CAPACITY: "amber"}
_RAG_STATUS = {rag: status for status, rag in _STATUS_RAG.items()}


def _status_of_rag(rag: str) -> str:
    return _RAG_STATUS.get(rag, "")


def shift_rows(deployment: Deployment) -> list[ShiftRow]:
    return [ShiftRow(a.date, a.shift, a.officers, a.needed, a.deployed, a.spare, a.residual_risk, len(a.accepted),
                     a.status, _STATUS_RAG[a.status], a.sergeants_needed if a.per_sergeant else None,
                     a.sergeants_recorded, a.quiet) for a in map(shift_account, deployment.shifts)]


def _sergeants_needed(value: int | None) -> str:
    return "No ratio" if value is None else f"{value:,}"


def _sergeants_recorded(value: int | None) -> str:
    return "Not recorded" if value is None else f"{value:,}"


def item_detail(row: ItemRow) -> str:
    """The chosen item in full, reason and all: the table's Why column is one line, cut at the page's edge."""
    if row.route is not None and row.arrive:
        return ""  # a patrol out this shift: the route beneath says it all
    why = f" {row.why}" if row.why else ""
    return f"{row.item} ({row.kind}, {row.level}): {row.status}, {row.officers}.{why}"


def item_rows(shift: ShiftDeployment) -> list[ItemRow]:
    """Every item not covered, once, with its reason (as the account lists them), then those covered."""
    # The account lists the shortfalls as the shift holds them, accepted risks first: each with its own route.
    short = [ItemRow(u.item, u.kind, u.level, u.cover, u.category, u.reason
                     + (f" Stations: {'; '.join(u.stations)}." if u.stations else ""), left.route)
             for u, left in zip(shift_account(shift).uncovered, (*shift.unmet, *shift.unvisited), strict=True)]
    given = [ItemRow(a.item, item_kind_label(a.kind), item_level_label(a.level), a.cover, "Covered"
                     if a.recommended else "Visited (officers to spare)", route_words(a) or "; ".join(a.stations),
                     a.route, a.arrive)
             for a in shift.assignments if a.officers >= a.need]
    return short + given


def _table(model: RecordTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
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
        layout.addLayout(self._what_if_bar())
        self.shifts = RecordTableModel([
            Column("date", "Date", width=96), Column("shift", "Shift", width=62),
            Column("officers", "On duty", width=120, figures=True), Column("needed", "Needed", "number", width=72),
            Column("deployed", "Deployed", "number", width=80), Column("spare", "Spare", "number", width=62),
            Column("residual", "Residual risk", "number", format=lambda v: f"{v:g}", width=100),
            Column("accepted", "Accepted risks", "number", width=110),
            Column("sergeants_needed", "Sgts needed", "number", format=_sergeants_needed, width=104),
            Column("sergeants_recorded", "Sgts on duty", "number", format=_sergeants_recorded, width=100),
            Column("state", "Status", "rag", format=_status_of_rag, width=160)])
        self.items = RecordTableModel([
            Column("item", "Item", width=260), Column("kind", "Kind", width=120), Column("level", "Level", width=80),
            Column("officers", "Cover", width=210), Column("status", "Status", width=110), Column("why", "Why")])
        self.shift_table, self.item_table = _table(self.shifts), _table(self.items)
        self.shift_table.setAccessibleName("Shifts")
        self.item_table.setAccessibleName("Items on the selected shift")
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setAccessibleName("The selected shift's account")
        # The chosen item's reason in full, wrapped: a reason is a sentence or two, cut off in its one-line cell.
        self.detail = QLabel("")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAccessibleName("The chosen item and why")
        self.detail.hide()
        lower = QWidget()
        stack = QVBoxLayout(lower)
        stack.setContentsMargins(0, 6, 0, 0)
        stack.addWidget(self.summary)
        stack.addWidget(self.item_table, 1)
        stack.addWidget(self.detail)
        self.route = RoutePane()
        self.route.hide()
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.shift_table)
        split.addWidget(lower)
        split.addWidget(self.route)
        split.setSizes([150, 210, 220])
        layout.addWidget(split, 1)
        self._inputs: tuple[PlanSnapshot, Assessment, Ruleset] | None = None
        self._plan_risk = 0.0
        self.deployment: Deployment | None = None
        self._shown: list[ShiftDeployment] = []  # the shifts in the table, row by row
        self.scale.valueChanged.connect(lambda _v: self.recalculate())
        self.aid.valueChanged.connect(lambda _v: self.recalculate())
        self.reset.clicked.connect(self.reset_what_ifs)
        self.no_demand.changed.connect(self._apply_filter)
        self.shift_table.selectionModel().currentRowChanged.connect(lambda current, _p: self._show_items(current.row()))
        self.item_table.selectionModel().currentRowChanged.connect(lambda current, _p: self._show_route(current.row()))

    def _what_if_bar(self) -> QVBoxLayout:
        """Capacity scale and mutual aid: what-ifs that change nothing in the plan."""
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
        # The residual risk, and with a what-if the plan's as it stands, wraps rather than widening the window:
        # the page must fit a window narrower than a laptop's screen.
        self.total.setWordWrap(True)
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.no_demand = NoDemandFilter()
        self.show_all = self.no_demand.check
        for widget in (QLabel("Capacity"), self.scale, QLabel("Mutual aid for the selected shift"), self.aid,
                       self.reset):
            bar.addWidget(widget)
        bar.addStretch(1)
        # Which shifts the table shows, and the residual risk, on a line of their own: on one line with the
        # what-ifs they made the page wider than a window narrower than a laptop's screen.
        shown = QHBoxLayout()
        shown.addWidget(self.no_demand)
        shown.addWidget(self.total, 1)
        rows = QVBoxLayout()
        rows.setSpacing(2)
        rows.addLayout(bar)
        rows.addLayout(shown)
        return rows

    def set_plan(self, snapshot: PlanSnapshot, assessment: Assessment, rules: Ruleset) -> None:
        """A new state of the plan: recalculate, keeping the what-ifs and the chosen shift."""
        self._inputs = (snapshot, assessment, rules)
        with wait_cursor():
            self._plan_risk = deploy_plan(snapshot, assessment, rules).total_residual_risk
        self.recalculate()

    def reset_what_ifs(self) -> None:
        for widget in (self.scale, self.aid):
            widget.blockSignals(True)
        self.scale.setValue(1.0)
        self.aid.setValue(0)
        for widget in (self.scale, self.aid):
            widget.blockSignals(False)
        self.recalculate()

    def _chosen_shift(self) -> ShiftDeployment | None:
        row = self.shift_table.currentIndex().row()
        return self._shown[row] if 0 <= row < len(self._shown) else None

    def recalculate(self) -> None:
        if self._inputs is None:
            return
        chosen = self._chosen_shift()
        aid = ((chosen.date, chosen.shift, self.aid.value()),) if chosen and self.aid.value() else ()
        with wait_cursor():
            snapshot, assessment, rules = self._inputs
            self.deployment = deploy_plan(snapshot, assessment, rules, WhatIf(capacity_scale=self.scale.value(), mutual_aid=aid))
        self._apply_filter(chosen)
        risk = self.deployment.total_residual_risk
        what_if = "" if risk == self._plan_risk else f" (the plan as it stands: {self._plan_risk:g})"
        self.total.setText(f"Residual risk {risk:g}{what_if}")

    def _apply_filter(self, chosen: ShiftDeployment | None = None) -> None:
        """The shifts shown (the quiet ones only when asked for), keeping the chosen shift where it is still shown."""
        if self.deployment is None:
            return
        chosen = chosen or self._chosen_shift()
        pairs = self.no_demand.shown(list(zip(shift_rows(self.deployment), self.deployment.shifts, strict=True)),
                                     lambda pair: not pair[0].quiet)
        self._shown = [s for _r, s in pairs]
        keys = [(s.date, s.shift) for s in self._shown]
        rows = [r for r, _s in pairs]
        if chosen is not None and (chosen.date, chosen.shift) in keys:
            row = keys.index((chosen.date, chosen.shift))
        else:  # first opened: the first shift that asks for officers, past the quiet days of the campaign
            row = next((n for n, r in enumerate(rows) if r.needed or r.accepted), 0)
        self.shifts.set_rows(rows)
        if rows:
            self.shift_table.selectRow(min(row, len(rows) - 1))
            self.shift_table.scrollTo(self.shift_table.currentIndex())
        else:
            self._show_items(-1)

    def _show_items(self, row: int) -> None:
        if not 0 <= row < len(self._shown):
            self.items.set_rows([])
            self.summary.setText("")
            return
        account = shift_account(self._shown[row])
        self.summary.setText(f"{account.date} {account.shift}: {account.status}. {account.summary}")
        self.items.set_rows(item_rows(self._shown[row]))
        self._show_route(self.item_table.currentIndex().row())

    def _show_route(self, row: int) -> None:
        """The chosen item's route, when it is a patrol: its stops in visiting order, where they are, and when."""
        chosen = self.items.rows[row] if 0 <= row < len(self.items.rows) else None
        detail = item_detail(chosen) if chosen is not None else ""
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        if chosen is None:
            self.route.show_route("", None, (), False)
            return
        self.route.show_route(chosen.item, chosen.route, chosen.arrive, bool(chosen.arrive))
