"""An empty list says what it is and what to do: a sentence in the middle of its rows area
while its model has no rows (the headers stay, so the person still sees what the list
holds), another sentence when a search or a filter hides the rows. Every list of every
workspace uses it: `empty_state(view, text, filtered=...)`; it follows the model by itself."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView, QLabel

from pr_desk.i18n import _

Text = str | Callable[[], str]


def filtered_text() -> str:
    """What every list says when a search or a filter leaves nothing."""
    return _("Nothing matches the search or the filters. Change or clear them to see more.")


class EmptyState(QLabel):
    """See the module. `text` may be a callable, asked each time the list turns empty (the
    sentence may depend on a choice, e.g. no official chosen yet); `filtered` tells whether
    a search or filter is active, and `when_filtered` is then said instead."""

    def __init__(self, view: QAbstractItemView, text: Text, *, filtered: Callable[[], bool] | None = None,
                 when_filtered: Text | None = None) -> None:
        super().__init__(view.viewport())
        self.view = view
        self._text = text
        self._filtered = filtered
        self._when_filtered: Text = when_filtered if when_filtered is not None else filtered_text
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.setContentsMargins(24, 24, 24, 24)
        view.viewport().installEventFilter(self)
        self.hide()
        model = view.model()
        if model is not None:
            for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
                signal.connect(self.refresh)
        self.refresh()

    def set_text(self, text: Text) -> None:
        """A new sentence for the empty list (shown at once if it is empty)."""
        self._text = text
        self.refresh()

    def is_empty(self) -> bool:
        model = self.view.model()
        return model is None or model.rowCount() == 0

    def refresh(self, *_args: object) -> None:
        if not self.is_empty():
            self.hide()
            return
        chosen = self._when_filtered if self._filtered is not None and self._filtered() else self._text
        text = chosen() if callable(chosen) else chosen
        if not text:  # nothing to say (yet)
            self.hide()
            return
        self.setText(text)
        self.setGeometry(self.view.viewport().rect())
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self.view.viewport().rect())
        return False


def empty_state(view: QAbstractItemView, text: Text, *, filtered: Callable[[], bool] | None = None,
                when_filtered: Text | None = None) -> EmptyState:
    """`view` shows `text` while it has no rows (see EmptyState)."""
    return EmptyState(view, text, filtered=filtered, when_filtered=when_filtered)
