"""Pictures the app writes: owner-only, like every other output."""

from __future__ import annotations

from pathlib import Path


def save_private_png(pixmap, path: Path) -> bool:
    """A screenshot shows plan data, so it is written owner-only like every other output."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    from electionplan.system.files import atomic_write_bytes

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not pixmap.save(buffer, "PNG"):
        return False
    atomic_write_bytes(path, bytes(data.data()))
    return True
