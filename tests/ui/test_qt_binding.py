"""Guards against a Qt binding that leaks references to None.

PySide6 6.12.0 under Python 3.11 drops a reference to None on every call of a
method returning nothing; a long session then crashes the app. The project
pins a binding without that fault, and this test proves the installed one.
"""

import sys

from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGraphicsScene


def test_void_calls_keep_none_alive(qtbot):
    scene = QGraphicsScene()
    item = scene.addEllipse(QRectF(0, 0, 1, 1))
    before = sys.getrefcount(None)
    for _ in range(500):
        item.setZValue(1)
        item.setToolTip("x")
    assert sys.getrefcount(None) - before > -50
