"""The kit's row of buttons with shortcuts (the event window's panels): each button names
its shortcut, a click and the shortcut both run the action, a refused action is hidden and
its shortcut off."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from pr_desk.ui.kit.action_row import Action, action_row


def test_buttons_shortcuts_and_refused_actions(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = QWidget()
    qtbot.addWidget(panel)
    ran: list[str] = []
    row, buttons = action_row(panel, (
        Action("add", "Add…", "Ctrl+N", lambda: ran.append("add")),
        Action("remove", "Remove", "Ctrl+Shift+X", lambda: ran.append("remove"), allowed=False),
    ))
    layout = QVBoxLayout(panel)
    edit = QLineEdit(panel)
    layout.addWidget(edit)
    layout.addLayout(row)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    assert list(buttons) == ["add", "remove"]
    assert buttons["add"].isVisible() and "Ctrl+N" in buttons["add"].toolTip()
    assert not buttons["remove"].isVisible()
    qtbot.mouseClick(buttons["add"], Qt.MouseButton.LeftButton)
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert ran == ["add", "add"]
    shortcuts = {s.key().toString(): s for s in panel.findChildren(QShortcut)}
    assert shortcuts["Ctrl+N"].isEnabled() and not shortcuts["Ctrl+Shift+X"].isEnabled()
    assert row.count() == 3  # the two buttons and the stretch
