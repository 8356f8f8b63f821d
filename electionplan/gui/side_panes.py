"""Tables with their "why" beside them: the stations and candidates pages with a detail pane.

Layout only. A station's pane explains its rating; a candidate's has two tabs,
why their level is what it is, and their threat reports as a sub-table to add,
change or remove one. The window's controllers fill them on selection.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter, QTabWidget, QWidget

from electionplan.gui.detail_pane import DetailPane
from electionplan.gui.threat_reports_view import ThreatReportsEditor
from electionplan.gui.widgets import TablePage

# The pane's share of a 1366-pixel window: its reasons readable, the table's key columns still whole.
# A station's reasons are short lines; a candidate's pane holds the threat reports editor too.
SIDE_WIDTH = 330
STATION_SIDE_WIDTH = 260


class _Beside(QSplitter):
    """A table, and the pane that explains its chosen row to its right."""

    def __init__(self, table: TablePage, side: QWidget, width: int = SIDE_WIDTH) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self.table = table
        self.addWidget(table)
        self.addWidget(side)
        self.setStretchFactor(0, 1)
        self.setStretchFactor(1, 0)
        self.setChildrenCollapsible(False)
        self.setSizes([1200 - width, width])
        side.setMinimumWidth(min(width, 280))


class StationsWithReasons(_Beside):
    """The stations table, and why the selected station is rated as it is."""

    def __init__(self, table: TablePage) -> None:
        self.details = DetailPane("Why this station is rated as it is",
                                  "Select a station to see why it is rated as it is and what presence it gets.")
        super().__init__(table, self.details, STATION_SIDE_WIDTH)


class CandidatesWithReasons(_Beside):
    """The candidates table; the selected candidate's reasons and their threat reports."""

    def __init__(self, table: TablePage) -> None:
        self.details = DetailPane("Why this candidate has their level",
                                  "Select a candidate to see their level, threat reports and briefing.")
        self.threats = ThreatReportsEditor()
        self.threats.setEnabled(False)  # until a candidate is chosen
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Candidate details")
        self.tabs.addTab(self.details, "Why this level")
        # The report form is taller than a small screen's pane: it scrolls rather than stretching the window.
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.threats.setMinimumWidth(1)  # as wide as the pane: the form's rows narrow, never run off its edge
        scroller.setWidget(self.threats)
        self.threats_tab = scroller
        self.tabs.addTab(scroller, "Threat reports")
        super().__init__(table, self.tabs)
