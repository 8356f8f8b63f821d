"""Plan ▸ Ruleset…: the ruleset read and changed in the app, as one undoable edit of the plan."""

from __future__ import annotations

from electionplan.db import models as m
from electionplan.gui.commands import UpdateRecordCommand
from electionplan.gui.ruleset_dialog import RulesetDialog
from electionplan.services.assessment import plan_ruleset
from electionplan.services.editing import record_values
from electionplan.services.order import plan_record_id


def edit_ruleset(window) -> RulesetDialog:
    """Open the ruleset dialog; keeping a ruleset re-assesses the plan and can be undone."""
    controller = window.controller
    plan_id = plan_record_id(controller.plan)
    force_copy = record_values(controller.plan, m.Plan, plan_id).get("ruleset_toml") is not None
    dialog = RulesetDialog(plan_ruleset(controller.plan), force_copy, window)

    def keep() -> None:
        if dialog.chosen != (record_values(controller.plan, m.Plan, plan_id).get("ruleset_toml")):
            window._try(lambda: controller.run(UpdateRecordCommand(
                controller, m.Plan, plan_id, {"ruleset_toml": dialog.chosen}, "Change the ruleset")))

    dialog.accepted.connect(keep)
    dialog.open()
    return dialog
