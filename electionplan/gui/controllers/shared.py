"""Shared plans in a force's database: opening one, and hearing colleagues' changes.

A plan in PostgreSQL is opened by its address (postgresql://host/db?plan=NAME).
While it is open, the app listens for colleagues' committed changes
(LISTEN/NOTIFY) every few seconds and redraws what it shows, saying so in the
status bar. File-only actions (undoing an import by putting the file back,
restoring a backup file, Save As) say where a shared plan does those instead.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QInputDialog, QLineEdit

from electionplan.domain.errors import ElectionPlanError
from electionplan.gui.shell import Shell

POLL_MS = 2_000
SHARED_ONLY_IN_FILES = ("A shared plan is backed up and restored by the database server, and copied with "
                        "'electionplan copy URL FILE.eplan' or checked out with 'electionplan checkout'.")


class SharedPlanController:
    def __init__(self, shell: Shell) -> None:
        self.shell = shell
        self.timer = QTimer(shell.dialog_parent)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def choose_shared_plan(self) -> None:
        address, accepted = QInputDialog.getText(
            self.shell.dialog_parent, "Open shared plan", "Address of the plan in the force's database\n"
            "(postgresql://host/database?plan=NAME; the password comes from your .pgpass, not from here):",
            QLineEdit.EchoMode.Normal, "postgresql://")
        if accepted and address.strip():
            self.shell.try_call(lambda: self.shell.open_plan(address.strip()))

    def poll(self) -> None:
        controller = self.shell.controller
        try:
            said = controller.poll_colleagues()
        except ElectionPlanError as exc:
            self.shell.show_status(f"Could not hear colleagues' changes: {exc}", 8000)
            return
        if said:  # a lost connection stays said until it is back
            self.shell.show_status(said, 0 if controller.connection_lost else 8000)

    def refused_for_shared_plan(self, what: str) -> bool:
        """True (and the user told why) when the open plan is shared and `what` needs a file."""
        if self.shell.controller.plan is None or self.shell.controller.is_file:
            return False
        self.shell.show_error(f"{what} works on plan files. {SHARED_ONLY_IN_FILES}")
        return True
