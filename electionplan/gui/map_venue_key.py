"""The list beside the app's map of flagged venues whose names find no room on it: each keyed by a short number
set beside its marker, as a printed map keys what it cannot name, so a red or amber venue is always named.

A strip of its own at the map's right, outside the drawn map, so it never covers a marker. It is taken when a
layout keys a venue (the layout then runs once more in the narrower view) and let go when the map is framed
afresh (fitted, or zoomed to a record or a constituency), never while the SPOC pans, so the map does not jump.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QGraphicsView, QTextBrowser, QWidget

from electionplan.domain.display import RISK_PALETTE
from electionplan.gui.map_overlay import MapLegend

WIDTH = 200  # pixels the strip takes beside a wide map


def venue_key_text(number: int) -> str:
    """The short number a flagged venue is keyed by: V and a count, unlike any station's number on the map."""
    return f"V{number}"


class VenueKey(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[tuple[str, str, str]] = []  # (key, or "" where not even that fits; name; level)
        self.setOpenLinks(False)
        self.setAccessibleName("Flagged venues not named on the map")
        self.set_entries([])

    def set_entries(self, entries: list[tuple[str, str, str]]) -> None:
        if entries == self.entries and self.toPlainText():
            return
        self.entries = entries
        if not entries:
            self.setHtml("<p style='color:#52606d'>Each red or amber venue in view is named on the map.</p>")
            return
        keyed = "".join(f"<tr><td><b>{escape(key)}</b></td><td>{_chip(level)}</td><td>{escape(name)}</td></tr>"
                        for key, name, level in entries if key)
        unkeyed = [name for key, name, _ in entries if not key]
        self.setHtml("<p><b>Flagged venues keyed on the map</b></p>"
                     + (f"<table cellspacing='2'>{keyed}</table>" if keyed else "")
                     + (f"<p>No room to key, zoom in: {escape('; '.join(unkeyed))}</p>" if unkeyed else ""))


def _chip(level: str) -> str:
    colour = RISK_PALETTE.get(level, ("#888888",))[0]
    return f"<span style='color:{colour}'>&#9632;</span>"


class KeyedMapView(QGraphicsView):
    """A map view with the legend's strip above it and the venue key's strip beside it while it is taken."""

    legend: MapLegend
    _fitted: bool
    _bounds: QRectF

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.venue_key = VenueKey(self)
        self._key_room = False
        self._framing = False  # letting the strip go resizes the view: no layout until the new framing is set

    def _set_margins(self) -> None:
        # A narrow map (the flashpoints page's) gives the list less: never more than three tenths of its width.
        frame, side = self.frameWidth(), max(120, min(WIDTH, int(self.width() * 0.3))) if self._key_room else 0
        bar = self.verticalScrollBar()  # the margins lie inside the scroll bar, where the bar shows
        right = self.width() - frame - (bar.width() if bar.isVisible() else 0)
        # The legend ends where the bar begins, so its last entry flows onto a new line rather than under the bar.
        height = self.legend.height_for(right - frame)
        self.setViewportMargins(0, height, side, 0)
        self.legend.setGeometry(frame, frame, right - frame, height)
        self.venue_key.setGeometry(right - side, frame + height, side, self.height() - 2 * frame - height)
        self.venue_key.setVisible(self._key_room)

    def _frame(self, rect: QRectF) -> None:
        """Fit `rect` in view, the key's strip let go first: a new framing asks afresh whether it needs one."""
        if self._key_room:
            self._key_room, self._framing = False, True
            try:
                self._set_margins()
            finally:
                self._framing = False
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)

    def _take_key_room(self, keyed: list[tuple[str, str, str]]) -> bool:
        """Take the strip for a layout that keyed a venue; True when the layout must run again in the narrower
        view (once: the strip is then taken)."""
        self.venue_key.set_entries(keyed)
        if not keyed or self._key_room:
            return False
        self._key_room = True
        self._set_margins()
        if self._fitted:  # the whole plan stays in view beside the strip
            self.fitInView(self._bounds, Qt.AspectRatioMode.KeepAspectRatio)
        return True
