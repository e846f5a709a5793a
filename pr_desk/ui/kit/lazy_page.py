"""A tab page built the first time it is shown or asked for, so a window opens with only
the tab in front loaded (the others cost nothing until the user turns to them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

W = TypeVar("W", bound=QWidget)


class LazyPage(QWidget, Generic[W]):
    def __init__(self, build: Callable[[QWidget], W], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build = build
        self._page: W | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        return self._page is not None

    @property
    def page(self) -> W:
        if self._page is None:
            self._page = self._build(self)
            self._layout.addWidget(self._page)
            self._page.show()  # a child added to a widget already on screen is not shown by itself
        return self._page

    def showEvent(self, event: QShowEvent) -> None:
        self.page  # noqa: B018 - built on first showing
        super().showEvent(event)
