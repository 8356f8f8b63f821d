"""Driving the app's dialogs as a user would: shared by the UI tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from electionplan.gui.record_dialog import RecordDialog


def fill_and_ok(filler: Callable[[RecordDialog], None]) -> Callable[[RecordDialog], int]:
    """Stand-in for RecordDialog.exec: type into the real widgets, then press OK."""

    def exec_(dialog: RecordDialog) -> int:
        filler(dialog)
        dialog.buttons.button(QDialogButtonBox.Ok).click()
        return dialog.result()

    return exec_


def set_datetime(dialog: RecordDialog, key: str, when: dt.datetime) -> None:
    dialog.widgets[key].set_value(when)


def bring_forward(qtbot, widget: QWidget) -> None:
    """Show a widget's window and make it the active one: keys and focus go to the active window only."""
    window = widget.window()
    window.show()
    window.raise_()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def type_over(qtbot, line: QWidget, text: str) -> None:
    """Select what a field holds (Ctrl+A) and type over it, then Tab away, as a SPOC does."""
    bring_forward(qtbot, line)
    line.setFocus()
    qtbot.keyClick(line, Qt.Key_A, Qt.ControlModifier)
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key_Tab)


def import_dialog(window, qtbot, path, kind: str = "stations"):
    """File ▸ Import ▸ the kind, with a file chosen."""
    dialog = window.import_file(kind)
    qtbot.addWidget(dialog)
    dialog.set_path(str(path))
    return dialog
