"""Two sessions of one official at the same hours: refused, on the service (SQLite and
PostgreSQL) and in the session dialog clicked by a clerk. Both were planned silently, so
the citizens of both lists were told to come to the official at the same hour."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from pr_desk.domain.errors import UserError
from pr_desk.domain.jalali import office_today
from pr_desk.domain.roles import Role
from pr_desk.services import meetings, setup
from pr_desk.services.meetings import requests as mr
from pr_desk.services.meetings import sessions as ms
from tests.services.meetings.factories import actor


def _plan(db, who, official, day, start, end):  # type: ignore[no-untyped-def]
    return ms.create_session(db, who, official_id=official.id, session_date=day, start_time=start, end_time=end,
                             place="سالن جلسات", capacity=4)


def test_an_official_has_one_session_at_a_time(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    clerk = actor(db, admin, "clerk1", Role.CLERK)
    mayor = mr.add_official(db, admin, name="شهردار", title="شهردار منطقه ۵", district=5)
    deputy = mr.add_official(db, admin, name="معاون", title="معاون خدمات شهری")
    day = office_today() + dt.timedelta(days=7)
    first = _plan(db, clerk, mayor, day, "09:00", "11:00")
    for start, end in (("10:00", "12:00"), ("08:00", "09:30"), ("09:00", "11:00"), ("09:30", "10:30")):
        with pytest.raises(UserError) as clash:
            _plan(db, clerk, mayor, day, start, end)
        assert clash.value.field == "start_time" and "۰۹:۰۰" in str(clash.value) and "۱۱:۰۰" in str(clash.value)
    assert ms.count_sessions(db, clerk, official_id=mayor.id) == 1
    # back to back, another day, another official: planned
    _plan(db, clerk, mayor, day, "11:00", "12:00")
    _plan(db, clerk, mayor, day + dt.timedelta(days=1), "09:00", "11:00")
    _plan(db, clerk, deputy, day, "09:00", "11:00")
    # an edit moved onto another session's hours is refused, an edit of its own hours is not
    later = _plan(db, clerk, mayor, day, "14:00", "16:00")
    with pytest.raises(UserError):
        ms.update_session(db, clerk, session_id=later.id, session_date=day, start_time="10:30", end_time="12:00",
                          place="سالن", capacity=4, expected_version=later.version)
    moved = ms.update_session(db, clerk, session_id=first.id, session_date=day, start_time="08:30", end_time="10:00",
                              place="سالن", capacity=4, expected_version=first.version)
    assert moved.start_time == dt.time(8, 30)
    # a cancelled session frees its hours
    ms.cancel_session(db, clerk, session_id=later.id, reason="سفر کاری", expected_version=later.version)
    assert _plan(db, clerk, mayor, day, "14:00", "16:00").start_time == dt.time(14, 0)


@pytest.fixture
def office_file(tmp_path: Path):  # type: ignore[no-untyped-def]
    db, admin = setup.create_database(str(tmp_path / "office.sqlite"), admin_username="admin",
                                      admin_display_name="مدیر سامانه", admin_password="admin-pass-1405")
    official = meetings.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران")
    yield db, admin, official
    db.dispose()


def test_the_dialog_says_why_a_clashing_session_is_not_planned(qtbot, office_file, no_modal_boxes) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.ui.meetings import MeetingsWorkspace

    db, admin, official = office_file
    day = office_today() + dt.timedelta(days=3)
    _plan(db, admin, official, day, "09:00", "11:00")
    ws = MeetingsWorkspace(db, admin)
    qtbot.addWidget(ws)
    view = ws.sessions_view
    dialog = view.session_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.date.setDate(day)
    from PySide6.QtCore import QTime

    dialog.start.setTime(QTime(10, 0))
    dialog.end.setTime(QTime(12, 0))
    dialog.place.insert("دفتر شهردار")
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.saved is None and dialog.isVisible()  # the clerk's input is kept to change the hours
    error = dialog.fields["start_time"].error() or dialog.general_error.text()
    assert "۰۹:۰۰" in error and "۱۱:۰۰" in error


def test_a_long_message_under_a_field_is_shown_whole(qtbot, office_file, no_modal_boxes) -> None:  # type: ignore[no-untyped-def]
    """The dialog kept the height it opened with, so a message of two lines under the start
    time was cut off by the next row (its second line hidden)."""
    from PySide6.QtCore import QTime

    from pr_desk.ui.meetings import MeetingsWorkspace

    db, admin, official = office_file
    day = office_today() + dt.timedelta(days=3)
    ms.create_session(db, admin, official_id=official.id, session_date=day, start_time="09:00", end_time="11:00",
                      place="سالن جلسات طبقه دوم ساختمان مرکزی", capacity=4)
    ws = MeetingsWorkspace(db, admin)
    qtbot.addWidget(ws)
    dialog = ws.sessions_view.session_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.date.setDate(day)
    dialog.start.setTime(QTime(10, 0))
    dialog.end.setTime(QTime(12, 0))
    dialog.place.insert("دفتر شهردار")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    label = dialog.fields["start_time"].error_label
    assert label.isVisible() and label.text()
    assert label.heightForWidth(label.width()) > label.fontMetrics().height() * 1.5  # two lines or more
    assert label.height() >= label.heightForWidth(label.width())
    field = dialog.fields["start_time"]
    assert field.height() >= field.heightForWidth(field.width())
    assert meetings.count_sessions(db, admin, official_id=official.id) == 1


def _next(day: dt.date, working: bool, calendar) -> dt.date:  # type: ignore[no-untyped-def]
    """The first day from `day` on that is (`working`) or is not a working day."""
    while calendar.is_working_day(day) != working:
        day += dt.timedelta(days=1)
    return day


def test_the_dialog_says_when_the_office_is_closed_that_day_or_it_has_passed(qtbot, office_file) -> None:  # type: ignore[no-untyped-def]
    """A session on a Friday or an official holiday was planned with no word, and its
    citizens told to come to a closed building; one in the past the same."""
    from pr_desk.services import office_settings
    from pr_desk.services.events import catalogue
    from pr_desk.ui.meetings import MeetingsWorkspace

    db, admin, official = office_file
    friday = office_today() + dt.timedelta(days=(4 - office_today().weekday()) % 7 or 7)
    assert friday.weekday() == 4
    holiday = _next(office_today() + dt.timedelta(days=8), True, office_settings.work_calendar(db, admin))
    catalogue.save_occasion(db, admin, name="روز شهر", on_date=holiday, holiday=True)
    calendar = office_settings.work_calendar(db, admin)
    assert not calendar.is_working_day(holiday)
    ws = MeetingsWorkspace(db, admin)
    qtbot.addWidget(ws)
    dialog = ws.sessions_view.session_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.date.setDate(friday)
    assert dialog.day_note.isVisible() and "جمعه" in dialog.day_note.text()
    dialog.date.setDate(holiday)
    assert dialog.day_note.isVisible() and "تعطیل رسمی" in dialog.day_note.text()
    dialog.date.setDate(_next(office_today() - dt.timedelta(days=10), True, calendar))
    assert dialog.day_note.isVisible() and "گذشته" in dialog.day_note.text()
    working = _next(office_today() + dt.timedelta(days=1), True, calendar)
    dialog.date.setDate(working)
    assert not dialog.day_note.isVisible()
    # said, not refused: a Friday session on purpose is planned
    dialog.date.setDate(friday)
    dialog.place.insert("دفتر شهردار")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.saved is not None and dialog.saved.session_date == friday
