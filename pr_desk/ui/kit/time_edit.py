"""A clock-time field that reads hours then minutes (۰۹:۳۰) in Persian too, and takes
typed Latin (09:30), Persian (۰۹:۳۰) and Arabic-Indic (٠٩:٣٠) digits.

It stays a `QTimeEdit`: Qt's own section editor parses and range-checks what is typed
(an hour of 25 or a minute of 75 is refused at the keystroke, so the field always holds a
valid time), and the arrow keys step the section under the cursor. Two things are added:

- Digits. A Persian-locale QTimeEdit parses only Persian digits: a typed Latin digit
  went in as is (۰۹:30 on screen until the field lost focus) and an Arabic-Indic digit
  was refused. `validate` (the spin box's validator) turns every digit into the locale's
  own before Qt parses it, so all three sets are accepted and shown in the screen's digits.
- Where a typed digit goes. Qt only types into a section that still has room: after a
  mouse click (caret in "۱۱", nothing selected) or Ctrl+A, every digit was refused. A
  digit typed into a full section, or over a selection wider than one section, now first
  selects that one section, so it starts over as it does after Tab; Qt does the rest.

The trap: QDateTimeEdit reverses the sections of its display format when the widget is
right to left at the moment the format is set ("HH:mm" shows ۰۵:۱۱ for 11:05). The old
work-around gave "mm:HH" when the *application* was right to left, which came out
reversed whenever the parent's direction differed from the application's. Now the editor
is made left to right first and then given "HH:mm", so nothing is reversed, whatever the
form around it.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTime
from PySide6.QtGui import QKeyEvent, QValidator
from PySide6.QtWidgets import QDateTimeEdit, QTimeEdit, QWidget

from pr_desk.ui.kit.formatting import screen_locale

DISPLAY_FORMAT = "HH:mm"
_DIGIT_SETS = ("0123456789", "۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩")
_SEPARATOR = ":"


def to_qtime(value: dt.time) -> QTime:
    return QTime(value.hour, value.minute)


def to_time(value: QTime) -> dt.time:
    return dt.time(value.hour(), value.minute())


def _is_digit(text: str) -> bool:
    return len(text) == 1 and any(text in digits for digits in _DIGIT_SETS)


class TimeEdit(QTimeEdit):
    """A QTimeEdit (hours:minutes) that accepts Latin, Persian and Arabic-Indic digits."""

    def __init__(self, value: QTime, parent: QWidget | None = None) -> None:
        super().__init__(value, parent)
        # Left to right *before* the format is set: Qt then has nothing to reverse.
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.setLocale(screen_locale())
        self.setDisplayFormat(DISPLAY_FORMAT)

    def screen_digits(self, text: str) -> str:
        """`text` with every digit (any of the three sets) in this field's locale's digits."""
        zero = ord(self.locale().zeroDigit()[0])
        table = {ord(digit): zero + value for digits in _DIGIT_SETS for value, digit in enumerate(digits)}
        return text.translate(table)

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        return super().validate(self.screen_digits(text), pos)

    def fixup(self, text: str) -> str:
        return super().fixup(self.screen_digits(text))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _is_digit(event.text()):
            self._select_section_to_type_into()
        super().keyPressEvent(event)

    def _select_section_to_type_into(self) -> None:
        edit = self.lineEdit()
        section = self.currentSection()
        if edit.hasSelectedText():
            if _SEPARATOR not in edit.selectedText():
                return  # one section (or part of one) is selected: Qt replaces it
            section = QDateTimeEdit.Section.HourSection  # the first one the selection covers
        elif len(self.sectionText(section)) < 2:
            return  # the section has room: the digit is added to it (the 9 after a 0)
        self.setCurrentSection(section)
        self.setSelectedSection(section)


def time_edit(value: dt.time, parent: QWidget | None = None) -> QTimeEdit:
    """A time field set to `value`, hours then minutes left to right in the screen's digits
    (see the module's docstring). Read it with `to_time(field.time())`."""
    return TimeEdit(to_qtime(value), parent)
