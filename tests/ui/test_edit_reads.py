"""An edit in the app writes once and reads the plan back once, reading only the audit entries it has not shown."""

from __future__ import annotations

from sqlalchemy import event

from electionplan.gui.record_dialog import RecordDialog
from electionplan.report.audit_csv import audit_rows
from tests.ui.driving import fill_and_ok


class Reads:
    """Every connection the plan's engine hands out, and every statement run on the audit table."""

    def __init__(self, engine):
        self.connections = 0
        self.audit: list[tuple[str, object]] = []
        event.listen(engine.pool, "checkout", self._checkout)
        event.listen(engine, "before_cursor_execute", self._execute)

    def _checkout(self, *_args) -> None:
        self.connections += 1

    def _execute(self, _conn, _cursor, statement, parameters, _context, _many) -> None:
        if "audit_entry" in statement:
            self.audit.append((statement, parameters))

    def reset(self) -> None:
        self.connections, self.audit = 0, []


def shown_audit(window) -> list[tuple[str, str, str]]:
    """The audit log as the Revisions page lists it, newest first: record, field and new value."""
    model = window.revisions.audit_table.model
    return [(row.entity, row.field, row.new) for row in (model.row_dict(r) for r in range(model.rowCount()))]


def in_plan(window) -> list[tuple[str, str, str]]:
    entries = audit_rows(window.controller.plan)
    return [(e[3], e[5], e[7]) for e in reversed(entries)]


def rename_first_event(window, monkeypatch, reads: Reads, name: str) -> None:
    page = window.events
    window.show_page("events")
    page.table.selectRow(0)

    def fill(dialog: RecordDialog) -> None:
        dialog.widgets["name"].setText(name)
        reads.reset()  # from OK on: the edit itself and the window's refresh

    monkeypatch.setattr(RecordDialog, "exec", fill_and_ok(fill))
    page.edit_button.click()


def test_an_edit_is_one_write_and_one_read_that_takes_only_the_new_audit_entries(window, qtbot, monkeypatch):
    plan = window.controller.plan
    reads = Reads(plan.engine)
    seen_before = window.controller.view.last_audit
    assert seen_before is not None and len(shown_audit(window)) > 1
    rename_first_event(window, monkeypatch, reads, "Hustings at the Corn Exchange (moved)")
    qtbot.waitUntil(lambda: shown_audit(window)[0] == ("Event", "name", "Hustings at the Corn Exchange (moved)"))
    assert reads.connections == 2  # the edit's write, then the refresh's one read session
    selects = [(sql, params) for sql, params in reads.audit if sql.lstrip().upper().startswith("SELECT")]
    assert selects, "the refresh read the audit"
    # Each read of the audit starts at the last entry already shown (read again, to know it is the same history).
    assert all(seen_before.id - 1 in tuple(params if isinstance(params, (tuple, list)) else params.values())
               for _sql, params in selects), selects
    assert shown_audit(window) == in_plan(window)


def test_undo_and_a_replaced_plan_file_leave_the_audit_shown_as_the_plan_holds_it(window, qtbot, monkeypatch,
                                                                                   tmp_path):
    reads = Reads(window.controller.plan.engine)
    rename_first_event(window, monkeypatch, reads, "First name")
    qtbot.waitUntil(lambda: shown_audit(window)[0][2] == "First name")
    window.controller.undo_stack.undo()
    qtbot.waitUntil(lambda: shown_audit(window)[0][2] != "First name")
    assert shown_audit(window) == in_plan(window)
    assert len([row for row in shown_audit(window) if row[2] == "First name"]) == 1  # the edit, kept in the log
    if not window.controller.is_file:
        return  # a shared plan is never replaced under the app
    from electionplan.db.backups import consistent_copy

    earlier = tmp_path / "earlier.eplan"
    consistent_copy(window.controller.plan.path, earlier)
    rename_first_event(window, monkeypatch, reads, "Second name")
    qtbot.waitUntil(lambda: shown_audit(window)[0][2] == "Second name")
    window.controller.replace_plan_with(earlier)  # as undoing an import puts the plan before it back
    assert shown_audit(window) == in_plan(window)
    assert "Second name" not in [row[2] for row in shown_audit(window)]


def test_after_a_revision_the_edit_still_reads_once_and_says_what_moved_since_it(window, qtbot, monkeypatch):
    from electionplan.services.revisions import issue_revision

    issue_revision(window.controller.plan, "Baseline for the campaign")
    window.controller.reassess()  # F5: the revision is on screen, its levels not yet worked out
    said: list[str] = []
    window.controller.moved_message.connect(said.append)
    reads = Reads(window.controller.plan.engine)
    rename_first_event(window, monkeypatch, reads, "Hustings, new name")
    qtbot.waitUntil(lambda: bool(said))
    assert reads.connections == 2  # the revision's levels came with the refresh's one read
    assert len(said) == 1 and said[0].endswith("changed level since revision 0.1.")
