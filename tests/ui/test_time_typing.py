"""Typing into the clock-time field the way a clerk does: Latin, Persian and Arabic-Indic
digits, after a click, Tab or Ctrl+A; arrows; impossible times refused.

(Not named test_time_edit.py: tests/ui/widgets/ has one, and two test modules with the
same name in folders without __init__.py stop pytest's collection.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QValidator
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QTimeEdit, QVBoxLayout, QWidget

from pr_desk import i18n
from pr_desk.domain.text import to_persian_digits
from pr_desk.ui.kit.time_edit import time_edit, to_time

LATIN_OR_ARABIC_INDIC = set("0123456789٠١٢٣٤٥٦٧٨٩")


@pytest.fixture
def rtl() -> Iterator[None]:
    """A right-to-left application, as the Persian app runs."""
    app = QApplication.instance()
    before = app.layoutDirection()
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    yield
    app.setLayoutDirection(before)


class Form(QWidget):
    """A right-to-left form with a line edit before the time field (somewhere to Tab from
    and to leave the field to)."""

    def __init__(self, value: dt.time = dt.time(11, 5)) -> None:
        super().__init__()
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        layout = QVBoxLayout(self)
        self.before = QLineEdit(self)
        self.field = time_edit(value, self)
        layout.addWidget(self.before)
        layout.addWidget(self.field)


def show(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    """Shown and active, so that a click gives the focus as it does on a desktop."""
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    assert QTest.qWaitForWindowActive(widget)


@pytest.fixture
def form(qtbot, rtl) -> Form:  # type: ignore[no-untyped-def]
    widget = Form()
    show(qtbot, widget)
    return widget


def type_text(field: QTimeEdit, text: str) -> list[str]:
    """Types `text` a key at a time (Persian and Arabic-Indic digits as key events with
    their text, as a Persian keyboard sends them); returns the field's text after each key."""
    shown = []
    for char in text:
        if char.isascii():
            QTest.keyClicks(field, char)
        else:
            QTest.sendKeyEvent(QTest.KeyAction.Click, field, Qt.Key(ord(char)), char, Qt.KeyboardModifier.NoModifier)
        shown.append(field.text())
    return shown


def click(field: QTimeEdit, where: str) -> None:
    """A mouse click at the start (the hours) or the end (the minutes) of the field's text."""
    edit = field.lineEdit()
    edit.setCursorPosition(0 if where == "start" else len(edit.text()))
    x = edit.cursorRect().center().x()
    edit.setCursorPosition(len(edit.text()) if where == "start" else 0)  # the click has to move it
    QTest.mouseClick(edit, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x, edit.height() // 2))
    assert field.hasFocus() and not edit.hasSelectedText()


def enter(form: Form, how: str) -> None:
    if how == "tab":
        form.before.setFocus()
        QTest.keyClick(form.before, Qt.Key.Key_Tab)
        assert form.field.hasFocus()
    elif how == "click":
        click(form.field, "start")
    else:  # select everything, then type over it
        click(form.field, "start")
        QTest.keyClick(form.field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        assert form.field.lineEdit().selectedText() == form.field.text()


def leave(form: Form) -> None:
    form.before.setFocus()
    assert not form.field.hasFocus()


# -- shown ----------------------------------------------------------------------------------

@pytest.mark.parametrize("app_direction", [Qt.LayoutDirection.RightToLeft, Qt.LayoutDirection.LeftToRight])
@pytest.mark.parametrize("parent_direction", [Qt.LayoutDirection.RightToLeft, Qt.LayoutDirection.LeftToRight])
def test_hours_come_first_in_persian_digits_whatever_the_directions(qtbot, app_direction, parent_direction) -> None:  # type: ignore[no-untyped-def]
    """Qt reverses the format of a right-to-left QTimeEdit; the old work-around went by the
    application's direction and showed ۰۵:۱۱ when the form's differed."""
    app = QApplication.instance()
    before = app.layoutDirection()
    app.setLayoutDirection(app_direction)
    try:
        parent = QWidget()
        qtbot.addWidget(parent)
        parent.setLayoutDirection(parent_direction)
        field = time_edit(dt.time(11, 5), parent)
        assert field.text() == "۱۱:۰۵"
        assert to_time(field.time()) == dt.time(11, 5)
        parent.setLayoutDirection(Qt.LayoutDirection.RightToLeft)  # moved into a right-to-left form later
        assert field.text() == "۱۱:۰۵"
    finally:
        app.setLayoutDirection(before)


# -- typing ---------------------------------------------------------------------------------

@pytest.mark.parametrize("how", ["tab", "click", "select all"])
@pytest.mark.parametrize("typed", ["09:30", "0930", "9:30", "۰۹:۳۰", "۰۹۳۰", "٠٩:٣٠", "٠٩٣٠"])
def test_each_digit_set_is_taken_and_shown_in_persian_digits(form, how, typed) -> None:  # type: ignore[no-untyped-def]
    enter(form, how)
    shown = type_text(form.field, typed)
    # Persian digits from the first key on (a Latin digit used to stay Latin until focus left)
    assert not LATIN_OR_ARABIC_INDIC & set("".join(shown)), shown
    assert form.field.text() == "۰۹:۳۰"
    assert to_time(form.field.time()) == dt.time(9, 30)
    leave(form)
    assert form.field.text() == "۰۹:۳۰"
    assert to_time(form.field.time()) == dt.time(9, 30)


def test_typing_emits_the_time_read_back_as_datetime_time(form) -> None:  # type: ignore[no-untyped-def]
    seen: list[dt.time] = []
    form.field.timeChanged.connect(lambda value: seen.append(to_time(value)))
    enter(form, "tab")
    type_text(form.field, "۱۴۱۵")
    assert seen[-1] == dt.time(14, 15)
    value = to_time(form.field.time())
    assert isinstance(value, dt.time) and value == dt.time(14, 15)


@pytest.mark.parametrize("typed", ["45", "۴۵", "٤٥"])
def test_a_click_on_the_minutes_edits_the_minutes_only(form, typed) -> None:  # type: ignore[no-untyped-def]
    click(form.field, "end")
    assert form.field.currentSection() == QTimeEdit.Section.MinuteSection
    type_text(form.field, typed)
    leave(form)
    assert form.field.text() == "۱۱:۴۵"
    assert to_time(form.field.time()) == dt.time(11, 45)


def test_tab_goes_on_to_the_minutes(form) -> None:  # type: ignore[no-untyped-def]
    enter(form, "tab")
    QTest.keyClick(form.field, Qt.Key.Key_Tab)  # from the hours to the minutes
    assert form.field.lineEdit().selectedText() == "۰۵"
    type_text(form.field, "۵۰")
    assert to_time(form.field.time()) == dt.time(11, 50)


# -- arrows ---------------------------------------------------------------------------------

def test_arrow_keys_step_the_section_under_the_cursor(form) -> None:  # type: ignore[no-untyped-def]
    enter(form, "tab")
    QTest.keyClick(form.field, Qt.Key.Key_Up)
    assert form.field.text() == "۱۲:۰۵" and to_time(form.field.time()) == dt.time(12, 5)
    QTest.keyClick(form.field, Qt.Key.Key_Down)
    QTest.keyClick(form.field, Qt.Key.Key_Down)
    assert form.field.text() == "۱۰:۰۵" and to_time(form.field.time()) == dt.time(10, 5)
    click(form.field, "end")
    QTest.keyClick(form.field, Qt.Key.Key_Up)
    assert form.field.text() == "۱۰:۰۶" and to_time(form.field.time()) == dt.time(10, 6)
    QTest.keyClick(form.field, Qt.Key.Key_Down)
    QTest.keyClick(form.field, Qt.Key.Key_Down)
    assert form.field.text() == "۱۰:۰۴" and to_time(form.field.time()) == dt.time(10, 4)


def test_typing_after_the_arrows_still_works(form) -> None:  # type: ignore[no-untyped-def]
    enter(form, "click")
    QTest.keyClick(form.field, Qt.Key.Key_Up)
    type_text(form.field, "۰۸۲۰")
    assert to_time(form.field.time()) == dt.time(8, 20)


# -- impossible times -------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["25", "۲۵", "٢٥"])
def test_an_hour_of_25_is_refused_at_the_keystroke(form, typed) -> None:  # type: ignore[no-untyped-def]
    enter(form, "tab")
    shown = type_text(form.field, typed)
    assert shown == ["۲:۰۵", "۲:۰۵"]  # the 5 did not go in
    leave(form)
    assert form.field.time().isValid() and to_time(form.field.time()) == dt.time(2, 5)


@pytest.mark.parametrize("typed", ["12:75", "۱۲:۷۵", "١٢:٧٥"])
def test_a_minute_of_75_is_never_taken(form, typed) -> None:  # type: ignore[no-untyped-def]
    enter(form, "select all")
    shown = type_text(form.field, typed)
    assert all(text.split(":")[1] in ("", "۰۵", "۷", "۰۷", "۵") for text in shown), shown
    leave(form)
    value = to_time(form.field.time())
    assert form.field.time().isValid() and value.hour == 12 and value.minute < 60


@pytest.mark.parametrize("text", ["25:00", "۲۵:۰۰", "٢٥:٠٠", "12:75", "۱۲:۷۵", "١٢:٧٥", "۲۴:۰۰", "۹۹:۹۹"])
def test_the_validator_refuses_impossible_times_in_every_digit_set(form, text) -> None:  # type: ignore[no-untyped-def]
    state, _text, _pos = form.field.validate(text, 0)
    assert state == QValidator.State.Invalid


@pytest.mark.parametrize("text", ["09:30", "۰۹:۳۰", "٠٩:٣٠", "23:59", "۰۰:۰۰"])
def test_the_validator_takes_good_times_in_every_digit_set_as_persian(form, text) -> None:  # type: ignore[no-untyped-def]
    state, fixed, _pos = form.field.validate(text, 0)
    assert state == QValidator.State.Acceptable
    assert not LATIN_OR_ARABIC_INDIC & set(fixed)


def test_a_pasted_time_is_taken_and_a_pasted_impossible_one_refused(form) -> None:  # type: ignore[no-untyped-def]
    enter(form, "select all")
    form.field.lineEdit().insert("٠٨:٤٥")
    assert form.field.text() == "۰۸:۴۵" and to_time(form.field.time()) == dt.time(8, 45)
    form.field.lineEdit().selectAll()
    form.field.lineEdit().insert("25:00")
    assert form.field.text() == "۰۸:۴۵" and to_time(form.field.time()) == dt.time(8, 45)


def test_an_emptied_section_leaves_a_valid_time_when_the_field_is_left(form) -> None:  # type: ignore[no-untyped-def]
    click(form.field, "end")
    QTest.keyClick(form.field, Qt.Key.Key_Backspace)
    QTest.keyClick(form.field, Qt.Key.Key_Backspace)
    assert form.field.text() == "۱۱:"
    leave(form)
    assert form.field.time().isValid()
    value = to_time(form.field.time())
    assert value.hour == 11
    assert form.field.text() == to_persian_digits(f"{value:%H:%M}")


# -- English ----------------------------------------------------------------------------------

def test_in_english_every_digit_set_is_shown_in_latin_digits(qtbot) -> None:  # type: ignore[no-untyped-def]
    i18n.set_language("en")
    form = Form()
    show(qtbot, form)
    assert form.field.text() == "11:05"
    enter(form, "click")
    assert type_text(form.field, "۰۹٣٠") == ["0:05", "09:05", "09:3", "09:30"]
    assert to_time(form.field.time()) == dt.time(9, 30)


# -- through the real dialog --------------------------------------------------------------------

def test_a_session_saved_with_typed_times(qtbot, sqlite_office, rtl) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.services import meetings
    from pr_desk.ui.meetings.sessions_view import SessionDialog

    db, admin = sqlite_office
    official = meetings.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران")
    dialog = SessionDialog(db, admin, official_id=official.id)
    show(qtbot, dialog)
    click(dialog.start, "start")
    type_text(dialog.start, "۱۰:۳۰")
    click(dialog.end, "start")
    type_text(dialog.end, "1245")
    dialog.place.setFocus()
    dialog.place.insert("دفتر شهردار")
    assert (dialog.start.text(), dialog.end.text()) == ("۱۰:۳۰", "۱۲:۴۵")
    dialog.accept()
    assert dialog.saved is not None, (dialog.validate(), dialog.general_error.error())
    assert (dialog.saved.start_time, dialog.saved.end_time) == (dt.time(10, 30), dt.time(12, 45))
