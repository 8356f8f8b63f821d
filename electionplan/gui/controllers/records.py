"""Adding, editing and deleting records from the tables, each edit an undoable command."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QMessageBox

from electionplan.db import models as m
from electionplan.db.record_kinds import PLAN_LISTS, RecordKind, form_kinds
from electionplan.domain.errors import ConflictError
from electionplan.gui import forms
from electionplan.gui.commands import (
    CreateRecordCommand,
    DeleteRecordCommand,
    DeleteRecordsCommand,
    UpdateRecordCommand,
)
from electionplan.gui.dialogs import CapacityDialog
from electionplan.gui.record_dialog import FieldSpec, RecordDialog
from electionplan.gui.rows import DemandRow, FlashpointRow
from electionplan.gui.shell import Shell, WindowPages
from electionplan.gui.table_models import field_of, row_label
from electionplan.services import editing


class RecordsController:
    """Wires the record tables' add, edit and delete requests to dialogs and commands.

    Every kind the registry of record kinds gives a form is edited here, with the form the registry lays out; the
    pages offering each are wired by the window's controllers (this one, and the order page's).
    """

    def __init__(self, shell: Shell, pages: WindowPages) -> None:
        self.shell, self.flashpoints = shell, pages.flashpoints
        self.bindings: dict[str, RecordKind] = {kind.name: kind for kind in form_kinds()}
        for page, key in ((pages.stations, "station"), (pages.venues, "venue"), (pages.events, "event"),
                          (pages.candidates, "candidate"), (pages.incidents, "incident")):
            page.add_requested.connect(lambda k=key: self.add_record(k))
            page.edit_requested.connect(lambda row, k=key: self.edit_record(k, field_of(row, "id")))
            page.delete_requested.connect(lambda row, k=key: self.delete_record(k, field_of(row, "id"), row_label(row)))
            page.delete_many_requested.connect(lambda rows, k=key: self.delete_records(k, rows))
        # Constituencies come from the boundary files and are edited, never added or deleted, by hand.
        pages.constituencies.edit_requested.connect(lambda row: self.edit_record("constituency", field_of(row, "id")))
        pages.resources.edit_requested.connect(self._edit_capacity)
        pages.flashpoints.table.selection_changed.connect(self._flashpoint_selected)
        pages.flashpoints.map.item_clicked.connect(self._map_clicked)
        pages.constituencies.map.item_clicked.connect(self._map_clicked)

    def form(self, key: str) -> list[FieldSpec]:
        """The kind's form, with the plan's records its fields choose among as the plan now holds them."""
        kind = self.bindings[key]
        wanted = {field.choices for field in kind.form_fields()} & set(PLAN_LISTS)
        lists = {name: self.candidate_choices() if name == "candidates" else self.choices(name) for name in wanted}
        return forms.form_fields(kind, lists)

    def choices(self, key: str) -> list[tuple[int, str]]:
        view = self.shell.controller.view
        records_ = getattr(view.snapshot, key, ()) if view is not None else ()
        return sorted(((r.id, getattr(r, "name", "") or getattr(r, "gss_code", "")) for r in records_),
                      key=lambda x: x[1].lower())

    def candidate_choices(self) -> list[tuple[int, str]]:
        """Candidates by name; with more than one seat in the plan, each with the seat they contest."""
        snapshot = self.shell.controller.current_view().snapshot
        seats: dict[int | None, str] = {c.id: c.name for c in snapshot.constituencies}
        if len(seats) <= 1:
            return self.choices("candidates")
        return sorted(((c.id, f"{c.name} — {seats.get(c.constituency_id, 'no constituency')}") for c in snapshot.candidates),
                      key=lambda x: x[1].lower())

    def _postcode_lookup(self, text: str):
        return editing.postcode_location(self.shell.controller.current_plan(), text)

    def add_record(self, key: str, given: dict[str, Any] | None = None) -> None:
        """The add form for a kind of record; `given` fills some fields first (a location clicked on the map)."""
        kind = self.bindings[key]
        values: dict[str, Any] = {}
        if key == "event":
            values = forms.default_event_values(self.shell.controller.current_view().snapshot.election.polling_day)
        if key == "incident":
            values = {"occurred_at": dt.datetime.now().replace(second=0, microsecond=0), "severity": "medium", "status": "open"}

        def submit(typed):
            data = forms.apply_location(typed, self._postcode_lookup) if kind.located else typed
            self.shell.controller.run(CreateRecordCommand(self.shell.controller, kind.model, data, f"Add {kind.label}"))

        RecordDialog(f"Add {kind.label}", self.form(key), {**values, **(given or {})}, submit, self.shell.dialog_parent).exec()

    def edit_record(self, key: str, record_id: int) -> None:
        kind = self.bindings[key]
        current, version = editing.record_state(self.shell.controller.current_plan(), kind.model, record_id)
        if kind.located:
            current["location"] = forms.location_text(current)
        fields = self.form(key)

        seen = {"version": version}

        def submit(typed):
            if kind.located and typed.get("location") == current.get("location"):
                # An untouched location keeps its exact coordinates.
                data = {k: v for k, v in typed.items() if k != "location"}
            else:
                data = forms.apply_location(typed, self._postcode_lookup) if kind.located else typed
            changes = {k: v for k, v in data.items() if current.get(k) != v}
            if not changes:
                return
            try:
                self.shell.controller.run(UpdateRecordCommand(self.shell.controller, kind.model, record_id, changes,
                                                        f"Edit {kind.label}", expected_version=seen["version"]))
            except ConflictError:
                # Keep the SPOC's values in the dialog; a second OK applies them over the colleague's.
                seen["version"] = editing.record_version(self.shell.controller.current_plan(), kind.model, record_id)
                self.shell.controller.reassess()
                raise ConflictError(f"Someone else changed this {kind.label} while you were editing it. "
                                    "Your values are kept here: press OK again to save them over theirs, "
                                    "or Cancel to keep theirs.") from None

        RecordDialog(f"Edit {kind.label}", fields, current, submit, self.shell.dialog_parent).exec()

    def delete_record(self, key: str, record_id: int, label: str) -> None:
        kind = self.bindings[key]
        # What goes with it, or no longer names it, is said before the SPOC agrees (a candidate's threat reports).
        linked = editing.linked_consequence(self.shell.controller.current_plan(), kind.model, record_id)
        with_it = f" {linked[0].upper()}{linked[1:]}." if linked else ""
        answer = QMessageBox.question(self.shell.dialog_parent, f"Delete {kind.label}",
                                      f"Delete the {kind.label} '{label}'?{with_it} You can undo this with Edit ▸ Undo.",
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self.shell.try_call(lambda: self.shell.controller.run(DeleteRecordCommand(self.shell.controller, kind.model, record_id,
                                                                      f"Delete {kind.label}")))

    def delete_records(self, key: str, rows: list[Any]) -> None:
        """Several selected rows: asked once, deleted as one step that one undo restores."""
        kind = self.bindings[key]
        names = [row_label(r) or str(field_of(r, "id")) for r in rows]
        listed = ", ".join(f"'{n}'" for n in names[:5]) + (f" and {len(names) - 5:,} more" if len(names) > 5 else "")
        plural = kind.plural
        plan = self.shell.controller.current_plan()
        named = sum(1 for r in rows if editing.linked_consequence(plan, kind.model, field_of(r, "id")))
        with_them = (f" {named:,} of them are named by other records, which are deleted with them or no longer "
                     "name them." if named else "")
        answer = QMessageBox.question(self.shell.dialog_parent, f"Delete {len(rows):,} {plural}",
                                      f"Delete {len(rows):,} {plural}: {listed}?{with_them} You can undo this with "
                                      "Edit ▸ Undo.",
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            command = DeleteRecordsCommand(self.shell.controller, kind.model, [field_of(r, "id") for r in rows],
                                           f"Delete {len(rows):,} {plural}")
            self.shell.try_call(lambda: self.shell.controller.run(command))

    def _edit_capacity(self, row: DemandRow) -> None:
        day = dt.date.fromisoformat(row.date_iso)
        shift = row.shift.lower()
        view = self.shell.controller.view
        recorded = next((c.sergeants for c in view.snapshot.capacity if (c.day, c.shift) == (day, shift)),
                        None) if view is not None else None

        def submit(officers: int, sergeants: int | None) -> None:
            # Checked as every edit of a shift is: a refusal is said in the dialog, which stays open.
            existing_id = editing.capacity_record_id(self.shell.controller.current_plan(), day, shift)
            figures = {"officers": officers, "sergeants": sergeants}
            command: CreateRecordCommand | UpdateRecordCommand
            if existing_id is None:
                command = CreateRecordCommand(self.shell.controller, m.OfficerCapacity,
                                              {"day": day, "shift": shift, **figures}, "Set capacity")
            else:
                command = UpdateRecordCommand(self.shell.controller, m.OfficerCapacity, existing_id, figures,
                                              "Set capacity")
            self.shell.controller.run(command)

        CapacityDialog(f"{row.date} – {row.shift} shift", row.available, self.shell.dialog_parent, recorded,
                       submit).exec()

    def _flashpoint_selected(self, row: FlashpointRow) -> None:
        self.flashpoints.show_reasons(row)
        self.flashpoints.map.highlight("venue", row.venue_id)

    def _map_clicked(self, entity: str, record_id: int) -> None:
        if entity == "venue":
            for row in self.flashpoints.table.model.rows:
                if row.venue_id == record_id:
                    self.flashpoints.table.select_id(row.id)
                    break
        self.shell.show_status(f"Selected {entity} on the map.", 3000)
