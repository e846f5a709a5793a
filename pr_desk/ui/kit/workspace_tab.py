"""The shell of a workspace's tab in the main window: a bar of the workspace's buttons over
a tab per view. A view announces its writes (`changed`); the others then reload, and the
workspace announces the change to the main window."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QTabWidget, QVBoxLayout, QWidget


class WorkspaceTab(QWidget):
    """`bar`: the workspace's buttons; `tabs`: its views, added with `add_view`. `changed`
    after any write."""

    changed = Signal()

    def __init__(self, db: Any, actor: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.main_layout = QVBoxLayout(self)
        self.bar = QHBoxLayout()
        self.main_layout.addLayout(self.bar)
        self.tabs = QTabWidget(self)
        self.main_layout.addWidget(self.tabs, 1)
        self._views: list[Any] = []

    def add_view(self, view: Any, title: str) -> None:
        """A view as the next tab; it has a `changed` signal and a `reload()`."""
        self.tabs.addTab(view, title)
        self._views.append(view)
        view.changed.connect(self._on_view_changed)

    def views(self) -> list[Any]:
        """The views, in the order of their tabs."""
        return list(self._views)

    def refresh(self, view: Any, changed_by: Any) -> None:
        """How `view` catches up after a write in `changed_by` (another view): it reloads."""
        view.reload()

    def reload_all(self) -> None:
        for view in self.views():
            view.reload()

    def _on_view_changed(self) -> None:
        source = self.sender()
        for view in self.views():
            if view is not source:
                self.refresh(view, source)
        self.changed.emit()
