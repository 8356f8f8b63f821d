"""Showing the plan's current state on every page, and saying when a re-assessment is running.

Each table is handed the rows the controller's view already holds (built off
the UI thread for a national plan); a table given the same records again
repaints only the rows that changed. Maps and the deployment, which cost the
most to draw or solve, are brought up to date when their page is shown.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel, QProgressBar

from electionplan.domain.display import plural
from electionplan.gui.controllers.revisions import RevisionsController
from electionplan.gui.shell import Shell, WindowPages
from electionplan.services.plans import review_status


class DisplayController:
    def __init__(self, shell: Shell, pages: WindowPages, revisions: RevisionsController) -> None:
        self.shell, self.pages, self.revisions = shell, pages, revisions
        self.maps_stale = True
        self.deployment_stale = True
        self.busy_label = QLabel("Re-assessing the plan…")
        self.busy_label.setAccessibleName("Re-assessment in progress")
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # no end known: it moves while the work runs
        self.busy_bar.setMaximumWidth(110)
        self.busy_bar.setAccessibleName("Re-assessing")
        for widget in (self.busy_label, self.busy_bar):
            widget.hide()
            shell.add_status_widget(widget)
        shell.controller.data_changed.connect(self.refresh)
        shell.controller.reassessing.connect(self.show_busy)
        pages.nav.currentRowChanged.connect(lambda _row: self.refresh_costly_if_shown())

    def show_busy(self, busy: bool) -> None:
        """While an edit is re-assessed in the background the window stays usable and says it is working."""
        self.busy_label.setText("Opening the plan…" if self.shell.controller.opening else "Re-assessing the plan…")
        self.busy_label.setVisible(busy)
        self.busy_bar.setVisible(busy)

    def refresh(self) -> None:
        w, c = self.pages, self.shell.controller
        view = c.view
        w.show_current_page()
        if view is None:
            self._clear_tables()
            return
        w.overview.load_data(view.snapshot, view.assessment, c.revision_label)
        w.constituencies.set_rows(view.constituencies)
        w.stations.set_rows(view.stations)
        # Station numbers repeat between councils, so the council is shown when there is more than one to tell apart.
        w.stations.show_column("council", len({s.council for s in view.snapshot.stations}) > 1)
        w.events.set_rows(view.events)
        w.venues.set_rows(view.venues)
        w.candidates.set_rows(view.candidates)
        w.candidates.show_column("constituency", len(view.snapshot.constituencies) > 1)
        w.incidents.set_rows(view.incidents)
        w.flashpoints.table.set_rows(view.flashpoints)
        w.resources.set_demand(view.demand)
        w.resources.chart.set_days(view.demand_by_day)
        self.maps_stale = self.deployment_stale = True
        self.refresh_costly_if_shown()
        self.revisions.refresh()
        self._show_review_banner(view.snapshot)
        w.status_revision.setText(f"Revision {c.revision_label}" if c.revision_label else "No revision issued")

    def _clear_tables(self) -> None:
        """No plan is shown (one is opening, or none is open): the tables let go of the last plan's rows."""
        w = self.pages
        for page in (w.constituencies, w.stations, w.events, w.venues, w.candidates, w.incidents):
            page.set_rows([])
        w.flashpoints.table.set_rows([])
        w.resources.set_demand([])
        w.resources.chart.set_days([])
        w.banner.hide()

    def _show_review_banner(self, snapshot) -> None:
        banner = self.pages.banner
        review = review_status(snapshot.plan.review_interval_days, snapshot.plan.next_review_date)
        if review["overdue"]:
            due = dt.date.fromisoformat(review["next_review_date"])
            banner.setText(f"Plan review overdue: it was due {due:%d/%m/%Y}, {plural(review['days_overdue'], 'day')} ago. "
                           "Review the plan and issue a revision.")
            banner.show()
        else:
            banner.hide()

    def refresh_costly_if_shown(self) -> None:
        """Maps are drawn, and the deployment solved, when a page showing one is open, not on every edit."""
        w, view = self.pages, self.shell.controller.view
        if view is None:
            return
        current = w.stack.currentWidget()
        if self.maps_stale and current in (w.flashpoints, w.constituencies):
            self.refresh_maps()
        if self.deployment_stale and current is w.deployment:
            self.deployment_stale = False
            w.deployment.set_plan(view.snapshot, view.assessment, view.ruleset)

    def refresh_maps(self) -> None:
        from electionplan.report.mapscene import build_scene

        self.maps_stale = False
        view = self.shell.controller.current_view()
        scene = build_scene(view.snapshot, view.assessment, detail=800)
        self.pages.flashpoints.map.show_scene(scene)
        self.pages.constituencies.map.show_scene(scene)
