"""Work off the UI thread for a widget that must not wait on the database (the dashboard's
tiles, the search box's queries): `BackgroundRunner.start(key, function)` runs the function
on a thread pool of the runner's own name and hands back `(key, value)` on the UI thread
through `finished`; a function that raises is logged and answers None.

Nothing comes after the owner is gone: the runner is the owner's child, so once the owner
is deleted (or `close()` was called) a late answer is dropped, never delivered to a
half-destroyed widget. Which answer is stale (a tile loaded twice, text typed since) is
the owner's to say from the key; the runner keeps no queue of its own."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger("pr_desk")

_POOLS: dict[str, QThreadPool] = {}
_POOLS_LOCK = threading.Lock()


def named_pool(name: str, threads: int) -> QThreadPool:
    """A thread pool of this name (made once, with `threads` threads): never the global pool,
    which other work (reports, imports) may fill."""
    with _POOLS_LOCK:
        pool = _POOLS.get(name)
        if pool is None:
            pool = _POOLS[name] = QThreadPool()
            pool.setMaxThreadCount(threads)
        return pool


class _Job(QRunnable):
    def __init__(self, runner: BackgroundRunner, key: Hashable, function: Callable[[], Any]) -> None:
        super().__init__()
        self.runner, self.key, self.function = runner, key, function

    def run(self) -> None:
        try:
            value = self.function()
        except Exception:
            log.warning("%s: %r failed", self.runner.what, self.key, exc_info=True)
            value = None
        self.runner._deliver(self.key, value)


class BackgroundRunner(QObject):
    """See the module. `finished(key, value)` arrives on the owner's (UI) thread."""

    finished = Signal(object, object)

    def __init__(self, owner: QObject, *, pool: str, threads: int, what: str) -> None:
        super().__init__(owner)
        self.what = what  # named in the log when a function fails
        self._pool = named_pool(pool, threads)
        self._closed = False

    def start(self, key: Hashable, function: Callable[[], Any]) -> None:
        """Runs `function()` on the pool; its value comes back as `finished(key, value)`."""
        if not self._closed:
            self._pool.start(_Job(self, key, function))

    def close(self) -> None:
        """No answer is delivered after this (one running still ends, unseen)."""
        self._closed = True

    @property
    def closed(self) -> bool:
        return self._closed

    def _deliver(self, key: Hashable, value: Any) -> None:  # on the worker thread
        if self._closed:
            return
        try:
            self.finished.emit(key, value)  # queued to the owner's thread
        except RuntimeError:  # the owner (and this runner with it) was deleted meanwhile
            pass


__all__ = ["BackgroundRunner", "named_pool"]
