"""JalaliDateEdit: typing in any digits, year-first display, keys, range and validity."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QToolButton, QWidget

from pr_desk.domain.jalali import JalaliDate
from pr_desk.ui.kit import JalaliDateEdit

AZAR_6_1405 = JalaliDate(1405, 9, 6).to_gregorian()


@pytest.fixture
def edit(qtbot, persian):
    window = QWidget()
    window.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    widget = JalaliDateEdit(window, nullable=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield widget  # the fixture's frame keeps the window alive


def type_into(qtbot, edit: JalaliDateEdit, text: str) -> None:
    """Type `text` key by key; QTest.keyClicks only knows ASCII, so Persian and
    Arabic-Indic digits go in as key events carrying their text, as a keyboard sends them."""
    line = edit.lineEdit()
    line.clear()
    for char in text:
        if char.isascii():
            qtbot.keyClicks(line, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(line, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


@pytest.mark.parametrize("typed", ["۱۴۰۵/۰۹/۰۶", "1405/09/06", "١٤٠٥/٠٩/٠٦", "1405-9-6", "۱۴۰۵.۹.۶"])
def test_typed_digits_give_the_date(qtbot, edit, typed):
    with qtbot.waitSignal(edit.dateChanged) as blocker:
        type_into(qtbot, edit, typed)
    assert blocker.args == [AZAR_6_1405]
    assert edit.date() == AZAR_6_1405
    assert edit.isValid()


def test_latin_digits_turn_persian_while_typing(qtbot, edit):
    type_into(qtbot, edit, "1405/9/6")
    assert edit.text() == "۱۴۰۵/۹/۶"
    qtbot.keyClick(edit.lineEdit(), Qt.Key.Key_Return)
    assert edit.text() == "۱۴۰۵/۰۹/۰۶"


def test_text_reads_year_first_in_a_left_to_right_editor(edit):
    edit.setDate(AZAR_6_1405)
    assert edit.text() == "۱۴۰۵/۰۹/۰۶"
    assert edit.layoutDirection() == Qt.LayoutDirection.RightToLeft
    line = edit.lineEdit()
    assert line.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert line.alignment() & Qt.AlignmentFlag.AlignRight
    # The year's digits are painted left of the day's: compare cursor positions on screen.
    line.setCursorPosition(0)
    start_x = line.cursorRect().center().x()
    line.setCursorPosition(len(line.text()))
    end_x = line.cursorRect().center().x()
    assert start_x < end_x


def test_30_esfand_of_a_non_leap_year_is_invalid(qtbot, edit):
    edit.setDate(AZAR_6_1405)
    with qtbot.waitSignal(edit.validityChanged) as blocker:
        type_into(qtbot, edit, "1404/12/30")
    assert blocker.args == [False]
    assert not edit.isValid()
    # The last valid date is kept: here 1404/12/3, accepted on the way to "1404/12/30".
    assert edit.jalaliDate() == JalaliDate(1404, 12, 3)
    assert "۲۹" in edit.errorText() or "29" in edit.errorText()
    assert edit.lineEdit().toolTip() == edit.errorText()
    assert "c62828" in edit.lineEdit().styleSheet()
    type_into(qtbot, edit, "1403/12/30")  # 1403 is a leap year
    assert edit.isValid()
    assert edit.date() == JalaliDate(1403, 12, 30).to_gregorian()
    assert edit.lineEdit().styleSheet() == ""


def test_garbage_is_invalid_with_a_reason(qtbot, edit):
    type_into(qtbot, edit, "abc")
    assert not edit.isValid()
    assert edit.errorText()


def test_nullable_field_can_be_emptied(qtbot, edit):
    edit.setDate(AZAR_6_1405)
    with qtbot.waitSignal(edit.dateChanged) as blocker:
        edit.lineEdit().selectAll()
        qtbot.keyClick(edit.lineEdit(), Qt.Key.Key_Delete)
    assert blocker.args == [None]
    assert edit.date() is None
    assert edit.isValid()
    assert edit.lineEdit().isClearButtonEnabled()


def test_required_field_refuses_empty(qtbot):
    widget = JalaliDateEdit()
    qtbot.addWidget(widget)
    assert widget.date() is not None  # starts at today
    widget.lineEdit().clear()
    qtbot.keyClicks(widget.lineEdit(), "x")
    qtbot.keyClick(widget.lineEdit(), Qt.Key.Key_Backspace)
    assert not widget.isValid()
    with pytest.raises(ValueError):
        widget.setDate(None)


def test_arrow_keys_step_days_and_page_keys_months(qtbot, edit):
    edit.setDate(JalaliDate(1403, 12, 29).to_gregorian())
    qtbot.keyClick(edit.lineEdit(), Qt.Key.Key_Up)
    assert edit.jalaliDate() == JalaliDate(1403, 12, 30)  # leap Esfand
    qtbot.keyClick(edit.lineEdit(), Qt.Key.Key_Up)
    assert edit.jalaliDate() == JalaliDate(1404, 1, 1)
    qtbot.keyClick(edit.lineEdit(), Qt.Key.Key_Down)
    qtbot.keyClick(edit.lineEdit(), Qt.Key.Key_PageUp)
    assert edit.jalaliDate() == JalaliDate(1404, 1, 30)
    edit.setDate(JalaliDate(1405, 6, 31).to_gregorian())
    qtbot.keyClick(edit.lineEdit(), Qt.Key.Key_PageUp)
    assert edit.jalaliDate() == JalaliDate(1405, 7, 30)  # Mehr has 30 days
    qtbot.keyClick(edit.lineEdit(), Qt.Key.Key_PageDown)
    assert edit.jalaliDate() == JalaliDate(1405, 6, 30)
    assert edit.text() == "۱۴۰۵/۰۶/۳۰"


def test_ctrl_t_and_dot_give_today(qtbot, edit):
    edit.setDate(AZAR_6_1405)
    qtbot.keyClick(edit.lineEdit(), Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert edit.jalaliDate() == JalaliDate.today()
    edit.setDate(None)
    qtbot.keyClicks(edit.lineEdit(), ".")
    assert edit.jalaliDate() == JalaliDate.today()


def test_range_is_enforced(qtbot, edit):
    edit.setMinimumDate(JalaliDate(1405, 1, 1).to_gregorian())
    edit.setMaximumDate(JalaliDate(1405, 12, 29).to_gregorian())
    type_into(qtbot, edit, "1404/05/05")
    assert not edit.isValid()
    assert "۱۴۰۵/۰۱/۰۱" in edit.errorText()
    edit.setDate(dt.date(2000, 1, 1))
    assert edit.jalaliDate() == JalaliDate(1405, 1, 1)


def test_calendar_popup_picks_a_date(qtbot, edit):
    edit.setDate(AZAR_6_1405)
    button = next(b for b in edit.lineEdit().findChildren(QToolButton) if b.defaultAction() is edit.calendar_action)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert edit.isPopupVisible()
    calendar = edit.calendarWidget()
    assert calendar.currentPage() == (1405, 9)
    target = JalaliDate(1405, 9, 20).to_gregorian()
    with qtbot.waitSignal(edit.dateChanged) as blocker:
        qtbot.mouseClick(calendar.grid, Qt.MouseButton.LeftButton, pos=calendar.dayRect(target).center())
    assert blocker.args == [target]
    assert not edit.isPopupVisible()
    assert edit.text() == "۱۴۰۵/۰۹/۲۰"


def test_alt_down_opens_popup_and_enter_chooses(qtbot, edit):
    edit.setDate(AZAR_6_1405)
    qtbot.keyClick(edit.lineEdit(), Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert edit.isPopupVisible()
    grid = edit.calendarWidget().grid
    qtbot.keyClick(grid, Qt.Key.Key_Left)  # RTL: left is the next day
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert edit.jalaliDate() == JalaliDate(1405, 9, 7)
    assert not edit.isPopupVisible()


def test_english_shows_latin_digits(qtbot, english):
    widget = JalaliDateEdit(date=AZAR_6_1405)
    qtbot.addWidget(widget)
    assert widget.text() == "1405/09/06"
