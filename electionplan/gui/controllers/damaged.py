"""Opening a plan that cannot be read: the way to its backups is offered in the message itself.

A plan damaged by a disk fault or a half-copied file still has the backups
taken beside it (at every issued revision, before every upgrade and restore).
The SPOC should not have to know they exist or where the restore command is.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from electionplan.db.backups import list_backups, restore_backup
from electionplan.db.store import is_database_location
from electionplan.domain.errors import ElectionPlanError, PlanFileError
from electionplan.gui.dialogs import RestoreDialog
from electionplan.gui.shell import Shell


def open_offering_backups(shell: Shell, location: Path | str) -> bool:
    """Open a plan; if it cannot be read and has backups beside it, offer to restore one. Whether it opened."""
    try:
        shell.open_plan(location)
        return True
    except PlanFileError as exc:
        backups = [] if is_database_location(location) else list_backups(Path(location))
        if not backups:
            shell.show_error(str(exc))
            return False
        problem = str(exc)
    except ElectionPlanError as exc:
        shell.show_error(str(exc))
        return False
    if not _restore_asked(shell.dialog_parent, problem, len(backups)):
        return False
    dialog = RestoreDialog(backups, shell.dialog_parent)
    if not (dialog.exec() and dialog.chosen is not None):
        return False
    try:
        restore_backup(Path(location), dialog.chosen)
        shell.open_plan(location)
    except ElectionPlanError as exc:
        shell.show_error(str(exc))
        return False
    shell.show_status(f"Restored {Path(dialog.chosen).name} and opened the plan.")
    return True


def _restore_asked(parent: QWidget, problem: str, count: int) -> bool:
    box = QMessageBox(QMessageBox.Icon.Warning, "The plan cannot be opened",
                      f"{problem}\n\nThere {'is' if count == 1 else 'are'} {count} backup{'' if count == 1 else 's'} "
                      "of this plan beside it. Restoring one puts it in the plan's place; the damaged file is kept "
                      "as a backup too.", parent=parent)
    restore = box.addButton("Restore from a backup…", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(restore)
    box.exec()
    return box.clickedButton() is restore
