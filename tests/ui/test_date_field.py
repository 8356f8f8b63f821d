"""A date field's calendar: it opens from its button and puts the day picked in the field."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt

from electionplan.gui.date_field import DateField


def test_the_calendar_opens_as_a_popup_and_puts_the_day_picked_in_the_field(qtbot):
    field = DateField("Polling day")
    qtbot.addWidget(field)
    field.show()
    field.set_value(dt.date(2027, 5, 6))
    field.calendar_button.click()
    calendar = field._calendar
    assert calendar is not None and calendar.isVisible()
    assert calendar.windowFlags() & Qt.WindowType.Popup and calendar.selectedDate() == QDate(2027, 5, 6)
    calendar.clicked.emit(QDate(2027, 5, 13))
    assert field.value() == dt.date(2027, 5, 13) and field.line.text() == "13/05/2027" and not calendar.isVisible()


def test_a_date_and_time_field_keeps_its_time_when_a_day_is_picked(qtbot):
    field = DateField("Start", with_time=True)
    qtbot.addWidget(field)
    field.show()
    field.set_value(dt.datetime(2027, 1, 14, 19, 30))
    field.calendar_button.click()
    field._calendar.clicked.emit(QDate(2027, 1, 15))
    assert field.value() == dt.datetime(2027, 1, 15, 19, 30)
