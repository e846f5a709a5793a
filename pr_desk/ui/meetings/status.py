"""The meeting queue's piece of the main window's status bar: the count of overdue orders,
red while there are any; a click opens them in the meeting queue's tab."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, cast

from PySide6.QtWidgets import QPushButton, QWidget

from pr_desk.i18n import _
from pr_desk.services.context import Actor
from pr_desk.services.office import Office
from pr_desk.ui.kit.formatting import display_digits


class _ShowsOverdueOrders(Protocol):
    def show_overdue_orders(self) -> None: ...


class OverdueOrdersButton(QPushButton):
    def __init__(self, db: Office, actor: Actor, open_page: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self._open_page = open_page
        self.setFlat(True)
        self.setToolTip(_("Open the overdue orders of the meeting queue"))
        self.clicked.connect(self._on_clicked)
        # its figure comes from the window's first `refresh_overdue()`, right after the status
        # bar is built (read here as well, it was read twice at every login)

    def refresh(self) -> None:
        from pr_desk.services import meetings

        try:
            count = meetings.overdue_count(self.db, self.actor).overdue
        except Exception:  # a status line must never break the window
            self.setText("")
            return
        self.setText(_("Overdue orders: {count}").format(count=display_digits(str(count))))
        self.setStyleSheet("color: #c62828; font-weight: bold;" if count else "")

    def _on_clicked(self) -> None:
        cast(_ShowsOverdueOrders, self._open_page()).show_overdue_orders()
