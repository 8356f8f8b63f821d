"""Engines kept from the plans this process closed last, so that opening one again reuses its compiled SQL.

SQLAlchemy caches each statement's compiled SQL on the engine that ran it. A
new engine for every opening compiled every statement of a plan's reading
again: a quarter of the time it takes to read and assess a small plan. A plan
opened again (the app's own background reads, a review, a second command in
one process) now takes the engine it had.

An engine belongs to one open plan at a time. Opening a plan takes a kept
engine only if no open plan holds it, else makes a new one, exactly as before;
closing the plan disposes of the engine's connections and only then keeps it.
So a kept engine holds no connection, and its next opening connects afresh to
whatever file is at the path then, however the file was replaced meanwhile.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from sqlalchemy import Engine

KEPT = 8  # a handful: an engine's compiled statements take a megabyte or two

_lock = threading.Lock()
_idle: OrderedDict[Hashable, Engine] = OrderedDict()  # closed plans' engines, the oldest first


def take_engine(key: Hashable, make: Callable[[], Engine]) -> Engine:
    """An engine for an opening: the one kept under key (the address and settings it connects with), else a new
    one. It is the opening's own until it is given back."""
    with _lock:
        engine = _idle.pop(key, None)
    return engine if engine is not None else make()


def give_back(key: Hashable, engine: Engine) -> None:
    """Dispose of the closed plan's connections and keep its engine for the next opening under key."""
    engine.dispose()
    with _lock:
        _idle[key] = engine
        _idle.move_to_end(key)
        while len(_idle) > KEPT:
            _idle.popitem(last=False)
