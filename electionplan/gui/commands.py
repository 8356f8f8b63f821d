"""Every edit the SPOC makes, as an undoable command over the record services.

A command's first application happens before it is pushed (controller.run),
so a validation error reaches the dialog and nothing lands on the undo stack;
QUndoStack's own first redo() is then skipped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand

from electionplan.db import models as m
from electionplan.db.backups import consistent_copy
from electionplan.db.order_models import CountRvp
from electionplan.domain.errors import ElectionPlanError
from electionplan.gui.controller import REPLACED_MESSAGE
from electionplan.services import capacity_grid as capacity
from electionplan.services import editing as records
from electionplan.services.order import set_count_rvp


class _EditCommand(QUndoCommand):
    def __init__(self, controller, model: type, text: str):
        super().__init__(text)
        self.controller = controller
        self.model = model
        self._applied_once = False

    def apply(self) -> None:
        """Do the edit for the first time; raises on invalid input."""
        self.forward()
        self._applied_once = True

    def redo(self) -> None:
        if self._applied_once:
            self._applied_once = False  # the push's own redo: already done
            return
        self._guarded(self.forward)

    def undo(self) -> None:
        self._guarded(self.backward)

    def _guarded(self, step) -> None:
        # Undo and redo run inside Qt; a refusal (a colleague changed the record
        # meanwhile) is reported, never raised, and nothing of theirs is overwritten.
        if self.controller.file_replaced():
            # Reloading clears this very undo stack, so it waits until the undo is over.
            self.controller.problem.emit(REPLACED_MESSAGE)
            QTimer.singleShot(0, self.controller.reload)
            return
        try:
            step()
        except ElectionPlanError as exc:
            self.controller.problem.emit(f"{self.text()} could not be applied: {exc}")
            self.controller.after_edit()
            return
        self.controller.after_edit(self.updated_record())

    def updated_record(self) -> tuple[type, int] | None:
        """The one record this edit changed in place (model, id); None when it may have changed more."""
        return None

    def forward(self) -> None:
        raise NotImplementedError

    def backward(self) -> None:
        raise NotImplementedError


class CreateRecordCommand(_EditCommand):
    """Adds a record; undo deletes it, redo brings it back with the same id."""

    def __init__(self, controller, model: type, values: dict[str, Any], text: str):
        super().__init__(controller, model, text)
        self.values = values
        self.record_id: int | None = None

    def forward(self) -> None:
        if self.record_id is None:
            self.record_id = records.create_record(self.controller.plan, self.model, self.values)
        else:
            records.restore_record(self.controller.plan, self.model, self.record_id, self.values)

    def backward(self) -> None:
        assert self.record_id is not None  # undone only after forward() has created it
        records.delete_record(self.controller.plan, self.model, self.record_id)


class UpdateRecordCommand(_EditCommand):
    """Changes fields of a record; undo puts the old values back.

    Each step checks the record is still at the version this window last saw,
    so a colleague's edit in between is never silently overwritten.
    """

    def __init__(self, controller, model: type, record_id: int, changes: dict[str, Any], text: str,
                 expected_version: int | None = None):
        super().__init__(controller, model, text)
        self.record_id, self.changes = record_id, changes
        self.before: dict[str, Any] = {}  # read by the edit itself, in its own transaction
        self.expected = expected_version

    def updated_record(self) -> tuple[type, int] | None:
        # A moved station or venue may be given another constituency, and others with it: not one record.
        return None if records.moves(self.model, self.changes) else (self.model, self.record_id)

    def _update(self, values: dict[str, Any]) -> records.Updated:
        done = records.update_record(self.controller.plan, self.model, self.record_id, values,
                                     expected_version=self.expected)
        self.expected = done.version
        return done

    def forward(self) -> None:
        self.before = self._update(self.changes).before

    def backward(self) -> None:
        self._update(self.before)


class DeleteRecordCommand(_EditCommand):
    """Deletes a record; undo restores it with its id and links."""

    def __init__(self, controller, model: type, record_id: int, text: str):
        super().__init__(controller, model, text)
        self.record_id = record_id
        self.values: dict[str, Any] = {}

    def forward(self) -> None:
        # The SPOC was told what goes with it before agreeing; undo brings it all back.
        self.values = records.delete_record(self.controller.plan, self.model, self.record_id, with_linked=True)

    def backward(self) -> None:
        records.restore_record(self.controller.plan, self.model, self.record_id, self.values)


class DeleteRecordsCommand(_EditCommand):
    """Deletes several records as one step: all of them or, if one is refused, none; one undo restores all."""

    def __init__(self, controller, model: type, record_ids: list[int], text: str):
        super().__init__(controller, model, text)
        self.record_ids = list(record_ids)
        self.values: list[tuple[int, dict[str, Any]]] = []

    def forward(self) -> None:
        self.values = []
        try:
            for record_id in self.record_ids:
                self.values.append((record_id, records.delete_record(self.controller.plan, self.model, record_id,
                                                                     with_linked=True)))
        except ElectionPlanError:
            self.backward()  # the ones already deleted come back: nothing is half done
            raise

    def backward(self) -> None:
        for record_id, values in reversed(self.values):
            records.restore_record(self.controller.plan, self.model, record_id, values)
        self.values = []


class SetCapacityCommand(_EditCommand):
    """Many shifts' capacity as one step (a weekly pattern, a day copied forward); one undo puts all back."""

    def __init__(self, controller, cells: list[capacity.CapacityCell], text: str):
        super().__init__(controller, m.OfficerCapacity, text)
        self.cells = list(cells)
        self.before: capacity.Before = []

    def forward(self) -> None:
        self.before = capacity.store_capacity(self.controller.plan, self.cells)

    def backward(self) -> None:
        capacity.restore_capacity(self.controller.plan, self.before)


class SetCountRvpCommand(_EditCommand):
    """A count venue's own RVP set or (values None) cleared; undo puts back what it was, or none."""

    def __init__(self, controller, venue_id: int, values: dict[str, str] | None, text: str):
        super().__init__(controller, CountRvp, text)
        self.venue_id, self.values = venue_id, values
        self.before: dict[str, str] | None = None

    def forward(self) -> None:
        self.before = set_count_rvp(self.controller.plan, self.venue_id, self.values)

    def backward(self) -> None:
        set_count_rvp(self.controller.plan, self.venue_id, self.before)


class ImportCommand(QUndoCommand):
    """A whole import as one undoable step.

    The plan as it was before the import is kept as a private copy; undo puts
    it back, and redo the plan as the import left it (copied at the first undo).
    """

    def __init__(self, controller, before: Path, text: str):
        super().__init__(text)
        self.controller = controller
        self.before = before
        self.after: Path | None = None
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True  # the push's own redo: the import has already run
            return
        if self.after is not None:
            self._put_back(self.after)

    def undo(self) -> None:
        if not self.before.exists():
            self._put_back(self.before)
            return
        if self.after is None:
            self.after = self.before.with_name("after.eplan")
            consistent_copy(self.controller.plan.path, self.after)
        self._put_back(self.before)

    def _put_back(self, copy: Path) -> None:
        # The copies go when the plan is closed (they hold its sensitive data).
        if not copy.exists():
            self.controller.problem.emit(f"{self.text()} can no longer be undone: the plan was closed since.")
            return
        self.controller.replace_plan_with(copy)
