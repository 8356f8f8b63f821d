"""Issuing revisions, comparing them, and the audit log, reviews and contributions beside them."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtWidgets import QFileDialog

from electionplan.gui.dialogs import RevisionDialog
from electionplan.gui.pages import RevisionsPage
from electionplan.gui.rows import RevisionRow, revision_table_rows
from electionplan.gui.shell import Shell


class RevisionsController:
    """The Revisions page's behaviour and the Plan menu's Issue revision."""

    def __init__(self, shell: Shell, page: RevisionsPage) -> None:
        self.shell, self.page = shell, page
        page.issue_requested.connect(self.issue_revision)
        page.table.selection_changed.connect(self._revision_selected)
        page.compare.currentIndexChanged.connect(lambda _i: self.show_changes())
        self.selected: str | None = None

    def issue_revision(self) -> None:
        from electionplan.services.revisions import issue_revision, list_revisions, next_number, parse_number

        if self.shell.controller.plan is None:
            return
        existing = [parse_number(r.number) for r in list_revisions(self.shell.controller.current_plan())]
        draft, approved = next_number(existing, False), next_number(existing, True)
        dialog = RevisionDialog(f"{draft[0]}.{draft[1]}", f"{approved[0]}.{approved[1]}", self.shell.dialog_parent)
        if dialog.exec():
            values = dialog.values
            self.shell.try_call(lambda: issue_revision(self.shell.controller.current_plan(), values["note"], approve=values["approve"],
                                                     summary=values["summary"]))
            self.shell.controller.undo_stack.setClean()
            self.shell.controller.reassess()

    def _revision_selected(self, row: RevisionRow) -> None:
        self.selected = row.number
        self.show_changes()

    def show_changes(self) -> None:
        """What changed between the selected revision and the one chosen to compare it with."""
        from electionplan.services.review import diff_revisions
        from electionplan.services.revisions import list_revisions

        number, page = self.selected, self.page
        if number is None or self.shell.controller.plan is None:
            return
        numbers = [r.number for r in list_revisions(self.shell.controller.current_plan())]
        other = page.compare.currentData() or "previous"
        if other == "previous":
            index = numbers.index(number)
            if index == 0:
                page.changes.setHtml(f"<p>Revision {escape(number)} is the first; there is nothing earlier to "
                                     "compare. Choose the plan as it is now to see what has changed since.</p>")
                return
            older, newer = numbers[index - 1], number
        elif other == "live":
            older, newer = number, "live"
        elif other == number:
            page.changes.setHtml("<p>Choose another revision, or the plan as it is now, to compare with.</p>")
            return
        else:  # the earlier of the two first, so additions read as additions
            older, newer = sorted((number, other), key=numbers.index)
        page.changes.setHtml(diff_html(diff_revisions(self.shell.controller.current_plan(), older, newer)))

    def export_audit(self) -> None:
        from electionplan.report.audit_csv import AUDIT_COLUMNS, audit_rows, write_csv

        path, _ = QFileDialog.getSaveFileName(self.shell.dialog_parent, "Export audit log", "audit.csv", "CSV files (*.csv)")
        if path:
            self.shell.try_call(lambda: write_csv(path, AUDIT_COLUMNS, audit_rows(self.shell.controller.current_plan())))

    def _fill_compare(self, numbers: list[str]) -> None:
        combo = self.page.compare
        kept = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("the revision before it", "previous")
        combo.addItem("the plan as it is now", "live")
        for number in numbers:
            combo.addItem(f"revision {number}", number)
        combo.setCurrentIndex(max(combo.findData(kept), 0))
        combo.blockSignals(False)
        self.show_changes()

    def refresh(self) -> None:
        view = self.shell.controller.current_view()
        # The revisions and the new audit entries were read with the plan, in the edit's one read session.
        revisions = view.revisions
        self.page.table.set_rows(revision_table_rows(revisions))
        self._fill_compare([r.number for r in revisions])
        self.page.audit_table.set_rows(view.audit)
        snap = view.snapshot
        lines = []
        for comment in snap.review_comments:
            lines.append(f"<p><b>Review of revision {escape(comment.revision_number)}</b> by "
                         f"{escape(comment.reviewer or 'returning officer')} – {escape(comment.comments)}</p>")
        candidates: dict[int | None, str] = {c.id: c.name for c in snap.candidates}
        events: dict[int | None, str] = {e.id: e.name for e in snap.events}
        for item in snap.contributions:
            about = candidates.get(item.candidate_id) or events.get(item.event_id) or ""
            lines.append(f"<p><b>{escape(item.from_name)}</b> ({escape(item.organisation or 'no organisation')}) "
                         f"on {escape(about)}: {escape(item.text)}</p>")
        self.page.contributions.setHtml("".join(lines) or "<p>No reviews or contributions recorded yet.</p>")


def diff_html(diff: dict[str, Any]) -> str:
    """The diff as the Changes pane shows it; every name is escaped, as plan text is never markup."""
    newer = "the plan as it is now" if diff["to"] == "live" else f"revision {escape(str(diff['to']))}"
    parts = [f"<h3>Changes from revision {escape(str(diff['from']))} to {newer}</h3>"]
    for title, key in (("Added", "added"), ("Removed", "removed")):
        if diff[key]:
            parts.append(f"<p><b>{title}</b></p><ul>" + "".join(
                f"<li>{escape(i['entity_label'])}: {escape(str(i['name']))}</li>" for i in diff[key]) + "</ul>")
    if diff["changed"]:
        parts.append("<p><b>Changed</b></p><ul>" + "".join(
            f"<li>{escape(i['entity_label'])} {escape(str(i['name']))}: {escape(i['field_label'])} "
            f"{escape(str(i['old']))} → {escape(str(i['new']))}</li>" for i in diff["changed"]) + "</ul>")
    if diff["moved"]:
        parts.append("<p><b>Levels that moved</b></p><ul>" + "".join(
            f"<li>{escape(i['entity_label'])} {escape(str(i['name']))}: {escape(str(i['old']))} → "
            f"{escape(str(i['new']))}. {escape(str(i['reason']))}</li>" for i in diff["moved"]) + "</ul>")
    if len(parts) == 1:
        parts.append("<p>Nothing changed.</p>")
    return "".join(parts)
