"""Issuing revisions, comparing them, and the audit log, reviews and contributions beside them."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtWidgets import QFileDialog

from electionplan.gui.dialogs import RevisionDialog


class RevisionsController:
    """The Revisions page's behaviour and the Plan menu's Issue revision."""

    def __init__(self, window) -> None:
        self.window = window
        window.revisions.issue_requested.connect(self.issue_revision)
        window.revisions.table.selection_changed.connect(self._revision_selected)

    def issue_revision(self) -> None:
        from electionplan.services.revisions import issue_revision, list_revisions, next_number, parse_number

        if self.window.controller.plan is None:
            return
        existing = [parse_number(r.number) for r in list_revisions(self.window.controller.plan)]
        draft, approved = next_number(existing, False), next_number(existing, True)
        dialog = RevisionDialog(f"{draft[0]}.{draft[1]}", f"{approved[0]}.{approved[1]}", self.window)
        if dialog.exec():
            values = dialog.values
            self.window._try(lambda: issue_revision(self.window.controller.plan, values["note"], approve=values["approve"],
                                                     summary=values["summary"]))
            self.window.controller.undo_stack.setClean()
            self.window.controller.reassess()

    def _revision_selected(self, row: dict) -> None:
        from electionplan.services.review import diff_revisions
        from electionplan.services.revisions import list_revisions

        numbers = [r.number for r in list_revisions(self.window.controller.plan)]
        number = row["number"]
        index = numbers.index(number)
        if index == 0:
            self.window.revisions.changes.setHtml(f"<p>Revision {number} is the first; there is nothing earlier to compare.</p>")
            return
        diff = diff_revisions(self.window.controller.plan, numbers[index - 1], number)
        self.window.revisions.changes.setHtml(diff_html(diff))

    def export_audit(self) -> None:
        from electionplan.report.audit_csv import AUDIT_COLUMNS, audit_rows, write_csv

        path, _ = QFileDialog.getSaveFileName(self.window, "Export audit log", "audit.csv", "CSV files (*.csv)")
        if path:
            self.window._try(lambda: write_csv(path, AUDIT_COLUMNS, audit_rows(self.window.controller.plan)))

    def refresh(self) -> None:
        from electionplan.report.audit_csv import audit_rows
        from electionplan.services.revisions import list_revisions, revision_rows

        plan = self.window.controller.plan
        revision_list = revision_rows(list_revisions(plan))
        self.window.revisions.table.set_rows([{**r, "id": n} for n, r in enumerate(revision_list)])
        entries = audit_rows(plan)
        self.window.revisions.audit_table.set_rows([
            {"id": n, "when": e[0], "who": e[1], "action": e[2], "entity": e[3], "field": e[5], "old": e[6], "new": e[7]}
            for n, e in enumerate(reversed(entries))])
        snap = self.window.controller.snapshot
        lines = []
        for comment in snap.review_comments:
            lines.append(f"<p><b>Review of revision {escape(comment.revision_number)}</b> by "
                         f"{escape(comment.reviewer or 'returning officer')} – {escape(comment.comments)}</p>")
        candidates = {c.id: c.name for c in snap.candidates}
        events = {e.id: e.name for e in snap.events}
        for item in snap.contributions:
            about = candidates.get(item.candidate_id) or events.get(item.event_id) or ""
            lines.append(f"<p><b>{escape(item.from_name)}</b> ({escape(item.organisation or 'no organisation')}) "
                         f"on {escape(about)}: {escape(item.text)}</p>")
        self.window.revisions.contributions.setHtml("".join(lines) or "<p>No reviews or contributions recorded yet.</p>")


def diff_html(diff: dict[str, Any]) -> str:
    parts = [f"<h3>Changes from revision {diff['from']} to {diff['to']}</h3>"]
    for title, key in (("Added", "added"), ("Removed", "removed")):
        if diff[key]:
            parts.append(f"<p><b>{title}</b></p><ul>" + "".join(f"<li>{i['entity_label']}: {i['name']}</li>" for i in diff[key]) + "</ul>")
    if diff["changed"]:
        parts.append("<p><b>Changed</b></p><ul>" + "".join(
            f"<li>{i['entity_label']} {i['name']}: {i['field_label']} {i['old']} → {i['new']}</li>" for i in diff["changed"]) + "</ul>")
    if diff["moved"]:
        parts.append("<p><b>Levels that moved</b></p><ul>" + "".join(
            f"<li>{i['entity_label']} {i['name']}: {i['old']} → {i['new']}. {i['reason']}</li>" for i in diff["moved"]) + "</ul>")
    if len(parts) == 1:
        parts.append("<p>Nothing changed.</p>")
    return "".join(parts)
