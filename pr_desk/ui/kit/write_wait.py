"""Saying that a save waits its turn: on one SQLite file shared by several computers a
write queues behind another's (services.office.wait_for_other_writers), and the window's
status bar says so once the wait is longer than a moment."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow

from pr_desk.i18n import _

SHOWN_MS = 15_000


def waiting_text() -> str:
    return _("Another computer is saving to the database; your change waits its turn…")


class WriteWaitNotice(QObject):
    """The `on_wait` of the window's office: called on the thread whose write waits (the
    UI thread or a worker), it shows the sentence in `window`'s status bar."""

    _say = Signal()

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._say.connect(self._show)  # queued from a worker thread, direct on the UI thread

    def __call__(self) -> None:
        try:
            self._say.emit()
        except RuntimeError:  # the window is gone (logged out): nothing to tell
            pass

    def _show(self) -> None:
        bar = self._window.statusBar()
        bar.showMessage(waiting_text(), SHOWN_MS)
        bar.repaint()  # the UI thread may be the one that waits: paint now, not after
