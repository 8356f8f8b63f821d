"""PlanController: the open plan, its undo stack and its latest assessment.

Views ask the controller for data and send edits to it as undoable commands;
the controller calls the Qt-free services. Every edit is committed to the plan
file as it is made, so a crash loses at most the edit in progress. "Save" marks
the point the SPOC last confirmed; undo can take the plan back to it.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from electionplan.db import openers
from electionplan.db.backups import consistent_copy
from electionplan.db.opening import open_store
from electionplan.db.pgnotify import ChangeListener, ListenerLost
from electionplan.db.planfile import PlanFile, copy_plan_file, open_plan_file
from electionplan.db.queries import station_count
from electionplan.db.snapshot import table_key
from electionplan.db.store import PlanStore, is_database_location
from electionplan.domain.display import plural
from electionplan.domain.errors import ElectionPlanError, PlanFileError
from electionplan.domain.plandata import PlanSnapshot
from electionplan.gui.tasks import Task
from electionplan.gui.view_data import ViewData, build_view_data, levels_of
from electionplan.risk.engine import Assessor
from electionplan.risk.results import Assessment
from electionplan.risk.ruleset import Ruleset
from electionplan.services.revisions import load_revision
from electionplan.system.collector import release_long_lived

log = logging.getLogger(__name__)


REPLACED_MESSAGE = ("The plan file was replaced on disk by another program (a restore or a new copy), so it has "
                    "been reloaded and your change was not made; check the plan and make it again.")
NO_PLAN_OPEN = "No plan is open: open one (Ctrl+O) or start a new one (Ctrl+N) first."


class PlanReplaced(ElectionPlanError):
    pass


def _file_key(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


class PlanController(QObject):
    plan_opened = Signal()
    data_changed = Signal()  # the plan or its assessment changed: views reload
    moved_message = Signal(str)
    problem = Signal(str)  # an edit or undo that could not be applied
    plan_shown = Signal()  # a plan opened in the background is read, assessed and on screen
    reassessing = Signal(bool)  # a re-assessment in the background began (True) or its result is shown (False)
    # From this many polling stations re-assessing takes a second or more, long enough to
    # freeze the window, so after an edit it runs in the background and the window says so.
    background_from_stations = 5_000

    def __init__(self, parent=None):
        super().__init__(parent)
        self.plan: PlanStore | None = None
        self.undo_stack = QUndoStack(self)
        self.snapshot: PlanSnapshot | None = None
        self.view: ViewData | None = None  # the assessment and every table's rows
        self._generation = 0  # bumped by every re-assessment asked for; an older result is dropped
        self._tasks: set[Task] = set()
        self.busy = False
        self.opening = False  # a national plan is being read and assessed in the background to be shown
        # The records updated since the shown view was read, by table; None once something else changed.
        self._updated: dict[str, set[int]] | None = None
        self.assessment: Assessment | None = None
        self.assessor = Assessor()  # reuses the parts of the last assessment an edit leaves unchanged
        self.ruleset: Ruleset | None = None
        self.revision_label = ""
        self.others: list = []
        self._revision_levels: dict[tuple[str, int], str] | None = None
        self.import_copies: list[Path] = []  # private plan copies that undo an import; removed on close
        self._file_key: tuple[int, int] | None = None  # the plan file's identity on disk when opened
        self._listener: ChangeListener | None = None  # a shared plan's change announcements
        self.connection_lost = False  # the shared plan's server went away; tried again at every poll

    # --- opening ------------------------------------------------------------
    def open(self, location: Path | str) -> None:
        """Open a plan file, or a plan in a shared database (postgresql://…?plan=NAME)."""
        plan = open_store(location if is_database_location(location) else Path(location))
        self.close()
        self.plan = plan
        self.connection_lost = False
        self._file_key = _file_key(plan.path) if isinstance(plan, PlanFile) else None
        self.others = plan.claim_presence()
        self._listener = ChangeListener(str(location)) if is_database_location(location) else None
        self.undo_stack.clear()
        log.info("opened a plan")
        if self._station_count() < self.background_from_stations:
            # What the last plan left behind, before this plan's data is read and kept out of later scans.
            release_long_lived()
            self.reassess()
            self.plan_opened.emit()
            return
        # A national plan takes seconds to read and assess: the window stays responsive, showing
        # that the plan is being opened and nothing of the plan it showed before.
        self.opening = True
        self.data_changed.emit()  # no view: the window lets go of the last plan's rows
        release_long_lived()
        self.plan_opened.emit()
        self._reassess_in_background(None)

    def _station_count(self) -> int:
        assert self.plan is not None
        with self.plan.session() as session:
            return station_count(session)

    @property
    def is_file(self) -> bool:
        return isinstance(self.plan, PlanFile)

    def current_plan(self) -> PlanStore:
        """The open plan; an action reached with none open is refused in words."""
        if self.plan is None:
            raise PlanFileError(NO_PLAN_OPEN)
        return self.plan

    def current_view(self) -> ViewData:
        """What is on screen: the plan's snapshot, assessment, ruleset and every table's rows."""
        if self.view is None:
            raise PlanFileError(NO_PLAN_OPEN if self.plan is None else "The plan is still being read; try again in a moment.")
        return self.view

    def plan_file(self) -> PlanFile:
        """The open plan as a file: Save As and an import's undo copy files, never a shared plan."""
        if not isinstance(self.plan, PlanFile):
            raise PlanFileError("This works on a plan file only; a shared plan is copied with electionplan copy.")
        return self.plan

    def poll_colleagues(self) -> str:
        """Catch up with colleagues' committed changes to a shared plan; what changed, or ''.

        A lost connection is tried again at every poll; once back, the plan is
        read afresh, so a change announced while the app could not hear is not missed.
        """
        if self._listener is None or self.plan is None:
            return ""
        if self.connection_lost:
            try:
                self._listener.reconnect()
            except ListenerLost:
                return ""
            self.connection_lost = False
            self.reassess()
            log.info("reconnected to the plan store")
            return "Reconnected to the plan store; re-read."  # short: the status bar's permanent fields take the rest
        try:
            notices = self._listener.poll(timeout=0)
        except ListenerLost:
            self.connection_lost = True
            log.warning("lost the connection to the plan store")
            return "Plan store connection lost; retrying…"
        if not notices:
            return ""
        entities = sorted({e for n in notices for e in n.entities})
        self.reassess()
        what = ", ".join(entities).lower() if entities else "the plan"
        return f"A colleague changed {what}; the plan on screen is up to date."

    def close(self) -> None:
        self._generation += 1
        for task in list(self._tasks):
            task.finish()
        self._tasks.clear()
        self._set_busy(False)
        self.opening = False
        self._updated = None
        self.view = self.snapshot = self.assessment = None
        self.revision_label, self._revision_levels = "", None
        self.assessor = Assessor()
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        if self.plan is not None:
            self.plan.release_presence()
            self.plan.close()
            self.plan = None
        # The copies hold the plan's sensitive data; none outlives the plan's window.
        for folder in self.import_copies:
            shutil.rmtree(folder, ignore_errors=True)
        self.import_copies.clear()

    def import_copy_folder(self) -> Path:
        """A private folder (owner only) for the copies that make an import undoable."""
        folder = Path(tempfile.mkdtemp(prefix="electionplan-import-"))
        self.import_copies.append(folder)
        return folder

    def save_as(self, target: Path) -> None:
        """Copy the plan (already saved) to a new file and carry on in that one."""
        source = self.plan_file().path
        self.close()
        copy_plan_file(source, target)
        self.plan = open_plan_file(target)
        self._file_key = _file_key(target)
        self.others = openers.claim(target)
        self.undo_stack.setClean()
        self.reassess()
        self.plan_opened.emit()

    def replace_plan_with(self, copy: Path) -> None:
        """Put a private copy of this plan in its place (undo or redo of an import), keeping the undo stack."""
        plan = self.plan_file()
        path = plan.path
        plan.close()
        for suffix in ("-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        consistent_copy(copy, path)
        self.plan = open_plan_file(path)
        self._file_key = _file_key(path)
        self.reassess()

    # --- assessment ---------------------------------------------------------
    def reassess(self, *, with_revision_levels: bool = False) -> None:
        if self.plan is None:
            return
        self._generation += 1  # an assessment still running in the background is now out of date
        # After an edit, the latest revision's levels (to say what moved), if not yet known, are read in the
        # same session as the plan.
        wanted = self.revision_label if with_revision_levels and self._revision_levels is None else None
        self._adopt(build_view_data(self.plan, wanted or None, previous=self.view, assessor=self.assessor))

    def _adopt(self, view: ViewData) -> None:
        assert self.plan is not None
        opened, self.opening = self.opening, False  # whichever assessment is shown first shows the plan
        self.view = view
        self._updated = {}  # the view was read after every edit so far (an older one is never adopted)
        self.snapshot, self.assessment, self.ruleset = view.snapshot, view.assessment, view.ruleset
        self._set_busy(False)
        label = view.revisions[-1].number if view.revisions else ""
        if label != self.revision_label:
            # The latest revision's levels are a second whole assessment: worked out when first needed
            # (in the background after a national plan's edit), never while the plan opens.
            self.revision_label, self._revision_levels = label, None
        if view.revision_levels is not None and view.revision_label == label:
            self._revision_levels = view.revision_levels
        self.data_changed.emit()
        if opened:
            self.plan_shown.emit()

    def after_edit(self, updated: tuple[type, int] | None = None) -> None:
        """Re-assess after an edit and say what moved since the latest revision. `updated` names the one
        record an edit changed (its model and id), so a national plan reads only it again; None, unknown."""
        self._note_update(updated)
        before = levels_of(self.assessment)
        if self.snapshot is not None and len(self.snapshot.stations) >= self.background_from_stations:
            self._reassess_in_background(before)
            return
        self.reassess(with_revision_levels=True)
        self._say_moved(before)

    def _note_update(self, updated: tuple[type, int] | None) -> None:
        if updated is None:
            self._updated = None  # anything may have changed: the next assessment reads the whole plan
        elif self._updated is not None and (key := table_key(updated[0])) is not None:
            self._updated.setdefault(key, set()).add(updated[1])

    def _set_busy(self, busy: bool) -> None:
        if busy != self.busy:
            self.busy = busy
            self.reassessing.emit(busy)

    def _reassess_in_background(self, before: dict[tuple[str, int], str] | None) -> None:
        self._generation += 1
        generation, plan, previous, assessor = self._generation, self.plan, self.view, self.assessor
        if plan is None:
            return
        wanted = self.revision_label if self._revision_levels is None else None
        updated = None if self._updated is None else {k: frozenset(ids) for k, ids in self._updated.items()}
        task = Task(lambda _cancelled: build_view_data(plan, wanted, previous, assessor, updated), self)
        self._tasks.add(task)
        task.done.connect(lambda view: self._background_done(task, generation, view, before))
        task.error.connect(lambda exc: self._background_failed(task, generation, exc))
        self._set_busy(True)
        task.start()

    def _background_done(self, task: Task, generation: int, view: ViewData, before) -> None:
        self._tasks.discard(task)
        task.deleteLater()  # with its connections, which hold the levels before the edit
        if generation != self._generation or self.plan is None:
            return  # a later edit's assessment is on its way, or the plan was closed
        self._adopt(view)
        if before is not None:
            self._say_moved(before)

    def _background_failed(self, task: Task, generation: int, exc: Exception) -> None:
        self._tasks.discard(task)
        task.deleteLater()
        if generation != self._generation or self.plan is None:
            return
        if self.opening:
            self.close()
            self.data_changed.emit()
            self.plan_opened.emit()  # the window shows that no plan is open
            self.problem.emit(f"The plan could not be opened: {exc}")
            return
        self._set_busy(False)
        self.problem.emit(f"The plan could not be re-assessed: {exc}")

    def _say_moved(self, before: dict[tuple[str, int], str]) -> None:
        after = levels_of(self.assessment)
        if self.revision_label and self.plan is not None:
            if self._revision_levels is None:
                self._revision_levels = levels_of(load_revision(self.plan, self.revision_label).assessment())
            reference = self._revision_levels
            since = f"since revision {self.revision_label}"
        else:
            reference, since = before, "with this change"
        moved = sum(1 for key, level in after.items() if key in reference and reference[key] != level)
        self.moved_message.emit(f"{plural(moved, 'item')} changed level {since}.")

    def file_replaced(self) -> bool:
        """Whether the plan file was replaced on disk (a restore, a new sample) since it was opened.

        The open connection would otherwise write to the replaced file, which
        nobody will read again, and report the edit as saved.
        """
        return isinstance(self.plan, PlanFile) and _file_key(self.plan.path) != self._file_key

    def reload(self) -> None:
        if isinstance(self.plan, PlanFile):
            self.open(self.plan.path)

    def ensure_current(self) -> None:
        """Before any edit: reload a plan replaced on disk, and refuse the edit so it is made again knowingly."""
        if self.file_replaced():
            self.reload()
            raise PlanReplaced(REPLACED_MESSAGE)

    def run(self, command) -> None:
        """Apply an edit (errors reach the caller), then make it undoable."""
        self.ensure_current()
        command.apply()
        self.undo_stack.push(command)
        self.after_edit(command.updated_record())

