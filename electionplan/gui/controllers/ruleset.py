"""Plan ▸ Ruleset…: the ruleset read and changed in the app, as one undoable edit of the plan."""

from __future__ import annotations

from electionplan.db import models as m
from electionplan.gui.commands import UpdateRecordCommand
from electionplan.gui.ruleset_dialog import RulesetDialog
from electionplan.gui.shell import Shell
from electionplan.services.assessment import plan_ruleset
from electionplan.services.editing import record_values
from electionplan.services.order import plan_record_id


def edit_ruleset(shell: Shell) -> RulesetDialog:
    """Open the ruleset dialog; keeping a ruleset re-assesses the plan and can be undone."""
    controller = shell.controller
    plan_id = plan_record_id(controller.current_plan())
    force_copy = record_values(controller.current_plan(), m.Plan, plan_id).get("ruleset_toml") is not None
    dialog = RulesetDialog(plan_ruleset(controller.current_plan()), force_copy, shell.dialog_parent)

    def keep() -> None:
        if dialog.chosen != (record_values(controller.current_plan(), m.Plan, plan_id).get("ruleset_toml")):
            shell.try_call(lambda: controller.run(UpdateRecordCommand(
                controller, m.Plan, plan_id, {"ruleset_toml": dialog.chosen}, "Change the ruleset")))

    dialog.accepted.connect(keep)
    dialog.open()
    return dialog
