"""The main window: navigation, pages, menus, status bar and the edit wiring.

Views hold layout; this window connects them to the PlanController, which
calls the Qt-free services. Every edit goes through an undoable command.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from electionplan.db import models as m
from electionplan.db import records
from electionplan.domain.errors import ConflictError, ElectionPlanError
from electionplan.gui import forms, rows
from electionplan.gui.commands import CreateRecordCommand, DeleteRecordCommand, UpdateRecordCommand
from electionplan.gui.controller import PlanController
from electionplan.gui.dialogs import (
    CapacityDialog,
    ExportDialog,
    ImportDialog,
    PreferencesDialog,
    RevisionDialog,
    about_text,
)
from electionplan.gui.overview_view import OverviewView
from electionplan.gui.pages import (
    FlashpointsPage,
    IncidentsPage,
    ResourcesPage,
    RevisionsPage,
    candidates_page,
    constituencies_page,
    events_page,
    stations_page,
)
from electionplan.gui.record_dialog import RecordDialog
from electionplan.gui.style import APP_STYLESHEET
from electionplan.services.plans import review_status

PAGES = [
    ("overview", "Overview"),
    ("constituencies", "Constituencies"),
    ("stations", "Polling stations"),
    ("events", "Venues & events"),
    ("candidates", "Candidates"),
    ("incidents", "Incidents"),
    ("flashpoints", "Flashpoints"),
    ("resources", "Resources"),
    ("revisions", "Revisions"),
]


@dataclass
class EntityBinding:
    """How one kind of record is added, edited and deleted from its table."""

    model: type
    noun: str
    fields: Callable[[], list]
    located: bool = False


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.controller = PlanController(self)
        self.settings = QSettings()
        self.setWindowTitle("electionplan")
        self.setStyleSheet(APP_STYLESHEET)
        self._build_pages()
        self._build_status_bar()
        self._build_menus()
        self._restore_geometry()
        self.controller.data_changed.connect(self.refresh)
        self.controller.moved_message.connect(self._show_moved)
        self.controller.problem.connect(self.show_error)
        self.controller.undo_stack.cleanChanged.connect(self._update_saved_state)
        self.controller.undo_stack.indexChanged.connect(lambda _i: self._update_saved_state())
        self._set_enabled(False)

    # --- construction ---------------------------------------------------------
    def _build_pages(self) -> None:
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(200)
        self.nav.setAccessibleName("Navigation")
        self.stack = QStackedWidget()
        self.overview = OverviewView()
        self.constituencies = constituencies_page()
        self.stations = stations_page()
        self.events_tabs, self.events, self.venues = events_page()
        self.candidates = candidates_page()
        self.incidents = IncidentsPage()
        self.flashpoints = FlashpointsPage()
        self.resources = ResourcesPage()
        self.revisions = RevisionsPage()
        self.pages = {"overview": self.overview, "constituencies": self.constituencies, "stations": self.stations,
                      "events": self.events_tabs, "candidates": self.candidates, "incidents": self.incidents,
                      "flashpoints": self.flashpoints, "resources": self.resources, "revisions": self.revisions}
        for key, title in PAGES:
            self.stack.addWidget(self.pages[key])
            item = QListWidgetItem(title)
            item.setData(Qt.UserRole, key)
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.currentRowChanged.connect(lambda _row: self._refresh_maps_if_shown())
        self._maps_stale = True
        self.nav.setCurrentRow(0)
        self.banner = QLabel("")
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.presence_banner = QLabel("")
        self.presence_banner.setObjectName("info")
        self.presence_banner.setWordWrap(True)
        self.presence_banner.hide()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(0)
        right_layout.addWidget(self.banner)
        right_layout.addWidget(self.presence_banner)
        right_layout.addWidget(self.stack, 1)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(right, 1)
        self.setCentralWidget(central)

        self.bindings = {
            "station": EntityBinding(m.PollingStation, "polling station", lambda: forms.station_fields(self._choices("constituencies")), True),
            "venue": EntityBinding(m.Venue, "venue", forms.venue_fields, True),
            "event": EntityBinding(m.Event, "event", lambda: forms.event_fields(self._choices("venues"), self._choices("candidates"))),
            "candidate": EntityBinding(m.Candidate, "candidate", lambda: forms.candidate_fields(self._choices("constituencies"))),
            "incident": EntityBinding(m.Incident, "incident", lambda: forms.incident_fields(
                self._choices("events"), self._choices("stations"), self._choices("venues"), self._choices("candidates")), True),
        }
        for page, key in ((self.stations, "station"), (self.venues, "venue"), (self.events, "event"),
                          (self.candidates, "candidate"), (self.incidents, "incident")):
            page.add_requested.connect(lambda k=key: self.add_record(k))
            page.edit_requested.connect(lambda row, k=key: self.edit_record(k, row["id"]))
            page.delete_requested.connect(lambda row, k=key: self.delete_record(k, row["id"], row.get("name") or row.get("kind", "")))
        self.flashpoints.table.selection_changed.connect(self._flashpoint_selected)
        self.flashpoints.map.item_clicked.connect(self._map_clicked)
        self.constituencies.map.item_clicked.connect(self._map_clicked)
        self.resources.edit_requested.connect(self._edit_capacity)
        self.revisions.issue_requested.connect(self.issue_revision)
        self.revisions.table.selection_changed.connect(self._revision_selected)
        self.revisions.export_audit_requested.connect(self.export_audit)

    def _build_status_bar(self) -> None:
        self.status_file = QLabel("No plan open")
        self.status_revision = QLabel("")
        self.status_saved = QLabel("")
        for label in (self.status_file, self.status_revision, self.status_saved):
            label.setContentsMargins(8, 0, 8, 0)
            self.statusBar().addPermanentWidget(label)

    def _action(self, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self._action("&New plan…", self.new_plan, QKeySequence.New))
        file_menu.addAction(self._action("&Open…", self.choose_plan, QKeySequence.Open))
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self._fill_recent()
        file_menu.addAction(self._action("By-election &quick setup…", self.quick_setup))
        self.restore_action = self._action("Restore from &backup…", self.restore_from_backup)
        file_menu.addAction(self.restore_action)
        file_menu.addSeparator()
        self.save_action = self._action("&Save", self.save, QKeySequence.Save)
        self.save_as_action = self._action("Save &As…", self.save_as, QKeySequence.SaveAs)
        file_menu.addAction(self.save_action)
        file_menu.addAction(self.save_as_action)
        file_menu.addSeparator()
        self.import_menu = file_menu.addMenu("&Import")
        for kind, label in (("boundaries", "&Boundaries…"), ("stations", "Polling &stations…"),
                            ("candidates", "&Candidates…"), ("postcodes", "&Postcodes…"), ("incidents", "&Incidents…")):
            self.import_menu.addAction(self._action(label, lambda _=False, k=kind: self.import_file(k)))
        self.export_menu = file_menu.addMenu("&Export")
        self.export_menu.addAction(self._action("&PDF…", self.export_pdf, QKeySequence("Ctrl+E")))
        self.export_menu.addAction(self._action("&GeoPackage…", self.export_geopackage))
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Quit", self.close, QKeySequence.Quit))
        edit_menu = bar.addMenu("&Edit")
        undo = self.controller.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.Undo)
        redo = self.controller.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence.Redo)
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        edit_menu.addSeparator()
        edit_menu.addAction(self._action("&Preferences…", self.preferences, QKeySequence.Preferences))
        plan_menu = bar.addMenu("&Plan")
        plan_menu.addAction(self._action("&Issue revision…", self.issue_revision))
        plan_menu.addAction(self._action("&Re-assess now", lambda: self.controller.reassess(), QKeySequence("F5")))
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self._action("&About electionplan", self.about))

    def _set_enabled(self, enabled: bool) -> None:
        for action in (self.save_action, self.save_as_action, self.restore_action):
            action.setEnabled(enabled)
        self.import_menu.setEnabled(enabled)
        self.export_menu.setEnabled(enabled)

    # --- plan files ---------------------------------------------------------------
    def open_plan(self, path: Path) -> None:
        self.controller.open(Path(path))
        self._remember(Path(path))
        self.setWindowTitle(f"{Path(path).name} – electionplan")
        self.status_file.setText(str(path))
        self._set_enabled(True)
        self._update_saved_state()
        others = self.controller.others
        self.presence_banner.setText(
            "This plan is also open by " + "; ".join(o.label for o in others) + ". Edits are safe: if you both change "
            "the same record, the second save is refused and kept for you to retry." if others else "")
        self.presence_banner.setVisible(bool(others))

    def choose_plan(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open plan", "", "Election plans (*.eplan)")
        if path:
            self._try(lambda: self.open_plan(Path(path)))

    def new_plan(self) -> None:
        from electionplan.domain.vocab import ELECTION_KINDS
        from electionplan.gui.record_dialog import FieldSpec
        from electionplan.services.plans import create_plan

        path, _ = QFileDialog.getSaveFileName(self, "New plan", "plan.eplan", "Election plans (*.eplan)")
        if not path:
            return
        path = path if path.endswith(".eplan") else path + ".eplan"
        fields = [FieldSpec("name", "Election name", required=True),
                  FieldSpec("kind", "Kind", "choice", choices=list(ELECTION_KINDS.items())),
                  FieldSpec("force", "Force", required=True), FieldSpec("polling_day", "Polling day", "date")]

        def submit(values):
            create_plan(path, name=values["name"], kind=values["kind"], force=values["force"],
                        polling_day=values["polling_day"], overwrite=True).close()

        dialog = RecordDialog("New plan", fields, {"polling_day": dt.date.today() + dt.timedelta(days=42)}, submit, self)
        if dialog.exec():
            self._try(lambda: self.open_plan(Path(path)))

    def save(self) -> None:
        self.controller.undo_stack.setClean()
        self.statusBar().showMessage("Saved. Every edit is also written to the plan file as you make it.", 4000)

    def save_as(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save plan as", "", "Election plans (*.eplan)")
        if path:
            path = path if path.endswith(".eplan") else path + ".eplan"
            self._try(lambda: (self.controller.save_as(Path(path)), self._remember(Path(path)),
                               self.status_file.setText(path)))

    def _remember(self, path: Path) -> None:
        recent = [p for p in (self.settings.value("recent/files", []) or []) if p != str(path)]
        recent.insert(0, str(path))
        self.settings.setValue("recent/files", recent[: int(self.settings.value("recent/max", 8))])
        self._fill_recent()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.value("recent/files", []) or []
        if isinstance(recent, str):
            recent = [recent]
        for path in recent:
            self.recent_menu.addAction(self._action(path, lambda _=False, p=path: self._try(lambda: self.open_plan(Path(p)))))
        self.recent_menu.setEnabled(bool(recent))

    # --- refreshing ------------------------------------------------------------------
    def refresh(self) -> None:
        c = self.controller
        if c.assessment is None:
            return
        snap, assessment = c.snapshot, c.assessment
        self.overview.load_data(snap, assessment, c.revision_label)
        self.constituencies.set_rows(rows.constituency_rows(snap, assessment))
        self.stations.set_rows(rows.station_rows(snap, assessment))
        self.events.set_rows(rows.event_rows(snap, assessment))
        self.venues.set_rows(rows.venue_rows(snap))
        self.candidates.set_rows(rows.candidate_rows(snap, assessment))
        self.incidents.set_rows(rows.incident_rows(snap))
        self.flashpoints.table.set_rows(rows.flashpoint_rows(snap, assessment))
        self.resources.set_demand(rows.demand_rows(assessment))
        self.resources.chart.set_days(rows.demand_by_day(assessment))
        self._maps_stale = True
        self._refresh_maps_if_shown()
        self._refresh_revisions()
        due = snap["plan"].get("next_review_date")
        review = review_status(snap["plan"].get("review_interval_days"), dt.date.fromisoformat(due) if due else None)
        if review["overdue"]:
            self.banner.setText(f"Plan review overdue: it was due {dt.date.fromisoformat(review['next_review_date']):%d/%m/%Y}, "
                                f"{review['days_overdue']} day(s) ago. Review the plan and issue a revision.")
            self.banner.show()
        else:
            self.banner.hide()
        self.status_revision.setText(f"Revision {c.revision_label}" if c.revision_label else "No revision issued")

    def _refresh_maps_if_shown(self) -> None:
        # Maps are drawn when a page that shows one is open, not on every edit.
        if self._maps_stale and self.controller.assessment is not None and \
                self.stack.currentWidget() in (self.flashpoints, self.constituencies):
            self._refresh_maps()

    def _refresh_maps(self) -> None:
        self._maps_stale = False
        from electionplan.report.mapscene import build_scene

        scene = build_scene(self.controller.snapshot, self.controller.assessment, detail=800)
        self.flashpoints.map.show_scene(scene)
        self.constituencies.map.show_scene(scene)

    def _refresh_revisions(self) -> None:
        from electionplan.report.audit_csv import audit_rows
        from electionplan.services.revisions import list_revisions, revision_rows

        plan = self.controller.plan
        revision_list = revision_rows(list_revisions(plan))
        self.revisions.table.set_rows([{**r, "id": n} for n, r in enumerate(revision_list)])
        entries = audit_rows(plan)
        self.revisions.audit_table.set_rows([
            {"id": n, "when": e[0], "who": e[1], "action": e[2], "entity": e[3], "field": e[5], "old": e[6], "new": e[7]}
            for n, e in enumerate(reversed(entries))])
        snap = self.controller.snapshot
        lines = []
        for comment in snap.get("review_comments", []):
            lines.append(f"<p><b>Review of revision {comment['revision_number']}</b> by {comment['reviewer'] or 'returning officer'}"
                         f" – {comment['comments']}</p>")
        candidates = {c["id"]: c["name"] for c in snap["candidates"]}
        events = {e["id"]: e["name"] for e in snap["events"]}
        for item in snap.get("contributions", []):
            about = candidates.get(item.get("candidate_id")) or events.get(item.get("event_id")) or ""
            lines.append(f"<p><b>{item['from_name']}</b> ({item.get('organisation') or 'no organisation'}) on {about}: {item['text']}</p>")
        self.revisions.contributions.setHtml("".join(lines) or "<p>No reviews or contributions recorded yet.</p>")

    def _update_saved_state(self) -> None:
        stack = self.controller.undo_stack
        if self.controller.plan is None:
            self.status_saved.setText("")
        elif stack.isClean():
            self.status_saved.setText("All changes saved")
        else:
            edits = abs(stack.index() - stack.cleanIndex()) if stack.cleanIndex() >= 0 else stack.index()
            self.status_saved.setText(f"Unsaved changes: {edits} edit(s) since you saved (already written to the file)")

    def _show_moved(self, text: str) -> None:
        self.incidents.show_message(text)
        self.statusBar().showMessage(text, 8000)

    # --- editing ---------------------------------------------------------------------
    def _choices(self, key: str) -> list[tuple[int, str]]:
        records_ = self.controller.snapshot.get(key, [])
        return sorted(((r["id"], r.get("name") or r.get("gss_code", "")) for r in records_), key=lambda x: x[1].lower())

    def _postcode_lookup(self, text: str):
        from electionplan.geo.postcodes import lookup_postcodes, postcode_key

        with self.controller.plan.session() as session:
            return lookup_postcodes(session, [text]).get(postcode_key(text))

    def add_record(self, key: str) -> None:
        binding = self.bindings[key]
        values: dict[str, Any] = {}
        if key == "event":
            values = forms.default_event_values(dt.date.fromisoformat(self.controller.snapshot["election"]["polling_day"]))
        if key == "incident":
            values = {"occurred_at": dt.datetime.now().replace(second=0, microsecond=0), "severity": "medium", "status": "open"}

        def submit(typed):
            data = forms.apply_location(typed, self._postcode_lookup) if binding.located else typed
            self.controller.run(CreateRecordCommand(self.controller, binding.model, data, f"Add {binding.noun}"))

        RecordDialog(f"Add {binding.noun}", binding.fields(), values, submit, self).exec()

    def edit_record(self, key: str, record_id: int) -> None:
        binding = self.bindings[key]
        current = records.record_values(self.controller.plan, binding.model, record_id)
        if binding.located:
            current["location"] = forms.location_text(current)
        fields = binding.fields()

        seen = {"version": records.record_version(self.controller.plan, binding.model, record_id)}

        def submit(typed):
            if binding.located and typed.get("location") == current.get("location"):
                # An untouched location keeps its exact coordinates.
                data = {k: v for k, v in typed.items() if k != "location"}
            else:
                data = forms.apply_location(typed, self._postcode_lookup) if binding.located else typed
            changes = {k: v for k, v in data.items() if current.get(k) != v}
            if not changes:
                return
            try:
                self.controller.run(UpdateRecordCommand(self.controller, binding.model, record_id, changes,
                                                        f"Edit {binding.noun}", expected_version=seen["version"]))
            except ConflictError:
                # Keep the SPOC's values in the dialog; a second OK applies them over the colleague's.
                seen["version"] = records.record_version(self.controller.plan, binding.model, record_id)
                self.controller.reassess()
                raise ConflictError(f"Someone else changed this {binding.noun} while you were editing it. "
                                    "Your values are kept here: press OK again to save them over theirs, "
                                    "or Cancel to keep theirs.") from None

        RecordDialog(f"Edit {binding.noun}", fields, current, submit, self).exec()

    def delete_record(self, key: str, record_id: int, label: str) -> None:
        binding = self.bindings[key]
        answer = QMessageBox.question(self, f"Delete {binding.noun}",
                                      f"Delete the {binding.noun} '{label}'? You can undo this with Edit ▸ Undo.",
                                      QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer == QMessageBox.Yes:
            self._try(lambda: self.controller.run(DeleteRecordCommand(self.controller, binding.model, record_id,
                                                                      f"Delete {binding.noun}")))

    def _edit_capacity(self, row: dict) -> None:
        from sqlalchemy import select

        day = dt.date.fromisoformat(row["date_iso"])
        shift = row["shift"].lower()
        dialog = CapacityDialog(f"{row['date']} – {row['shift']} shift", row["available"], self)
        if not dialog.exec():
            return
        with self.controller.plan.session() as session:
            existing = session.scalars(select(m.OfficerCapacity).where(m.OfficerCapacity.day == day,
                                                                       m.OfficerCapacity.shift == shift)).first()
            existing_id = existing.id if existing else None
        officers = dialog.officers.value()
        if existing_id is None:
            command = CreateRecordCommand(self.controller, m.OfficerCapacity, {"day": day, "shift": shift, "officers": officers},
                                          "Set capacity")
        else:
            command = UpdateRecordCommand(self.controller, m.OfficerCapacity, existing_id, {"officers": officers}, "Set capacity")
        self._try(lambda: self.controller.run(command))

    # --- flashpoints and map ---------------------------------------------------------
    def _flashpoint_selected(self, row: dict) -> None:
        self.flashpoints.show_reasons(row)
        self.flashpoints.map.highlight("venue", row.get("venue_id"))

    def _map_clicked(self, entity: str, record_id: int) -> None:
        if entity == "venue":
            for row in self.flashpoints.table.model.rows:
                if row.get("venue_id") == record_id:
                    self.flashpoints.table.select_id(row["id"])
                    break
        self.statusBar().showMessage(f"Selected {entity} on the map.", 3000)

    # --- revisions -------------------------------------------------------------------
    def issue_revision(self) -> None:
        from electionplan.services.revisions import issue_revision, list_revisions, next_number, parse_number

        if self.controller.plan is None:
            return
        existing = [parse_number(r.number) for r in list_revisions(self.controller.plan)]
        draft, approved = next_number(existing, False), next_number(existing, True)
        dialog = RevisionDialog(f"{draft[0]}.{draft[1]}", f"{approved[0]}.{approved[1]}", self)
        if dialog.exec():
            values = dialog.values
            self._try(lambda: issue_revision(self.controller.plan, values["note"], approve=values["approve"]))
            self.controller.undo_stack.setClean()
            self.controller.reassess()

    def _revision_selected(self, row: dict) -> None:
        from electionplan.services.review import diff_revisions
        from electionplan.services.revisions import list_revisions

        numbers = [r.number for r in list_revisions(self.controller.plan)]
        number = row["number"]
        index = numbers.index(number)
        if index == 0:
            self.revisions.changes.setHtml(f"<p>Revision {number} is the first; there is nothing earlier to compare.</p>")
            return
        diff = diff_revisions(self.controller.plan, numbers[index - 1], number)
        self.revisions.changes.setHtml(diff_html(diff))

    def export_audit(self) -> None:
        from electionplan.report.audit_csv import AUDIT_COLUMNS, audit_rows, write_csv

        path, _ = QFileDialog.getSaveFileName(self, "Export audit log", "audit.csv", "CSV files (*.csv)")
        if path:
            self._try(lambda: write_csv(path, AUDIT_COLUMNS, audit_rows(self.controller.plan)))

    # --- import and export -------------------------------------------------------------
    def import_file(self, kind: str) -> ImportDialog:
        from electionplan.importers.stations import stations_outside_boundaries

        plan = self.controller.plan
        pending = _PendingImport()
        seats = [(c["gss_code"], c["name"]) for c in self.controller.snapshot.get("constituencies", [])]
        dialog = ImportDialog(kind, self._run_import(kind, pending), seats, self,
                              outside_lookup=lambda path, mapping: stations_outside_boundaries(plan, path, mapping=mapping or None))
        dialog.finished.connect(lambda _r: self._push_import(kind, pending))
        dialog.open()
        return dialog

    def _push_import(self, kind: str, pending: _PendingImport) -> None:
        """A finished import becomes one step on the undo stack."""
        from electionplan.gui.commands import ImportCommand

        if pending.before is not None and pending.succeeded:
            self.controller.undo_stack.push(ImportCommand(self.controller, pending.before, f"Import {kind}"))
        self.controller.reassess()

    def _run_import(self, kind: str, pending: _PendingImport):
        from electionplan.db.backups import consistent_copy

        plan = self.controller.plan
        folder = self.controller.import_copy_folder()

        def run(choices: dict[str, Any], cancelled) -> str:
            # The plan as it was, kept privately so Edit > Undo can put it back.
            pending.before = folder / "before.eplan"
            consistent_copy(plan.path, pending.before)
            text = _import_with(plan, kind, choices)
            pending.succeeded = True
            return text

        return run

    def export_pdf(self) -> ExportDialog:
        from electionplan.services.export import export_pdf
        from electionplan.services.revisions import list_revisions

        plan = self.controller.plan
        seats = [(c["gss_code"], c["name"]) for c in self.controller.snapshot.get("constituencies", [])]
        default = str(plan.path.with_suffix(".pdf"))

        def run(choices, cancelled) -> str:
            return export_pdf(plan, choices["path"], edition=choices["edition"], constituency=choices["constituency"],
                              revision=choices["revision"], cancelled=cancelled)

        dialog = ExportDialog(run, seats, [r.number for r in list_revisions(plan)], default, self)
        dialog.open()
        return dialog

    def export_geopackage(self) -> None:
        from electionplan.report.gpkg import export_geopackage

        path, _ = QFileDialog.getSaveFileName(self, "Export GeoPackage", str(self.controller.plan.path.with_suffix(".gpkg")),
                                              "GeoPackage (*.gpkg)")
        if path:
            self._try(lambda: export_geopackage(self.controller.snapshot, self.controller.assessment, path))
            self.statusBar().showMessage(f"Wrote {path}", 5000)

    def quick_setup(self) -> None:
        from electionplan.gui.quicksetup_wizard import QuickSetupWizard

        wizard = QuickSetupWizard(self)
        wizard.plan_ready.connect(lambda path: self._try(lambda: self.open_plan(Path(path))))
        wizard.open()
        self._wizard = wizard

    def restore_from_backup(self) -> None:
        from electionplan.db.backups import list_backups, restore_backup
        from electionplan.gui.dialogs import RestoreDialog

        path = self.controller.plan.path
        dialog = RestoreDialog(list_backups(path), self)
        if dialog.exec() and dialog.chosen is not None:
            self.controller.close()
            self._try(lambda: restore_backup(path, dialog.chosen))
            self._try(lambda: self.open_plan(path))

    # --- other -------------------------------------------------------------------------
    def preferences(self) -> None:
        PreferencesDialog(self.settings, self).exec()

    def about(self) -> None:
        rules = self.controller.ruleset
        if rules is None:
            from electionplan.risk.ruleset import load_ruleset

            rules = load_ruleset()
        QMessageBox.about(self, "About electionplan", about_text(rules.name, rules.version))

    def show_page(self, key: str) -> None:
        keys = [k for k, _ in PAGES]
        if key not in keys:
            raise ValueError(f"no page '{key}'; choose from {', '.join(keys)}")
        self.nav.setCurrentRow(keys.index(key))

    def show_error(self, message: str) -> None:
        QMessageBox.warning(self, "electionplan", message)

    def _try(self, work) -> Any:
        try:
            return work()
        except ElectionPlanError as exc:
            self.show_error(str(exc))
        return None

    def save_screenshot(self, path: Path, page: str = "overview") -> int:
        from PySide6.QtWidgets import QApplication

        self.resize(1280, 800)
        try:
            self.show_page(page)
        except ValueError as exc:
            print(f"electionplan: error: {exc}", file=sys.stderr)
            return 2
        self.show()
        for _ in range(3):
            QApplication.processEvents()
        if page == "flashpoints" and self.flashpoints.table.model.rowCount():
            self.flashpoints.table.table.selectRow(0)
            QApplication.processEvents()
        ok = self.grab().save(str(path))
        self.controller.undo_stack.setClean()
        self.close()
        return 0 if ok else 1

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        stack = self.controller.undo_stack
        if self.controller.plan is not None and not stack.isClean():
            answer = QMessageBox.question(
                self, "Unsaved changes",
                "You have edits you have not saved. They are already written to the plan file.\n\n"
                "Keep them, or undo them back to when you last saved?",
                QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel, QMessageBox.Save)
            if answer == QMessageBox.Cancel:
                event.ignore()
                return
            if answer == QMessageBox.Discard:
                while not stack.isClean() and stack.canUndo():
                    stack.undo()
            stack.setClean()
        self.settings.setValue("main_window/geometry", self.saveGeometry())
        self.controller.close()
        super().closeEvent(event)


def diff_html(diff: dict[str, Any]) -> str:
    parts = [f"<h3>Changes from revision {diff['from']} to {diff['to']}</h3>"]
    for title, key in (("Added", "added"), ("Removed", "removed")):
        if diff[key]:
            parts.append(f"<p><b>{title}</b></p><ul>" + "".join(f"<li>{i['entity_label']}: {i['name']}</li>" for i in diff[key]) + "</ul>")
    if diff["changed"]:
        parts.append("<p><b>Changed</b></p><ul>" + "".join(
            f"<li>{i['entity_label']} {i['name']}: {i['field_label']} {i['old']} → {i['new']}</li>" for i in diff["changed"]) + "</ul>")
    if diff["moved"]:
        parts.append("<p><b>Levels that moved</b></p><ul>" + "".join(
            f"<li>{i['entity_label']} {i['name']}: {i['old']} → {i['new']}. {i['reason']}</li>" for i in diff["moved"]) + "</ul>")
    if len(parts) == 1:
        parts.append("<p>Nothing changed.</p>")
    return "".join(parts)


@dataclass
class _PendingImport:
    """An import under way in the dialog: the plan's copy from before it, and whether it finished."""

    before: Path | None = None
    succeeded: bool = False


def _import_with(plan, kind: str, choices: dict[str, Any]) -> str:
    """Run one import through the same application functions as the command line; the report as text."""
    path = choices["path"]
    if kind == "stations":
        from electionplan.importers.stations import import_stations

        report = import_stations(plan, path, mapping=choices["mapping"] or None,
                                 leave_out_outside=choices.get("leave_out_outside", False))
        lines = [f"Imported {report.stations} stations ({report.format}). {report.summary()}"]
        lines += [f"Skipped – {s}" for s in report.skipped] + [f"Conflict – {c}" for c in report.conflicts]
        lines += [f"Left out – {o}" for o in report.outside] + [f"Outside – {o}" for o in report.outside_boundaries]
        lines += [f"No location – {u}" for u in report.unlocated] + [f"Changed – {c}" for c in report.changed]
        return "\n".join(lines)
    if kind == "candidates":
        from electionplan.importers.candidates import import_candidates

        report = import_candidates(plan, path, constituency=choices["constituency"], ballot=choices["ballot"])
        left_out = f"; {report.not_in_plan} for constituencies not in this plan left out" if report.not_in_plan else ""
        return (f"Imported {report.count} candidates ({report.format}) in {report.seats} constituencies{left_out}."
                + "".join(f"\nSkipped – {s}" for s in report.skipped))
    if kind == "boundaries":
        from electionplan.geo.boundaries import import_boundaries

        report = import_boundaries(plan, path, only=choices["only"])
        return "\n".join([f"Imported {len(report.imported)} and updated {len(report.updated)} boundaries."] + report.warnings)
    if kind == "postcodes":
        from electionplan.geo.postcodes import import_postcodes

        report = import_postcodes(plan, [path])
        return (f"Loaded {report.loaded:,} postcodes; {report.stations_located:,} unlocated stations now located."
                + "".join(f"\nSkipped – {s}" for s in report.skipped[:50]))
    if kind == "incidents":
        from electionplan.importers.incidents import import_incidents

        return f"Imported {import_incidents(plan, path).imported} incidents."
    raise ValueError(kind)
