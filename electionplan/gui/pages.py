"""The pages behind the navigation list. Layout only: the window wires them."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from electionplan.gui.charts import DemandChart
from electionplan.gui.map_view import MapView
from electionplan.gui.no_demand import NoDemandFilter
from electionplan.gui.rows import DemandRow, FlashpointRow
from electionplan.gui.table_models import Column, RecordTableModel
from electionplan.gui.widgets import TablePage, page_title


def stations_page() -> TablePage:
    model = RecordTableModel([
        # What a SPOC reads first comes first (where, how risky, what presence): at 1366 pixels beside the
        # reasons pane the later columns are the ones that narrow.
        Column("number", "No.", width=70), Column("name", "Station", width=280, keep=180),
        Column("council", "Council", width=120, keep=90),
        Column("constituency", "Constituency", width=180, keep=130), Column("rag", "RAG", "rag", width=90),
        # Presence is what the sergeant deploys: its label ("Awareness briefing") is never cut.
        Column("presence", "Presence", width=230, keep=190), Column("electorate", "Electorate", "number", width=90),
        Column("postcode", "Postcode", width=90), Column("grid_ref_text", "Grid ref", width=120), Column("address", "Address"),
    ])
    return TablePage("Polling stations", "Every station with its RAG rating and planned presence. Double-click to edit.", model, "station")


class ConstituenciesPage(TablePage):
    """The constituencies above their map, from which a venue can be placed."""

    def __init__(self) -> None:
        super().__init__("Constituencies", "Boundaries are imported from ONS or council files (File ▸ Import ▸ Boundaries); "
                         "double-click one to edit its name, electorate or returning officer.",
                         RecordTableModel([
                             Column("code", "GSS code", width=100), Column("name", "Constituency", width=260),
                             Column("electorate", "Electorate", "number", width=100),
                             Column("stations", "Stations", "number", width=80), Column("candidates", "Candidates", "number", width=90),
                             Column("flashpoints", "Flashpoints", "number", width=90), Column("boundary", "Boundary", width=80),
                             Column("returning_officer", "Returning officer"),
                         ]), "constituency", editable=False, plural="constituencies")
        self.table.setMaximumHeight(260)
        self.map = MapView()
        self.page_layout.insertWidget(3, self.map, 2)
        self.place_button = QPushButton("Place a venue on the map")
        self.place_button.setCheckable(True)
        self.place_button.setToolTip("Then click the map where the venue is: its form opens with that grid reference")
        self.bar.addWidget(self.place_button)


def candidates_page() -> TablePage:
    model = RecordTableModel([
        Column("name", "Candidate", width=200, keep=170),
        # Shown when the plan has more than one seat (the window hides it otherwise): whose seat each candidate contests.
        Column("constituency", "Constituency", width=180, keep=140),
        Column("party", "Party", width=140),  # identification only: the subtitle says risk levels are party-blind
        Column("status", "Status", width=100), Column("level", "Risk level", "level", width=100),
        # One way of writing a score, as the reasons pane does: 79, 45.3 (never 79.0 beside 64).
        Column("score", "Score", "number", format=lambda v: "" if v is None else f"{v:g}", width=70),
        Column("threats", "Threats", "number", width=80),
        Column("briefing_text", "Briefing offered", width=120), Column("police_contact", "Police contact"),
    ])
    return TablePage("Candidates", "OFFICIAL-SENSITIVE. Risk levels are party-blind; double-click to edit a profile.", model, "candidate")


def events_page() -> tuple[QWidget, TablePage, TablePage]:
    events = TablePage("Events", "Hustings, the count, campaign visits, canvassing, surgeries and protests.", RecordTableModel([
        Column("name", "Event", width=280), Column("kind_label", "Kind", width=150), Column("start_text", "Starts", width=130),
        Column("venue_text", "Venue", width=220), Column("attendance", "Attendance", "number", width=90),
        Column("level", "Risk", "level", width=90), Column("flashpoint_text", "Flashpoint", width=90), Column("presence", "Presence"),
    ]), "event")
    venues = TablePage("Venues", "Where events happen; located by grid reference, coordinates or postcode.", RecordTableModel([
        Column("name", "Venue", width=280), Column("address", "Address", width=260), Column("postcode", "Postcode", width=90),
        Column("grid_ref", "Grid ref", width=120), Column("events", "Events", "number", width=70), Column("constituency", "Constituency"),
    ]), "venue")
    tabs = QTabWidget()
    tabs.addTab(events, "Events")
    tabs.addTab(venues, "Venues")
    return tabs, events, venues


class IncidentsPage(TablePage):
    log_requested = Signal()

    def __init__(self):
        super().__init__("Incidents", "Log incidents as they come in; the plan is re-assessed at once.", RecordTableModel([
            Column("when", "When", width=130), Column("kind", "What happened", width=220), Column("severity", "Severity", width=80),
            Column("status", "Status", width=110), Column("where", "Where", width=240), Column("candidate", "Candidate", width=160),
            Column("reference", "Reference"),
        ]), "incident")
        self.add_button.setText("Log incident…")
        self.banner = QLabel("")
        self.banner.setObjectName("info")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.page_layout.addWidget(self.banner)  # below the table: saying what moved never moves the buttons

    def show_message(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))


class FlashpointsPage(QWidget):
    def __init__(self):
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(page_title("Flashpoints", "Events at or above the ruleset's flashpoint threshold, highest first. "
                                                  "Select one to see why, and where it is."))
        self.table = TablePage("", "", RecordTableModel([
            Column("rank", "#", "number", width=36), Column("name", "Event", width=230), Column("when", "When", width=124),
            Column("level", "Risk", "level", width=86), Column("score", "Score", "number", width=52),
            Column("presence", "Presence"),
        ]), "flashpoint", editable=False)
        self.table.page_layout.setContentsMargins(0, 0, 0, 0)
        self.reasons = QTextBrowser()
        self.reasons.setOpenLinks(False)
        self.map = MapView()
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.reasons)
        right.addWidget(self.map)
        right.setSizes([200, 420])
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setSizes([640, 400])
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

    def show_reasons(self, row: FlashpointRow) -> None:
        # Names and reasons are the plan's text (maybe from another force's file): shown as text, never markup.
        items = "".join(f"<li>{escape(reason)}</li>" for reason in row.reasons)
        self.reasons.setHtml(
            f"<h3 style='margin:0'>{escape(row.name)}</h3>"
            f"<p style='color:#52606d'>{escape(row.when)} · {escape(row.venue)}</p>"
            f"<p><b>Risk {row.score}</b> = likelihood {row.likelihood} × impact {row.impact}</p>"
            f"<p><b>Why it is a flashpoint</b></p><ul>{items}</ul>"
            f"<p><b>Recommended presence:</b> {escape(row.presence)}</p>")


class ResourcesPage(TablePage):
    def __init__(self):
        super().__init__("Resources", "Officer demand per day and shift against the capacity in the plan. "
                                      "Double-click a shift to set its capacity.", RecordTableModel([
            Column("date", "Date", width=100), Column("shift", "Shift", width=70),
            Column("required", "Required", "number", width=80), Column("available", "Available", "number", width=80),
            Column("shortfall", "Short by", "number", width=80), Column("status", "Status", "rag",
                                                                         format=lambda v: "Short" if v == "red" else "Covered", width=90),
            Column("demands", "Main demands"),
        ]), "shift")
        self.add_button.hide()
        self.delete_button.hide()
        self.edit_button.setText("Set capacity…")
        self._needing_selection = [(self.edit_button, "Set the officers available for the selected shift (Enter)",
                                    "set its capacity")]
        self._update_selection_actions()
        self.grid_button = QPushButton("Capacity grid…")
        self.grid_button.setToolTip("Every day and shift of the campaign at once, with a weekly pattern and copy forward")
        self.bar.addWidget(self.grid_button)
        self.no_demand = NoDemandFilter()
        self.show_all = self.no_demand.check
        self.bar.insertWidget(1, self.no_demand)
        self.chart = DemandChart()
        self.chart.setMaximumHeight(220)
        self.page_layout.insertWidget(2, self.chart)
        self._all_rows: list[DemandRow] = []
        self.no_demand.changed.connect(self._apply_filter)

    def set_demand(self, rows: list[DemandRow]) -> None:
        self._all_rows = rows
        self._apply_filter()

    def _apply_filter(self) -> None:
        self.set_rows(self.no_demand.shown(self._all_rows, lambda r: bool(r.required or r.shortfall)))


class RevisionsPage(QWidget):
    issue_requested = Signal()
    export_audit_requested = Signal()

    def __init__(self):
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        header = QHBoxLayout()
        header.addWidget(page_title("Revisions", "Every issued revision is kept exactly as it was. Select one to see what changed."), 1)
        self.issue_button = QPushButton("Issue revision…")
        self.issue_button.clicked.connect(self.issue_requested)
        header.addWidget(self.issue_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(header)
        self.table = TablePage("", "", RecordTableModel([
            Column("number", "Revision", width=80), Column("date", "Issued", width=130), Column("author", "Author", width=120),
            Column("status", "Status", width=90), Column("note", "Note"),
        ]), "revision", editable=False)
        self.table.page_layout.setContentsMargins(0, 0, 0, 0)
        self.changes = QTextBrowser()
        self.changes.setAccessibleName("Changes")
        # Compare the selected revision with the one before it, with the plan as it is now, or with any other.
        self.compare = QComboBox()
        self.compare.setAccessibleName("Compare with")
        # Its entries ("the revision before it", "the plan as it is now", "revision 0.3") are read in full.
        self.compare.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        changes = QWidget()
        changes_layout = QVBoxLayout(changes)
        compare_row = QHBoxLayout()
        compare_row.addWidget(QLabel("Compare the selected revision with:"))
        compare_row.addWidget(self.compare)
        compare_row.addStretch(1)
        changes_layout.addLayout(compare_row)
        changes_layout.addWidget(self.changes, 1)
        tabs = QTabWidget()
        tabs.addTab(changes, "Changes")
        self.contributions = QTextBrowser()
        tabs.addTab(self.contributions, "Reviews and contributions")
        audit = QWidget()
        audit_layout = QVBoxLayout(audit)
        self.audit_table = TablePage("", "", RecordTableModel([
            Column("when", "When", width=130), Column("who", "Who", width=90), Column("action", "Action", width=80),
            Column("entity", "Record", width=120), Column("field", "Field", width=120), Column("old", "Old", width=160),
            Column("new", "New"),
        ]), "entry", editable=False, plural="entries")
        self.audit_table.page_layout.setContentsMargins(0, 0, 0, 0)
        audit_layout.addWidget(self.audit_table)
        export = QPushButton("Export audit log to CSV…")
        export.clicked.connect(self.export_audit_requested)
        audit_layout.addWidget(export, 0, Qt.AlignmentFlag.AlignRight)
        tabs.addTab(audit, "Audit log")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(tabs)
        splitter.setSizes([220, 380])
        layout.addWidget(splitter, 1)
        self.table.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)


def notice_label(object_name: str) -> QLabel:
    """A notice beneath the pages (a review overdue, a colleague in the plan), hidden until it has something to say."""
    label = QLabel("")
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.hide()
    return label


def window_body(nav: QWidget, stack: QWidget, notices: tuple[QLabel, ...]) -> QWidget:
    """Navigation on the left; on the right the page shown, with the notices beneath it."""
    right = QWidget()
    right_layout = QVBoxLayout(right)
    right_layout.setContentsMargins(0, 0, 0, 0)
    right_layout.setSpacing(0)
    # Notices come and go below the page, so a notice appearing after an edit never moves a control.
    right_layout.addWidget(stack, 1)
    for notice in notices:
        right_layout.addWidget(notice)
    body = QWidget()
    layout = QHBoxLayout(body)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(nav)
    layout.addWidget(right, 1)
    return body
