"""Adding, editing and deleting records from the tables, each edit an undoable command."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QMessageBox

from electionplan.db import models as m
from electionplan.domain.errors import ConflictError
from electionplan.gui import forms
from electionplan.gui.commands import (
    CreateRecordCommand,
    DeleteRecordCommand,
    DeleteRecordsCommand,
    UpdateRecordCommand,
)
from electionplan.gui.dialogs import CapacityDialog
from electionplan.gui.record_dialog import RecordDialog
from electionplan.gui.rows import DemandRow, FlashpointRow
from electionplan.gui.shell import Shell, WindowPages
from electionplan.gui.table_models import field_of, row_label
from electionplan.services import editing


@dataclass
class EntityBinding:
    """How one kind of record is added, edited and deleted from its table."""

    model: type
    noun: str
    fields: Callable[[], list]
    located: bool = False

    @property
    def plural(self) -> str:
        return self.noun[:-1] + "ies" if self.noun.endswith("y") else self.noun + "s"


class RecordsController:
    """Wires the record tables' add, edit and delete requests to dialogs and commands."""

    def __init__(self, shell: Shell, pages: WindowPages) -> None:
        self.shell, self.flashpoints = shell, pages.flashpoints
        choices = self.choices
        self.bindings = {
            "station": EntityBinding(m.PollingStation, "polling station", lambda: forms.station_fields(choices("constituencies")), True),
            "venue": EntityBinding(m.Venue, "venue", forms.venue_fields, True),
            "event": EntityBinding(m.Event, "event", lambda: forms.event_fields(choices("venues"), self.candidate_choices())),
            "candidate": EntityBinding(m.Candidate, "candidate", lambda: forms.candidate_fields(choices("constituencies"))),
            "incident": EntityBinding(m.Incident, "incident", lambda: forms.incident_fields(
                choices("events"), choices("stations"), choices("venues"), self.candidate_choices()), True),
        }
        for page, key in ((pages.stations, "station"), (pages.venues, "venue"), (pages.events, "event"),
                          (pages.candidates, "candidate"), (pages.incidents, "incident")):
            page.add_requested.connect(lambda k=key: self.add_record(k))
            page.edit_requested.connect(lambda row, k=key: self.edit_record(k, field_of(row, "id")))
            page.delete_requested.connect(lambda row, k=key: self.delete_record(k, field_of(row, "id"), row_label(row)))
            page.delete_many_requested.connect(lambda rows, k=key: self.delete_records(k, rows))
        pages.resources.edit_requested.connect(self._edit_capacity)
        pages.flashpoints.table.selection_changed.connect(self._flashpoint_selected)
        pages.flashpoints.map.item_clicked.connect(self._map_clicked)
        pages.constituencies.map.item_clicked.connect(self._map_clicked)

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
        binding = self.bindings[key]
        values: dict[str, Any] = {}
        if key == "event":
            values = forms.default_event_values(self.shell.controller.current_view().snapshot.election.polling_day)
        if key == "incident":
            values = {"occurred_at": dt.datetime.now().replace(second=0, microsecond=0), "severity": "medium", "status": "open"}

        def submit(typed):
            data = forms.apply_location(typed, self._postcode_lookup) if binding.located else typed
            self.shell.controller.run(CreateRecordCommand(self.shell.controller, binding.model, data, f"Add {binding.noun}"))

        RecordDialog(f"Add {binding.noun}", binding.fields(), {**values, **(given or {})}, submit, self.shell.dialog_parent).exec()

    def edit_record(self, key: str, record_id: int) -> None:
        binding = self.bindings[key]
        current, version = editing.record_state(self.shell.controller.current_plan(), binding.model, record_id)
        if binding.located:
            current["location"] = forms.location_text(current)
        fields = binding.fields()

        seen = {"version": version}

        def submit(typed):
            if binding.located and typed.get("location") == current.get("location"):
                # An untouched location keeps its exact coordinates.
                data = {k: v for k, v in typed.items() if k != "location"}
            else:
                data = forms.apply_location(typed, self._postcode_lookup) if binding.located else typed
            changes = {k: v for k, v in data.items() if current.get(k) != v}
            if not changes:
                return
            try:
                self.shell.controller.run(UpdateRecordCommand(self.shell.controller, binding.model, record_id, changes,
                                                        f"Edit {binding.noun}", expected_version=seen["version"]))
            except ConflictError:
                # Keep the SPOC's values in the dialog; a second OK applies them over the colleague's.
                seen["version"] = editing.record_version(self.shell.controller.current_plan(), binding.model, record_id)
                self.shell.controller.reassess()
                raise ConflictError(f"Someone else changed this {binding.noun} while you were editing it. "
                                    "Your values are kept here: press OK again to save them over theirs, "
                                    "or Cancel to keep theirs.") from None

        RecordDialog(f"Edit {binding.noun}", fields, current, submit, self.shell.dialog_parent).exec()

    def delete_record(self, key: str, record_id: int, label: str) -> None:
        binding = self.bindings[key]
        answer = QMessageBox.question(self.shell.dialog_parent, f"Delete {binding.noun}",
                                      f"Delete the {binding.noun} '{label}'? You can undo this with Edit ▸ Undo.",
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self.shell.try_call(lambda: self.shell.controller.run(DeleteRecordCommand(self.shell.controller, binding.model, record_id,
                                                                      f"Delete {binding.noun}")))

    def delete_records(self, key: str, rows: list[Any]) -> None:
        """Several selected rows: asked once, deleted as one step that one undo restores."""
        binding = self.bindings[key]
        names = [row_label(r) or str(field_of(r, "id")) for r in rows]
        listed = ", ".join(f"'{n}'" for n in names[:5]) + (f" and {len(names) - 5:,} more" if len(names) > 5 else "")
        plural = binding.plural
        answer = QMessageBox.question(self.shell.dialog_parent, f"Delete {len(rows):,} {plural}",
                                      f"Delete {len(rows):,} {plural}: {listed}? You can undo this with Edit ▸ Undo.",
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            command = DeleteRecordsCommand(self.shell.controller, binding.model, [field_of(r, "id") for r in rows],
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
