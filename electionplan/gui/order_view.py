"""The operational order's page: its own words, command structure, briefings and channels.

Layout only. The order controller fills it from the plan and turns what is
typed into undoable edits; the standard sections come from the template and
are shown for reference.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from electionplan.domain.errors import ValidationError
from electionplan.domain.order import NamedContact, OrderContent, live_gaps, normalise_rvp_grid_ref
from electionplan.gui.count_rvp_view import COUNT_RVPS_TAB, CountRvpPage, CountRvpRow
from electionplan.gui.facts_view import DocumentFactsForm
from electionplan.gui.rows import ContactRow
from electionplan.gui.table_models import Column, RecordTableModel
from electionplan.gui.widgets import TablePage, page_title

# The rendezvous point's fields: (field, label, placeholder).
RVP_FORM = (
    ("rvp_name", "RVP name", "e.g. Wyvernbridge fire station yard"),
    ("rvp_address", "RVP address", "Street and town"),
    ("rvp_postcode", "RVP postcode", "e.g. SY11 1AA"),
    ("rvp_grid_ref", "RVP grid reference", "An OS grid reference (SJ 3300 3100) or 'easting, northing'"),
)

# The order's own words, in the order a briefing reads them: (field, label, lines shown).
TEXT_FIELDS = (
    ("gold_strategy", "Gold strategy", 4),
    ("tactical_parameters", "Tactical parameters", 4),
    ("escalation", "Escalation (how presiding officers and staff call for help)", 3),
    ("communications", "Communications", 3),
)


def _text_box(label: str, lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)  # Tab moves on; a tab character is never what is meant
    box.setAccessibleName(label)
    box.setTabChangesFocus(True)  # Tab moves on, as in any form
    box.setFixedHeight(22 + 17 * lines)
    return box


class OrderPage(QWidget):
    text_save_requested = Signal(dict)  # field -> new text, only the fields that changed

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(page_title("Operational order", "What the order says in the force's own words; the "
                                    "standard sections come from the national template or the force's own copy."))
        self.gaps = QLabel("")
        self.gaps.setObjectName("banner")
        self.gaps.setWordWrap(True)
        layout.addWidget(self.gaps)
        tabs = self.tabs = QTabWidget()
        tabs.addTab(self._words_tab(), "The order's words")
        self.facts = DocumentFactsForm()
        tabs.addTab(self.facts, "Document control")
        self.command = TablePage("", "", RecordTableModel([
            Column("label", "Role", width=260), Column("name", "Name", width=200),
            Column("call_sign", "Call sign", width=110), Column("contact", "Contact")]), "command role")
        self.briefings = TablePage("", "", RecordTableModel([
            Column("when", "When", width=140), Column("place", "Where", width=240),
            Column("audience", "Who attends", width=240), Column("lead", "Led by")]), "briefing")
        self.channels = TablePage("", "", RecordTableModel([
            Column("name", "Name", width=200), Column("channel", "Channel", width=130),
            Column("call_sign", "Call sign", width=130), Column("purpose", "Used for")]), "channel")
        self.contacts = TablePage("", "", RecordTableModel([
            Column("role", "Role", width=220), Column("name", "Name", width=180),
            Column("organisation", "Organisation", width=180), Column("constituency", "Constituency", width=150),
            Column("phone", "Telephone", width=120), Column("email", "Email")]), "contact")
        self.count_rvps = CountRvpPage()
        self._order: OrderContent | None = None
        self._counts_own_rvp = False
        self._contacts: tuple[NamedContact, ...] = ()
        for page, title in ((self.command, "Command structure"), (self.briefings, "Briefing schedule"),
                            (self.channels, "Channels"), (self.contacts, "Named contacts"),
                            (self.count_rvps, COUNT_RVPS_TAB)):
            page.table.setAccessibleName(title)
            tabs.addTab(page, title)
        self.template = QLabel("")
        self.template.setWordWrap(True)
        self.template.setObjectName("pageSubtitle")
        layout.addWidget(tabs, 1)
        layout.addWidget(self.template)

    def _words_tab(self) -> QWidget:
        holder = QWidget()
        form = QFormLayout(holder)
        self.operation_name = QLineEdit()
        self.operation_name.setAccessibleName("Operation name")
        self.operation_name.setPlaceholderText("e.g. KESTREL")
        form.addRow("Operation name", self.operation_name)
        self.boxes: dict[str, QLineEdit | QPlainTextEdit] = {"operation_name": self.operation_name}
        for field, label, lines in TEXT_FIELDS:
            self.boxes[field] = _text_box(label, lines)
            form.addRow(label, self.boxes[field])
        self._rvp_fields(form)
        buttons = QHBoxLayout()
        self.save = QPushButton("Save the order's words")
        self.save.clicked.connect(self._save)
        buttons.addStretch(1)
        buttons.addWidget(self.save)
        form.addRow(buttons)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        return scroll

    def _rvp_fields(self, form: QFormLayout) -> None:
        """The rendezvous point: a place with a grid reference, which the police edition prints at the count."""
        heading = QLabel("Rendezvous point (RVP) for responding resources and mutual aid")
        heading.setObjectName("sectionTitle")
        form.addRow(heading)
        self.rvp_error = QLabel("")
        self.rvp_error.setStyleSheet("color: #b71c1c;")
        self.rvp_error.setWordWrap(True)
        self.rvp_error.setAccessibleName("RVP grid reference: problem")
        for field, label, hint in RVP_FORM:
            box = QLineEdit()
            box.setAccessibleName(label)
            box.setPlaceholderText(hint)
            self.boxes[field] = box
            form.addRow(label, box)
            if field == "rvp_grid_ref":
                box.textEdited.connect(lambda _text: self.rvp_error.setText(""))
        form.addRow("", self.rvp_error)

    def _typed(self) -> dict[str, str]:
        return {field: box.text() if isinstance(box, QLineEdit) else box.toPlainText()
                for field, box in self.boxes.items()}

    def _save(self) -> None:
        changed = {field: text for field, text in self._typed().items() if text != self._shown.get(field, "")}
        if "rvp_grid_ref" in changed:
            try:  # a reference that cannot exist is refused beside its field, and nothing is saved
                normalise_rvp_grid_ref(changed["rvp_grid_ref"])
            except ValidationError as error:
                self.rvp_error.setText(str(error))
                self.boxes["rvp_grid_ref"].setFocus()
                return
        self.rvp_error.setText("")
        if changed:
            self.text_save_requested.emit(changed)

    def set_count_rvps(self, rows: Sequence[CountRvpRow], *, counts_own_rvp: bool,
                       contacts: Sequence[NamedContact] = ()) -> None:
        """Each count venue's RVP; the tab says how many need a second look. `counts_own_rvp`: whether every count
        has its own RVP, so the plan's is not missing."""
        self.count_rvps.set_rows(rows)
        self.count_rvps.refresh_detail()
        flagged = sum(1 for row in rows if row.check)
        self.tabs.setTabText(self.tabs.indexOf(self.count_rvps),
                             COUNT_RVPS_TAB + (f" ({flagged} to check)" if flagged else ""))
        self._counts_own_rvp = counts_own_rvp
        self._contacts = tuple(contacts)  # a command role a named contact holds is no gap
        self._show_gaps()

    def _show_gaps(self) -> None:
        order = self._order
        if order is None:
            return
        gaps = live_gaps(order, self._counts_own_rvp, self._contacts)
        self.gaps.setText("The order does not yet say: " + "; ".join(gaps) + "." if gaps else "")
        self.gaps.setVisible(bool(gaps))

    def set_contacts(self, rows: Sequence[ContactRow]) -> None:
        """The named contacts the plan prints (the SPOC, returning officers, Bridger, Gold and Silver...)."""
        self.contacts.set_rows(rows)

    def set_order(self, order: OrderContent) -> None:
        self._shown = {field: getattr(order, field) for field in self.boxes}
        for field, box in self.boxes.items():
            if isinstance(box, QLineEdit):
                box.setText(self._shown[field])
            else:
                box.setPlainText(self._shown[field])
        self.command.set_rows(order.roles)
        self.briefings.set_rows(order.briefings)
        self.channels.set_rows(order.channels)
        self._order = order
        self._show_gaps()
        template = order.template
        self.template.setText(f"Standard sections: {template.name}, version {template.version}"
                              + (" (the force's own copy)." if template.is_force_copy else ".")
                              + " " + ", ".join(s.title for s in template.sections) + ", and a glossary.")
