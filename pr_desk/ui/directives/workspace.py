"""The directive register workspace (دستورالعمل‌ها و آئین‌نامه‌ها): one tab of the main
window holding the register, the distribution matrix and each unit's pending list. A
directive opens in its own window; every write there refreshes the views here."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from pr_desk.domain.roles import Permission
from pr_desk.i18n import _
from pr_desk.services.context import Actor
from pr_desk.ui.directives.directive_dialog import DirectiveDialog
from pr_desk.ui.directives.follow_up import MatrixView, PendingView
from pr_desk.ui.directives.register_page import DirectivesPage
from pr_desk.ui.kit.messages import show_error
from pr_desk.ui.kit.shortcuts import add_shortcut

if TYPE_CHECKING:
    from pr_desk.services.office import Office


class DirectivesWorkspace(QWidget):
    """`changed` after any write (the main window refreshes its overdue count)."""

    changed = Signal()

    def __init__(self, db: Office, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.windows: dict[uuid.UUID | None, DirectiveDialog] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs)
        self.register_page = DirectivesPage(db, actor, self)
        self.matrix_view = MatrixView(db, actor, self)
        self.pending_view = PendingView(db, actor, self)
        self.tabs.addTab(self.register_page, _("Directive register"))
        self.tabs.addTab(self.matrix_view, _("Distribution and follow-up"))
        self.tabs.addTab(self.pending_view, _("Pending by unit"))

        self.register_page.open_requested.connect(self.open_directive)
        self.matrix_view.open_directive.connect(self.open_directive)
        self.matrix_view.changed.connect(self._on_view_changed)
        self.pending_view.changed.connect(self._on_view_changed)
        if actor.can(Permission.MANAGE_DIRECTIVES):
            add_shortcut(self, QKeySequence.StandardKey.New, lambda: self.open_directive(None), _("Directives: draft a new directive"))

    def show_pending_of(self, unit_id: str) -> None:
        """One unit's pending list (what a dashboard tile opens: the unit its list starts with)."""
        self.pending_view.choose_unit(uuid.UUID(unit_id))
        self.tabs.setCurrentWidget(self.pending_view)

    def open_search_result(self, kind: str, record_id: uuid.UUID) -> None:
        """The one search box's result (main window): the directive's window."""
        if kind == "directive":
            self.open_directive(record_id)

    def open_directive(self, directive_id: uuid.UUID | None) -> DirectiveDialog | None:
        """The directive's window (a new draft for None), brought to the front if it is open."""
        window = self.windows.get(directive_id) if directive_id is not None else None
        if window is not None:
            window.raise_()
            window.activateWindow()
            return window
        try:
            window = DirectiveDialog(self.db, self.actor, directive_id, self)
        except Exception as exc:  # e.g. deleted meanwhile, or not an inspector's unit
            show_error(self, exc)
            return None
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.setWindowModality(Qt.WindowModality.NonModal)
        key = directive_id if directive_id is not None else uuid.uuid4()  # each new draft its own window
        self.windows[key] = window
        window.changed.connect(lambda changed_id, w=window, k=key: self._on_directive_changed(w, k, changed_id))
        window.open_directive.connect(self.open_directive)
        window.finished.connect(lambda _r, w=window: self._forget(w))
        window.show()
        return window

    def _forget(self, window: DirectiveDialog) -> None:
        for key, w in list(self.windows.items()):
            if w is window:
                del self.windows[key]

    def _on_directive_changed(self, window: DirectiveDialog, key: uuid.UUID | None, directive_id: uuid.UUID) -> None:
        if window.detail is not None and key != window.detail.info.id and self.windows.get(key) is window:
            del self.windows[key]  # a new draft now has its id
            self.windows[window.detail.info.id] = window
        self.reload_all()
        if window.detail is not None and directive_id == window.detail.info.id:
            self.register_page.select_directive(directive_id)
        self.changed.emit()

    def _on_view_changed(self) -> None:
        source = self.sender()
        for view in (self.matrix_view, self.pending_view):
            if view is not source:
                view.reload()
        self.register_page.reload()
        self.changed.emit()

    def reload_all(self) -> None:
        self.register_page.reload()
        self.matrix_view.reload()
        self.pending_view.reload()
