"""The clock-time field reads hours then minutes in a right-to-left Persian window."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pr_desk.ui.kit.time_edit import time_edit, to_time


def test_hours_come_first_in_persian(qtbot) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    before = app.layoutDirection()
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    try:
        edit = time_edit(dt.time(11, 5))
        qtbot.addWidget(edit)
        assert edit.text() == "۱۱:۰۵"
        assert to_time(edit.time()) == dt.time(11, 5)
    finally:
        app.setLayoutDirection(before)
