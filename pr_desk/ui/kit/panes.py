"""A page in parts: a list above the details of its selected row (or side by side), the
border between them draggable."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QLayout, QSplitter, QVBoxLayout, QWidget


def column_pane(parent: QWidget, *items: QWidget | QLayout, grow: QWidget | None = None) -> QWidget:
    """A plain widget holding `items` one under the other, flush with its edges; `grow`
    (one of them, usually a list) takes the spare height."""
    box = QWidget(parent)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for item in items:
        if isinstance(item, QLayout):
            layout.addLayout(item)
        else:
            layout.addWidget(item, 1 if item is grow else 0)
    return box


def add_split(layout: QBoxLayout, parent: QWidget, *panes: QWidget, stretch: Sequence[int],
              orientation: Qt.Orientation = Qt.Orientation.Vertical) -> QSplitter:
    """`panes` one above the other (or side by side), sharing the room as `stretch` says,
    the whole taking the spare room of `layout`."""
    splitter = QSplitter(orientation, parent)
    for index, pane in enumerate(panes):
        splitter.addWidget(pane)
        splitter.setStretchFactor(index, stretch[index])
    layout.addWidget(splitter, 1)
    return splitter
