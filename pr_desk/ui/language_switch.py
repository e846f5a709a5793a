"""Switching the language from the menu: every text is made with _() when its widget is
built, so the main window is rebuilt in place (on the tab the person was on) and every
open window with it. A record's own window (a directive, an event) may hold what the
person is typing: it is never closed for them; the switch waits until they close it."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QMessageBox, QTabWidget, QWidget

from pr_desk.i18n import _


def open_windows(window: QMainWindow) -> list[QWidget]:
    """The windows besides the main one that are open over it (its own children: a
    record's window, a non-modal dialog)."""
    return [w for w in window.findChildren(QWidget) if w.isWindow() and w.isVisible() and w is not window
            and not w.inherits("QMenu") and w.windowTitle()]


def may_switch(window: QMainWindow) -> bool:
    """True when nothing is open over the window; else the person is told which windows to
    close first (what they typed stays) and False."""
    others = open_windows(window)
    if not others:
        return True
    titles = "\n".join(f"• {w.windowTitle()}" for w in others)
    QMessageBox.information(window, _("Language"), _(
        "These windows are open and may hold what you typed:\n{titles}\n"
        "Save or close them first, then choose the language again.").format(titles=titles))
    return False


def current_tab(window: QMainWindow) -> int:
    tabs = getattr(window, "tabs", None)
    return tabs.currentIndex() if isinstance(tabs, QTabWidget) else 0


def show_tab(window: QMainWindow, index: int) -> None:
    """The rebuilt window on the tab the old one showed (the same role: the same tabs)."""
    tabs = getattr(window, "tabs", None)
    if isinstance(tabs, QTabWidget) and 0 <= index < tabs.count():
        tabs.setCurrentIndex(index)
