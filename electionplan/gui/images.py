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


# Pages whose screenshot shows the first row chosen, so the pane that explains it is seen filled.
SELECT_FIRST = frozenset({"stations", "candidates"})


def screenshot_window(window, path: Path, page: str, size: tuple[int, int]) -> int:
    """The window at a given size (a force laptop's 1366x768 unless asked), on one page, as a PNG."""
    import sys

    from PySide6.QtWidgets import QApplication

    window.resize(*size)
    try:
        window.show_page(page)
    except ValueError as exc:
        print(f"electionplan: error: {exc}", file=sys.stderr)
        return 2
    window.show()
    window.wait_until_shown()
    for _ in range(3):
        QApplication.processEvents()
    table = window.flashpoints.table if page == "flashpoints" else getattr(window, page) if page in SELECT_FIRST else None
    if table is not None and table.model.rowCount():
        table.table.selectRow(0)
        QApplication.processEvents()
    ok = save_private_png(window.grab(), path)
    window.controller.undo_stack.setClean()
    window.close()
    return 0 if ok else 1
