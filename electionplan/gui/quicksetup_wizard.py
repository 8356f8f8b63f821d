"""The by-election quick setup as a five-page wizard.

Page one takes the files; the build runs off the GUI thread; the next pages
show what was found at each step, and the last says what is still missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from electionplan.domain.errors import ElectionPlanError
from electionplan.domain.timefmt import today_london
from electionplan.gui.date_field import DateField
from electionplan.gui.import_dialog import failure_message
from electionplan.gui.tasks import Task

if TYPE_CHECKING:
    from electionplan.services.quicksetup import QuickSetupReport


def _file_row(edit: QLineEdit, caption: str, pattern: str, many: bool = False, save: bool = False) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(edit, 1)
    button = QPushButton("Browse…")

    def browse():
        if save:
            path, _ = QFileDialog.getSaveFileName(box, caption, edit.text(), pattern)
        elif many:
            paths, _ = QFileDialog.getOpenFileNames(box, caption, "", pattern)
            path = "; ".join(paths)
        else:
            path, _ = QFileDialog.getOpenFileName(box, caption, "", pattern)
        if path:
            edit.setText(path)

    button.clicked.connect(browse)
    row.addWidget(button)
    return box


class FilesPage(QWizardPage):
    def __init__(self, wizard: QuickSetupWizard):
        super().__init__()
        self.wizard_ = wizard
        self.setTitle("1. The files from the returning officer")
        self.setSubTitle("A national boundary file, the council's polling-station export and the candidate list.")
        form = QFormLayout(self)
        self.constituency = QLineEdit()
        self.constituency.setPlaceholderText("GSS code or name, e.g. E14001455 or Runcorn and Helsby")
        self.boundaries, self.stations, self.postcodes, self.candidates, self.plan_path = (QLineEdit() for _ in range(5))
        self.count_venue = QLineEdit()
        self.count_venue.setPlaceholderText("NAME, ADDRESS, POSTCODE")
        self.polling_day = DateField("Polling day")
        self.polling_day.set_value(today_london() + dt.timedelta(days=35))
        form.addRow("Constituency *", self.constituency)
        form.addRow("Boundary file *", _file_row(self.boundaries, "Boundary file", "Boundary files (*.geojson *.gpkg *.shp *.zip)"))
        form.addRow("Polling stations *", _file_row(self.stations, "Station file", "Station files (*.csv *.tsv *.xlsx *.json)"))
        form.addRow("Postcode files", _file_row(self.postcodes, "Postcode files", "Postcode files (*.csv)", many=True))
        form.addRow("Candidates *", _file_row(self.candidates, "Candidate list", "Candidate lists (*.csv)"))
        form.addRow("Polling day *", self.polling_day)
        form.addRow("Count venue", self.count_venue)
        form.addRow("Save the plan as *", _file_row(self.plan_path, "Save plan", "Election plans (*.eplan)", save=True))
        self.build_button = QPushButton("Build the plan")
        self.build_button.clicked.connect(self.build)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.status = QLabel("")
        self.status.setWordWrap(True)
        form.addRow(self.build_button)
        form.addRow(self.progress)
        form.addRow(self.status)
        self.task: Task | None = None

    def build(self) -> None:
        missing = [name for name, edit in (("constituency", self.constituency), ("boundary file", self.boundaries),
                                           ("station file", self.stations), ("candidate list", self.candidates),
                                           ("plan file", self.plan_path)) if not edit.text().strip()]
        if missing:
            self.status.setText("Still needed: " + ", ".join(missing) + ".")
            return
        from electionplan.services.quicksetup import quick_setup

        if not self.polling_day.check():  # the refusal is beside the field
            return
        path = self.plan_path.text().strip()
        path = path if path.endswith(".eplan") else path + ".eplan"
        polling_day = self.polling_day.value()
        assert polling_day is not None  # the field is required, and check() has passed
        # Everything is read from the widgets here: the build runs off the GUI thread.
        setup = partial(quick_setup, path, constituency=self.constituency.text().strip(),
                        boundaries=self.boundaries.text().strip(), stations=self.stations.text().strip(),
                        candidates=self.candidates.text().strip(), polling_day=polling_day,
                        postcodes=[p.strip() for p in self.postcodes.text().split(";") if p.strip()],
                        count_venue=self.count_venue.text().strip() or None, overwrite=True)

        def work(cancelled: Callable[[], bool]) -> tuple[str, QuickSetupReport]:
            plan, report = setup()
            plan.close()
            return path, report

        self.build_button.setEnabled(False)
        self.progress.show()
        self.status.setText("Building the plan…")
        self.task = Task(work, self)
        self.task.done.connect(self._built)
        self.task.error.connect(self._failed)
        self.task.start()

    def _built(self, result) -> None:
        self.progress.hide()
        self.build_button.setEnabled(True)
        self.wizard_.plan_file, self.wizard_.report = result
        dates = " ".join(f"Warning: {w}" for w in self.wizard_.report.dates)
        self.status.setText(f"Built. {dates + ' ' if dates else ''}Press Next to see what was found.")
        self.completeChanged.emit()

    def _failed(self, exc) -> None:
        self.progress.hide()
        self.build_button.setEnabled(True)
        self.status.setText(failure_message(exc) if isinstance(exc, ElectionPlanError) else f"The build failed ({exc.__class__.__name__}).")

    def isComplete(self) -> bool:  # noqa: N802
        return self.wizard_.report is not None


class ReportPage(QWizardPage):
    """Shows the report lines for some of the quick setup's steps."""

    def __init__(self, wizard: QuickSetupWizard, title: str, steps: tuple[str, ...], notes: bool = False):
        super().__init__()
        self.wizard_ = wizard
        self.steps = steps
        self.notes = notes
        self.setTitle(title)
        layout = QVBoxLayout(self)
        self.found = QLabel("")
        self.found.setWordWrap(True)
        layout.addWidget(self.found)
        self.list = QListWidget()
        layout.addWidget(self.list, 1)

    def initializePage(self) -> None:  # noqa: N802
        report, plan_file = self.wizard_.report, self.wizard_.plan_file
        assert report is not None and plan_file is not None  # the files page is complete only once built
        lines = [f"<p><b>{step}:</b> {text}</p>" for step, text in report.steps if step in self.steps]
        self.found.setText("".join(lines))
        self.list.clear()
        if self.notes:
            self.list.addItems(report.warnings or ["Nothing to report."])
        elif "Candidates" in self.steps:
            from electionplan.services.quicksetup import candidates_in

            for candidate in candidates_in(plan_file):
                flag = " – sitting MP" if candidate.sitting_mp else (" – former MP" if candidate.former_mp else "")
                self.list.addItem(f"{candidate.name} ({candidate.party}){flag}")


class MissingPage(QWizardPage):
    def __init__(self, wizard: QuickSetupWizard):
        super().__init__()
        self.wizard_ = wizard
        self.setTitle("5. What is still missing")
        self.setSubTitle("The plan is ready to refine. Finish opens it.")
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        layout.addWidget(self.list)

    def initializePage(self) -> None:  # noqa: N802
        report = self.wizard_.report
        assert report is not None  # reached only after the build
        self.list.clear()
        self.list.addItems(report.missing or ["Nothing obvious is missing."])


class QuickSetupWizard(QWizard):
    plan_ready = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("By-election quick setup")
        self.resize(820, 600)
        self.plan_file: str | None = None
        self.report: QuickSetupReport | None = None
        self.files = FilesPage(self)
        self.addPage(self.files)
        self.addPage(ReportPage(self, "2. Constituency and polling stations", ("Constituency", "Boundaries", "Postcodes", "Polling stations"), notes=True))
        self.addPage(ReportPage(self, "3. Candidates", ("Candidates",)))
        self.addPage(ReportPage(self, "4. Count and assessment", ("Count and declaration", "Assessment")))
        self.addPage(MissingPage(self))
        self.finished.connect(self._finished)

    def _finished(self, result: int) -> None:
        if result and self.plan_file:
            self.plan_ready.emit(str(Path(self.plan_file)))
