"""A patrol's route as its sergeant reads it: the stops in visiting order, where each is, and when it is visited.

The Deployment page shows it for the patrol chosen among a shift's items: the
same route, visit times, length and driving time as `deploy --json` and the
plan's patrol plan give.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from electionplan.domain.display import plural
from electionplan.gui.table_models import Column, RecordTableModel
from electionplan.risk.patrol_plan import PatrolRoute
from electionplan.system.councils import council_label


@dataclass(frozen=True)
class RouteStopRow:
    order: int
    number: str
    name: str
    council: str
    postcode: str
    grid_ref: str
    visits: int
    times: str  # "07:00, 14:40", or why there are none


def route_rows(route: PatrolRoute, arrive: tuple[tuple[str, ...], ...]) -> list[RouteStopRow]:
    """Each stop in visiting order; a patrol left this shift has no visit times, and says so."""
    return [RouteStopRow(n, stop.number, stop.name, council_label(stop.council) or "Not recorded",
                         stop.postcode or "Not recorded",
                         stop.grid_ref, stop.visits,
                         ", ".join(arrive[n - 1]) if arrive and arrive[n - 1] else "Not patrolled this shift")
            for n, stop in enumerate(route.stops, start=1)]


def route_heading(item: str, route: PatrolRoute, staffed: bool) -> str:
    passes = "one pass" if route.passes == 1 else f"{route.passes} passes, out and back"
    out = "" if staffed else " Not patrolled this shift: no officer was given to it."
    return (f"{item}: {plural(len(route.stops), 'stop')}, {route.km:.1f} km and {route.drive_min} min driving a "
            f"pass ({passes}, {route.visit_minutes:g} min at each visit).{out}")


ROUTE_COLUMNS = [
    Column("order", "Order", "number", width=56), Column("number", "Station", width=80),
    Column("name", "Name", width=250, keep=180), Column("council", "Council", width=170),
    Column("postcode", "Postcode", width=100), Column("grid_ref", "Grid reference", width=140),
    Column("visits", "Visits", "number", width=60), Column("times", "Visit times")]


class RoutePane(QWidget):
    """The chosen patrol's route: a heading with its length and driving time, and its stops as a table."""

    def __init__(self):
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        self.heading = QLabel("")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setAccessibleName("The chosen patrol's route")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.stops = RecordTableModel(ROUTE_COLUMNS)
        self.table = QTableView()
        self.table.setModel(self.stops)
        self.table.setAccessibleName("The patrol's stops in visiting order")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for n, column in enumerate(ROUTE_COLUMNS):
            if column.width:
                self.table.setColumnWidth(n, column.width)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)

    def show_route(self, item: str, route: PatrolRoute | None, arrive: tuple[tuple[str, ...], ...],
                   staffed: bool) -> None:
        """The route of the chosen item, or nothing (and hidden) when it is not a patrol."""
        if route is None:
            self.stops.set_rows([])
            self.heading.setText("")
            self.hide()
            return
        self.heading.setText(route_heading(item, route, staffed))
        self.stops.set_rows(route_rows(route, arrive))
        self.show()
