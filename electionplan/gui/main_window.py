"""The main window: navigation, pages, menus and the status bar.

The window holds layout and wiring only; everything it shows comes from the
Qt-free services, called with the open plan.
"""

from __future__ import annotations

from pathlib import Path

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
    QWidget,
)

from electionplan.db.planfile import PlanFile, open_plan_file
from electionplan.gui.overview_view import OverviewView
from electionplan.gui.style import APP_STYLESHEET

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


class PlaceholderView(QLabel):
    def __init__(self, title: str):
        super().__init__(f"{title}\n\nOpen a plan to see its {title.lower()}.")
        self.setAlignment(Qt.AlignCenter)
        self.setObjectName("placeholder")

    def load(self, plan: PlanFile) -> None:
        pass


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.plan: PlanFile | None = None
        self.setWindowTitle("electionplan")
        self.setStyleSheet(APP_STYLESHEET)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(200)
        self.stack = QStackedWidget()
        self.pages: dict[str, QWidget] = {}
        for key, title in PAGES:
            view = OverviewView() if key == "overview" else PlaceholderView(title)
            self.pages[key] = view
            self.stack.addWidget(view)
            item = QListWidgetItem(title)
            item.setData(Qt.UserRole, key)
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.status_file = QLabel("No plan open")
        self.status_revision = QLabel("")
        self.status_saved = QLabel("")
        for label in (self.status_file, self.status_revision, self.status_saved):
            self.statusBar().addPermanentWidget(label)
        self._build_menus()
        self._restore_geometry()

    # --- menus ----------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        open_action = QAction("&Open…", self, shortcut=QKeySequence.Open, triggered=self._choose_plan)
        file_menu.addAction(open_action)
        file_menu.addSeparator()
        file_menu.addAction(QAction("&Quit", self, shortcut=QKeySequence.Quit, triggered=self.close))
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(QAction("&About electionplan", self, triggered=self._about))

    def _choose_plan(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open plan", "", "Election plans (*.eplan)")
        if path:
            try:
                self.open_plan(Path(path))
            except Exception as exc:  # shown, never raised into Qt
                self.show_error(str(exc))

    def _about(self) -> None:
        from electionplan import __version__

        QMessageBox.about(self, "About electionplan", f"electionplan {__version__}")

    # --- plan -----------------------------------------------------------
    def open_plan(self, path: Path) -> None:
        plan = open_plan_file(path)
        if self.plan is not None:
            self.plan.close()
        self.plan = plan
        self.setWindowTitle(f"{path.name} – electionplan")
        self.status_file.setText(str(path))
        self.refresh()

    def refresh(self) -> None:
        if self.plan is None:
            return
        for view in self.pages.values():
            view.load(self.plan)
        info = self.pages["overview"].info
        if info:
            revision = info["plan"]["revision"] or "no revision issued"
            self.status_revision.setText(f"Revision: {revision}")
        self.status_saved.setText("All changes saved")

    def show_page(self, key: str) -> None:
        keys = [k for k, _ in PAGES]
        if key not in keys:
            raise ValueError(f"no page '{key}'; choose from {', '.join(keys)}")
        self.nav.setCurrentRow(keys.index(key))

    def show_error(self, message: str) -> None:
        QMessageBox.warning(self, "electionplan", message)

    def save_screenshot(self, path: Path, page: str = "overview") -> int:
        from PySide6.QtWidgets import QApplication

        self.resize(1280, 800)
        try:
            self.show_page(page)
        except ValueError as exc:
            import sys

            print(f"electionplan: error: {exc}", file=sys.stderr)
            return 2
        self.show()
        QApplication.processEvents()
        ok = self.grab().save(str(path))
        self.close()
        return 0 if ok else 1

    # --- settings -------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = QSettings().value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        if self.plan is not None:
            self.plan.close()
        super().closeEvent(event)
