"""The main window: navigation, pages, menus, status bar and the edit wiring.

Views hold layout; this window connects them to the PlanController, which
calls the Qt-free services. Every edit goes through an undoable command.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from electionplan.domain.errors import ElectionPlanError
from electionplan.gui.attention_view import AttentionView
from electionplan.gui.controller import PlanController
from electionplan.gui.controllers.damaged import open_offering_backups
from electionplan.gui.controllers.display import DisplayController
from electionplan.gui.controllers.insight import InsightController
from electionplan.gui.controllers.order import OrderController
from electionplan.gui.controllers.records import RecordsController
from electionplan.gui.controllers.revisions import RevisionsController
from electionplan.gui.controllers.shared import SharedPlanController
from electionplan.gui.controllers.transfer import TransferController
from electionplan.gui.deployment_view import DeploymentPage
from electionplan.gui.dialogs import (
    PreferencesDialog,
    about_text,
)
from electionplan.gui.images import screenshot_window
from electionplan.gui.import_dialog import IMPORT_MENU
from electionplan.gui.order_view import OrderPage
from electionplan.gui.overview_view import OverviewView
from electionplan.gui.pages import (
    ConstituenciesPage,
    FlashpointsPage,
    IncidentsPage,
    ResourcesPage,
    RevisionsPage,
    candidates_page,
    events_page,
    notice_label,
    stations_page,
    window_body,
)
from electionplan.gui.recent import fill_menu, remember
from electionplan.gui.side_panes import CandidatesWithReasons, StationsWithReasons
from electionplan.gui.style import APP_STYLESHEET
from electionplan.gui.timeline_view import TimelineView
from electionplan.gui.who_dialog import ask_who_is_working, person_text, saved_person

T = TypeVar("T")

PAGES = [
    ("overview", "Overview"), ("attention", "Needs attention"), ("constituencies", "Constituencies"),
    ("stations", "Polling stations"), ("events", "Venues & events"), ("timeline", "Timeline"),
    ("candidates", "Candidates"), ("incidents", "Incidents"),
    ("flashpoints", "Flashpoints"), ("resources", "Resources"), ("deployment", "Deployment"),
    ("order", "Operational order"), ("revisions", "Revisions"),
]


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
        self.controller.moved_message.connect(self._show_moved)
        self.controller.problem.connect(self.show_error)
        self.controller.plan_opened.connect(self._plan_state_changed)
        self.controller.plan_shown.connect(lambda: self._set_enabled(True))
        self.controller.undo_stack.cleanChanged.connect(self._update_saved_state)
        self.controller.undo_stack.indexChanged.connect(lambda _i: self._update_saved_state())
        self._set_enabled(False)

    # --- construction ---------------------------------------------------------
    def _build_pages(self) -> None:
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(220)  # "Needs attention (4,504)" whole
        self.nav.setAccessibleName("Navigation")
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.stack = QStackedWidget()
        self.overview = OverviewView()
        self.constituencies = ConstituenciesPage()
        self.stations = stations_page()
        self.events_tabs, self.events, self.venues = events_page()
        self.candidates = candidates_page()
        self.incidents = IncidentsPage()
        self.flashpoints = FlashpointsPage()
        self.resources = ResourcesPage()
        self.deployment = DeploymentPage()
        self.order = OrderPage()
        self.revisions = RevisionsPage()
        self.attention, self.timeline = AttentionView(), TimelineView()
        self.station_panes, self.candidate_panes = StationsWithReasons(self.stations), CandidatesWithReasons(self.candidates)
        self.pages = {"overview": self.overview, "attention": self.attention, "constituencies": self.constituencies,
                      "stations": self.station_panes, "events": self.events_tabs, "timeline": self.timeline,
                      "candidates": self.candidate_panes, "incidents": self.incidents,
                      "flashpoints": self.flashpoints, "resources": self.resources, "deployment": self.deployment,
                      "order": self.order, "revisions": self.revisions}
        for key, title in PAGES:
            self.stack.addWidget(self.pages[key])
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
        self.placeholder = QLabel("")
        self.placeholder.setObjectName("placeholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setAccessibleName("Plan status")
        self.stack.addWidget(self.placeholder)
        self._shown_a_plan = False
        self.nav.currentRowChanged.connect(lambda _row: self.show_current_page())
        self.nav.setCurrentRow(0)
        self._lay_out()
        self._build_controllers()

    def _lay_out(self) -> None:
        """Navigation on the left; on the right the page shown, with the banners beneath it."""
        self.banner, self.presence_banner = notice_label("banner"), notice_label("info")
        self.setCentralWidget(window_body(self.nav, self.stack, (self.banner, self.presence_banner)))

    def _build_controllers(self) -> None:
        # What each page and menu does lives in a controller; the window keeps the layout.
        self.records_ctl = RecordsController(self, self)
        self.revisions_ctl = RevisionsController(self, self.revisions)
        self.shared_ctl = SharedPlanController(self)
        self.order_ctl = OrderController(self, self.order, self.records_ctl)
        self.display = DisplayController(self, self, self.revisions_ctl)
        self.insight = InsightController(self, self, self.records_ctl)
        self.transfer_ctl = TransferController(self, self.shared_ctl, self.insight.note_import)
        self.add_record, self.edit_record = self.records_ctl.add_record, self.records_ctl.edit_record
        self.delete_record = self.records_ctl.delete_record
        self.issue_revision, self.export_audit = self.revisions_ctl.issue_revision, self.revisions_ctl.export_audit
        transfer = self.transfer_ctl
        self.new_plan, self.import_file, self.export_pdf = transfer.new_plan, transfer.import_file, transfer.export_pdf
        self.export_data, self.quick_setup = transfer.export_data, transfer.quick_setup
        self.restore_from_backup = transfer.restore_from_backup
        self.revisions.export_audit_requested.connect(self.export_audit)

    def _build_status_bar(self) -> None:
        self.status_person = QLabel(person_text(saved_person()))
        self.status_person.setAccessibleName("Who is working")
        self.status_file = QLabel("No plan open")
        self.status_revision = QLabel("")
        self.status_saved = QLabel("")
        for label in (self.status_person, self.status_file, self.status_revision, self.status_saved):
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
        file_menu.addAction(self._action("&New plan…", self.new_plan, QKeySequence.StandardKey.New))
        file_menu.addAction(self._action("&Open…", self.choose_plan, QKeySequence.StandardKey.Open))
        file_menu.addAction(self._action("Open s&hared plan…", self.shared_ctl.choose_shared_plan))
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self._fill_recent()
        file_menu.addAction(self._action("By-election &quick setup…", self.quick_setup))
        self.restore_action = self._action("Restore from &backup…", self.restore_from_backup)
        file_menu.addAction(self.restore_action)
        file_menu.addSeparator()
        self.save_action = self._action("&Save", self.save, QKeySequence.StandardKey.Save)
        self.save_as_action = self._action("Save &As…", self.save_as, QKeySequence.StandardKey.SaveAs)
        file_menu.addAction(self.save_action)
        file_menu.addAction(self.save_as_action)
        file_menu.addSeparator()
        self.import_menu = file_menu.addMenu("&Import")
        for kind, label in IMPORT_MENU:
            self.import_menu.addAction(self._action(label, lambda _=False, k=kind: self.import_file(k)))
        self.export_menu = file_menu.addMenu("&Export")
        self.export_menu.addAction(self._action("&PDF…", self.export_pdf, QKeySequence("Ctrl+E")))
        self.export_menu.addAction(self._action("&Spreadsheet, GeoPackage or JSON…", self.export_data))
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Quit", self.close, QKeySequence.StandardKey.Quit))
        edit_menu = bar.addMenu("&Edit")
        undo = self.controller.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.controller.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        edit_menu.addSeparator()
        edit_menu.addAction(self._action("Who is &working…", self.who_is_working))
        edit_menu.addAction(self._action("&Preferences…", self.preferences, QKeySequence.StandardKey.Preferences))
        plan_menu = bar.addMenu("&Plan")
        self.plan_actions = [self._action("&Issue revision…", self.issue_revision),
                             self._action("&Re-assess now", lambda: self.controller.reassess(), QKeySequence("F5")),
                             self._action("Rule&set…", self.edit_ruleset)]
        for action in self.plan_actions:
            plan_menu.addAction(action)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self._action("&About electionplan", self.about))

    def show_current_page(self) -> None:
        """The page chosen in the navigation; while a plan opens, or after one failed to, a notice instead."""
        c = self.controller
        if c.opening:
            self.placeholder.setText(f"Opening {self.status_file.text()}…\n\nA national plan takes a few seconds to "
                                     "read and assess. The window stays usable meanwhile.")
        elif c.plan is None and self._shown_a_plan:
            self.placeholder.setText("No plan is open.\n\nOpen a plan (Ctrl+O), start a new one (Ctrl+N) or use "
                                     "By-election quick setup from the File menu.")
        else:
            self.stack.setCurrentIndex(max(0, self.nav.currentRow()))
            return
        self.stack.setCurrentWidget(self.placeholder)

    def _plan_state_changed(self) -> None:
        if self.controller.plan is None:  # a plan opened in the background could not be read
            self.setWindowTitle("electionplan")
            self.status_file.setText("No plan open")
            self._set_enabled(False)
            self._update_saved_state()
        self.show_current_page()

    def wait_until_shown(self) -> None:
        """Return once a plan opening in the background is on screen (a screenshot, a script)."""
        from PySide6.QtCore import QEventLoop

        if self.controller.opening:
            loop = QEventLoop()
            self.controller.reassessing.connect(lambda busy: loop.quit() if not busy else None)
            if self.controller.opening:
                loop.exec()

    def _set_enabled(self, enabled: bool) -> None:
        for action in (self.save_action, self.save_as_action, self.restore_action, *self.plan_actions):
            action.setEnabled(enabled)
        self.import_menu.setEnabled(enabled)
        self.export_menu.setEnabled(enabled)

    # --- plan files ---------------------------------------------------------------
    def open_plan(self, location: Path | str) -> None:  # a plan file, or a shared plan's database address
        self.controller.open(location)
        plan = self.controller.plan
        assert plan is not None  # open() raises rather than leave no plan open
        self._shown_a_plan = True
        label = plan.identity.label  # a database address without its password
        self._remember(label)
        self.setWindowTitle(f"{Path(label).name if self.controller.is_file else label} – electionplan")
        self.status_file.setText(label)
        self.show_current_page()
        self._set_enabled(not self.controller.opening)  # a plan opening in the background: once it is shown
        self._update_saved_state()
        others = self.controller.others
        self.presence_banner.setText(
            "This plan is also open by " + "; ".join(o.label for o in others) + ". Edits are safe: if you both change "
            "the same record, the second save is refused and kept for you to retry." if others else "")
        self.presence_banner.setVisible(bool(others))

    def choose_plan(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open plan", "", "Election plans (*.eplan)")
        if path:
            open_offering_backups(self, Path(path))

    def save(self) -> None:
        self.controller.undo_stack.setClean()
        self.statusBar().showMessage("Saved. Every edit is also written to the plan file as you make it.", 4000)

    def save_as(self) -> None:
        if self.shared_ctl.refused_for_shared_plan("Save As"):
            return
        path, _ = QFileDialog.getSaveFileName(self, "Save plan as", "", "Election plans (*.eplan)")
        if path:
            target = path if path.endswith(".eplan") else path + ".eplan"

            def save_copy() -> None:
                self.controller.save_as(Path(target))
                self._remember(Path(target))
                self.status_file.setText(target)

            self.try_call(save_copy)

    def _remember(self, path: Path | str) -> None:
        remember(self.settings, path)
        self._fill_recent()

    def _fill_recent(self) -> None:
        fill_menu(self.recent_menu, self.settings, self._action, lambda p: open_offering_backups(self, p))

    # --- refreshing ------------------------------------------------------------------
    def refresh(self) -> None:
        self.display.refresh()

    def _update_saved_state(self) -> None:
        # One true thing: every edit is written to the plan file as it is made, so the plan is always saved.
        # Save (Ctrl+S) only marks a point; how many edits came since is the tooltip's to say, not a second claim.
        stack = self.controller.undo_stack
        if self.controller.plan is None:
            self.status_saved.setText("")
            self.status_saved.setToolTip("")
            return
        self.status_saved.setText("All changes saved")
        edits = abs(stack.index() - stack.cleanIndex()) if stack.cleanIndex() >= 0 else stack.index()
        since = f" {edits} edit{'' if edits == 1 else 's'} since you last pressed Save." if edits else ""
        self.status_saved.setToolTip("Every edit is written to the plan file as you make it." + since)

    def _show_moved(self, text: str) -> None:
        self.incidents.show_message(text)
        self.statusBar().showMessage(text, 8000)

    # --- other -------------------------------------------------------------------------
    def preferences(self) -> None:
        PreferencesDialog(self.settings, self).exec()

    def who_is_working(self) -> None:
        """Name the person every change and revision is recorded against (asked on first run too)."""
        if ask_who_is_working(self) is not None:
            self.status_person.setText(person_text(saved_person()))

    def edit_ruleset(self):
        from electionplan.gui.controllers.ruleset import edit_ruleset

        return edit_ruleset(self)

    def about(self) -> None:
        rules = self.controller.ruleset
        if rules is None:
            from electionplan.risk.ruleset import load_ruleset

            rules = load_ruleset()
        QMessageBox.about(self, "About electionplan", about_text(rules.name, rules.version))

    @staticmethod
    def page_keys() -> list[str]:
        return [k for k, _ in PAGES]

    def show_page(self, key: str) -> None:
        keys = self.page_keys()
        if key not in keys:
            raise ValueError(f"no page '{key}'; choose from {', '.join(keys)}")
        self.nav.setCurrentRow(keys.index(key))

    def show_error(self, message: str) -> None:
        QMessageBox.warning(self, "electionplan", message)

    # --- what the controllers ask of the window (gui.shell.Shell) ------------------------
    @property
    def dialog_parent(self) -> QWidget:
        return self

    def show_status(self, text: str, timeout_ms: int = 8000) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def add_status_widget(self, widget: QWidget) -> None:
        self.statusBar().addWidget(widget)

    def try_call(self, work: Callable[[], T]) -> T | None:
        try:
            return work()
        except ElectionPlanError as exc:
            self.show_error(str(exc))
        return None

    def save_screenshot(self, path: Path, page: str = "overview", size: tuple[int, int] = (1366, 768)) -> int:
        return screenshot_window(self, path, page, size)

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 720)  # fits a 1366x768 laptop screen with its task bar

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        # Every edit is written to the plan as it is made, so closing asks nothing and
        # loses nothing: there is no unsaved state to keep or throw away.
        self.settings.setValue("main_window/geometry", self.saveGeometry())
        self.controller.close()
        super().closeEvent(event)
