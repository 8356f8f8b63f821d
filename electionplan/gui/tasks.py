"""Running long work (imports, exports, quick setup) off the GUI thread.

A task runs a plain function in a QThread. Cancel sets a flag the function may
check (exports check it before the file is written); a cancelled task's result
is dropped and nothing is shown as done.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

log = logging.getLogger(__name__)


class Cancelled(Exception):
    pass


class _Worker(QObject):
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Callable[[Callable[[], bool]], Any], flag: threading.Event):
        super().__init__()
        self.work: Callable[[Callable[[], bool]], Any] | None = work
        self.flag = flag

    def run(self) -> None:
        # The work (and what it holds: a national plan's last view) is let go as soon as it has run.
        work, self.work = self.work, None
        if work is None:  # run() is connected once; a second call has nothing left to do
            return
        try:
            result = work(self.flag.is_set)
        except Exception as exc:  # handed to the GUI thread to show
            self.failed.emit(exc)
            return
        finally:
            del work
        self.finished.emit(result)


class Task(QObject):
    """One background job: done(result), error(exception) or cancelled()."""

    done = Signal(object)
    error = Signal(object)
    cancelled = Signal()

    def __init__(self, work: Callable[[Callable[[], bool]], Any], parent=None):
        super().__init__(parent)
        self._flag = threading.Event()
        self._thread = QThread()
        self._worker = _Worker(work, self._flag)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.finished.connect(self._finished)
        self._worker.failed.connect(self._failed)
        self.running = False

    def start(self) -> None:
        self.running = True
        self._thread.start()

    def cancel(self) -> None:
        self._flag.set()

    def _stop(self) -> None:
        self.running = False
        self._thread.quit()
        self._thread.wait()

    def _finished(self, result) -> None:
        self._stop()
        if self._flag.is_set():
            self.cancelled.emit()
        else:
            self.done.emit(result)

    def _failed(self, exc) -> None:
        self._stop()
        if isinstance(exc, Cancelled) or self._flag.is_set():
            self.cancelled.emit()
        else:
            log.error("background task failed: %s", exc.__class__.__name__)
            self.error.emit(exc)

    def finish(self) -> None:
        """Wait for the work to end, its result dropped (the plan is closing)."""
        if self.running:
            self._flag.set()
            self._stop()
