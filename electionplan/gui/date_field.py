"""The one date field of the app: typed as a SPOC types a date, or refused in words beside it.

A QDateEdit edits a date section by section, so typing 31/02/2027 over a
date leaves part of the old one in place and the field shows another date.
Here the text is read whole by the domain's rule for typed dates: it lands
exactly, or the message beside the field says why it is not a date.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QPoint, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCalendarWidget, QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QToolButton, QWidget

from electionplan.domain.timefmt import fmt_date, fmt_datetime, typed_date, typed_datetime

Day = dt.date | dt.datetime


class DateField(QWidget):
    """A date (or a date and 24-hour time) typed or picked from a calendar."""

    value_changed = Signal()

    def __init__(self, label: str, *, with_time: bool = False, optional: bool = False, blank_text: str = "Not set",
                 error: QLabel | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label, self.with_time, self.optional = label, with_time, optional
        self.line = QLineEdit()
        self.line.setAccessibleName(label)
        example = "06/05/2027 19:30" if with_time else "06/05/2027"
        self.line.setPlaceholderText(blank_text if optional else example)
        self.line.setToolTip(f"Type the date as {example}; 6/5/27, 2027-05-06 and 06052027 are read too.")
        self.calendar_button = QToolButton()
        self.calendar_button.setText("▾")
        self.calendar_button.setToolTip("Choose the date from a calendar")
        self.calendar_button.setAccessibleName(f"{label}: calendar")
        self.calendar_button.clicked.connect(self._show_calendar)
        # Tab goes from field to field; the calendar opens from the keyboard with Alt+Down, as a date edit's does.
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        QShortcut(QKeySequence("Alt+Down"), self.line, self._show_calendar, context=Qt.ShortcutContext.WidgetShortcut)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.calendar_button)
        # Where the refusal is said: the form's own label beside the field, or one of ours.
        self.error = error if error is not None else QLabel("")
        if error is None:
            self.error.setStyleSheet("color: #b71c1c;")
            layout.addWidget(self.error, 1)
        self.setFocusProxy(self.line)
        # As tall as a line edit: a form's spare height goes to its notes, not around a date.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.line.editingFinished.connect(self.check)
        self.line.textEdited.connect(lambda _text: self.error.setText(""))
        self._calendar: QCalendarWidget | None = None

    # --- reading and showing -------------------------------------------------
    def value(self) -> Day | None:
        """The date typed; ValueError in the field's words when it is none (blank is None if optional)."""
        text = self.line.text().strip()
        if not text:
            if self.optional:
                return None
            raise ValueError(f"{self.label} is required; " + ("give a date and time, for example 06/05/2027 19:30."
                                                               if self.with_time else "give a date, for example 06/05/2027."))
        return typed_datetime(text) if self.with_time else typed_date(text)

    def value_or_none(self) -> Day | None:
        """The date typed, or None when the field is blank or holds no date (for a form read before it is checked)."""
        try:
            return self.value()
        except ValueError:
            return None

    def set_value(self, value: Day | str | None) -> None:
        if isinstance(value, str):
            value = (dt.datetime.fromisoformat(value) if self.with_time else dt.date.fromisoformat(value)) if value else None
        if value is None:
            self.line.setText("")
        elif self.with_time:
            moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time(0, 0))
            self.line.setText(fmt_datetime(moment))
        else:
            self.line.setText(fmt_date(value))
        self.error.setText("")
        self.value_changed.emit()

    def check(self) -> bool:
        """Say beside the field whether what is typed is a date; a good one is shown as the plan will hold it."""
        try:
            value = self.value()
        except ValueError as exc:
            self.error.setText(str(exc))
            return False
        self.error.setText("")
        if value is not None:
            shown = fmt_datetime(value) if isinstance(value, dt.datetime) else fmt_date(value)
            if shown != self.line.text():
                self.line.setText(shown)
        self.value_changed.emit()
        return True

    # --- the calendar -------------------------------------------------------------
    def _show_calendar(self) -> None:
        if self._calendar is None:
            self._calendar = QCalendarWidget(self)
            self._calendar.setWindowFlags(Qt.WindowType.Popup)
            self._calendar.setGridVisible(True)
            self._calendar.clicked.connect(self._picked)
        try:
            current = self.value()
        except ValueError:
            current = None
        if current is not None:
            self._calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        self._calendar.move(self.line.mapToGlobal(QPoint(0, self.line.height())))
        self._calendar.show()
        self._calendar.setFocus()

    def _picked(self, day: QDate) -> None:
        picked = dt.date(day.year(), day.month(), day.day())
        if self.with_time:
            try:
                kept = self.value()
            except ValueError:
                kept = None
            time = kept.time() if isinstance(kept, dt.datetime) else dt.time(9, 0)
            self.set_value(dt.datetime.combine(picked, time))
        else:
            self.set_value(picked)
        if self._calendar is not None:
            self._calendar.hide()
        self.line.setFocus()
