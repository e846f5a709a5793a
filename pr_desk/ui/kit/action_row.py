"""A row of a panel's buttons, each with its keyboard shortcut: the event window's panels
(tasks, budget, guests, seating, programme, check-in) each built the same row by hand."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from pr_desk.ui.kit.shortcuts import add_shortcut


@dataclass(frozen=True)
class Action:
    """A button: `name` its key in the row's dict, `keys` its shortcut, `allowed` False
    hides the button and turns its shortcut off (what the person's role refuses)."""

    name: str
    text: str
    keys: str
    slot: Callable[[], object]
    allowed: bool = True


def action_row(parent: QWidget, actions: Iterable[Action]) -> tuple[QHBoxLayout, dict[str, QPushButton]]:
    """The buttons in order, then a stretch. Each button's tooltip names its shortcut; the
    shortcut works while the focus is anywhere in `parent`."""
    row = QHBoxLayout()
    buttons: dict[str, QPushButton] = {}
    for action in actions:
        button = QPushButton(action.text, parent)
        native = QKeySequence(action.keys).toString(QKeySequence.SequenceFormat.NativeText)
        button.setToolTip(f"{action.text} ({native})")
        button.clicked.connect(action.slot)
        if not action.allowed:
            button.setVisible(False)
        shortcut = add_shortcut(parent, action.keys, action.slot, action.text.replace("&", "").rstrip("…").strip(),
                                context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.setEnabled(action.allowed)
        row.addWidget(button)
        buttons[action.name] = button
    row.addStretch(1)
    return row, buttons
