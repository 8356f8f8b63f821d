"""The operational order page: its words saved as one undoable edit, its tables edited like any record."""

from __future__ import annotations

from electionplan.db import models as m
from electionplan.db import order_models as om
from electionplan.domain.vocab import CONTACT_ROLES
from electionplan.gui import forms
from electionplan.gui.commands import UpdateRecordCommand
from electionplan.gui.controllers.records import EntityBinding
from electionplan.services.order import election_record_id, plan_record_id


def contact_rows(snapshot) -> list[dict]:
    """The named contacts as the table shows them: role by its name, force-wide ones first."""
    seats = {c.id: c.name for c in snapshot.constituencies}
    contacts = sorted(snapshot.contacts, key=lambda c: (c.constituency_id is not None, seats.get(c.constituency_id, ""),
                                                        list(CONTACT_ROLES).index(c.role) if c.role in CONTACT_ROLES
                                                        else len(CONTACT_ROLES), c.name))
    return [{"id": c.id, "role": CONTACT_ROLES.get(c.role, c.role), "name": c.name, "organisation": c.organisation,
             "constituency": seats.get(c.constituency_id, "Every constituency"), "phone": c.phone, "email": c.email}
            for c in contacts]


class OrderController:
    def __init__(self, window) -> None:
        self.window = window
        page, records = window.order, window.records_ctl
        records.bindings.update({
            "command_role": EntityBinding(om.CommandRole, "command role", forms.command_role_fields),
            "briefing": EntityBinding(om.Briefing, "briefing", forms.briefing_fields),
            "channel": EntityBinding(om.CommsChannel, "channel", forms.channel_fields),
            "contact": EntityBinding(m.Contact, "contact", lambda: forms.contact_fields(records.choices("constituencies"))),
        })
        for table, key in ((page.command, "command_role"), (page.briefings, "briefing"), (page.channels, "channel"),
                           (page.contacts, "contact")):
            table.add_requested.connect(lambda k=key: records.add_record(k))
            table.edit_requested.connect(lambda row, k=key: records.edit_record(k, row["id"]))
            table.delete_requested.connect(lambda row, k=key: records.delete_record(
                k, row["id"], row.get("name") or row.get("label") or row.get("when", "")))
        page.text_save_requested.connect(self.save_words)
        page.facts.save_requested.connect(self.save_facts)
        window.controller.data_changed.connect(self.refresh)

    def refresh(self) -> None:
        controller = self.window.controller
        if controller.plan is not None and controller.view is not None and controller.view.order is not None:
            self.window.order.set_order(controller.view.order)  # read with the plan after the edit
            self.window.order.facts.set_facts(controller.snapshot.election, controller.snapshot.plan)
            self.window.order.set_contacts(contact_rows(controller.snapshot))

    def save_facts(self, plan_changes: dict, election_changes: dict) -> None:
        """The plan's and the election's facts as one undoable step."""
        controller = self.window.controller
        commands = []
        if plan_changes:
            commands.append(UpdateRecordCommand(controller, m.Plan, plan_record_id(controller.plan), plan_changes,
                                                "Edit the document facts"))
        if election_changes:
            commands.append(UpdateRecordCommand(controller, m.Election, election_record_id(controller.plan),
                                                election_changes, "Edit the police force"))

        def run_all() -> None:
            controller.undo_stack.beginMacro("Edit the document facts")
            try:
                for command in commands:
                    controller.run(command)
            finally:
                controller.undo_stack.endMacro()

        self.window._try(run_all)

    def save_words(self, changes: dict[str, str]) -> None:
        controller = self.window.controller
        plan_id = plan_record_id(controller.plan)
        self.window._try(lambda: controller.run(UpdateRecordCommand(controller, m.Plan, plan_id, changes,
                                                                    "Edit the order's words")))
