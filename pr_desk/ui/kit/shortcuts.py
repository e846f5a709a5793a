"""Keyboard shortcuts that say what they do: each one made here carries its sentence, and
Help → Keyboard shortcuts (ui/help.py) lists every such shortcut of the pages built so far."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut

Keys = str | QKeySequence | QKeySequence.StandardKey | Qt.Key


def add_shortcut(parent: QObject, keys: Keys, slot: Callable[[], object], what: str, *,
                 context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut) -> QShortcut:
    """`keys` run `slot` while `parent`'s window is active (or only while `parent` has the
    focus, with `context=WidgetShortcut`); `what` is the translated sentence the list of
    shortcuts shows for it."""
    shortcut = QShortcut(keys if isinstance(keys, QKeySequence) else QKeySequence(keys), parent, slot)
    shortcut.setContext(context)
    shortcut.setWhatsThis(what)
    return shortcut


def add_open_keys(view: QObject, slot: Callable[[], object], what: str) -> list[QShortcut]:
    """Enter and Return on a focused list open (or edit) its current row, as a double-click does."""
    return [add_shortcut(view, key, slot, what, context=Qt.ShortcutContext.WidgetShortcut)
            for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)]
