"""The order page's count RVPs: each count venue's own RVP set in a small form, or cleared, as undoable edits
through the order service, and the table refilled with each RVP's check after every change."""

from __future__ import annotations

from electionplan.domain.plandata import plan_counts_own_rvp
from electionplan.gui.commands import SetCountRvpCommand
from electionplan.gui.count_rvp_view import CountRvpRow, count_rvp_fields
from electionplan.gui.order_view import OrderPage
from electionplan.gui.record_dialog import RecordDialog
from electionplan.gui.shell import Shell
from electionplan.gui.table_models import field_of
from electionplan.services.order import count_rvps_of


class CountRvpController:
    def __init__(self, shell: Shell, page: OrderPage) -> None:
        self.shell, self.page = shell, page
        table = page.count_rvps
        table.edit_requested.connect(lambda row: self.set_rvp(field_of(row, "id")))
        table.delete_requested.connect(lambda row: self.clear_rvp(field_of(row, "id")))
        shell.controller.data_changed.connect(self.refresh)

    def refresh(self) -> None:
        view = self.shell.controller.view
        if self.shell.controller.plan is None or view is None:
            self.page.set_count_rvps([], counts_own_rvp=False)
            return
        snapshot = view.snapshot
        own = plan_counts_own_rvp(snapshot)  # the rule Needs attention and the command line ask
        self.page.set_count_rvps([CountRvpRow.of(rvp) for rvp in count_rvps_of(snapshot, view.ruleset)],
                                 counts_own_rvp=own, contacts=snapshot.contacts)

    def _row(self, venue_id: int) -> CountRvpRow | None:
        return next((row for row in self.page.count_rvps.model.rows if row.id == venue_id), None)

    def set_rvp(self, venue_id: int) -> None:
        row = self._row(venue_id)
        if row is None:
            return
        view = self.shell.controller.view
        recorded = view.snapshot.order.count_rvps if view is not None and view.snapshot.order is not None else ()
        own = next((entry for entry in recorded if entry.venue_id == venue_id), None)
        current = {"name": own.name, "description": own.description, "grid_ref": own.grid_ref} if own else {}

        def submit(typed: dict) -> None:
            values = {key: str(typed.get(key) or "") for key in ("name", "description", "grid_ref")}
            if values == current:
                return
            controller = self.shell.controller
            controller.run(SetCountRvpCommand(controller, venue_id, values, f"Set the RVP for the count at {row.name}"))

        RecordDialog(f"RVP for the count at {row.name}", count_rvp_fields(), current, submit,
                     self.shell.dialog_parent).exec()

    def clear_rvp(self, venue_id: int) -> None:
        row = self._row(venue_id)
        if row is None or not row.own:
            self.shell.show_status("This count venue has no RVP of its own: its counts already use the plan's RVP.")
            return
        controller = self.shell.controller
        self.shell.try_call(lambda: controller.run(SetCountRvpCommand(
            controller, venue_id, None, f"Clear the RVP for the count at {row.name}")))
