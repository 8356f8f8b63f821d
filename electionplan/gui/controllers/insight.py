"""The "why" and "what next" of the plan: detail panes, threat reports, needs attention, timeline, capacity grid.

Each is filled from the controller's current view (built off the UI thread for
a national plan) and kept current on every change; every write goes through an
undoable command, like any other edit.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QMessageBox

from electionplan.db import models as m
from electionplan.domain.display import plural
from electionplan.domain.errors import ElectionPlanError
from electionplan.domain.gridref import to_grid_reference
from electionplan.gui.capacity_grid_view import CapacityGridDialog, CapacityGridEditor
from electionplan.gui.commands import CreateRecordCommand, DeleteRecordCommand, SetCapacityCommand, UpdateRecordCommand
from electionplan.gui.controllers.records import RecordsController
from electionplan.gui.shell import Shell, WindowPages
from electionplan.services.attention import Target, import_items
from electionplan.services.capacity_grid import plan_capacity, plan_sergeants
from electionplan.services.explain import explain_candidate, explain_station
from electionplan.services.threat_reports import threat_targets
from electionplan.services.timeline import timeline_events


class InsightController:
    def __init__(self, shell: Shell, pages: WindowPages, records: RecordsController) -> None:
        self.shell, self.pages, self.records = shell, pages, records
        self._index: tuple[object, dict, dict, dict] | None = None  # (view, stations, candidates, results by id)
        self.timeline_stale = True
        # The last import's kind, its rows not imported, and the undo step it is (undone: they no longer apply).
        self.last_import: tuple[str, tuple[str, ...], int] = ("", (), 0)
        # The candidate (id, name) and reports the threat editor shows, kept while unchanged; None: nobody chosen.
        self._shown_reports: tuple | None = None
        w = pages
        shell.controller.data_changed.connect(self.refresh)
        shell.controller.plan_opened.connect(self.forget_import)
        shell.controller.undo_stack.indexChanged.connect(lambda _index: self._show_attention() if self.last_import[1] else None)
        for page in (w.stations, w.candidates):
            page.search.textChanged.connect(lambda _text, p=page: self._hidden_selection(p))
        w.stations.selection_changed.connect(lambda row: self.show_station(row.id))
        w.candidates.selection_changed.connect(lambda row: self.show_candidate(row.id))
        threats = w.candidate_panes.threats
        threats.report_added.connect(self.add_report)
        threats.report_changed.connect(self.change_report)
        threats.report_removed.connect(self.remove_report)
        w.attention.open_requested.connect(self.go_to)
        w.timeline.event_clicked.connect(lambda event_id: records.edit_record("event", event_id))
        w.resources.grid_button.clicked.connect(self.edit_capacity_grid)
        w.nav.currentRowChanged.connect(lambda _row: self._timeline_if_shown())
        # The maps follow the tables: a chosen constituency or flashpoint is framed, and a venue is placed by a click.
        w.constituencies.selection_changed.connect(lambda row: w.constituencies.map.zoom_to_constituency(row.id))
        w.flashpoints.table.selection_changed.connect(
            lambda row: row.venue_id is not None and w.flashpoints.map.zoom_to_record("venue", row.venue_id))
        w.constituencies.place_button.toggled.connect(w.constituencies.map.set_place_mode)
        w.constituencies.map.location_clicked.connect(self.place_venue)

    # --- keeping current ---------------------------------------------------------------
    def refresh(self) -> None:
        w, view = self.pages, self.shell.controller.view
        self.timeline_stale = True
        self._index = None  # the last view's lookups go with it
        if view is None:
            w.attention.set_items([])
            w.station_panes.details.clear_explanation()
            self._no_candidate()
            self._set_attention_title(0)
            return
        self._show_attention()
        for page, show in ((w.stations, self.show_station), (w.candidates, self.show_candidate)):
            chosen = page.selected_records()
            if chosen:
                show(chosen[0].id)
        self._timeline_if_shown()

    def _show_attention(self) -> None:
        view = self.shell.controller.view
        if view is None:
            return
        kind, unresolved, step = self.last_import
        # An undo runs before the stack moves its index: this is also called when the index has moved.
        undone = self.shell.controller.undo_stack.index() < step
        items = view.attention + ([] if undone else import_items(kind, unresolved))
        self.pages.attention.set_items(items)
        self._set_attention_title(len(items))

    def note_import(self, kind: str, unresolved: tuple[str, ...]) -> None:
        """An import finished: its rows left out are listed until it is undone or another plan is opened."""
        self.last_import = (kind, unresolved, self.shell.controller.undo_stack.index())

    def forget_import(self) -> None:
        self.last_import = ("", (), 0)

    def _hidden_selection(self, page) -> None:
        """A search that hides the selected row leaves no pane explaining a record no longer chosen."""
        if page.selected_records():
            return
        if page is self.pages.stations:
            self.pages.station_panes.details.clear_explanation()
        else:
            self._no_candidate()

    def _no_candidate(self) -> None:
        """No candidate is chosen: nothing explained, and no threat report can be added to anyone."""
        panes = self.pages.candidate_panes
        panes.details.clear_explanation()
        panes.threats.setEnabled(False)
        self._shown_reports = None

    def _set_attention_title(self, count: int) -> None:
        item = self.pages.nav.item(self.pages.page_keys().index("attention"))
        item.setText(f"Needs attention ({count:,})" if count else "Needs attention")

    def _lookups(self):
        """The current view's records and results by id, worked out once per view."""
        view = self.shell.controller.current_view()
        if self._index is None or self._index[0] is not view:
            a = view.assessment
            results = {("s", r.id): r for r in a.stations} | {("c", r.id): r for r in a.candidates}
            self._index = (view, {s.id: s for s in view.snapshot.stations},
                           {c.id: c for c in view.snapshot.candidates}, results)
        return self._index[1:]

    # --- the why --------------------------------------------------------------------------
    def show_station(self, station_id: int) -> None:
        if self.shell.controller.view is None:
            return
        stations, _candidates, results = self._lookups()
        result, record = results.get(("s", station_id)), stations.get(station_id)
        pane = self.pages.station_panes.details
        pane.show_explanation(explain_station(result, record)) if result and record else pane.clear_explanation()

    def show_candidate(self, candidate_id: int) -> None:
        view = self.shell.controller.view
        if view is None:
            return
        _stations, candidates, results = self._lookups()
        result, record = results.get(("c", candidate_id)), candidates.get(candidate_id)
        panes = self.pages.candidate_panes
        if result is None or record is None:
            self._no_candidate()
            return
        reports = [t for t in view.snapshot.threat_reports if t.candidate_id == candidate_id]
        panes.details.show_explanation(explain_candidate(result, record, reports))
        # Refilled only when the reports changed: a refresh for anything else keeps a half-typed report.
        shown = (candidate_id, record.name, tuple(reports))
        if shown != self._shown_reports:
            panes.threats.set_targets(*threat_targets(view.snapshot, candidate_id, reports))
            panes.threats.set_reports(record.name, reports)
            self._shown_reports = shown
        panes.threats.setEnabled(True)
        panes.tabs.setTabText(1, f"Threat reports ({len(reports)})")

    # --- threat reports, as edits of the plan ----------------------------------------------
    def _run(self, command) -> None:
        editor = self.pages.candidate_panes.threats
        try:
            self.shell.controller.run(command)
        except ElectionPlanError as exc:
            editor.error.setText(str(exc))
            editor.add_button.setEnabled(True)

    def add_report(self, values) -> None:
        # Not added twice while a national plan is re-assessed: the button returns with the new list.
        self.pages.candidate_panes.threats.add_button.setEnabled(False)
        assert self._shown_reports is not None  # the editor is enabled only with a candidate chosen
        candidate_id = self._shown_reports[0]
        self._run(CreateRecordCommand(self.shell.controller, m.ThreatReport, values.record_values(candidate_id),
                                      "Add threat report"))

    def change_report(self, report_id: int, values) -> None:
        self._run(UpdateRecordCommand(self.shell.controller, m.ThreatReport, report_id, dataclasses.asdict(values),
                                      "Edit threat report"))

    def remove_report(self, report_id: int) -> None:
        answer = QMessageBox.question(self.shell.dialog_parent, "Remove threat report",
                                      "Remove this threat report? The candidate is re-assessed without it. "
                                      "You can undo this with Edit ▸ Undo.", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self._run(DeleteRecordCommand(self.shell.controller, m.ThreatReport, report_id, "Remove threat report"))

    # --- needs attention ---------------------------------------------------------------------
    def go_to(self, target: Target) -> None:
        """Show the record an attention item is about."""
        w = self.pages
        pages = {"station": ("stations", w.stations), "candidate": ("candidates", w.candidates),
                 "constituency": ("constituencies", w.constituencies)}
        if target.kind in pages:
            key, page = pages[target.kind]
            self.shell.show_page(key)
            page.search.clear()
            page.select_id(target.id)
            page.table.setFocus()
        elif target == Target("plan", "approved_by"):
            self.shell.show_page("revisions")  # approval is given by issuing an approved revision
        elif target.kind in ("plan", "election"):
            self.shell.show_page("order")
            w.order.tabs.setCurrentWidget(w.order.facts)
        elif target.kind == "page":  # something still to add: the page where it is added
            self.shell.show_page(str(target.id))
        elif target.kind == "import":
            QMessageBox.information(self.shell.dialog_parent, "Not imported", f"{target.id}\n\nCorrect the row in the file and import it "
                                    "again: the rest of the file is in the plan, and nothing was merged or guessed.")
        elif target.kind == "shift":
            self.shell.show_page("resources")
            w.resources.show_all.setChecked(True)
            day, shift = str(target.id).split("/")
            row = next((r for r in w.resources.model.rows if r.date_iso == day and r.shift.lower() == shift), None)
            if row is not None:
                w.resources.select_id(row.id)

    def place_venue(self, easting: float, northing: float) -> None:
        """A click on the map in place mode: the add-venue form, located where the SPOC clicked."""
        self.pages.constituencies.place_button.setChecked(False)
        self.records.add_record("venue", {"location": to_grid_reference(easting, northing, 10)})

    # --- timeline -------------------------------------------------------------------------------
    def _timeline_if_shown(self) -> None:
        w, view = self.pages, self.shell.controller.view
        if view is None or not self.timeline_stale or w.stack.currentWidget() is not w.timeline:
            return
        self.timeline_stale = False
        events = timeline_events(view.assessment.events)
        election = view.snapshot.election
        days = [e.start.date() for e in events] + [election.polling_day]
        first = min([election.notice_date or min(days), *days])
        last = max([election.count_date or election.polling_day, *days])
        w.timeline.set_seats([(c.id, c.name) for c in view.snapshot.constituencies])
        w.timeline.set_events(events, first, last, election.polling_day)
        if events:  # the campaign's quiet first weeks are scrolled past, to the first event
            QTimer.singleShot(0, lambda: w.timeline.scroll_to_day(min(e.start.date() for e in events)))

    # --- capacity in bulk -------------------------------------------------------------------------
    def edit_capacity_grid(self) -> QDialog | None:
        view = self.shell.controller.view
        if view is None:
            return None
        days, cells, polling_day = plan_capacity(view.snapshot)
        dialog = CapacityGridDialog(CapacityGridEditor(days, cells, polling_day, sergeants=plan_sergeants(view.snapshot)),
                                    self.shell.dialog_parent)
        editor = dialog.editor

        def store(changed: list) -> None:
            count = len(changed)
            try:
                self.shell.controller.run(SetCapacityCommand(
                    self.shell.controller, changed, f"Set capacity for {plural(count, 'shift')}"))
            except ElectionPlanError as exc:
                editor.refuse(changed, str(exc))

        editor.capacity_changed.connect(store)
        dialog.open()
        return dialog

