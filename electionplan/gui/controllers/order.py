"""The operational order page: its words saved as one undoable edit, its tables edited like any record."""

from __future__ import annotations

from electionplan.db import models as m
from electionplan.gui.commands import UpdateRecordCommand
from electionplan.gui.controllers.count_rvp import CountRvpController
from electionplan.gui.controllers.records import RecordsController
from electionplan.gui.order_view import OrderPage
from electionplan.gui.rows import contact_rows
from electionplan.gui.shell import Shell
from electionplan.gui.table_models import field_of
from electionplan.services.order import election_record_id, plan_record_id


class OrderController:
    def __init__(self, shell: Shell, page: OrderPage, records: RecordsController) -> None:
        self.shell, self.page = shell, page
        for table, key in ((page.command, "command_role"), (page.briefings, "briefing"), (page.channels, "channel"),
                           (page.contacts, "contact")):
            table.add_requested.connect(lambda k=key: records.add_record(k))
            table.edit_requested.connect(lambda row, k=key: records.edit_record(k, field_of(row, "id")))
            table.delete_requested.connect(lambda row, k=key: records.delete_record(
                k, field_of(row, "id"), field_of(row, "name") or field_of(row, "label") or field_of(row, "when") or ""))
        page.text_save_requested.connect(self.save_words)
        page.facts.save_requested.connect(self.save_facts)
        shell.controller.data_changed.connect(self.refresh)
        self.count_rvps = CountRvpController(shell, page)

    def refresh(self) -> None:
        controller = self.shell.controller
        if controller.plan is not None and controller.view is not None and controller.view.order is not None:
            self.page.set_order(controller.view.order)  # read with the plan after the edit
            self.page.facts.set_facts(controller.view.snapshot.election, controller.view.snapshot.plan)
            self.page.set_contacts(contact_rows(controller.view.snapshot))

    def save_facts(self, plan_changes: dict, election_changes: dict) -> None:
        """The plan's and the election's facts as one undoable step."""
        controller = self.shell.controller
        commands = []
        if plan_changes:
            commands.append(UpdateRecordCommand(controller, m.Plan, plan_record_id(controller.current_plan()), plan_changes,
                                                "Edit the document facts"))
        if election_changes:
            commands.append(UpdateRecordCommand(controller, m.Election, election_record_id(controller.current_plan()),
                                                election_changes, "Edit the police force"))

        def run_all() -> None:
            controller.undo_stack.beginMacro("Edit the document facts")
            try:
                for command in commands:
                    controller.run(command)
            finally:
                controller.undo_stack.endMacro()

        self.shell.try_call(run_all)

    def save_words(self, changes: dict[str, str]) -> None:
        controller = self.shell.controller
        plan_id = plan_record_id(controller.current_plan())
        self.shell.try_call(lambda: controller.run(UpdateRecordCommand(controller, m.Plan, plan_id, changes,
                                                                    "Edit the order's words")))
