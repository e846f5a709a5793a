"""JalaliCalendarWidget: month grid from the domain, weekend and holidays, navigation."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from pr_desk.domain.jalali import JalaliDate, days_in_month, is_leap
from pr_desk.domain.workweek import WorkCalendar
from pr_desk.ui.kit import JalaliCalendarWidget


@pytest.fixture
def calendar(qtbot, persian):
    widget = JalaliCalendarWidget()
    widget.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    widget.resize(320, 300)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def in_month(widget):
    return [c for c in widget.cells() if c.in_month]


def test_azar_1405_has_30_days_starting_on_its_weekday(calendar):
    calendar.setCurrentPage(1405, 9)
    days = in_month(calendar)
    assert [c.jalali.day for c in days] == list(range(1, 31))
    first = days[0]
    assert first.column == JalaliDate(1405, 9, 1).weekday()
    assert calendar.month_button.text() == "آذر"
    assert calendar.year_spin.text() == "۱۴۰۵"


def test_friday_column_is_weekend_and_drawn_at_the_left_in_rtl(calendar):
    calendar.setCurrentPage(1405, 9)
    fridays = [c for c in calendar.cells() if c.column == 6]
    assert all(c.weekend for c in fridays)
    assert all(JalaliDate.from_gregorian(c.date).weekday() == 6 for c in fridays)
    assert not any(c.weekend for c in calendar.cells() if c.column != 6)
    grid = calendar.grid
    saturday = grid.cell_rect(0, 0)
    friday = grid.cell_rect(0, 6)
    assert saturday.x() > friday.x()  # Saturday at the right
    calendar.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    assert grid.cell_rect(0, 0).x() < grid.cell_rect(0, 6).x()


def test_office_holidays_are_marked(calendar):
    holiday = JalaliDate(1405, 9, 10).to_gregorian()
    calendar.setCurrentPage(1405, 9)
    calendar.setWorkCalendar(WorkCalendar(weekend=frozenset({6}), holidays=frozenset({holiday})))
    marked = [c for c in calendar.cells() if c.holiday]
    if JalaliDate(1405, 9, 10).weekday() != 6:
        assert [c.date for c in marked] == [holiday]
    calendar.setWorkCalendar(WorkCalendar(weekend=frozenset({5, 6})))
    assert all(c.weekend for c in calendar.cells() if c.column in (5, 6))


def test_navigation_across_esfand_of_a_leap_year(qtbot, calendar):
    assert is_leap(1403) and not is_leap(1404)
    calendar.setSelectedDate(JalaliDate(1403, 12, 28).to_gregorian())
    assert calendar.currentPage() == (1403, 12)
    assert len(in_month(calendar)) == days_in_month(1403, 12) == 30
    calendar.grid.setFocus()
    qtbot.keyClick(calendar.grid, Qt.Key.Key_Left)  # RTL: next day
    qtbot.keyClick(calendar.grid, Qt.Key.Key_Left)
    assert JalaliDate.from_gregorian(calendar.selectedDate()) == JalaliDate(1403, 12, 30)
    with qtbot.waitSignal(calendar.currentPageChanged) as blocker:
        qtbot.keyClick(calendar.grid, Qt.Key.Key_Left)
    assert blocker.args == [1404, 1]
    qtbot.keyClick(calendar.grid, Qt.Key.Key_PageDown)
    assert JalaliDate.from_gregorian(calendar.selectedDate()) == JalaliDate(1404, 2, 1)
    calendar.setCurrentPage(1404, 12)
    assert len(in_month(calendar)) == 29
    qtbot.mouseClick(calendar.prev_year_button, Qt.MouseButton.LeftButton)
    assert calendar.currentPage() == (1403, 12)
    qtbot.mouseClick(calendar.next_month_button, Qt.MouseButton.LeftButton)
    assert calendar.currentPage() == (1404, 1)
    qtbot.mouseClick(calendar.prev_month_button, Qt.MouseButton.LeftButton)
    assert calendar.currentPage() == (1403, 12)


def test_keys_week_and_enter_activates(qtbot, calendar):
    start = JalaliDate(1405, 9, 6)
    calendar.setSelectedDate(start.to_gregorian())
    qtbot.keyClick(calendar.grid, Qt.Key.Key_Down)
    assert calendar.selectedDate() == start.add_days(7).to_gregorian()
    qtbot.keyClick(calendar.grid, Qt.Key.Key_End)
    assert JalaliDate.from_gregorian(calendar.selectedDate()) == JalaliDate(1405, 9, 30)
    with qtbot.waitSignal(calendar.activated) as blocker:
        qtbot.keyClick(calendar.grid, Qt.Key.Key_Return)
    assert blocker.args == [JalaliDate(1405, 9, 30).to_gregorian()]


def test_click_selects_and_out_of_range_days_are_disabled(qtbot, calendar):
    calendar.setCurrentPage(1405, 9)
    calendar.setDateRange(JalaliDate(1405, 9, 5).to_gregorian(), JalaliDate(1405, 9, 25).to_gregorian())
    target = JalaliDate(1405, 9, 12).to_gregorian()
    with qtbot.waitSignal(calendar.clicked) as blocker:
        qtbot.mouseClick(calendar.grid, Qt.MouseButton.LeftButton, pos=calendar.dayRect(target).center())
    assert blocker.args == [target]
    too_early = JalaliDate(1405, 9, 2).to_gregorian()
    with qtbot.assertNotEmitted(calendar.clicked):
        qtbot.mouseClick(calendar.grid, Qt.MouseButton.LeftButton, pos=calendar.dayRect(too_early).center())
    assert calendar.selectedDate() == target
    assert not next(c for c in calendar.cells() if c.date == too_early).enabled


def test_today_is_highlighted(calendar):
    calendar.showToday()
    today = [c for c in calendar.cells() if c.today]
    assert len(today) == 1
    assert today[0].jalali == JalaliDate.today()


def test_month_menu_lists_persian_months(calendar):
    names = [a.text() for a in calendar.month_button.menu().actions()]
    assert names[0] == "فروردین" and names[11] == "اسفند"
    calendar.setCurrentPage(1405, 1)
    calendar.month_button.menu().actions()[8].trigger()
    assert calendar.currentPage() == (1405, 9)
