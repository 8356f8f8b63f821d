"""Engines kept for the plans this process opened last, so that opening one again reuses its compiled SQL.

SQLAlchemy caches each statement's compiled SQL on the engine that ran it. A
new engine for every opening compiled every statement of a plan's reading
again: a quarter of the time it takes to read and assess a small plan. A plan
opened again (the app's own background reads, a review, a second command in
one process) now takes the engine it had.

A kept engine holds no connection once its plan is closed: closing disposes of
its pool, and the next opening connects afresh, to whatever file is at the path
then. Dropping one from the list closes nothing, since a plan still open keeps
its engine for as long as it needs it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from sqlalchemy import Engine

KEPT = 8  # a handful: an engine's compiled statements take a megabyte or two

_lock = threading.Lock()
_engines: OrderedDict[Hashable, Engine] = OrderedDict()


def kept_engine(key: Hashable, make: Callable[[], Engine]) -> Engine:
    """The engine kept under key (the address and settings it connects with), made by make the first time."""
    with _lock:
        engine = _engines.pop(key, None) or make()
        _engines[key] = engine
        while len(_engines) > KEPT:
            _engines.popitem(last=False)
        return engine
