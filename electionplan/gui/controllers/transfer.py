"""Importing, exporting, quick setup and restoring: files coming into and leaving the plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog

from electionplan.domain.timefmt import today_london
from electionplan.gui.controllers.shared import SharedPlanController
from electionplan.gui.export_dialog import ExportDialog
from electionplan.gui.import_dialog import ImportDialog
from electionplan.gui.record_dialog import RecordDialog
from electionplan.gui.shell import Shell
from electionplan.services.imports import ImportOutcome, ImportRequest, run_import


def _default_output(plan, suffix: str) -> Path:
    """Beside a plan file; for a shared plan, in the home folder under the plan's name."""
    path = getattr(plan, "path", None)
    return path.with_suffix(suffix) if path is not None else Path.home() / f"{plan.identity.plan}{suffix}"


class TransferController:
    """The File menu's import, export, quick setup and restore."""

    def __init__(self, shell: Shell, shared: SharedPlanController,
                 note_import: Callable[[str, tuple[str, ...]], None]) -> None:
        self.shell, self.shared, self.note_import = shell, shared, note_import

    def new_plan(self) -> None:
        from electionplan.domain.vocab import ELECTION_KINDS
        from electionplan.gui.record_dialog import FieldSpec
        from electionplan.services.plans import create_plan

        path, _ = QFileDialog.getSaveFileName(self.shell.dialog_parent, "New plan", "plan.eplan", "Election plans (*.eplan)")
        if not path:
            return
        path = path if path.endswith(".eplan") else path + ".eplan"
        fields = [FieldSpec("name", "Election name", required=True),
                  FieldSpec("kind", "Kind", "choice", choices=list(ELECTION_KINDS.items())),
                  FieldSpec("force", "Force", required=True), FieldSpec("polling_day", "Polling day", "date")]

        def submit(values):
            create_plan(path, name=values["name"], kind=values["kind"], force=values["force"],
                        polling_day=values["polling_day"], overwrite=True).close()

        dialog = RecordDialog("New plan", fields, {"polling_day": today_london() + dt.timedelta(days=42)}, submit,
                              self.shell.dialog_parent)
        if dialog.exec():
            self.shell.try_call(lambda: self.shell.open_plan(Path(path)))

    def import_file(self, kind: str) -> ImportDialog:
        from electionplan.importers.stations import stations_outside_boundaries

        plan = self.shell.controller.current_plan()
        pending = _PendingImport()
        seats = [(c.gss_code, c.name) for c in self.shell.controller.current_view().snapshot.constituencies]
        dialog = ImportDialog(kind, self._run_import(kind, pending), seats, self.shell.dialog_parent,
                              outside_lookup=lambda path, mapping: stations_outside_boundaries(plan, path, mapping=mapping or None))
        dialog.finished.connect(lambda _r: self._push_import(kind, pending))
        dialog.open()
        return dialog

    def _push_import(self, kind: str, pending: _PendingImport) -> None:
        """A finished import becomes one step on the undo stack."""
        from electionplan.gui.commands import ImportCommand

        if pending.before is not None and pending.succeeded:
            self.shell.controller.undo_stack.push(ImportCommand(self.shell.controller, pending.before, f"Import {kind}"))
        if pending.succeeded:
            self.note_import(kind, tuple(pending.unresolved))
        self.shell.controller.reassess()

    def _run_import(self, kind: str, pending: _PendingImport):
        from electionplan.db.backups import consistent_copy

        plan = self.shell.controller.current_plan()
        folder = self.shell.controller.import_copy_folder()

        def run(choices: dict[str, Any], cancelled) -> str:
            # The plan as it was, kept privately so Edit > Undo can put it back
            # (a file only: a shared plan's colleagues may have edited since).
            if self.shell.controller.is_file:
                pending.before = folder / "before.eplan"
                consistent_copy(self.shell.controller.plan_file().path, pending.before)
            outcome = _import_with(plan, kind, choices)
            pending.succeeded = True
            # Rows not imported (a clash of ids, an unreadable row) stay on Needs attention until the next import.
            pending.unresolved = list(outcome.unresolved)
            return report_text(outcome)

        return run

    def export_pdf(self) -> ExportDialog:
        return self.export(".pdf")

    def export_data(self) -> ExportDialog:
        return self.export(".xlsx")

    def export(self, suffix: str) -> ExportDialog:
        """The export dialog, opened on a format; the file is written off the UI thread."""
        from electionplan.services.editions import EditionRequest, export_edition_file
        from electionplan.services.export import ExportCancelled, export_pdf
        from electionplan.services.revisions import list_revisions
        from electionplan.system.files import part_file

        plan = self.shell.controller.current_plan()
        seats = [(c.gss_code, c.name) for c in self.shell.controller.current_view().snapshot.constituencies]

        def run(choices, cancelled) -> str:
            if choices["suffix"] == ".pdf":
                return export_pdf(plan, choices["path"], edition=choices["edition"], constituency=choices["constituency"],
                                  revision=choices["revision"], cancelled=cancelled)
            # Every data file passes through the same edition allow-list as the PDF. It is written
            # beside the target first, so a cancelled export leaves the target as it was.
            target = Path(choices["path"])
            part = part_file(target, target.suffix)  # the writer picks its format by the suffix
            part.unlink()  # a GeoPackage is created afresh, not opened over an empty file
            try:
                text = export_edition_file(plan, part, EditionRequest(choices["edition"], choices["constituency"]))
                if cancelled():
                    raise ExportCancelled("The export was cancelled; no file was written.")
                part.replace(target)
            finally:
                part.unlink(missing_ok=True)
            return text.replace(str(part), str(target))

        dialog = ExportDialog(run, seats, [r.number for r in list_revisions(plan)], _default_output(plan, ""),
                              suffix, self.shell.dialog_parent)
        dialog.open()
        return dialog

    def quick_setup(self) -> None:
        from electionplan.gui.quicksetup_wizard import QuickSetupWizard

        wizard = QuickSetupWizard(self.shell.dialog_parent)
        wizard.plan_ready.connect(lambda path: self.shell.try_call(lambda: self.shell.open_plan(Path(path))))
        wizard.open()
        self._wizard = wizard

    def restore_from_backup(self) -> None:
        from electionplan.db.backups import list_backups, restore_backup
        from electionplan.gui.dialogs import RestoreDialog

        if self.shared.refused_for_shared_plan("Restoring a backup"):
            return
        path = self.shell.controller.plan_file().path
        dialog = RestoreDialog(list_backups(path), self.shell.dialog_parent)
        chosen = dialog.chosen if dialog.exec() else None
        if chosen is not None:
            self.shell.controller.close()
            self.shell.try_call(lambda: restore_backup(path, chosen))
            self.shell.try_call(lambda: self.shell.open_plan(path))


@dataclass
class _PendingImport:
    """An import under way in the dialog: the plan's copy from before it, and whether it finished."""

    before: Path | None = None
    succeeded: bool = False
    unresolved: list[str] = field(default_factory=list)


def _import_with(plan, kind: str, choices: dict[str, Any]) -> ImportOutcome:
    """Run one import through the same application function as the command line."""
    request = ImportRequest(
        kind=kind, paths=(Path(choices["path"]),), mapping=choices.get("mapping") or None,
        constituency=choices.get("constituency"), ballot=choices.get("ballot"), only=choices.get("only"),
        layer=choices.get("layer"),
        leave_out_outside=choices.get("leave_out_outside", False),
    )
    return run_import(plan, request)


def report_text(outcome: ImportOutcome) -> str:
    """The report the dialog shows; some reports end with their headline already: it is said once, at the top."""
    return "\n".join([outcome.headline, *(line for line in outcome.lines if line != outcome.headline)])
