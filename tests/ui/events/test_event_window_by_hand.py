"""The event window as a PR clerk uses it, mouse first (real widgets on a real SQLite file):
a date typed wrong is refused beside the dates instead of being dropped, typed changes are
not lost on Esc or Close without a question, a save refused because another PC changed
the event can be reloaded in the window, and the event's printouts (invitation cards, the
event's report …) are on the window's Reports menu."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from pr_desk.domain.jalali import JalaliDate, is_leap
from pr_desk.services.events import catalogue
from pr_desk.services.events import events as ev
from tests.ui.events.test_calendar_workspace import Office, office, workspace  # noqa: F401 (fixture)


def click(qtbot: Any, widget: Any) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_date(qtbot: Any, edit: Any, text: str) -> None:
    """A click in the date field, everything selected, the date typed over it."""
    line = edit.lineEdit()
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton)
    line.selectAll()
    QTest.keyClicks(line, text)


def new_event_window(qtbot: Any, w: Any) -> Any:
    """"New event…" clicked on the workspace: the new event's window."""
    click(qtbot, w.new_button)
    window = next(x for x in w.windows.values() if x.detail is None)
    qtbot.waitExposed(window)
    return window


def non_leap_year_ahead() -> int:
    year = JalaliDate.today().year + 1
    while is_leap(year):
        year += 1
    return year


def test_a_wrong_end_date_is_refused_beside_the_dates_not_dropped(qtbot: Any, office: Office) -> None:  # noqa: F811
    w = workspace(qtbot, office, office.clerk)
    window = new_event_window(qtbot, w)
    window.title_edit.setFocus()
    window.title_edit.insert("جشنواره تابستانی Green Park")
    year = non_leap_year_ahead()
    type_date(qtbot, window.start_date, f"{year}/12/01")
    type_date(qtbot, window.end_date, f"{year}/12/30")  # Esfand has 29 days this year
    assert not window.end_date.isValid()
    click(qtbot, window.save_button)
    # nothing saved: a one-day festival in place of the typed month would mislead
    assert window.detail is None and ev.count_events(office.db, office.clerk) == 0
    assert window.date_error.isVisible() and window.date_error.text() == window.end_date.errorText()
    # the date put right: saved with the range typed
    type_date(qtbot, window.end_date, f"{year}/12/29")
    click(qtbot, window.save_button)
    if window.clash_box.isVisible():  # a holiday in the month: the reason, then save
        window.clash_reason.setPlainText("جشنواره در روزهای تعطیل هم برگزار می‌شود")
        click(qtbot, window.save_button)
    assert window.detail is not None and not window.date_error.isVisible()
    assert window.detail.start_on == JalaliDate(year, 12, 1).to_gregorian()
    assert window.detail.end_on == JalaliDate(year, 12, 29).to_gregorian()


def test_a_wrong_start_date_says_what_is_wrong_with_it(qtbot: Any, office: Office) -> None:  # noqa: F811
    w = workspace(qtbot, office, office.clerk)
    window = new_event_window(qtbot, w)
    window.title_edit.insert("افتتاح بوستان")
    type_date(qtbot, window.start_date, f"{non_leap_year_ahead()}/13/01")
    click(qtbot, window.save_button)
    assert window.detail is None and ev.count_events(office.db, office.clerk) == 0
    assert window.date_error.text() == window.start_date.errorText()
