"""A clock-time field that reads hours then minutes (۰۹:۳۰) in Persian too."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QApplication, QTimeEdit, QWidget

from pr_desk.ui.widgets.formatting import screen_locale


def to_qtime(value: dt.time) -> QTime:
    return QTime(value.hour, value.minute)


def to_time(value: QTime) -> dt.time:
    return dt.time(value.hour(), value.minute())


def time_edit(value: dt.time, parent: QWidget | None = None) -> QTimeEdit:
    """Hours then minutes, left to right, in the screen's digits. With the Persian locale
    QDateTimeEdit reverses the sections of its display format ("HH:mm" shows ۰۰:۱۱ for
    11:00), so the format is given reversed to come out right."""
    edit = QTimeEdit(to_qtime(value), parent)
    edit.setLocale(screen_locale())
    edit.setDisplayFormat("mm:HH" if QApplication.isRightToLeft() else "HH:mm")
    edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    return edit
