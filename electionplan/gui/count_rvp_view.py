"""The operational order page's tab of count venues and their RVPs: layout and rows only.

Each count venue is a row: its counts, its RVP (its own, or the plan's standing in, in words that say so), the
RVP's distance from the venue and what a commander must check about it. Setting one opens a small form; clearing
one puts the plan's RVP back in its place. Both are undoable (see controllers.count_rvp).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from electionplan.domain.count_rvp import CountRvp
from electionplan.gui.record_dialog import FieldSpec
from electionplan.gui.table_models import Column, RecordTableModel
from electionplan.gui.widgets import TablePage

COUNT_RVPS_TAB = "Count RVPs"


@dataclass(frozen=True)
class CountRvpRow:
    id: int  # the venue's
    name: str  # the venue's, which questions about the row name
    counts: str
    rvp: str
    grid_ref: str
    distance: str
    check: str
    own: bool

    @classmethod
    def of(cls, rvp: CountRvp) -> CountRvpRow:
        said = rvp.said
        distance = ("" if rvp.distance_m is None else f"{rvp.distance_m:,.0f} m" if rvp.distance_m < 1000
                    else f"{rvp.distance_m / 1000:,.1f} km")
        return cls(rvp.venue_id, rvp.venue, ", ".join(rvp.counts), said[:1].upper() + said[1:], rvp.grid_ref,
                   distance, rvp.flag[:1].upper() + rvp.flag[1:] if rvp.flag else "", rvp.own)


class CountRvpPage(TablePage):
    """A row a count venue: nothing to add or delete, so its own two buttons set an RVP or clear it."""

    def __init__(self) -> None:
        super().__init__("", "", RecordTableModel([
            Column("name", "Count venue", width=200, keep=160), Column("rvp", "RVP", width=280),
            Column("grid_ref", "Grid reference", width=120), Column("distance", "From the venue", width=110),
            Column("check", "Check", width=300), Column("counts", "Counts")]), "count venue", editable=False)
        # The chosen venue's RVP and check in full, wrapped: a table cell shows the start of a sentence only.
        self.detail = QLabel("Choose a count venue to see its RVP in full.")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAccessibleName("The chosen count venue's RVP")
        self.page_layout.addWidget(self.detail)
        self.selection_changed.connect(self._show_detail)
        self.set_button, self.clear_button = QPushButton("Set RVP…"), QPushButton("Use the plan's RVP")
        for button, tip, doing in ((self.set_button, "Set the selected count venue's own RVP (Enter)", "set its RVP"),
                                   (self.clear_button, "Clear the selected count venue's own RVP: its counts use the "
                                    "plan's RVP", "clear its RVP")):
            self.bar.addWidget(button)
            self.needs_selection(button, tip, doing)
        self.set_button.clicked.connect(lambda: self._emit(self.edit_requested, self.table.currentIndex()))
        self.clear_button.clicked.connect(lambda: self._emit(self.delete_requested, self.table.currentIndex()))

    def refresh_detail(self) -> None:
        index = self.table.currentIndex()
        self._show_detail(self.model.row_dict(self.proxy.mapToSource(index).row()) if index.isValid() else None)

    def _show_detail(self, row: CountRvpRow | None) -> None:
        if row is None:
            self.detail.setText("Choose a count venue to see its RVP in full.")
            return
        said = escape(f"{row.name} ({row.counts}). RVP: {row.rvp}."
                      + (f" From the venue: {row.distance}." if row.distance else ""))
        # The check in red and bold on a line of its own, so the eye goes to it.
        self.detail.setText(said + (f'<br><b style="color: #b71c1c">Check: {escape(row.check)}.</b>'
                                    if row.check else ""))


def count_rvp_fields() -> list[FieldSpec]:
    """A count venue's RVP in plain words: where it is, how to find it, and its grid reference."""
    return [
        FieldSpec("name", "RVP name", required=True, help="e.g. Wyvernbridge fire station yard"),
        FieldSpec("description", "Address or description", help="Street and town, or how to find it"),
        FieldSpec("grid_ref", "Grid reference", required=True,
                  help="An OS grid reference (SJ 8790 1890) or 'easting, northing'"),
    ]
