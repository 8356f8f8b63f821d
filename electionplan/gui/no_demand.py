"""'Show shifts with no demand', and how many it hides: the one filter the Resources and Deployment pages share.

A campaign's shifts are mostly quiet (officers on duty, nothing asked of them);
a commander reads the shifts that ask something, and ticks the box to see the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QWidget

T = TypeVar("T")


class NoDemandFilter(QWidget):
    """A checkbox (off at first) that shows the shifts with no demand, with the count it hides beside it."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox("Show shifts with no demand")
        self.check.setAccessibleName("Show shifts with no demand")
        self.hidden = QLabel("")
        self.hidden.setObjectName("pageSubtitle")
        self.hidden.setAccessibleName("Shifts with no demand hidden")
        layout.addWidget(self.check)
        layout.addWidget(self.hidden)
        self.check.toggled.connect(lambda _on: self.changed.emit())

    def shown(self, rows: Sequence[T], asks: Callable[[T], bool]) -> list[T]:
        """The rows to show: those that ask something, or all of them when the box is ticked; says how many it hides."""
        if self.check.isChecked():
            self.hidden.setText("")
            return list(rows)
        kept = [r for r in rows if asks(r)]
        hidden = len(rows) - len(kept)
        self.hidden.setText(f"({hidden:,} hidden)" if hidden else "")
        return kept
